import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the time and target parsers could not read a cell, their warnings stay on the row, so an
 * analyst can list the cells to fix (Task.parseWarnings, Indicator.parseWarnings).
 */
export class ParseWarnings1795430000000 implements MigrationInterface {
  name = 'ParseWarnings1795430000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" ADD "parse_warnings" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "indicator" ADD "parse_warnings" jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "indicator" DROP COLUMN "parse_warnings"`);
    await q.query(`ALTER TABLE "task" DROP COLUMN "parse_warnings"`);
  }
}
