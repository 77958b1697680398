import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reports are due by this day of the month after the period ends; provinces set their own (default 5). */
export class ReportDueDay1795440000000 implements MigrationInterface {
  name = 'ReportDueDay1795440000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "province" ADD "report_due_day" smallint NOT NULL DEFAULT '5'`);
    await q.query(
      `ALTER TABLE "province" ADD CONSTRAINT "ck_province_report_due_day" CHECK (report_due_day BETWEEN 1 AND 28)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "province" DROP CONSTRAINT "ck_province_report_due_day"`);
    await q.query(`ALTER TABLE "province" DROP COLUMN "report_due_day"`);
  }
}
