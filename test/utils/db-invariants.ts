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

/**
 * Rows of plan_indicator_rollup that differ from a fresh computation by
 * cchc_plan_indicator_rollup_rows() of every plan: 'stale' and 'missing' as above.
 */
export const INDICATOR_ROLLUP_DIFFERENCES_SQL = `
  WITH fresh AS (SELECT * FROM cchc_plan_indicator_rollup_rows(ARRAY(SELECT id FROM plan)))
  SELECT 'indicator stale' AS side, * FROM (SELECT * FROM plan_indicator_rollup EXCEPT ALL SELECT * FROM fresh) a
  UNION ALL
  SELECT 'indicator missing', * FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM plan_indicator_rollup) b`;

/**
 * Rows of province_rollup that differ from plan_rollup summed per province of the commune plans
 * (0: communes without a province), computed here afresh: empty when its triggers kept it in step.
 */
export const PROVINCE_ROLLUP_DIFFERENCES_SQL = `
  WITH fresh AS (
    SELECT pr.approved_only, pr.period, COALESCE(c.province_id, 0) AS province_id, pr.area_code,
           count(*)::int AS plan_rows, sum(pr.tasks)::int AS tasks, sum(pr.completed)::int AS completed,
           sum(pr.in_progress)::int AS in_progress, sum(pr.not_started)::int AS not_started,
           sum(pr.cancelled)::int AS cancelled, sum(pr.overdue)::int AS overdue, sum(pr.due)::int AS due,
           sum(pr.due_done)::int AS due_done, sum(pr.done_with_due)::int AS done_with_due,
           sum(pr.on_time)::int AS on_time, sum(pr.met)::int AS met, sum(pr.not_met)::int AS not_met,
           sum(pr.no_data)::int AS no_data
      FROM plan_rollup pr JOIN plan pl ON pl.id = pr.plan_id JOIN commune c ON c.id = pl.commune_id
     GROUP BY 1, 2, 3, 4
  )
  SELECT 'province stale' AS side, * FROM (SELECT * FROM province_rollup EXCEPT ALL SELECT * FROM fresh) a
  UNION ALL
  SELECT 'province missing', * FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM province_rollup) b`;

/**
 * Rows of province_indicator_rollup that differ from plan_indicator_rollup aggregated afresh per
 * province of the plans' communes (looked up here, not read from the rows' own province_id), and
 * rows of province_commune_plans that differ from the commune plans counted.
 */
export const PROVINCE_INDICATOR_ROLLUP_DIFFERENCES_SQL = `
  WITH fresh AS (
    SELECT r.approved_only, r.catalog_code, r.period, COALESCE(c.province_id, 0) AS province_id,
           count(*)::int AS communes, count(*) FILTER (WHERE r.met)::int AS met,
           count(*) FILTER (WHERE NOT r.met)::int AS not_met, count(*) FILTER (WHERE r.met IS NULL)::int AS no_data,
           count(*) FILTER (WHERE r.comparison = 'LOOSER')::int AS looser,
           COALESCE(array_agg(r.actual::float8 ORDER BY r.actual::float8) FILTER (WHERE r.actual IS NOT NULL), '{}') AS actuals
      FROM plan_indicator_rollup r JOIN plan pl ON pl.id = r.plan_id JOIN commune c ON c.id = pl.commune_id
     GROUP BY 1, 2, 3, 4
  ),
  counted AS (
    SELECT COALESCE(c.province_id, 0) AS province_id, pl.year, count(*)::int AS plans
      FROM plan pl JOIN commune c ON c.id = pl.commune_id GROUP BY 1, 2
  )
  SELECT 'province indicator stale' AS side, to_jsonb(a) AS row FROM (SELECT * FROM province_indicator_rollup EXCEPT ALL SELECT * FROM fresh) a
  UNION ALL
  SELECT 'province indicator missing', to_jsonb(b) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM province_indicator_rollup) b
  UNION ALL
  SELECT 'province plans stale', to_jsonb(x) FROM (SELECT * FROM province_commune_plans EXCEPT ALL SELECT * FROM counted) x
  UNION ALL
  SELECT 'province plans missing', to_jsonb(y) FROM (SELECT * FROM counted EXCEPT ALL SELECT * FROM province_commune_plans) y`;

/** Invariants of the data that every write must keep, each a query returning the offending rows. */
export const DATABASE_INVARIANTS: Record<string, string> = {
  'plan_rollup equals a fresh computation': ROLLUP_DIFFERENCES_SQL,
  'province_rollup equals plan_rollup summed per province': PROVINCE_ROLLUP_DIFFERENCES_SQL,
  'plan_indicator_rollup equals a fresh computation': INDICATOR_ROLLUP_DIFFERENCES_SQL,
  'province_indicator_rollup and province_commune_plans equal their plans aggregated':
    PROVINCE_INDICATOR_ROLLUP_DIFFERENCES_SQL,
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
