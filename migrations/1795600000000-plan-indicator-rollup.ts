import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * plan_indicator_rollup (issue #14): the indicator roll-up's per-plan rows, pre-computed, so that
 * Query.indicatorRollup and Province.indicatorLeague read ~3,300 small rows per period and
 * catalogue code instead of joining each plan's as-of report, its indicator and its value.
 *
 * One row per plan, report scope, period of the plan's year (cchc_year_periods: the year, its
 * quarters and months, as plan_rollup) and catalogue code the plan has an indicator of: the plan's
 * first indicator of the code (by position), its actual value in the as-of report, indicator_met,
 * the province indicator it is linked to and indicator_target_comparison with it. A plan without an
 * indicator of the code has no row (readers count it as missing from the plans themselves).
 *
 * Kept exactly like plan_rollup (docs/ROLLUPS.md, "Indicator roll-ups"), through the same queue and
 * the same deferred flush: every entry of plan_rollup_queue also asks these rows (the same cells:
 * periods from from_date to until_date, the scopes), so report, value, plan and indicator writes
 * need no trigger of their own. The entries added here ask only these rows (plan_rollup = false):
 *  - an indicator UPDATE of a column these rows read that plan_rollup does not (catalogue code,
 *    position, unit, direction, province link): its plan (old and new);
 *  - an indicator UPDATE of a target column (comparator, figures, unit, direction): the plans of the
 *    commune indicators linked to it, whose comparison it changes (a province plan's target);
 *  - a catalogue entry's direction: the plans with an indicator of the entry (the comparison's
 *    fallback direction);
 *  - a plan moved to another commune, a commune to another province: the plans (their rows carry
 *    the province of the plan's commune).
 * cchc_plan_indicator_rollup_rows() is the one definition; cchc_refresh_plan_indicator_rollups()
 * writes only the rows that differ from it; a test checks the table always equals it.
 *
 * province_indicator_rollup: those rows per province (scope, catalogue code, period, province:
 * counts and the sorted actual values), so that a roll-up of whole provinces reads one row per
 * province instead of ~100 (quartiles cannot be summed, so each row keeps its values). Statement
 * triggers on plan_indicator_rollup add what each statement inserted and take off what it deleted,
 * as province_rollup is kept from plan_rollup. province_commune_plans counts the commune plans per
 * province and year (missingIndicatorCount), kept by statement triggers on plan and commune.
 */

/** The indicator columns these rows read beyond those plan_rollup's UPDATE trigger compares (ROLLUP_COLUMNS). */
export const INDICATOR_ROLLUP_EXTRA_COLUMNS = [
  'catalog_code',
  'position',
  'unit',
  'direction',
  'province_indicator_id',
];

/** A province indicator's columns that a linked commune indicator's comparison reads. */
export const LINKED_TARGET_COLUMNS = ['comparator', 'target_value', 'target_max', 'unit', 'direction'];

const rowOf = (alias: string, columns: string[]) => `(${columns.map((c) => `${alias}."${c}"`).join(', ')})`;

/** The measured columns of a row (all but the key). */
const VALUES = ['indicator_id', 'actual', 'met', 'comparison', 'linked_id', 'province_id'];

/**
 * The rows of the given plans computed from the raw rows; the optional per-plan dates and scope
 * keep only the cells asked (as cchc_plan_rollup_rows). The as-of report is that of every roll-up:
 * the latest counted report ending by the end of the period, ties to the longer period, then the
 * later submission.
 */
const ROWS_SQL = `
  CREATE FUNCTION cchc_plan_indicator_rollup_rows(plan_ids int[], from_dates date[] DEFAULT NULL,
                                                  until_dates date[] DEFAULT NULL, approved_scopes boolean[] DEFAULT NULL)
  RETURNS TABLE (approved_only boolean, catalog_code text, period text, plan_id int, indicator_id int,
                 actual numeric, met boolean, comparison text, linked_id int, province_id int)
  LANGUAGE sql STABLE AS $$
  WITH
  cells AS MATERIALIZED (
    SELECT p.id AS plan_id, s.approved_only, per.period, r.report_id,
           CASE WHEN p.commune_id IS NOT NULL THEN COALESCE(co.province_id, 0) END AS province_id
      FROM cchc_rollup_asked(plan_ids, from_dates, until_dates, approved_scopes) a
      JOIN plan p ON p.id = a.plan_id
      LEFT JOIN commune co ON co.id = p.commune_id
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
  -- Each plan's first indicator of each catalogue code, compared with the province target it links to.
  chosen AS MATERIALIZED (
    SELECT ch.plan_id, ch.catalog_code, ch.id, ch.comparator, ch.target_value, ch.target_max, li.id AS linked_id,
           indicator_target_comparison(
             li.id IS NOT NULL, ch.comparator, ch.target_value, ch.target_max, ch.unit, ch.direction,
             li.comparator, li.target_value, li.target_max, li.unit, li.direction, cat.direction) AS comparison
      FROM (SELECT DISTINCT ON (i.plan_id, i.catalog_code) i.*
              FROM indicator i
             WHERE i.plan_id = ANY(plan_ids) AND i.catalog_code IS NOT NULL
             ORDER BY i.plan_id, i.catalog_code, i.position) ch
      LEFT JOIN indicator li ON li.id = ch.province_indicator_id
      LEFT JOIN indicator_catalog cat ON cat.code = ch.catalog_code
  )
  SELECT c.approved_only, ch.catalog_code, c.period, c.plan_id, ch.id, v.actual_value,
         indicator_met(ch.comparator, ch.target_value, ch.target_max, v.actual_value), ch.comparison, ch.linked_id,
         c.province_id
    FROM cells c
    JOIN chosen ch ON ch.plan_id = c.plan_id
    LEFT JOIN indicator_value v ON v.report_id = c.report_id AND v.indicator_id = ch.id
  $$`;

/** As cchc_refresh_plan_rollups (migration 1795540000000): the asked cells brought in line, only rows that differ written. */
const REFRESH_SQL = `
  CREATE FUNCTION cchc_refresh_plan_indicator_rollups(plan_ids int[], from_dates date[] DEFAULT NULL,
                                                      until_dates date[] DEFAULT NULL, approved_scopes boolean[] DEFAULT NULL)
  RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
  BEGIN
    -- The generic plan is made for a few plans: many go a few at a time (ids ascending: ordered locks).
    IF cardinality(plan_ids) > 5 THEN
      FOR i IN 1 .. cardinality(plan_ids) BY 5 LOOP
        PERFORM cchc_refresh_plan_indicator_rollups(plan_ids[i:i + 4], from_dates[i:i + 4],
                                                    until_dates[i:i + 4], approved_scopes[i:i + 4]);
      END LOOP;
      RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('cchc_plan_indicator_rollup'), id)
       FROM (SELECT DISTINCT unnest(plan_ids) AS id ORDER BY 1) ids;
    WITH fresh AS MATERIALIZED (
      SELECT * FROM cchc_plan_indicator_rollup_rows(plan_ids, from_dates, until_dates, approved_scopes)
    ),
    vanished AS (
      DELETE FROM plan_indicator_rollup pr
       WHERE pr.plan_id = ANY(plan_ids)
         AND EXISTS (
               SELECT 1 FROM cchc_rollup_asked(plan_ids, from_dates, until_dates, approved_scopes) a
                WHERE a.plan_id = pr.plan_id
                  AND (a.approved_scope OR NOT pr.approved_only)
                  AND ((a.from_date = '-infinity' AND a.until_date = 'infinity') OR pr.period IN (
                        SELECT per.period FROM plan p CROSS JOIN LATERAL cchc_year_periods(p.year) per
                         WHERE p.id = a.plan_id AND per.period_end >= a.from_date AND per.period_end < a.until_date)))
         -- NOT IN, not NOT EXISTS: a hashed subplan whatever the generic plan guesses of fresh's size
         -- (a nested-loop anti join over a whole plan's ~460 rows each was quadratic: 1.5 s for 5 plans).
         AND (pr.approved_only, pr.catalog_code, pr.period, pr.plan_id) NOT IN (
               SELECT f.approved_only, f.catalog_code, f.period, f.plan_id FROM fresh f)
    )
    INSERT INTO plan_indicator_rollup SELECT * FROM fresh
    ON CONFLICT ON CONSTRAINT pk_plan_indicator_rollup DO UPDATE
       SET ${VALUES.map((m) => `${m} = EXCLUDED.${m}`).join(', ')}
     WHERE (${VALUES.map((m) => `plan_indicator_rollup.${m}`).join(', ')})
           IS DISTINCT FROM (${VALUES.map((m) => `EXCLUDED.${m}`).join(', ')});
  END $$`;

/** province_indicator_rollup's counts: each counts the plan_indicator_rollup rows of its key where … */
const PROVINCE_COUNTS: Record<string, string> = {
  communes: 'true',
  met: 'r.met',
  not_met: 'NOT r.met',
  no_data: 'r.met IS NULL',
  looser: `r.comparison = 'LOOSER'`,
};

/**
 * The one definition of province_indicator_rollup: plan_indicator_rollup's rows of the given
 * provinces' commune plans, per key (scope, catalogue code, period, province), counted as
 * Query.indicatorRollup counts them (indicator-rollup.measures.ts), with their actual values as a
 * sorted array (readers take the quartiles of it with percentile_cont).
 */
const PROVINCE_ROWS_SQL = `
  CREATE FUNCTION cchc_province_indicator_rollup_rows(province_ids int[])
  RETURNS TABLE (approved_only boolean, catalog_code text, period text, province_id int, communes int,
                 met int, not_met int, no_data int, looser int, actuals float8[])
  LANGUAGE sql STABLE AS $$
  SELECT r.approved_only, r.catalog_code, r.period, r.province_id,
         ${Object.values(PROVINCE_COUNTS)
           .map((when) => `count(*) FILTER (WHERE ${when})::int`)
           .join(', ')},
         COALESCE(array_agg(r.actual::float8 ORDER BY r.actual::float8) FILTER (WHERE r.actual IS NOT NULL), '{}')
    FROM plan_indicator_rollup r
   WHERE r.province_id = ANY(province_ids)
   GROUP BY 1, 2, 3, 4
  $$`;

/**
 * A sorted array with `removed` taken off (each once) and `added` put in their places, by
 * array_position and width_bucket (a binary search over sorted bounds), both in C: a commit moves
 * one or two values per key, and sorting the key's ~150 values again cost ~0.5 ms per key.
 */
const MERGE_SQL = `
  CREATE FUNCTION cchc_sorted_merge(sorted float8[], added float8[], removed float8[]) RETURNS float8[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
  DECLARE x float8; i int;
  BEGIN
    FOREACH x IN ARRAY removed LOOP
      i := array_position(sorted, x);
      IF i IS NOT NULL THEN
        sorted := sorted[:i - 1] || sorted[i + 1:];
      END IF;
    END LOOP;
    FOREACH x IN ARRAY added LOOP
      -- width_bucket: how many values are at most x, so x goes after them.
      i := width_bucket(x, sorted);
      sorted := sorted[:i] || x || sorted[i + 1:];
    END LOOP;
    RETURN sorted;
  END $$`;

/**
 * Adds `rows` (plan_indicator_rollup rows with a `sign`: +1 added, −1 removed) to
 * province_indicator_rollup: counts summed, actual values merged into the sorted array; rows left
 * with no commune go. One writer per province at a time (taken in province order), so that the
 * statement that reads the rows it changes sees what the previous writer committed.
 */
const provinceApplySql = (rows: string) => `
    SELECT array_agg(DISTINCT province_id ORDER BY province_id) INTO provinces
      FROM (${rows}) x WHERE province_id IS NOT NULL;
    IF provinces IS NULL THEN
      RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('cchc_province_indicator_rollup'), id) FROM unnest(provinces) id;
    WITH delta AS (
      SELECT r.approved_only, r.catalog_code, r.period, r.province_id,
             ${Object.entries(PROVINCE_COUNTS)
               .map(([column, when]) => `COALESCE(sum(r.sign) FILTER (WHERE ${when}), 0)::int AS ${column}`)
               .join(', ')},
             COALESCE(array_agg(r.actual::float8) FILTER (WHERE r.sign > 0 AND r.actual IS NOT NULL), '{}') AS added,
             COALESCE(array_agg(r.actual::float8) FILTER (WHERE r.sign < 0 AND r.actual IS NOT NULL), '{}') AS removed
        FROM (${rows}) r WHERE r.province_id IS NOT NULL
       GROUP BY 1, 2, 3, 4
    ),
    updated AS (
      UPDATE province_indicator_rollup p
         SET ${Object.keys(PROVINCE_COUNTS)
           .map((c) => `${c} = p.${c} + d.${c}`)
           .join(', ')},
             actuals = cchc_sorted_merge(p.actuals, d.added, d.removed)
        FROM delta d
       WHERE p.approved_only = d.approved_only AND p.catalog_code = d.catalog_code
         AND p.period = d.period AND p.province_id = d.province_id
      RETURNING p.ctid AS row_id, p.approved_only, p.catalog_code, p.period, p.province_id, p.communes
    ),
    inserted AS (
      INSERT INTO province_indicator_rollup
      SELECT d.approved_only, d.catalog_code, d.period, d.province_id, ${Object.keys(PROVINCE_COUNTS)
        .map((c) => `d.${c}`)
        .join(', ')}, cchc_sorted_merge('{}', d.added, '{}')
        FROM delta d
       WHERE d.communes > 0
         AND NOT EXISTS (SELECT 1 FROM updated u
                          WHERE u.approved_only = d.approved_only AND u.catalog_code = d.catalog_code
                            AND u.period = d.period AND u.province_id = d.province_id)
    )
    SELECT array_agg(row_id) INTO emptied FROM updated WHERE communes = 0;
    IF emptied IS NOT NULL THEN
      DELETE FROM province_indicator_rollup WHERE ctid = ANY(emptied);
    END IF;`;

/** Sums the given provinces again from plan_indicator_rollup (0: communes without a province). */
const PROVINCE_REBUILD_SQL = `
  CREATE FUNCTION cchc_rebuild_province_indicator_rollups(province_ids int[]) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('cchc_province_indicator_rollup'), id)
       FROM (SELECT DISTINCT unnest(province_ids) AS id ORDER BY 1) ids;
    DELETE FROM province_indicator_rollup WHERE province_id = ANY(province_ids);
    INSERT INTO province_indicator_rollup SELECT * FROM cchc_province_indicator_rollup_rows(province_ids);
  END $$`;

/** Statement triggers' events and transition tables. */
const PROVINCE_TRIGGER_EVENTS = [
  ['INSERT', 'NEW TABLE AS new_rows'],
  ['UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
  ['DELETE', 'OLD TABLE AS old_rows'],
];

/** Communes' plans counted per province (0: no province) and year, from the plan rows in `rows`. */
const planCountsOf = (rows: string, sign: number) => `
    SELECT COALESCE(c.province_id, 0) AS province_id, x.year, ${sign} * count(*) AS plans
      FROM (${rows}) x JOIN commune c ON c.id = x.commune_id
     GROUP BY 1, 2`;

/** The three arrays and a scope array of the cells asked, per plan, of `entries` (a query of queue rows). */
const askedArrays = (entries: string) => `
  SELECT array_agg(plan_id ORDER BY plan_id), array_agg(from_date ORDER BY plan_id),
         array_agg(until_date ORDER BY plan_id), array_agg(approved_scope ORDER BY plan_id)
    FROM (SELECT plan_id, min(from_date) AS from_date, max(until_date) AS until_date,
                 bool_or(approved_scope) AS approved_scope
            FROM (${entries}) e GROUP BY plan_id) per_plan`;

/**
 * The flush of migration 1795540000000, now for both tables: plan_rollup's cells from the entries
 * that ask it, these rows' cells from every entry.
 */
const FLUSH_SQL = `
  CREATE OR REPLACE FUNCTION cchc_plan_rollup_flush() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE ids int[]; froms date[]; untils date[]; scopes boolean[];
          all_ids int[]; all_froms date[]; all_untils date[]; all_scopes boolean[];
  BEGIN
    WITH taken AS MATERIALIZED (
      DELETE FROM plan_rollup_queue WHERE transaction_id = txid_current()
      RETURNING plan_id, from_date, until_date, approved_scope, plan_rollup
    )
    SELECT a.*, b.* INTO ids, froms, untils, scopes, all_ids, all_froms, all_untils, all_scopes
      FROM (${askedArrays('SELECT * FROM taken WHERE plan_rollup')}) a,
           (${askedArrays('SELECT * FROM taken')}) b;
    IF ids IS NOT NULL THEN
      PERFORM cchc_refresh_plan_rollups(ids, froms, untils, scopes);
    END IF;
    IF all_ids IS NOT NULL THEN
      PERFORM cchc_refresh_plan_indicator_rollups(all_ids, all_froms, all_untils, all_scopes);
    END IF;
    RETURN NULL;
  END $$`;

/** Down: the flush of migration 1795540000000. */
const OLD_FLUSH_SQL = `
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
 * `target` kept from `source` by statement triggers: tr_<source>_<name>_<event> call
 * cchc_<target>_apply() after each INSERT, UPDATE and DELETE with the transition tables, and a
 * TRUNCATE of `source` empties `target`.
 */
async function keptByStatementTriggers(q: QueryRunner, source: string, name: string, target: string) {
  for (const [event, transition] of PROVINCE_TRIGGER_EVENTS) {
    await q.query(`
      CREATE TRIGGER "tr_${source}_${name}_${event.toLowerCase()}" AFTER ${event} ON "${source}"
        REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION cchc_${target}_apply()`);
  }
  await q.query(`
    CREATE FUNCTION cchc_${target}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM ${target};
      RETURN NULL;
    END $$`);
  await q.query(`
    CREATE TRIGGER "tr_${source}_${name}_truncate" AFTER TRUNCATE ON "${source}"
      FOR EACH STATEMENT EXECUTE FUNCTION cchc_${target}_truncate()`);
}

export class PlanIndicatorRollup1795600000000 implements MigrationInterface {
  name = 'PlanIndicatorRollup1795600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "plan_indicator_rollup" (
        "approved_only" boolean NOT NULL,
        "catalog_code" text NOT NULL,
        "period" text NOT NULL,
        "plan_id" integer NOT NULL,
        "indicator_id" integer NOT NULL,
        "actual" numeric,
        "met" boolean,
        "comparison" text,
        "linked_id" integer,
        -- The province of the plan's commune (0: a commune without one); NULL for a province plan.
        "province_id" integer,
        CONSTRAINT "pk_plan_indicator_rollup" PRIMARY KEY ("approved_only", "catalog_code", "period", "plan_id"),
        CONSTRAINT "fk_plan_indicator_rollup_plan" FOREIGN KEY ("plan_id") REFERENCES "plan"("id") ON DELETE CASCADE
      ) WITH (fillfactor = 75)`);
    // No value in any index, and room on each page: a refresh's updates are HOT (no index entry
    // written; a submission's ~100 rows took 7.8 ms with the values in the indexes, 2.6 without).
    await q.query(`CREATE INDEX "ix_plan_indicator_rollup_plan" ON "plan_indicator_rollup" ("plan_id")`);
    await q.query(ROWS_SQL);
    await q.query(REFRESH_SQL);

    // Entries that ask only these rows; existing entries (the default) ask both tables.
    await q.query(`ALTER TABLE "plan_rollup_queue" ADD COLUMN "plan_rollup" boolean NOT NULL DEFAULT true`);
    await q.query(FLUSH_SQL);

    await q.query(`
      CREATE FUNCTION cchc_enqueue_indicator_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO plan_rollup_queue (plan_id, plan_rollup)
        SELECT DISTINCT x.plan_id, false
          FROM new_rows n JOIN old_rows o ON o.id = n.id
               CROSS JOIN LATERAL (VALUES (n.plan_id), (o.plan_id)) x(plan_id)
         WHERE ${rowOf('n', INDICATOR_ROLLUP_EXTRA_COLUMNS)} IS DISTINCT FROM ${rowOf('o', INDICATOR_ROLLUP_EXTRA_COLUMNS)}
        UNION
        SELECT c.plan_id, false
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          JOIN indicator c ON c.province_indicator_id = n.id
         WHERE ${rowOf('n', LINKED_TARGET_COLUMNS)} IS DISTINCT FROM ${rowOf('o', LINKED_TARGET_COLUMNS)};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_indicator_indicator_rollup_update" AFTER UPDATE ON "indicator"
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_enqueue_indicator_rollup_update()`);

    await q.query(`
      CREATE FUNCTION cchc_enqueue_indicator_catalog_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO plan_rollup_queue (plan_id, plan_rollup)
        SELECT DISTINCT i.plan_id, false
          FROM new_rows n JOIN old_rows o ON o.code = n.code
          JOIN indicator i ON i.catalog_code = n.code
         WHERE n.direction IS DISTINCT FROM o.direction;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_indicator_catalog_rollup_update" AFTER UPDATE ON "indicator_catalog"
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_enqueue_indicator_catalog_update()`);

    // Existing data: every plan once, a few at a time (as a bulk load does).
    await q.query(`
      DO $$
      DECLARE ids int[] := ARRAY(SELECT id FROM plan ORDER BY id);
      BEGIN
        FOR i IN 1 .. coalesce(cardinality(ids), 0) BY 50 LOOP
          INSERT INTO plan_indicator_rollup SELECT * FROM cchc_plan_indicator_rollup_rows(ids[i:i + 49]);
        END LOOP;
      END $$`);

    // province_indicator_rollup: the rows above aggregated per province, read by whole-province roll-ups.
    await q.query(`
      CREATE INDEX "ix_plan_indicator_rollup_province" ON "plan_indicator_rollup"
        ("approved_only", "catalog_code", "period", "province_id")
        WHERE "province_id" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "province_indicator_rollup" (
        "approved_only" boolean NOT NULL,
        "catalog_code" text NOT NULL,
        "period" text NOT NULL,
        "province_id" integer NOT NULL,
        ${Object.keys(PROVINCE_COUNTS)
          .map((c) => `"${c}" integer NOT NULL`)
          .join(',\n        ')},
        -- The actual values of the key's rows that have one, sorted.
        "actuals" double precision[] NOT NULL,
        CONSTRAINT "pk_province_indicator_rollup" PRIMARY KEY ("approved_only", "catalog_code", "period", "province_id")
      ) WITH (fillfactor = 70)`);
    await q.query(PROVINCE_ROWS_SQL);
    await q.query(MERGE_SQL);
    await q.query(PROVINCE_REBUILD_SQL);
    const signed = (sign: number, rows: string) =>
      `SELECT ${sign} AS sign, approved_only, catalog_code, period, province_id, actual, met, comparison FROM ${rows}`;
    await q.query(`
      CREATE FUNCTION cchc_province_indicator_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE provinces int[]; emptied tid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${provinceApplySql(signed(1, 'new_rows'))}
        ELSIF TG_OP = 'DELETE' THEN
          ${provinceApplySql(signed(-1, 'old_rows'))}
        ELSE
          ${provinceApplySql(`${signed(1, 'new_rows')} UNION ALL ${signed(-1, 'old_rows')}`)}
        END IF;
        RETURN NULL;
      END $$`);
    await keptByStatementTriggers(q, 'plan_indicator_rollup', 'province', 'province_indicator_rollup');
    await q.query(
      `SELECT cchc_rebuild_province_indicator_rollups(ARRAY(SELECT id FROM province UNION SELECT 0))`,
    );

    // A plan moved to another commune, or a commune to another province: its rows change province.
    await q.query(`
      CREATE FUNCTION cchc_enqueue_plan_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO plan_rollup_queue (plan_id, plan_rollup)
        SELECT n.id, false FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.commune_id IS DISTINCT FROM o.commune_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_plan_indicator_rollup_moved" AFTER UPDATE ON "plan"
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_enqueue_plan_moved()`);
    await q.query(`
      CREATE FUNCTION cchc_enqueue_commune_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO plan_rollup_queue (plan_id, plan_rollup)
        SELECT p.id, false FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN plan p ON p.commune_id = n.id
         WHERE n.province_id IS DISTINCT FROM o.province_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_commune_indicator_rollup_moved" AFTER UPDATE ON "commune"
        REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_enqueue_commune_moved()`);

    // Commune plans counted per province and year (missingIndicatorCount of a whole province).
    await q.query(`
      CREATE TABLE "province_commune_plans" (
        "province_id" integer NOT NULL,
        "year" integer NOT NULL,
        "plans" integer NOT NULL,
        CONSTRAINT "pk_province_commune_plans" PRIMARY KEY ("province_id", "year")
      )`);
    await q.query(`
      CREATE FUNCTION cchc_count_province_commune_plans(province_ids int[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM province_commune_plans WHERE province_id = ANY(province_ids);
        INSERT INTO province_commune_plans
        SELECT * FROM (${planCountsOf('SELECT commune_id, year FROM plan', 1)}) n WHERE province_id = ANY(province_ids);
      END $$`);
    const addCounts = (counts: string) => `
        INSERT INTO province_commune_plans AS t (province_id, year, plans)
        SELECT province_id, year, sum(plans) FROM (${counts}) d GROUP BY 1, 2 HAVING sum(plans) <> 0 ORDER BY 1, 2
        ON CONFLICT ON CONSTRAINT pk_province_commune_plans DO UPDATE SET plans = t.plans + EXCLUDED.plans;
        DELETE FROM province_commune_plans WHERE plans = 0;`;
    await q.query(`
      CREATE FUNCTION cchc_province_commune_plans_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${addCounts(planCountsOf('SELECT commune_id, year FROM new_rows', 1))}
        ELSIF TG_OP = 'DELETE' THEN
          ${addCounts(planCountsOf('SELECT commune_id, year FROM old_rows', -1))}
        ELSE
          ${addCounts(`${planCountsOf(
            `SELECT n.commune_id, n.year FROM new_rows n JOIN old_rows o ON o.id = n.id
                                        WHERE (n.commune_id, n.year) IS DISTINCT FROM (o.commune_id, o.year)`,
            1,
          )}
                       UNION ALL
                       ${planCountsOf(
                         `SELECT o.commune_id, o.year FROM new_rows n JOIN old_rows o ON o.id = n.id
                                        WHERE (n.commune_id, n.year) IS DISTINCT FROM (o.commune_id, o.year)`,
                         -1,
                       )}`)}
        END IF;
        RETURN NULL;
      END $$`);
    await keptByStatementTriggers(q, 'plan', 'province_plans', 'province_commune_plans');
    await q.query(`
      CREATE FUNCTION cchc_province_commune_plans_commune_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE ids int[];
      BEGIN
        SELECT array_agg(DISTINCT COALESCE(m.province_id, 0)) INTO ids
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.province_id), (n.province_id)) m(province_id)
         WHERE o.province_id IS DISTINCT FROM n.province_id;
        IF ids IS NOT NULL THEN
          PERFORM cchc_count_province_commune_plans(ids);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_commune_province_plans_update" AFTER UPDATE ON "commune"
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_province_commune_plans_commune_moved()`);
    await q.query(`SELECT cchc_count_province_commune_plans(ARRAY(SELECT id FROM province UNION SELECT 0))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_commune_province_plans_update" ON "commune"`);
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      await q.query(`DROP TRIGGER "tr_plan_province_plans_${event}" ON "plan"`);
      await q.query(`DROP TRIGGER "tr_plan_indicator_rollup_province_${event}" ON "plan_indicator_rollup"`);
    }
    await q.query(`DROP FUNCTION cchc_province_commune_plans_commune_moved()`);
    await q.query(`DROP FUNCTION cchc_province_commune_plans_truncate()`);
    await q.query(`DROP FUNCTION cchc_province_commune_plans_apply()`);
    await q.query(`DROP FUNCTION cchc_count_province_commune_plans(int[])`);
    await q.query(`DROP TABLE "province_commune_plans"`);
    await q.query(`DROP TRIGGER "tr_commune_indicator_rollup_moved" ON "commune"`);
    await q.query(`DROP FUNCTION cchc_enqueue_commune_moved()`);
    await q.query(`DROP TRIGGER "tr_plan_indicator_rollup_moved" ON "plan"`);
    await q.query(`DROP FUNCTION cchc_enqueue_plan_moved()`);
    await q.query(`DROP FUNCTION cchc_province_indicator_rollup_truncate()`);
    await q.query(`DROP FUNCTION cchc_province_indicator_rollup_apply()`);
    await q.query(`DROP FUNCTION cchc_rebuild_province_indicator_rollups(int[])`);
    await q.query(`DROP FUNCTION cchc_sorted_merge(float8[], float8[], float8[])`);
    await q.query(`DROP FUNCTION cchc_province_indicator_rollup_rows(int[])`);
    await q.query(`DROP TABLE "province_indicator_rollup"`);
    await q.query(`DROP TRIGGER "tr_indicator_catalog_rollup_update" ON "indicator_catalog"`);
    await q.query(`DROP FUNCTION cchc_enqueue_indicator_catalog_update()`);
    await q.query(`DROP TRIGGER "tr_indicator_indicator_rollup_update" ON "indicator"`);
    await q.query(`DROP FUNCTION cchc_enqueue_indicator_rollup_update()`);
    await q.query(OLD_FLUSH_SQL);
    await q.query(`ALTER TABLE "plan_rollup_queue" DROP COLUMN "plan_rollup"`);
    await q.query(`DROP FUNCTION cchc_refresh_plan_indicator_rollups(int[], date[], date[], boolean[])`);
    await q.query(`DROP FUNCTION cchc_plan_indicator_rollup_rows(int[], date[], date[], boolean[])`);
    await q.query(`DROP TABLE "plan_indicator_rollup"`);
  }
}
