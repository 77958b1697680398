import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pre-aggregated roll-up counts per plan, period, reform area and report scope (issue #4), kept in
 * step with the base tables by triggers in the same transaction as every write.
 *
 * Why triggers: every writer (seeds, imports, GraphQL mutations, an operator in psql) changes the
 * figures, and none of them can forget to refresh. Row changes only enqueue the plan; a deferred
 * trigger recomputes each touched plan once, at commit, after all row locks are held, under a
 * per-plan advisory lock so that concurrent writers to one plan recompute one after the other and
 * the last one sees both writes.
 *
 * The semantics are those of docs/ROLLUPS.md; cchc_plan_rollup_rows() is the one place they are
 * computed from the raw rows, and a test checks the table always equals it.
 */
export class PlanRollup1795450000000 implements MigrationInterface {
  name = 'PlanRollup1795450000000';

  public async up(q: QueryRunner): Promise<void> {
    // The 17 periods a plan of year y can be asked about: the year, its quarters and months.
    await q.query(`
      CREATE FUNCTION cchc_year_periods(y int)
      RETURNS TABLE (period text, period_start date, period_end date)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT y::text, make_date(y, 1, 1), make_date(y, 12, 31)
        UNION ALL
        SELECT y || 'Q' || n, make_date(y, 3 * n - 2, 1), (make_date(y, 3 * n - 2, 1) + interval '3 months - 1 day')::date
          FROM generate_series(1, 4) n
        UNION ALL
        SELECT y || '-' || lpad(n::text, 2, '0'), make_date(y, n, 1), (make_date(y, n, 1) + interval '1 month - 1 day')::date
          FROM generate_series(1, 12) n
      $$`);

    await q.query(`
      CREATE TABLE "plan_rollup" (
        "approved_only" boolean NOT NULL,
        "period" text NOT NULL,
        "plan_id" integer NOT NULL,
        "area_code" text NOT NULL,
        "tasks" integer NOT NULL,
        "completed" integer NOT NULL,
        "in_progress" integer NOT NULL,
        "not_started" integer NOT NULL,
        "cancelled" integer NOT NULL,
        "overdue" integer NOT NULL,
        "due" integer NOT NULL,
        "due_done" integer NOT NULL,
        "done_with_due" integer NOT NULL,
        "on_time" integer NOT NULL,
        "met" integer NOT NULL,
        "not_met" integer NOT NULL,
        "no_data" integer NOT NULL,
        -- The counts ride along in the key's index so a roll-up of one period is an index-only scan.
        CONSTRAINT "pk_plan_rollup" PRIMARY KEY ("approved_only", "period", "plan_id", "area_code")
          INCLUDE ("tasks", "completed", "in_progress", "not_started", "cancelled", "overdue", "due", "due_done",
                   "done_with_due", "on_time", "met", "not_met", "no_data"),
        CONSTRAINT "fk_plan_rollup_plan" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "ix_plan_rollup_plan" ON "plan_rollup" ("plan_id")`);

    // The figures of the given plans computed from the raw rows: one row per plan, report scope
    // (all counted reports, or APPROVED only), period of the plan's year and area with tasks or
    // indicators. Areas without either are left out; readers fill them with zeros.
    await q.query(`
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
          CROSS JOIN LATERAL (SELECT CASE WHEN v.actual_value IS NULL OR i.comparator IS NULL THEN NULL
                    ELSE CASE i.comparator
                      WHEN 'GTE' THEN v.actual_value >= i.target_value
                      WHEN 'GT' THEN v.actual_value > i.target_value
                      WHEN 'LTE' THEN v.actual_value <= i.target_value
                      WHEN 'LT' THEN v.actual_value < i.target_value
                      WHEN 'EQ' THEN v.actual_value = i.target_value
                      WHEN 'BETWEEN' THEN v.actual_value BETWEEN i.target_value AND i.target_max
                    END END AS met) m
         GROUP BY pl.plan_id, pl.approved_only, pl.period, i.area_code
      )
      SELECT approved_only, period, plan_id, area_code,
             COALESCE(tc.tasks, 0)::int, COALESCE(tc.completed, 0)::int, COALESCE(tc.in_progress, 0)::int,
             COALESCE(tc.not_started, 0)::int, COALESCE(tc.cancelled, 0)::int, COALESCE(tc.overdue, 0)::int,
             COALESCE(tc.due, 0)::int, COALESCE(tc.due_done, 0)::int, COALESCE(tc.done_with_due, 0)::int,
             COALESCE(tc.on_time, 0)::int, COALESCE(ic.met, 0)::int, COALESCE(ic.not_met, 0)::int,
             COALESCE(ic.no_data, 0)::int
        FROM task_cells tc FULL JOIN indicator_cells ic USING (plan_id, approved_only, period, area_code)
      $$`);

    // Recomputes the given plans' rows. The advisory lock (per plan, taken in id order so two
    // writers cannot deadlock) makes a concurrent refresh of the same plan wait for this
    // transaction's commit; its next statement then sees both transactions' rows.
    await q.query(`
      CREATE FUNCTION cchc_refresh_plan_rollups(plan_ids int[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('cchc_plan_rollup'), id)
           FROM (SELECT DISTINCT unnest(plan_ids) AS id ORDER BY 1) ids;
        DELETE FROM plan_rollup WHERE plan_id = ANY(plan_ids);
        INSERT INTO plan_rollup SELECT * FROM cchc_plan_rollup_rows(plan_ids);
      END $$`);

    // Plans touched by this transaction and not yet recomputed. Never holds committed rows: the
    // deferred trigger empties it before commit. No unique key, so writers never wait on each other here.
    await q.query(`
      CREATE TABLE "plan_rollup_queue" (
        "transaction_id" bigint NOT NULL DEFAULT txid_current(),
        "plan_id" integer NOT NULL
      )`);
    await q.query(
      `CREATE INDEX "ix_plan_rollup_queue_transaction" ON "plan_rollup_queue" ("transaction_id")`,
    );

    await q.query(`
      CREATE FUNCTION cchc_plan_rollup_flush() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids int[];
      BEGIN
        WITH taken AS (DELETE FROM plan_rollup_queue WHERE transaction_id = txid_current() RETURNING plan_id)
        SELECT array_agg(DISTINCT plan_id) INTO ids FROM taken;
        IF ids IS NOT NULL THEN
          PERFORM cchc_refresh_plan_rollups(ids);
        END IF;
        RETURN NULL;
      END $$`);
    // Fires at commit once per queued row; the first firing does the work, the others find nothing.
    await q.query(`
      CREATE CONSTRAINT TRIGGER "tr_plan_rollup_flush" AFTER INSERT ON "plan_rollup_queue"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cchc_plan_rollup_flush()`);

    // Statement-level triggers that enqueue the plans a write touched (old and new rows).
    const enqueue = (table: string, planOf: (rows: string) => string) => `
      CREATE FUNCTION cchc_enqueue_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO plan_rollup_queue (plan_id) SELECT DISTINCT plan_id FROM (${planOf('new_rows')}) x WHERE plan_id IS NOT NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          INSERT INTO plan_rollup_queue (plan_id) SELECT DISTINCT plan_id FROM (${planOf('old_rows')}) x WHERE plan_id IS NOT NULL;
        END IF;
        RETURN NULL;
      END $$`;
    const direct = (rows: string) => `SELECT plan_id FROM ${rows}`;
    const viaReport = (rows: string) =>
      `SELECT r.plan_id FROM ${rows} x JOIN status_report r ON r.id = x.report_id`;
    const sources: [string, (rows: string) => string][] = [
      ['plan', (rows) => `SELECT id AS plan_id FROM ${rows}`],
      ['task', direct],
      ['indicator', direct],
      ['status_report', direct],
      ['task_progress', viaReport],
      ['indicator_value', viaReport],
    ];
    for (const [table, planOf] of sources) {
      await q.query(enqueue(table, planOf));
      const events: [string, string][] = [
        ['INSERT', 'NEW TABLE AS new_rows'],
        ['UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
        ['DELETE', 'OLD TABLE AS old_rows'],
      ];
      for (const [event, transition] of events) {
        // A new plan has nothing to count yet; its tasks' own triggers enqueue it.
        if (table === 'plan' && event !== 'UPDATE') continue;
        await q.query(`
          CREATE TRIGGER "tr_${table}_rollup_${event.toLowerCase()}" AFTER ${event} ON "${table}"
            REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION cchc_enqueue_${table}()`);
      }
    }

    // Existing data: compute every plan once.
    await q.query(`INSERT INTO plan_rollup SELECT * FROM cchc_plan_rollup_rows(ARRAY(SELECT id FROM plan))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['plan', 'task', 'indicator', 'status_report', 'task_progress', 'indicator_value']) {
      for (const event of ['insert', 'update', 'delete']) {
        await q.query(`DROP TRIGGER IF EXISTS "tr_${table}_rollup_${event}" ON "${table}"`);
      }
      await q.query(`DROP FUNCTION cchc_enqueue_${table}()`);
    }
    await q.query(`DROP TRIGGER "tr_plan_rollup_flush" ON "plan_rollup_queue"`);
    await q.query(`DROP FUNCTION cchc_plan_rollup_flush()`);
    await q.query(`DROP TABLE "plan_rollup_queue"`);
    await q.query(`DROP FUNCTION cchc_refresh_plan_rollups(int[])`);
    await q.query(`DROP FUNCTION cchc_plan_rollup_rows(int[])`);
    await q.query(`DROP TABLE "plan_rollup"`);
    await q.query(`DROP FUNCTION cchc_year_periods(int)`);
  }
}
