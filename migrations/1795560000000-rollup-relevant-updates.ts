import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An UPDATE of a plan, task or indicator queues the plan's roll-up recompute only for the rows whose
 * columns read by the roll-up (cchc_plan_rollup_rows, cchc_year_periods) changed. Before, any UPDATE
 * queued the plan: classifying indicators or relinking the province cascade (catalog_* and
 * province_indicator_id only) recomputed every plan they touched, which on a seed or
 * `cchc indicators classify` is every plan of the country; renaming a task recomputed its plan.
 *
 * (PostgreSQL does not allow `UPDATE OF <columns>` on triggers with transition tables, so the
 * UPDATE triggers call their own function, which compares the old and new rows.) The trigger names
 * stay, so rollup-bulk.ts still finds them. A new column the roll-up reads must be added here:
 * plan-rollup.test.ts changes every other column of these tables and proves a fresh computation
 * does not move and nothing is queued, and that a change of each listed column queues the plan.
 */
export const ROLLUP_COLUMNS: Record<'plan' | 'task' | 'indicator', string[]> = {
  plan: ['id', 'year'],
  task: ['id', 'plan_id', 'area_code', 'due_on'],
  indicator: ['id', 'plan_id', 'area_code', 'comparator', 'target_value', 'target_max'],
};

const planColumn = (table: string) => (table === 'plan' ? 'id' : 'plan_id');
const rowOf = (alias: string, columns: string[]) => `(${columns.map((c) => `${alias}."${c}"`).join(', ')})`;

const updateTrigger = (table: string, fn: string) => `
  CREATE TRIGGER "tr_${table}_rollup_update" AFTER UPDATE ON "${table}"
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`;

export class RollupRelevantUpdates1795560000000 implements MigrationInterface {
  name = 'RollupRelevantUpdates1795560000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(ROLLUP_COLUMNS)) {
      const plan = planColumn(table);
      // Rows are matched by id (never updated by the code); both the old and the new plan are queued.
      await q.query(`
        CREATE FUNCTION cchc_enqueue_${table}_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO plan_rollup_queue (plan_id)
          SELECT DISTINCT x.plan_id
            FROM new_rows n JOIN old_rows o ON o.id = n.id
                 CROSS JOIN LATERAL (VALUES (n."${plan}"), (o."${plan}")) x(plan_id)
           WHERE ${rowOf('n', columns)} IS DISTINCT FROM ${rowOf('o', columns)} AND x.plan_id IS NOT NULL;
          RETURN NULL;
        END $$`);
      await q.query(`DROP TRIGGER "tr_${table}_rollup_update" ON "${table}"`);
      await q.query(updateTrigger(table, `cchc_enqueue_${table}_update`));
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of Object.keys(ROLLUP_COLUMNS)) {
      await q.query(`DROP TRIGGER "tr_${table}_rollup_update" ON "${table}"`);
      await q.query(updateTrigger(table, `cchc_enqueue_${table}`));
      await q.query(`DROP FUNCTION cchc_enqueue_${table}_update()`);
    }
  }
}
