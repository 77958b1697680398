import type { MigrationInterface, QueryRunner } from 'typeorm';

/** plan_rollup's count columns, summed per province. */
const COUNTS = [
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

/** The province a plan_rollup row counts for: its commune's, 0 for a commune without one. */
const PROVINCE_OF = 'COALESCE(c.province_id, 0)';

/**
 * Adds `rows` (plan_rollup rows with a `sign` column: +1 added, −1 removed) to province_rollup,
 * per province of their plans' communes; drops rows left summing no plan row. Rows of province
 * plans, and of plans no longer there (deleted: their share was taken off before, by
 * tr_plan_province_rollup_delete), count for no province.
 *
 * The plans' provinces are looked up first, plan by plan through the primary keys: the planner
 * knows nothing of a transition table's size and would otherwise scan plan and commune whole.
 */
const applySql = (rows: string, exit = 'RETURN NULL') => `
  SELECT array_agg(plan_id), array_agg(province_id) INTO owner_plans, owner_provinces
    FROM (SELECT x.plan_id,
                 (SELECT ${PROVINCE_OF} FROM plan pl JOIN commune c ON c.id = pl.commune_id WHERE pl.id = x.plan_id)
                   AS province_id
            FROM (SELECT DISTINCT plan_id FROM (${rows}) r) x) o
   WHERE province_id IS NOT NULL;
  IF owner_plans IS NULL THEN
    ${exit};
  END IF;
  -- One writer per province at a time, taken in province order (no deadlock between two flushes).
  PERFORM pg_advisory_xact_lock(hashtext('cchc_province_rollup'), province_id)
     FROM (SELECT DISTINCT unnest(owner_provinces) AS province_id ORDER BY 1) p;
  WITH changed AS (
    INSERT INTO province_rollup AS p (approved_only, period, province_id, area_code, plan_rows, ${COUNTS.join(', ')})
    SELECT x.approved_only, x.period, o.province_id, x.area_code, sum(x.sign)::int,
           ${COUNTS.map((c) => `sum(x.sign * x.${c})::int`).join(', ')}
      FROM (${rows}) x JOIN unnest(owner_plans, owner_provinces) o(plan_id, province_id) ON o.plan_id = x.plan_id
     GROUP BY 1, 2, 3, 4
    -- An update that changed no count of a row (a recompute that only rewrites) changes nothing here.
    HAVING sum(x.sign) <> 0 OR ${COUNTS.map((c) => `sum(x.sign * x.${c}) <> 0`).join(' OR ')}
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (approved_only, period, province_id, area_code) DO UPDATE
       SET plan_rows = p.plan_rows + excluded.plan_rows,
           ${COUNTS.map((c) => `${c} = p.${c} + excluded.${c}`).join(', ')}
    RETURNING p.ctid AS row_id, p.plan_rows
  )
  SELECT array_agg(row_id) INTO emptied FROM changed WHERE plan_rows = 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM province_rollup WHERE ctid = ANY(emptied);
  END IF;`;

/** The declarations applySql needs. */
const APPLY_DECLARE = 'DECLARE emptied tid[]; owner_plans int[]; owner_provinces int[];';

/**
 * province_rollup (issue #15, part 1): plan_rollup summed per province of the commune plans, so
 * that a province or national roll-up reads 7 rows per province instead of 7 per commune plan.
 *
 * It is kept by plan_rollup itself, not by the enqueueing triggers or the recompute: statement
 * triggers on plan_rollup add what each statement inserted and take off what it deleted, from its
 * transition tables, whatever writes plan_rollup (the deferred flush, a bulk load's one recompute
 * with the enqueueing triggers off, an operator). Three cases plan_rollup's rows alone cannot
 * place are handled where they happen: a plan deleted (its rows go by cascade once the plan is
 * gone, so its share is taken off just before), and a plan or a commune moved to another commune
 * or province (both provinces are summed again from plan_rollup).
 */
export class ProvinceRollup1795550000000 implements MigrationInterface {
  name = 'ProvinceRollup1795550000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "province_rollup" (
        "approved_only" boolean NOT NULL,
        "period" text NOT NULL,
        -- The province of the communes summed; 0 for communes without a province.
        "province_id" integer NOT NULL,
        "area_code" text NOT NULL,
        -- plan_rollup rows summed here: the row goes when the last one does.
        "plan_rows" integer NOT NULL,
        ${COUNTS.map((c) => `"${c}" integer NOT NULL`).join(',\n        ')},
        CONSTRAINT "pk_province_rollup" PRIMARY KEY ("approved_only", "period", "province_id", "area_code")
      ) WITH (fillfactor = 70)`);
    // Counts are not in the index, so that the updates of every flush stay HOT.

    // Sums the given provinces again from plan_rollup (0: communes without a province).
    await q.query(`
      CREATE FUNCTION cchc_rebuild_province_rollups(province_ids int[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('cchc_province_rollup'), id)
           FROM (SELECT DISTINCT unnest(province_ids) AS id ORDER BY 1) ids;
        DELETE FROM province_rollup WHERE province_id = ANY(province_ids);
        INSERT INTO province_rollup
        SELECT pr.approved_only, pr.period, ${PROVINCE_OF}, pr.area_code, count(*)::int,
               ${COUNTS.map((c) => `sum(pr.${c})::int`).join(', ')}
          FROM plan_rollup pr JOIN plan pl ON pl.id = pr.plan_id JOIN commune c ON c.id = pl.commune_id
         WHERE ${PROVINCE_OF} = ANY(province_ids)
         GROUP BY 1, 2, 3, 4;
      END $$`);

    const signed = (sign: number, rows: string) =>
      `SELECT ${sign} AS sign, plan_id, approved_only, period, area_code, ${COUNTS.join(', ')} FROM ${rows}`;
    await q.query(`
      CREATE FUNCTION cchc_province_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      ${APPLY_DECLARE}
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${applySql(signed(1, 'new_rows'))}
        ELSIF TG_OP = 'DELETE' THEN
          ${applySql(signed(-1, 'old_rows'))}
        ELSE
          ${applySql(`${signed(1, 'new_rows')} UNION ALL ${signed(-1, 'old_rows')}`)}
        END IF;
        RETURN NULL;
      END $$`);
    for (const [event, transition] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ]) {
      await q.query(`
        CREATE TRIGGER "tr_plan_rollup_province_${event.toLowerCase()}" AFTER ${event} ON "plan_rollup"
          REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION cchc_province_rollup_apply()`);
    }
    await q.query(`
      CREATE FUNCTION cchc_province_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM province_rollup;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_plan_rollup_province_truncate" AFTER TRUNCATE ON "plan_rollup"
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_province_rollup_truncate()`);

    // A plan's plan_rollup rows are deleted by cascade after the plan itself, when they can no longer
    // be placed: take the plan's share off while it is still there.
    await q.query(`
      CREATE FUNCTION cchc_province_rollup_take_off(deleted_plan_id int) RETURNS void LANGUAGE plpgsql AS $$
      ${APPLY_DECLARE}
      BEGIN
        ${applySql(`${signed(-1, 'plan_rollup')} WHERE plan_id = deleted_plan_id`, 'RETURN')}
      END $$`);
    await q.query(`
      CREATE FUNCTION cchc_province_rollup_plan_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      ${APPLY_DECLARE}
      BEGIN
        IF OLD.commune_id IS NOT NULL THEN
          PERFORM cchc_province_rollup_take_off(OLD.id);
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_plan_province_rollup_delete" BEFORE DELETE ON "plan"
        FOR EACH ROW EXECUTE FUNCTION cchc_province_rollup_plan_deleted()`);

    // A plan moved to another commune, or a commune to another province: both provinces again.
    await q.query(`
      CREATE FUNCTION cchc_province_rollup_plan_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids int[];
      BEGIN
        SELECT array_agg(DISTINCT ${PROVINCE_OF}) INTO ids
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.commune_id), (n.commune_id)) m(commune_id)
          JOIN commune c ON c.id = m.commune_id
         WHERE o.commune_id IS DISTINCT FROM n.commune_id;
        IF ids IS NOT NULL THEN
          PERFORM cchc_rebuild_province_rollups(ids);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_plan_province_rollup_update" AFTER UPDATE ON "plan"
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_province_rollup_plan_moved()`);
    await q.query(`
      CREATE FUNCTION cchc_province_rollup_commune_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids int[];
      BEGIN
        SELECT array_agg(DISTINCT COALESCE(m.province_id, 0)) INTO ids
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.province_id), (n.province_id)) m(province_id)
         WHERE o.province_id IS DISTINCT FROM n.province_id;
        IF ids IS NOT NULL THEN
          PERFORM cchc_rebuild_province_rollups(ids);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_commune_province_rollup_update" AFTER UPDATE ON "commune"
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_province_rollup_commune_moved()`);

    // Existing data: every province once.
    await q.query(`SELECT cchc_rebuild_province_rollups(ARRAY(SELECT id FROM province UNION SELECT 0))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_commune_province_rollup_update" ON "commune"`);
    await q.query(`DROP TRIGGER "tr_plan_province_rollup_update" ON "plan"`);
    await q.query(`DROP TRIGGER "tr_plan_province_rollup_delete" ON "plan"`);
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER "tr_plan_rollup_province_${event}" ON "plan_rollup"`);
    }
    await q.query(`DROP FUNCTION cchc_province_rollup_commune_moved()`);
    await q.query(`DROP FUNCTION cchc_province_rollup_plan_moved()`);
    await q.query(`DROP FUNCTION cchc_province_rollup_plan_deleted()`);
    await q.query(`DROP FUNCTION cchc_province_rollup_take_off(int)`);
    await q.query(`DROP FUNCTION cchc_province_rollup_truncate()`);
    await q.query(`DROP FUNCTION cchc_province_rollup_apply()`);
    await q.query(`DROP FUNCTION cchc_rebuild_province_rollups(int[])`);
    await q.query(`DROP TABLE "province_rollup"`);
  }
}
