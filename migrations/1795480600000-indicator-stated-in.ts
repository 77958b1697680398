import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each indicator's target is stated (Indicator.statedIn): a cell of its task row or the key-
 * indicator section, so that an exported plan imports back with every target in its place.
 * Existing rows are filled as the loaders fill new ones: no task means the key-indicator section;
 * otherwise the first of the task's objective, name, activities and outputs cells that holds the
 * target sentence (whitespace runs compared as one space); NULL when none does.
 */
export class IndicatorStatedIn1795480600000 implements MigrationInterface {
  name = 'IndicatorStatedIn1795480600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "indicator" ADD "stated_in" text`);
    await q.query(
      `ALTER TABLE "indicator" ADD CONSTRAINT "ck_indicator_stated_in" CHECK (stated_in IN ('OBJECTIVE', 'NAME', 'ACTIVITIES', 'OUTPUTS', 'KEY_INDICATORS'))`,
    );
    const holds = (cell: string) =>
      `strpos(regexp_replace(t.${cell}, '\\s+', ' ', 'g'), regexp_replace(btrim(i.target_text), '\\s+', ' ', 'g')) > 0`;
    // The place of a target enters no roll-up: recomputing every plan's (the update trigger) is waste.
    await q.query(`ALTER TABLE "indicator" DISABLE TRIGGER "tr_indicator_rollup_update"`);
    await q.query(`UPDATE "indicator" SET "stated_in" = 'KEY_INDICATORS' WHERE "task_id" IS NULL`);
    await q.query(
      `UPDATE "indicator" i SET "stated_in" = CASE
         WHEN ${holds('objective')} THEN 'OBJECTIVE'
         WHEN ${holds('name')} THEN 'NAME'
         WHEN ${holds('activities')} THEN 'ACTIVITIES'
         WHEN ${holds('outputs')} THEN 'OUTPUTS'
       END
       FROM "task" t WHERE t.id = i.task_id`,
    );
    await q.query(`ALTER TABLE "indicator" ENABLE TRIGGER "tr_indicator_rollup_update"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "indicator" DROP CONSTRAINT "ck_indicator_stated_in"`);
    await q.query(`ALTER TABLE "indicator" DROP COLUMN "stated_in"`);
  }
}
