import type { MigrationInterface, QueryRunner } from 'typeorm';

/** province_rollup's count columns (as in ProvinceRollup1795550000000). */
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

/**
 * The grid of a province-level roll-up (issue #15, part 1: PostgreSQL CPU per request): one row per
 * province (0: communes without one), period and reform area, with province_rollup's counts (zeros
 * where it has no row). A province is a row of a period when it has a commune plan of the period's
 * year, whether or not that plan has tasks.
 *
 * It was a chain of CTEs in the roll-up statement, and planning them took ~3 ms of a ~4 ms request
 * on national data, for an execution under 1 ms (docs/BENCHMARKS.md, "Reads"). In a PL/pgSQL
 * function the query is planned once per connection and then reused with a generic plan: the tables
 * it reads are small (province_rollup holds 7 rows per province and period), so one plan serves every
 * province and the whole country. The plan cache is per backend, so it needs no session state a
 * pooler in transaction mode would lose (docs/SCALING.md).
 */
export class ProvinceRollupGrid1795590000000 implements MigrationInterface {
  name = 'ProvinceRollupGrid1795590000000';

  public async up(q: QueryRunner): Promise<void> {
    const hasPlan = (condition: string) =>
      `EXISTS (SELECT 1 FROM commune c JOIN plan pl ON pl.commune_id = c.id AND pl.year = per.year WHERE ${condition})`;
    await q.query(`
      CREATE FUNCTION cchc_province_rollup_grid(
        p_periods text[], p_years int[], p_province_ids int[], p_area_codes text[], p_approved_only boolean)
      RETURNS TABLE (province_code text, province_name text, period text, area_code text,
                     ${COUNTS.map((c) => `${c} integer`).join(', ')})
      LANGUAGE plpgsql STABLE
      -- A custom plan per call would plan again each time: what this function exists to avoid.
      SET plan_cache_mode = force_generic_plan
      AS $$
      BEGIN
        RETURN QUERY
        WITH periods AS (
          SELECT * FROM unnest(p_periods, p_years) AS p(period, year)
        ),
        places AS (
          SELECT per.period, v.id AS province_id, v.code AS province_code, v.name AS province_name
            FROM periods per
            CROSS JOIN (SELECT pv.id, pv.code, pv.name FROM province pv
                         WHERE p_province_ids IS NULL OR pv.id = ANY(p_province_ids)
                        UNION ALL SELECT 0, NULL, NULL WHERE p_province_ids IS NULL) v
             -- A province row of the period means a plan of its year (the usual case, one index
             -- probe); else look for a plan without tasks yet. OR stops at the first that holds.
           WHERE EXISTS (SELECT 1 FROM province_rollup r
                          WHERE r.approved_only = p_approved_only AND r.period = per.period AND r.province_id = v.id)
              OR (v.id <> 0 AND ${hasPlan('c.province_id = v.id')})
              OR (v.id = 0 AND ${hasPlan('c.province_id IS NULL')})
        ),
        -- The rows of the periods asked for, read once (materialized: joined by hash, not probed per cell).
        cells AS MATERIALIZED (
          SELECT r.period, r.province_id, r.area_code, ${COUNTS.map((c) => `r.${c}`).join(', ')}
            FROM province_rollup r
           WHERE r.approved_only = p_approved_only AND r.period = ANY(p_periods)
             AND (p_province_ids IS NULL OR r.province_id = ANY(p_province_ids))
             AND (p_area_codes IS NULL OR r.area_code = ANY(p_area_codes))
        )
        SELECT pl.province_code, pl.province_name, pl.period, ra.code,
               ${COUNTS.map((c) => `COALESCE(r.${c}, 0)`).join(', ')}
          FROM places pl
          JOIN reform_area ra ON (p_area_codes IS NULL OR ra.code = ANY(p_area_codes))
          LEFT JOIN cells r ON r.period = pl.period AND r.province_id = pl.province_id AND r.area_code = ra.code;
      END
      $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION cchc_province_rollup_grid(text[], int[], int[], text[], boolean)`);
  }
}
