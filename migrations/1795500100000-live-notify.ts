import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live updates (docs/LIVE.md): triggers that NOTIFY the channel cchc_live when a report changes
 * state or a commune plan's tasks, indicators or plan row change. PostgreSQL delivers a NOTIFY at
 * commit, to every listening connection, and never for a rolled-back transaction; identical
 * payloads within one transaction are delivered once. Payloads are small JSON (ids, codes).
 *
 * - Reports: one row trigger on a status change (a transition updates one row). Its kind follows
 *   from the old and new status: → SUBMITTED, → APPROVED, SUBMITTED → RETURNED (returned),
 *   APPROVED → RETURNED or DRAFT (reopened).
 * - Plans: statement triggers with transition tables, one NOTIFY per province and plan year a
 *   statement touched, naming the commune when it touched only one: an import of a plan's hundreds
 *   of rows is one event, a bulk load of a province one event per statement.
 */
export class LiveNotify1795500100000 implements MigrationInterface {
  name = 'LiveNotify1795500100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION cchc_live_notify_report() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE kind text;
      DECLARE owner record;
      BEGIN
        kind := CASE
          WHEN NEW.status = 'SUBMITTED' THEN 'SUBMITTED'
          WHEN NEW.status = 'APPROVED' THEN 'APPROVED'
          WHEN OLD.status = 'APPROVED' THEN 'REOPENED'
          WHEN NEW.status = 'RETURNED' THEN 'RETURNED'
        END;
        IF kind IS NULL THEN
          RETURN NULL;
        END IF;
        SELECT p.year, c.id AS commune_id, c.code AS commune_code,
               pv.id AS province_id, pv.code AS province_code
          INTO owner
          FROM plan p
          LEFT JOIN commune c ON c.id = p.commune_id
          LEFT JOIN province pv ON pv.id = COALESCE(c.province_id, p.province_id)
         WHERE p.id = NEW.plan_id;
        PERFORM pg_notify('cchc_live', json_build_object(
          'k', 'report', 's', kind, 'r', NEW.id, 'p', NEW.plan_id, 'y', owner.year,
          'pe', NEW.period, 'e', NEW.period_end,
          'v', owner.province_id, 'vc', owner.province_code,
          'c', owner.commune_id, 'cc', owner.commune_code,
          'at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_status_report_live" AFTER UPDATE OF status ON "status_report"
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION cchc_live_notify_report()`);

    // One NOTIFY per (province, year) of the commune plans in plan_ids; the commune when only one.
    await q.query(`
      CREATE FUNCTION cchc_live_notify_plans(plan_ids int[]) RETURNS void LANGUAGE sql AS $$
        SELECT pg_notify('cchc_live', json_build_object(
                 'k', 'plan', 'y', g.year, 'v', g.province_id, 'vc', g.province_code,
                 'c', g.commune_id, 'cc', g.commune_code)::text)
          FROM (SELECT p.year, pv.id AS province_id, pv.code AS province_code,
                       CASE WHEN count(DISTINCT c.id) = 1 THEN min(c.id) END AS commune_id,
                       CASE WHEN count(DISTINCT c.id) = 1 THEN min(c.code) END AS commune_code
                  FROM plan p
                  JOIN commune c ON c.id = p.commune_id
                  JOIN province pv ON pv.id = c.province_id
                 WHERE p.id = ANY(plan_ids)
                 GROUP BY p.year, pv.id, pv.code) g
      $$`);
    for (const [table, planColumn] of [
      ['plan', 'id'],
      ['task', 'plan_id'],
      ['indicator', 'plan_id'],
    ]) {
      await q.query(`
        CREATE FUNCTION cchc_live_notify_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            PERFORM cchc_live_notify_plans(ARRAY(SELECT DISTINCT ${planColumn} FROM new_rows));
          ELSIF TG_OP = 'UPDATE' THEN
            PERFORM cchc_live_notify_plans(ARRAY(
              SELECT ${planColumn} FROM new_rows UNION SELECT ${planColumn} FROM old_rows));
          ELSE
            PERFORM cchc_live_notify_plans(ARRAY(SELECT DISTINCT ${planColumn} FROM old_rows));
          END IF;
          RETURN NULL;
        END $$`);
      const events: [string, string][] = [
        ['INSERT', 'NEW TABLE AS new_rows'],
        ['UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
        ['DELETE', 'OLD TABLE AS old_rows'],
      ];
      for (const [event, transition] of events) {
        // A new plan row has no tasks yet (theirs notify); a deleted plan's rows are gone by the
        // time its tasks' cascade fires, so the plan's own DELETE is what tells.
        if (table === 'plan' && event === 'INSERT') continue;
        await q.query(`
          CREATE TRIGGER "tr_${table}_live_${event.toLowerCase()}" AFTER ${event} ON "${table}"
            REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION cchc_live_notify_${table}()`);
      }
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['plan', 'task', 'indicator']) {
      for (const event of ['insert', 'update', 'delete']) {
        await q.query(`DROP TRIGGER IF EXISTS "tr_${table}_live_${event}" ON "${table}"`);
      }
      await q.query(`DROP FUNCTION cchc_live_notify_${table}()`);
    }
    await q.query(`DROP FUNCTION cchc_live_notify_plans(int[])`);
    await q.query(`DROP TRIGGER "tr_status_report_live" ON "status_report"`);
    await q.query(`DROP FUNCTION cchc_live_notify_report()`);
  }
}
