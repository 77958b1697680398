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
 * the SQL twin of the cascade's pure compareTargets (src/parsing/target-comparison.ts, its rules in
 * docs/INDICATORS.md), so that roll-ups count LOOSER targets in SQL; a test checks the two agree on
 * every comparator pair in both directions. Each target is the range of values that meet it; the
 * direction (the commune's, else the province's, else the catalogue entry's) says which end is
 * demanded; a higher demanded lower end (INCREASE) or lower demanded upper end (DECREASE) is
 * STRICTER, an open end beats a closed one at the same figure, and on a tie the other end decides.
 */
const TARGET_COMPARISON_SQL = `
  CREATE FUNCTION indicator_target_comparison(
    province_linked boolean,
    c_comparator text, c_value numeric, c_max numeric, c_unit text, c_direction text,
    p_comparator text, p_value numeric, p_max numeric, p_unit text, p_direction text,
    fallback_direction text)
  RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
  DECLARE
    dir text;
    c_lo numeric; c_lo_open boolean; c_hi numeric; c_hi_open boolean;
    p_lo numeric; p_lo_open boolean; p_hi numeric; p_hi_open boolean;
    lower_sign int; upper_sign int; demanded int; other int;
  BEGIN
    IF NOT province_linked THEN RETURN 'NO_PROVINCE_TARGET'; END IF;
    IF c_unit IS NULL OR c_unit IS DISTINCT FROM p_unit THEN RETURN 'NOT_COMPARABLE'; END IF;
    IF c_direction IS NOT NULL AND p_direction IS NOT NULL AND c_direction <> p_direction THEN
      RETURN 'NOT_COMPARABLE';
    END IF;
    dir := COALESCE(c_direction, p_direction, fallback_direction, 'INCREASE');
    -- The ranges: an unparsed target, or a BETWEEN without a sound maximum, compares with nothing.
    IF c_comparator IS NULL OR c_value IS NULL OR p_comparator IS NULL OR p_value IS NULL
       OR (c_comparator = 'BETWEEN' AND (c_max IS NULL OR c_max < c_value))
       OR (p_comparator = 'BETWEEN' AND (p_max IS NULL OR p_max < p_value)) THEN
      RETURN 'NOT_COMPARABLE';
    END IF;
    c_lo := CASE WHEN c_comparator IN ('GTE', 'GT', 'EQ', 'BETWEEN') THEN c_value END;
    c_lo_open := c_comparator = 'GT';
    c_hi := CASE WHEN c_comparator IN ('LTE', 'LT', 'EQ') THEN c_value WHEN c_comparator = 'BETWEEN' THEN c_max END;
    c_hi_open := c_comparator = 'LT';
    p_lo := CASE WHEN p_comparator IN ('GTE', 'GT', 'EQ', 'BETWEEN') THEN p_value END;
    p_lo_open := p_comparator = 'GT';
    p_hi := CASE WHEN p_comparator IN ('LTE', 'LT', 'EQ') THEN p_value WHEN p_comparator = 'BETWEEN' THEN p_max END;
    p_hi_open := p_comparator = 'LT';
    IF (dir = 'INCREASE' AND (c_lo IS NULL OR p_lo IS NULL)) OR (dir <> 'INCREASE' AND (c_hi IS NULL OR p_hi IS NULL)) THEN
      RETURN 'NOT_COMPARABLE';
    END IF;
    -- +1 when the commune's end demands more: a higher lower end, a lower upper end, or the same
    -- figure open; an unbounded end demands least.
    lower_sign := CASE
      WHEN c_lo IS NULL AND p_lo IS NULL THEN 0 WHEN c_lo IS NULL THEN -1 WHEN p_lo IS NULL THEN 1
      WHEN c_lo <> p_lo THEN sign(c_lo - p_lo)::int
      WHEN c_lo_open = p_lo_open THEN 0 WHEN c_lo_open THEN 1 ELSE -1 END;
    upper_sign := CASE
      WHEN c_hi IS NULL AND p_hi IS NULL THEN 0 WHEN c_hi IS NULL THEN -1 WHEN p_hi IS NULL THEN 1
      WHEN c_hi <> p_hi THEN sign(p_hi - c_hi)::int
      WHEN c_hi_open = p_hi_open THEN 0 WHEN c_hi_open THEN 1 ELSE -1 END;
    IF dir = 'INCREASE' THEN demanded := lower_sign; other := upper_sign;
    ELSE demanded := upper_sign; other := lower_sign; END IF;
    IF demanded = 0 THEN demanded := other; END IF;
    RETURN CASE WHEN demanded > 0 THEN 'STRICTER' WHEN demanded < 0 THEN 'LOOSER' ELSE 'SAME' END;
  END $$`;

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
      `DROP FUNCTION indicator_target_comparison(boolean, text, numeric, numeric, text, text, text, numeric, numeric, text, text, text)`,
    );
    await q.query(`DROP FUNCTION indicator_met(text, numeric, numeric, numeric)`);
  }
}
