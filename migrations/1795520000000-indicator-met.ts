import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One definition of "an indicator's actual value meets its target": the SQL function
 * indicator_met(comparator, target_value, target_max, actual), true / false, or NULL when there is
 * no value or no parsed target (docs/ROLLUPS.md). The plan_rollup counts (indicatorsMet/NotMet/NoData),
 * the indicator rows as of a period (overdue/as-of.service.ts) and the indicator roll-ups
 * (indicator-rollup/) all call it, so they cannot drift apart. A one-expression SQL function the
 * planner inlines: no cost per row. And indicator_target_comparison(), for the cascade's comparison in SQL.
 *
 * cchc_plan_rollup_rows() is restated with the call in place of its CASE; the figures are the same,
 * so plan_rollup is not recomputed.
 */
/**
 * indicator_target_comparison(): how a commune's target compares with its linked province target,
 * the SQL twin of the cascade's pure targetComparison (indicator module; a test checks the two agree
 * on every comparator pair), so that roll-ups count LOOSER targets in SQL. Each target is reduced to
 * the bound that matters in the indicator's direction: for INCREASE its lower bound (GTE, GT, EQ,
 * BETWEEN's minimum), for DECREASE its upper bound (LTE, LT, EQ, BETWEEN's maximum); a higher lower
 * bound (or a lower upper bound) is STRICTER, and at the same figure a strict bound (GT, LT) is
 * stricter than an inclusive one. Different units, an unparsed target, or a target with no bound in
 * that direction: NOT_COMPARABLE. No linked province indicator: NO_PROVINCE_TARGET.
 */
const TARGET_COMPARISON_SQL = `
  CREATE FUNCTION indicator_target_comparison(
    province_linked boolean,
    c_comparator text, c_value numeric, c_max numeric, c_unit text,
    p_comparator text, p_value numeric, p_max numeric, p_unit text,
    direction text)
  RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
      WHEN NOT province_linked THEN 'NO_PROVINCE_TARGET'
      WHEN c.bound IS NULL OR p.bound IS NULL OR c_unit IS DISTINCT FROM p_unit THEN 'NOT_COMPARABLE'
      WHEN c.bound = p.bound AND c.strict = p.strict THEN 'SAME'
      WHEN (CASE WHEN direction = 'DECREASE' THEN c.bound < p.bound ELSE c.bound > p.bound END)
           OR (c.bound = p.bound AND c.strict) THEN 'STRICTER'
      ELSE 'LOOSER'
    END
    FROM (SELECT CASE WHEN direction = 'DECREASE'
                   THEN CASE c_comparator WHEN 'LTE' THEN c_value WHEN 'LT' THEN c_value WHEN 'EQ' THEN c_value
                                          WHEN 'BETWEEN' THEN c_max END
                   ELSE CASE c_comparator WHEN 'GTE' THEN c_value WHEN 'GT' THEN c_value WHEN 'EQ' THEN c_value
                                          WHEN 'BETWEEN' THEN c_value END
                 END AS bound,
                 c_comparator IN ('GT', 'LT') AS strict) c,
         (SELECT CASE WHEN direction = 'DECREASE'
                   THEN CASE p_comparator WHEN 'LTE' THEN p_value WHEN 'LT' THEN p_value WHEN 'EQ' THEN p_value
                                          WHEN 'BETWEEN' THEN p_max END
                   ELSE CASE p_comparator WHEN 'GTE' THEN p_value WHEN 'GT' THEN p_value WHEN 'EQ' THEN p_value
                                          WHEN 'BETWEEN' THEN p_value END
                 END AS bound,
                 p_comparator IN ('GT', 'LT') AS strict) p
  $$`;

/** The CASE that migration 1795450000000 wrote inline (restored by down). */
const INLINE_MET = `CASE WHEN v.actual_value IS NULL OR i.comparator IS NULL THEN NULL
                    ELSE CASE i.comparator
                      WHEN 'GTE' THEN v.actual_value >= i.target_value
                      WHEN 'GT' THEN v.actual_value > i.target_value
                      WHEN 'LTE' THEN v.actual_value <= i.target_value
                      WHEN 'LT' THEN v.actual_value < i.target_value
                      WHEN 'EQ' THEN v.actual_value = i.target_value
                      WHEN 'BETWEEN' THEN v.actual_value BETWEEN i.target_value AND i.target_max
                    END END`;

/** cchc_plan_rollup_rows() of migration 1795450000000, with `met` as the indicator's met expression. */
const planRollupRowsSql = (met: string) => `
      CREATE OR REPLACE FUNCTION cchc_plan_rollup_rows(plan_ids int[])
      RETURNS TABLE (approved_only boolean, period text, plan_id int, area_code text, tasks int, completed int,
                     in_progress int, not_started int, cancelled int, overdue int, due int, due_done int,
                     done_with_due int, on_time int, met int, not_met int, no_data int)
      LANGUAGE sql STABLE AS $$
      WITH scopes AS (SELECT * FROM (VALUES (false), (true)) s(approved_only)),
      plans AS (
        SELECT p.id AS plan_id, s.approved_only, per.period, per.period_end
          FROM plan p CROSS JOIN LATERAL cchc_year_periods(p.year) per CROSS JOIN scopes s
         WHERE p.id = ANY(plan_ids)
      ),
      -- Reports that count: SUBMITTED or APPROVED, or APPROVED only.
      counted AS (
        SELECT r.id, r.plan_id, r.period_start, r.period_end, r.submitted_at, s.approved_only
          FROM status_report r CROSS JOIN scopes s
         WHERE r.plan_id = ANY(plan_ids)
           AND (r.status = 'APPROVED' OR (r.status = 'SUBMITTED' AND NOT s.approved_only))
      ),
      -- The as-of report: the latest counted report ending by the end of the period; ties go to the
      -- longer period, then the later submission.
      as_of AS (
        SELECT DISTINCT ON (pl.plan_id, pl.approved_only, pl.period) pl.plan_id, pl.approved_only, pl.period, r.id AS report_id
          FROM plans pl
          JOIN counted r ON r.plan_id = pl.plan_id AND r.approved_only = pl.approved_only AND r.period_end <= pl.period_end
         ORDER BY pl.plan_id, pl.approved_only, pl.period, r.period_end DESC, r.period_start ASC, r.submitted_at DESC NULLS LAST
      ),
      -- When each task was first reported done: the start of the first counted report saying so.
      completions AS (
        SELECT pl.plan_id, pl.approved_only, pl.period, tp.task_id, min(r.period_start) AS completed_from
          FROM plans pl
          JOIN counted r ON r.plan_id = pl.plan_id AND r.approved_only = pl.approved_only AND r.period_end <= pl.period_end
          JOIN task_progress tp ON tp.report_id = r.id AND tp.status = 'COMPLETED'
         GROUP BY pl.plan_id, pl.approved_only, pl.period, tp.task_id
      ),
      task_state AS (
        SELECT pl.plan_id, pl.approved_only, pl.period, pl.period_end, t.area_code, t.due_on,
               COALESCE(tp.status, 'NOT_STARTED') AS status, c.completed_from
          FROM plans pl
          JOIN task t ON t.plan_id = pl.plan_id
          LEFT JOIN as_of a ON a.plan_id = pl.plan_id AND a.approved_only = pl.approved_only AND a.period = pl.period
          LEFT JOIN task_progress tp ON tp.report_id = a.report_id AND tp.task_id = t.id
          LEFT JOIN completions c
                 ON c.plan_id = pl.plan_id AND c.approved_only = pl.approved_only AND c.period = pl.period AND c.task_id = t.id
      ),
      task_cells AS (
        SELECT plan_id, approved_only, period, area_code,
               count(*) AS tasks,
               count(*) FILTER (WHERE status = 'COMPLETED') AS completed,
               count(*) FILTER (WHERE status = 'IN_PROGRESS') AS in_progress,
               count(*) FILTER (WHERE status = 'NOT_STARTED') AS not_started,
               count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
               count(*) FILTER (WHERE status NOT IN ('COMPLETED', 'CANCELLED') AND due_on < period_end) AS overdue,
               count(*) FILTER (WHERE status <> 'CANCELLED' AND due_on <= period_end) AS due,
               count(*) FILTER (WHERE status = 'COMPLETED' AND due_on <= period_end) AS due_done,
               count(*) FILTER (WHERE status = 'COMPLETED' AND due_on IS NOT NULL) AS done_with_due,
               count(*) FILTER (WHERE status = 'COMPLETED' AND completed_from <= due_on) AS on_time
          FROM task_state GROUP BY plan_id, approved_only, period, area_code
      ),
      -- An indicator is met when the as-of report's value satisfies its comparator and target.
      indicator_cells AS (
        SELECT pl.plan_id, pl.approved_only, pl.period, i.area_code,
               count(*) FILTER (WHERE m.met) AS met,
               count(*) FILTER (WHERE NOT m.met) AS not_met,
               count(*) FILTER (WHERE m.met IS NULL) AS no_data
          FROM plans pl
          JOIN indicator i ON i.plan_id = pl.plan_id
          LEFT JOIN as_of a ON a.plan_id = pl.plan_id AND a.approved_only = pl.approved_only AND a.period = pl.period
          LEFT JOIN indicator_value v ON v.report_id = a.report_id AND v.indicator_id = i.id
          CROSS JOIN LATERAL (SELECT ${met} AS met) m
         GROUP BY pl.plan_id, pl.approved_only, pl.period, i.area_code
      )
      SELECT approved_only, period, plan_id, area_code,
             COALESCE(tc.tasks, 0)::int, COALESCE(tc.completed, 0)::int, COALESCE(tc.in_progress, 0)::int,
             COALESCE(tc.not_started, 0)::int, COALESCE(tc.cancelled, 0)::int, COALESCE(tc.overdue, 0)::int,
             COALESCE(tc.due, 0)::int, COALESCE(tc.due_done, 0)::int, COALESCE(tc.done_with_due, 0)::int,
             COALESCE(tc.on_time, 0)::int, COALESCE(ic.met, 0)::int, COALESCE(ic.not_met, 0)::int,
             COALESCE(ic.no_data, 0)::int
        FROM task_cells tc FULL JOIN indicator_cells ic USING (plan_id, approved_only, period, area_code)
      $$`;

export class IndicatorMet1795520000000 implements MigrationInterface {
  name = 'IndicatorMet1795520000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION indicator_met(comparator text, target_value numeric, target_max numeric, actual numeric)
      RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN actual IS NULL OR comparator IS NULL THEN NULL
               ELSE CASE comparator
                 WHEN 'GTE' THEN actual >= target_value
                 WHEN 'GT' THEN actual > target_value
                 WHEN 'LTE' THEN actual <= target_value
                 WHEN 'LT' THEN actual < target_value
                 WHEN 'EQ' THEN actual = target_value
                 WHEN 'BETWEEN' THEN actual BETWEEN target_value AND target_max
               END END
      $$`);
    await q.query(TARGET_COMPARISON_SQL);
    await q.query(
      planRollupRowsSql('indicator_met(i.comparator, i.target_value, i.target_max, v.actual_value)'),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(planRollupRowsSql(INLINE_MET));
    await q.query(
      `DROP FUNCTION indicator_target_comparison(boolean, text, numeric, numeric, text, text, numeric, numeric, text, text)`,
    );
    await q.query(`DROP FUNCTION indicator_met(text, numeric, numeric, numeric)`);
  }
}
