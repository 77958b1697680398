import type { DataSource } from 'typeorm';

/**
 * Rows of plan_rollup that differ from a fresh computation by cchc_plan_rollup_rows(): 'stale' ones
 * in the table but not computed, 'missing' ones computed but not in the table. Empty when the
 * triggers kept it in step.
 */
export const ROLLUP_DIFFERENCES_SQL = `
  WITH fresh AS (SELECT * FROM cchc_plan_rollup_rows(ARRAY(SELECT id FROM plan)))
  SELECT 'stale' AS side, * FROM (SELECT * FROM plan_rollup EXCEPT ALL SELECT * FROM fresh) a
  UNION ALL
  SELECT 'missing', * FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM plan_rollup) b`;

/** Invariants of the data that every write must keep, each a query returning the offending rows. */
export const DATABASE_INVARIANTS: Record<string, string> = {
  'plan_rollup equals a fresh computation': ROLLUP_DIFFERENCES_SQL,
  'no plan waits in plan_rollup_queue after commit': `SELECT * FROM plan_rollup_queue`,
  'a plan belongs to a commune or to a province': `
    SELECT id FROM plan WHERE commune_id IS NULL AND province_id IS NULL`,
  'task progress is of a task of its report’s plan': `
    SELECT tp.id FROM task_progress tp JOIN status_report r ON r.id = tp.report_id
      JOIN task t ON t.id = tp.task_id WHERE t.plan_id <> r.plan_id`,
  'an indicator value is of an indicator of its report’s plan': `
    SELECT iv.id FROM indicator_value iv JOIN status_report r ON r.id = iv.report_id
      JOIN indicator i ON i.id = iv.indicator_id WHERE i.plan_id <> r.plan_id`,
  'an indicator’s task is of the same plan': `
    SELECT i.id FROM indicator i JOIN task t ON t.id = i.task_id WHERE t.plan_id <> i.plan_id`,
  'a plan area is of a plan with a row per area at most': `
    SELECT plan_id, area_code FROM plan_area GROUP BY plan_id, area_code HAVING count(*) > 1`,
  'every numeric value is finite': `
    SELECT 'task' AS t, id FROM task WHERE budget_million_vnd IN ('Infinity', '-Infinity', 'NaN')
    UNION ALL SELECT 'indicator', id FROM indicator
      WHERE target_value IN ('Infinity', '-Infinity', 'NaN') OR target_max IN ('Infinity', '-Infinity', 'NaN')
    UNION ALL SELECT 'indicator_value', id FROM indicator_value WHERE actual_value IN ('Infinity', '-Infinity', 'NaN')`,
  'versions are 1 or more': `
    SELECT 'plan' AS t, id FROM plan WHERE version < 1
    UNION ALL SELECT 'task', id FROM task WHERE version < 1
    UNION ALL SELECT 'indicator', id FROM indicator WHERE version < 1
    UNION ALL SELECT 'task_progress', id FROM task_progress WHERE version < 1
    UNION ALL SELECT 'indicator_value', id FROM indicator_value WHERE version < 1
    UNION ALL SELECT 'status_report', id FROM status_report WHERE version < 1`,
  'text written through the API is NFC': `
    SELECT 'plan' AS t, id FROM plan WHERE title IS NOT NFC NORMALIZED OR note IS NOT NFC NORMALIZED
    UNION ALL SELECT 'task', id FROM task WHERE name IS NOT NFC NORMALIZED OR note IS NOT NFC NORMALIZED
    UNION ALL SELECT 'indicator', id FROM indicator WHERE name IS NOT NFC NORMALIZED OR target_text IS NOT NFC NORMALIZED`,
};

/** The invariants that do not hold, with up to 5 offending rows each ({} when all hold). */
export async function brokenInvariants(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const broken: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(DATABASE_INVARIANTS)) {
    const rows: unknown[] = await dataSource.query(sql);
    if (rows.length) broken[name] = rows.slice(0, 5);
  }
  return broken;
}
