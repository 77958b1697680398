import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task's milestones as one line of text ("DEADLINE 2025-12-31; PERIOD 2025-10-01..2025-12-31"),
 * kept beside the JSON by a trigger, for task lists and exports: computed once per write instead of
 * once per row read (a national task list reads ~400,000 rows; the per-row jsonb walk was about a
 * quarter of PostgreSQL's time per row).
 */
export class TaskMilestonesText1795495000000 implements MigrationInterface {
  name = 'TaskMilestonesText1795495000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION task_milestones_text(milestones jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT COALESCE(string_agg(concat_ws(' ', m->>'kind', m->>'recurrence',
                 CASE WHEN m->>'start' IS NOT NULL THEN (m->>'start') || '..' || COALESCE(m->>'due', '') ELSE m->>'due' END),
               '; '), '')
          FROM jsonb_array_elements(milestones) AS e(m)
      $$`);
    await q.query(`ALTER TABLE "task" ADD "milestones_text" text NOT NULL DEFAULT ''`);
    await q.query(`
      CREATE FUNCTION task_set_milestones_text() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.milestones_text := task_milestones_text(NEW.milestones);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_task_milestones_text" BEFORE INSERT OR UPDATE OF "milestones", "milestones_text" ON "task"
        FOR EACH ROW EXECUTE FUNCTION task_set_milestones_text()`);
    // The text enters no roll-up: recomputing every plan's (the update trigger) would be waste.
    await q.query(`ALTER TABLE "task" DISABLE TRIGGER "tr_task_rollup_update"`);
    await q.query(
      `UPDATE "task" SET "milestones_text" = task_milestones_text("milestones") WHERE "milestones" <> '[]'`,
    );
    await q.query(`ALTER TABLE "task" ENABLE TRIGGER "tr_task_rollup_update"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_task_milestones_text" ON "task"`);
    await q.query(`DROP FUNCTION task_set_milestones_text()`);
    await q.query(`ALTER TABLE "task" DROP COLUMN "milestones_text"`);
    await q.query(`DROP FUNCTION task_milestones_text(jsonb)`);
  }
}
