import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A submission recomputes only the plan_rollup rows it can change (issue #15, part 3).
 *
 * Which rows a report can change (docs/ROLLUPS.md, "Status as of a period"): a report R counts for
 * a period P only through the as-of report of P (the latest counted report ending by the end of
 * P) and through P's first completions (counted reports ending by the end of P). Both look only at
 * reports with period_end ≤ P's end, so R, its progress rows and its indicator values can change
 * only the periods that end on or after R's own end (a Q3 report: September to December, Q3, Q4
 * and the year; not July or August, which end before it). And a report that is SUBMITTED before and
 * after a write (or becomes SUBMITTED, or stops being it) is never counted by the APPROVED-only
 * scope, so only the all-reports scope can change; only APPROVED, before or after, touches both.
 *
 * So the queue now says, per plan, from which date periods may change (from_date: the report's
 * period_end; '-infinity' for the whole plan) and whether the APPROVED-only rows may change. Plan,
 * task and indicator edits queue the whole plan as before (the column defaults). The flush merges a
 * transaction's entries per plan (earliest date, either scope) and recomputes just those rows.
 *
 * cchc_plan_rollup_rows() stays the one definition of the figures; it takes the same optional
 * per-plan date and scope, which only leave cells out, never change one. It is also restated to
 * be driven by the given plans' rows through their indexes (tasks, reports, progress and values
 * are read by plan_id and report_id; the as-of report is an index probe per cell) instead of the
 * misestimated as_of CTE that made multi-plan plans scan whole tables, and a task's first
 * completion comes from a window over its counted progress rows (the counted reports ending by
 * the end of P are exactly those ending by the end of P's as-of report, so the running minimum at
 * that report is the first completion as of P).
 *
 * cchc_refresh_plan_rollups() writes only the difference: rows whose figures changed are updated,
 * new ones inserted, vanished ones (an area left without tasks or indicators) deleted; unchanged
 * rows are not touched, and existing rows are not re-inserted (no foreign-key check per row).
 */
export class RollupDelta1795540000000 implements MigrationInterface {
  name = 'RollupDelta1795540000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "plan_rollup_queue"
        ADD COLUMN "from_date" date NOT NULL DEFAULT '-infinity',
        ADD COLUMN "until_date" date NOT NULL DEFAULT 'infinity',
        ADD COLUMN "approved_scope" boolean NOT NULL DEFAULT true`);

    // The cells asked of each plan: periods ending in [from_date, until_date), in both scopes or
    // only the all-reports one. Entries of one plan merge into the widest; a NULL date (or array)
    // is unbounded, a NULL scope both scopes.
    await q.query(`
      CREATE FUNCTION cchc_rollup_asked(plan_ids int[], from_dates date[], until_dates date[], approved_scopes boolean[])
      RETURNS TABLE (plan_id int, from_date date, until_date date, approved_scope boolean)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT a.plan_id,
               CASE WHEN bool_or(a.from_date IS NULL) THEN '-infinity' ELSE min(a.from_date) END,
               CASE WHEN bool_or(a.until_date IS NULL) THEN 'infinity' ELSE max(a.until_date) END,
               bool_or(COALESCE(a.approved_scope, true))
          FROM unnest(plan_ids, from_dates, until_dates, approved_scopes) a(plan_id, from_date, until_date, approved_scope)
         WHERE a.plan_id IS NOT NULL
         GROUP BY a.plan_id
      $$`);

    await q.query(`DROP FUNCTION cchc_refresh_plan_rollups(int[])`);
    await q.query(`DROP FUNCTION cchc_plan_rollup_rows(int[])`);
    await q.query(ROWS_SQL);
    await q.query(REFRESH_SQL);
    await q.query(FLUSH_SQL);

    // A report's own row: its completions reach every later period when it has COMPLETED progress
    // (a deleted report's progress rows are gone by now: assume it had).
    await q.query(
      enqueue(
        'status_report',
        (rows, old) => `SELECT x.plan_id, x.period_end, x.status,
                ${old ? `TG_OP = 'DELETE' OR ` : ''}EXISTS (SELECT 1 FROM task_progress tp
                        WHERE tp.report_id = x.id AND tp.status = 'COMPLETED') AS completes
           FROM ${rows} x WHERE ${COUNTED('x.status')}`,
      ),
    );
    await q.query(
      enqueue(
        'task_progress',
        (rows) => `SELECT r.plan_id, r.period_end, r.status, bool_or(x.status = 'COMPLETED') AS completes
           FROM ${rows} x JOIN status_report r ON r.id = x.report_id WHERE ${COUNTED('r.status')}
          GROUP BY r.id`,
      ),
    );
    await q.query(
      enqueue(
        'indicator_value',
        (rows) => `SELECT DISTINCT r.plan_id, r.period_end, r.status, false AS completes
           FROM ${rows} x JOIN status_report r ON r.id = x.report_id WHERE ${COUNTED('r.status')}`,
      ),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      oldEnqueue('status_report', (rows) => `SELECT plan_id FROM ${rows} WHERE ${COUNTED('status')}`),
    );
    for (const table of ['task_progress', 'indicator_value']) {
      await q.query(
        oldEnqueue(
          table,
          (rows) =>
            `SELECT r.plan_id FROM ${rows} x JOIN status_report r ON r.id = x.report_id WHERE ${COUNTED('r.status')}`,
        ),
      );
    }
    await q.query(OLD_FLUSH_SQL);
    await q.query(`DROP FUNCTION cchc_refresh_plan_rollups(int[], date[], date[], boolean[])`);
    await q.query(`DROP FUNCTION cchc_plan_rollup_rows(int[], date[], date[], boolean[])`);
    await q.query(`DROP FUNCTION cchc_rollup_asked(int[], date[], date[], boolean[])`);
    await q.query(OLD_ROWS_SQL);
    await q.query(OLD_REFRESH_SQL);
    await q.query(`ALTER TABLE "plan_rollup_queue" DROP COLUMN "from_date", DROP COLUMN "until_date",
        DROP COLUMN "approved_scope"`);
  }
}

const COUNTED = (status: string) => `${status} IN ('SUBMITTED', 'APPROVED')`;

/**
 * The figures of the given plans from the raw rows (docs/ROLLUPS.md): one row per plan, report
 * scope, period of the plan's year and area with tasks or indicators. from_dates[i] (NULL: all)
 * keeps plan i's periods ending on or after it; approved_scopes[i] false leaves out its
 * APPROVED-only rows. Every CTE starts from the given plans through an index, so one plan costs
 * the same on a national database as on a small one, and many plans are hash-joined.
 */
const ROWS_SQL = `
  CREATE FUNCTION cchc_plan_rollup_rows(plan_ids int[], from_dates date[] DEFAULT NULL,
                                        until_dates date[] DEFAULT NULL, approved_scopes boolean[] DEFAULT NULL)
  RETURNS TABLE (approved_only boolean, period text, plan_id int, area_code text, tasks int, completed int,
                 in_progress int, not_started int, cancelled int, overdue int, due int, due_done int,
                 done_with_due int, on_time int, met int, not_met int, no_data int)
  LANGUAGE sql STABLE AS $$
  WITH
  -- The cells asked for, each with its as-of report: the latest counted report (SUBMITTED or
  -- APPROVED; APPROVED only in that scope) ending by the end of the period; ties go to the longer
  -- period, then the later submission.
  cells AS MATERIALIZED (
    SELECT p.id AS plan_id, s.approved_only, per.period, per.period_end, r.report_id
      FROM cchc_rollup_asked(plan_ids, from_dates, until_dates, approved_scopes) a
      JOIN plan p ON p.id = a.plan_id
      CROSS JOIN LATERAL cchc_year_periods(p.year) per
      CROSS JOIN (VALUES (false), (true)) s(approved_only)
      LEFT JOIN LATERAL (
        SELECT r.id AS report_id FROM status_report r
         WHERE r.plan_id = p.id AND r.period_end <= per.period_end
           AND (r.status = 'APPROVED' OR (r.status = 'SUBMITTED' AND NOT s.approved_only))
         ORDER BY r.period_end DESC, r.period_start ASC, r.submitted_at DESC NULLS LAST
         LIMIT 1) r ON true
     WHERE p.id = ANY(plan_ids)
       AND per.period_end >= a.from_date AND per.period_end < a.until_date
       AND (a.approved_scope OR NOT s.approved_only)
  ),
  -- The counted reports of the plans, once per scope that counts them.
  counted AS MATERIALIZED (
    SELECT r.id, r.period_start, r.period_end, s.approved_only
      FROM status_report r CROSS JOIN (VALUES (false), (true)) s(approved_only)
     WHERE r.plan_id = ANY(plan_ids)
       AND (r.status = 'APPROVED' OR (r.status = 'SUBMITTED' AND NOT s.approved_only))
  ),
  -- Their task progress, with when each task was first reported done as of that report: the start
  -- of the first counted report (ending by this one's end) saying COMPLETED.
  progress AS MATERIALIZED (
    SELECT r.approved_only, tp.report_id, tp.task_id, tp.status,
           min(r.period_start) FILTER (WHERE tp.status = 'COMPLETED')
             OVER (PARTITION BY r.approved_only, tp.task_id ORDER BY r.period_end) AS completed_from
      FROM counted r JOIN task_progress tp ON tp.report_id = r.id
  ),
  tasks AS MATERIALIZED (
    SELECT t.id, t.plan_id, t.area_code, t.due_on FROM task t WHERE t.plan_id = ANY(plan_ids)
  ),
  indicators AS MATERIALIZED (
    SELECT i.id, i.plan_id, i.area_code, i.comparator, i.target_value, i.target_max
      FROM indicator i WHERE i.plan_id = ANY(plan_ids)
  ),
  indicator_values AS MATERIALIZED (
    SELECT v.report_id, v.indicator_id, v.actual_value
      FROM indicator_value v WHERE v.report_id IN (SELECT id FROM counted)
  ),
  -- A task the as-of report does not mention (or with no as-of report) is NOT_STARTED.
  task_cells AS (
    SELECT c.plan_id, c.approved_only, c.period, t.area_code,
           count(*) AS tasks,
           count(*) FILTER (WHERE tp.status = 'COMPLETED') AS completed,
           count(*) FILTER (WHERE tp.status = 'IN_PROGRESS') AS in_progress,
           count(*) FILTER (WHERE tp.status IS NULL OR tp.status = 'NOT_STARTED') AS not_started,
           count(*) FILTER (WHERE tp.status = 'CANCELLED') AS cancelled,
           count(*) FILTER (WHERE (tp.status IS NULL OR tp.status NOT IN ('COMPLETED', 'CANCELLED'))
                              AND t.due_on < c.period_end) AS overdue,
           count(*) FILTER (WHERE (tp.status IS NULL OR tp.status <> 'CANCELLED') AND t.due_on <= c.period_end) AS due,
           count(*) FILTER (WHERE tp.status = 'COMPLETED' AND t.due_on <= c.period_end) AS due_done,
           count(*) FILTER (WHERE tp.status = 'COMPLETED' AND t.due_on IS NOT NULL) AS done_with_due,
           count(*) FILTER (WHERE tp.status = 'COMPLETED' AND tp.completed_from <= t.due_on) AS on_time
      FROM cells c
      JOIN tasks t ON t.plan_id = c.plan_id
      LEFT JOIN progress tp ON tp.approved_only = c.approved_only AND tp.report_id = c.report_id AND tp.task_id = t.id
     GROUP BY c.plan_id, c.approved_only, c.period, t.area_code
  ),
  -- An indicator is met when the as-of report's value satisfies its comparator and target.
  indicator_cells AS (
    SELECT c.plan_id, c.approved_only, c.period, i.area_code,
           count(*) FILTER (WHERE m.met) AS met,
           count(*) FILTER (WHERE NOT m.met) AS not_met,
           count(*) FILTER (WHERE m.met IS NULL) AS no_data
      FROM cells c
      JOIN indicators i ON i.plan_id = c.plan_id
      LEFT JOIN indicator_values v ON v.report_id = c.report_id AND v.indicator_id = i.id
      CROSS JOIN LATERAL (SELECT indicator_met(i.comparator, i.target_value, i.target_max, v.actual_value) AS met) m
     GROUP BY c.plan_id, c.approved_only, c.period, i.area_code
  )
  SELECT approved_only, period, plan_id, area_code,
         COALESCE(tc.tasks, 0)::int, COALESCE(tc.completed, 0)::int, COALESCE(tc.in_progress, 0)::int,
         COALESCE(tc.not_started, 0)::int, COALESCE(tc.cancelled, 0)::int, COALESCE(tc.overdue, 0)::int,
         COALESCE(tc.due, 0)::int, COALESCE(tc.due_done, 0)::int, COALESCE(tc.done_with_due, 0)::int,
         COALESCE(tc.on_time, 0)::int, COALESCE(ic.met, 0)::int, COALESCE(ic.not_met, 0)::int,
         COALESCE(ic.no_data, 0)::int
    FROM task_cells tc FULL JOIN indicator_cells ic USING (plan_id, approved_only, period, area_code)
  $$`;

const MEASURES = [
  'tasks',
  'completed',
  'in_progress',
  'not_started',
  'cancelled',
  'overdue',
  'due',
  'due_done',
  'done_with_due',
  'on_time',
  'met',
  'not_met',
  'no_data',
];

/**
 * Brings the asked cells of plan_rollup in line with cchc_plan_rollup_rows(). The advisory lock
 * (per plan, taken in id order so two writers cannot deadlock) makes a concurrent refresh of the
 * same plan wait for this transaction's commit; its next statement then sees both transactions'
 * rows. Run by the commit's flush with one or a few plans: PL/pgSQL keeps the statement's plan for
 * the session, so after its first runs it is not planned again. Bulk loads recompute many plans
 * with their own statement (src/modules/rollup/rollup-bulk.ts), planned for their size.
 */
/** Plans refreshed per statement (the generic plan is made for a few; rollup-bulk.ts uses as many). */
const REFRESH_BATCH = 5;

const REFRESH_SQL = `
  CREATE FUNCTION cchc_refresh_plan_rollups(plan_ids int[], from_dates date[] DEFAULT NULL,
                                            until_dates date[] DEFAULT NULL, approved_scopes boolean[] DEFAULT NULL)
  RETURNS void LANGUAGE plpgsql
  -- Planning the statement below costs more than running it for a plan or two: plan it once per
  -- session, for a few plans (array parameters are estimated at 10 elements).
  SET plan_cache_mode = force_generic_plan AS $$
  BEGIN
    -- That plan is made for a few plans; for many (a transaction that wrote hundreds of plans, a
    -- load with the triggers firing) it is slower by far than the same plans a few at a time.
    -- Callers pass plan_ids in ascending order (the flush does), so the locks stay ordered.
    IF cardinality(plan_ids) > ${REFRESH_BATCH} THEN
      FOR i IN 1 .. cardinality(plan_ids) BY ${REFRESH_BATCH} LOOP
        PERFORM cchc_refresh_plan_rollups(plan_ids[i:i + ${REFRESH_BATCH - 1}], from_dates[i:i + ${REFRESH_BATCH - 1}],
                                          until_dates[i:i + ${REFRESH_BATCH - 1}], approved_scopes[i:i + ${REFRESH_BATCH - 1}]);
      END LOOP;
      RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('cchc_plan_rollup'), id)
       FROM (SELECT DISTINCT unnest(plan_ids) AS id ORDER BY 1) ids;
    WITH fresh AS MATERIALIZED (SELECT * FROM cchc_plan_rollup_rows(plan_ids, from_dates, until_dates, approved_scopes)),
    -- Rows of the asked cells that are no longer computed.
    vanished AS (
      DELETE FROM plan_rollup pr
       WHERE pr.plan_id = ANY(plan_ids)
         AND EXISTS (
               SELECT 1 FROM cchc_rollup_asked(plan_ids, from_dates, until_dates, approved_scopes) a
                WHERE a.plan_id = pr.plan_id
                  AND (a.approved_scope OR NOT pr.approved_only)
                  -- The whole plan: also periods of another year (the plan's year changed).
                  AND ((a.from_date = '-infinity' AND a.until_date = 'infinity') OR pr.period IN (
                        SELECT per.period FROM plan p CROSS JOIN LATERAL cchc_year_periods(p.year) per
                         WHERE p.id = a.plan_id AND per.period_end >= a.from_date AND per.period_end < a.until_date)))
         AND NOT EXISTS (SELECT 1 FROM fresh f
                          WHERE f.approved_only = pr.approved_only AND f.period = pr.period
                            AND f.plan_id = pr.plan_id AND f.area_code = pr.area_code)
    )
    INSERT INTO plan_rollup SELECT * FROM fresh
    ON CONFLICT ON CONSTRAINT pk_plan_rollup DO UPDATE
       SET ${MEASURES.map((m) => `${m} = EXCLUDED.${m}`).join(', ')}
     WHERE (${MEASURES.map((m) => `plan_rollup.${m}`).join(', ')})
           IS DISTINCT FROM (${MEASURES.map((m) => `EXCLUDED.${m}`).join(', ')});
  END $$`;

/** Takes this transaction's queue entries, one per plan (the earliest date, either scope), and refreshes those cells. */
const FLUSH_SQL = `
  CREATE OR REPLACE FUNCTION cchc_plan_rollup_flush() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE ids int[]; froms date[]; untils date[]; scopes boolean[];
  BEGIN
    WITH taken AS (
      DELETE FROM plan_rollup_queue WHERE transaction_id = txid_current()
      RETURNING plan_id, from_date, until_date, approved_scope
    ),
    per_plan AS (
      SELECT plan_id, min(from_date) AS from_date, max(until_date) AS until_date,
             bool_or(approved_scope) AS approved_scope
        FROM taken GROUP BY plan_id
    )
    SELECT array_agg(plan_id ORDER BY plan_id), array_agg(from_date ORDER BY plan_id),
           array_agg(until_date ORDER BY plan_id), array_agg(approved_scope ORDER BY plan_id)
      INTO ids, froms, untils, scopes FROM per_plan;
    IF ids IS NOT NULL THEN
      PERFORM cchc_refresh_plan_rollups(ids, froms, untils, scopes);
    END IF;
    RETURN NULL;
  END $$`;

/**
 * The enqueue function of a report table. `reportsOf` lists the counted reports a statement
 * touched (plan_id, period_end, status, completes: whether the touched rows state a completion);
 * each queues its plan's periods from the report's end up to the end of the plan's next APPROVED
 * report (after which the as-of report of every period is another, untouched one; the next
 * SUBMITTED one may end earlier, so this is the wider range for both scopes), or to the end of
 * the year when it states completions (a first completion counts in every later period); both
 * scopes only when it is APPROVED. The next report is looked up after the statement: a report the
 * same statement inserted or deleted queues its own range, and together they cover every period
 * whose as-of report changed (docs/ROLLUPS.md, "Keeping plan_rollup fresh").
 */
const enqueue = (table: string, reportsOf: (rows: string, old: boolean) => string) => `
  CREATE OR REPLACE FUNCTION cchc_enqueue_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO plan_rollup_queue (plan_id, from_date, until_date, approved_scope)
      SELECT DISTINCT x.plan_id, x.period_end, ${UNTIL}, x.status = 'APPROVED'
        FROM (${reportsOf('new_rows', false)}) x WHERE x.plan_id IS NOT NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      INSERT INTO plan_rollup_queue (plan_id, from_date, until_date, approved_scope)
      SELECT DISTINCT x.plan_id, x.period_end, ${UNTIL}, x.status = 'APPROVED'
        FROM (${reportsOf('old_rows', true)}) x WHERE x.plan_id IS NOT NULL;
    END IF;
    RETURN NULL;
  END $$`;

const UNTIL = `CASE WHEN x.completes THEN 'infinity'::date ELSE COALESCE(
        (SELECT min(n.period_end) FROM status_report n
          WHERE n.plan_id = x.plan_id AND n.status = 'APPROVED' AND n.period_end > x.period_end),
        'infinity') END`;

/** Down: the enqueue function of migrations/1795500200000-rollup-counted-only.ts. */
const oldEnqueue = (table: string, planOf: (rows: string) => string) => `
  CREATE OR REPLACE FUNCTION cchc_enqueue_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO plan_rollup_queue (plan_id) SELECT DISTINCT plan_id FROM (${planOf('new_rows')}) x WHERE plan_id IS NOT NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      INSERT INTO plan_rollup_queue (plan_id) SELECT DISTINCT plan_id FROM (${planOf('old_rows')}) x WHERE plan_id IS NOT NULL;
    END IF;
    RETURN NULL;
  END $$`;

/** Down: the flush of migrations/1795450000000-plan-rollup.ts. */
const OLD_FLUSH_SQL = `
  CREATE OR REPLACE FUNCTION cchc_plan_rollup_flush() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE ids int[];
  BEGIN
    WITH taken AS (DELETE FROM plan_rollup_queue WHERE transaction_id = txid_current() RETURNING plan_id)
    SELECT array_agg(DISTINCT plan_id) INTO ids FROM taken;
    IF ids IS NOT NULL THEN
      PERFORM cchc_refresh_plan_rollups(ids);
    END IF;
    RETURN NULL;
  END $$`;

/** Down: the refresh of migrations/1795450000000-plan-rollup.ts. */
const OLD_REFRESH_SQL = `
  CREATE FUNCTION cchc_refresh_plan_rollups(plan_ids int[]) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('cchc_plan_rollup'), id)
       FROM (SELECT DISTINCT unnest(plan_ids) AS id ORDER BY 1) ids;
    DELETE FROM plan_rollup WHERE plan_id = ANY(plan_ids);
    INSERT INTO plan_rollup SELECT * FROM cchc_plan_rollup_rows(plan_ids);
  END $$`;

/** Down: cchc_plan_rollup_rows() as migrations/1795520000000-indicator-met.ts left it. */
const OLD_ROWS_SQL = `
  CREATE FUNCTION cchc_plan_rollup_rows(plan_ids int[])
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
  counted AS (
    SELECT r.id, r.plan_id, r.period_start, r.period_end, r.submitted_at, s.approved_only
      FROM status_report r CROSS JOIN scopes s
     WHERE r.plan_id = ANY(plan_ids)
       AND (r.status = 'APPROVED' OR (r.status = 'SUBMITTED' AND NOT s.approved_only))
  ),
  as_of AS (
    SELECT DISTINCT ON (pl.plan_id, pl.approved_only, pl.period) pl.plan_id, pl.approved_only, pl.period, r.id AS report_id
      FROM plans pl
      JOIN counted r ON r.plan_id = pl.plan_id AND r.approved_only = pl.approved_only AND r.period_end <= pl.period_end
     ORDER BY pl.plan_id, pl.approved_only, pl.period, r.period_end DESC, r.period_start ASC, r.submitted_at DESC NULLS LAST
  ),
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
  indicator_cells AS (
    SELECT pl.plan_id, pl.approved_only, pl.period, i.area_code,
           count(*) FILTER (WHERE m.met) AS met,
           count(*) FILTER (WHERE NOT m.met) AS not_met,
           count(*) FILTER (WHERE m.met IS NULL) AS no_data
      FROM plans pl
      JOIN indicator i ON i.plan_id = pl.plan_id
      LEFT JOIN as_of a ON a.plan_id = pl.plan_id AND a.approved_only = pl.approved_only AND a.period = pl.period
      LEFT JOIN indicator_value v ON v.report_id = a.report_id AND v.indicator_id = i.id
      CROSS JOIN LATERAL (SELECT indicator_met(i.comparator, i.target_value, i.target_max, v.actual_value) AS met) m
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
