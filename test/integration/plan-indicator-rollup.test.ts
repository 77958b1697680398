import fc from 'fast-check';
import { Client } from 'pg';
import {
  INDICATOR_ROLLUP_EXTRA_COLUMNS,
  LINKED_TARGET_COLUMNS,
} from '../../migrations/1795600000000-plan-indicator-rollup';
import { ROLLUP_COLUMNS } from '../../migrations/1795560000000-rollup-relevant-updates';
import { parsePeriod } from '../../src/core/period';
import { periodsArgument } from '../../src/core/period.args';
import { IndicatorRollupDimension } from '../../src/modules/indicator-rollup/indicator-rollup.enums';
import {
  indicatorRollupRows,
  readsProvinceRows,
} from '../../src/modules/indicator-rollup/indicator-rollup.service';
import type { IndicatorRollupRequest } from '../../src/modules/indicator-rollup/indicator-rollup.service';
import {
  INDICATOR_ROLLUP_DIFFERENCES_SQL,
  PROVINCE_INDICATOR_ROLLUP_DIFFERENCES_SQL,
} from '../utils/db-invariants';
import { createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/**
 * plan_indicator_rollup (migrations/1795600000000-plan-indicator-rollup.ts) is pre-computed and kept
 * by the roll-up triggers; these tests prove that after the seed and after any sequence of the
 * writes that can change it (reports, values, targets, classification, links, positions, the
 * province plan's target, a catalogue entry's direction) it equals what
 * cchc_plan_indicator_rollup_rows() computes from the raw rows at that moment. (The roll-up's
 * answers themselves are checked against loops over raw rows in indicator-rollup.test.ts.)
 */
describe('plan_indicator_rollup stays equal to a fresh computation from the raw rows', () => {
  let db: TestDatabase;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    sql = new Client({ connectionString: databaseUrl(db.name) });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });
  afterEach(() => sql.query('ROLLBACK'));

  const differences = async () => (await sql.query(INDICATOR_ROLLUP_DIFFERENCES_SQL)).rows;
  const provinceDifferences = async () => (await sql.query(PROVINCE_INDICATOR_ROLLUP_DIFFERENCES_SQL)).rows;

  /** The given plans' rows that differ from a fresh computation of those plans. */
  async function planDifferences(planIds: number[]) {
    const { rows } = await sql.query(
      `WITH fresh AS (SELECT * FROM cchc_plan_indicator_rollup_rows($1::int[])),
            stored AS (SELECT * FROM plan_indicator_rollup WHERE plan_id = ANY($1::int[]))
       SELECT 'stale' AS side, * FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM fresh) a
       UNION ALL SELECT 'missing', * FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM stored) b`,
      [planIds],
    );
    return rows;
  }

  /** A province plan of 2025 with an indicator linked from several commune plans, and those plans. */
  async function linkedFamily() {
    const { rows } = await sql.query(
      `SELECT pi.plan_id AS "provincePlanId", array_agg(DISTINCT ci.plan_id ORDER BY ci.plan_id) AS "communePlanIds"
         FROM indicator pi JOIN plan pp ON pp.id = pi.plan_id AND pp.year = 2025 AND pp.province_id IS NOT NULL
         JOIN indicator ci ON ci.province_indicator_id = pi.id
        GROUP BY pi.plan_id HAVING count(DISTINCT ci.plan_id) >= 3
        ORDER BY pi.plan_id LIMIT 1`,
    );
    expect(rows).toHaveLength(1);
    const provincePlanId = rows[0].provincePlanId as number;
    const communePlanIds = (rows[0].communePlanIds as number[]).slice(0, 3);
    const indicatorsOf = async (planId: number) =>
      (await sql.query('SELECT id FROM indicator WHERE plan_id = $1 ORDER BY position', [planId])).rows.map(
        (r) => r.id as number,
      );
    return {
      provincePlanId,
      communePlanIds,
      provinceIndicatorIds: await indicatorsOf(provincePlanId),
      communeIndicatorIds: await Promise.all(communePlanIds.map(indicatorsOf)),
    };
  }

  it('holds for the seeded data, which has rows of both scopes, 17 periods, values, links and comparisons', async () => {
    expect(await differences()).toEqual([]);
    const { rows } = await sql.query(
      `SELECT count(DISTINCT period)::int AS periods, count(DISTINCT approved_only)::int AS scopes,
              count(*) FILTER (WHERE met)::int AS met, count(*) FILTER (WHERE NOT met)::int AS not_met,
              count(*) FILTER (WHERE actual IS NULL)::int AS no_value,
              count(*) FILTER (WHERE linked_id IS NOT NULL)::int AS linked,
              count(DISTINCT comparison)::int AS comparisons, count(DISTINCT catalog_code)::int AS codes
         FROM plan_indicator_rollup r JOIN plan p ON p.id = r.plan_id WHERE p.year = 2025`,
    );
    expect(rows[0].periods).toBe(17);
    expect(rows[0].scopes).toBe(2);
    for (const key of ['met', 'not_met', 'no_value', 'linked']) expect(rows[0][key]).toBeGreaterThan(0);
    expect(rows[0].comparisons).toBeGreaterThanOrEqual(3);
    expect(rows[0].codes).toBeGreaterThanOrEqual(3);
    expect(await provinceDifferences()).toEqual([]);
    const { rows: provinces } = await sql.query(
      `SELECT count(DISTINCT province_id)::int AS provinces, count(*) FILTER (WHERE cardinality(actuals) > 1)::int AS medians,
              (SELECT count(*)::int FROM province_commune_plans) AS counted
         FROM province_indicator_rollup`,
    );
    expect(provinces[0].provinces).toBeGreaterThanOrEqual(2);
    expect(provinces[0].medians).toBeGreaterThan(0);
    expect(provinces[0].counted).toBeGreaterThanOrEqual(2);
  });

  it('keeps the per-province rows and plan counts when plans and communes move, and plans come and go', async () => {
    const { rows: two } = await sql.query(
      `SELECT c.id AS commune_id, c.province_id, min(p.id) AS plan_id FROM commune c JOIN plan p ON p.commune_id = c.id
        JOIN indicator i ON i.plan_id = p.id AND i.catalog_code IS NOT NULL
        WHERE c.province_id IS NOT NULL GROUP BY c.id, c.province_id ORDER BY c.province_id, c.id`,
    );
    const first = two[0];
    const other = two.find((r) => r.province_id !== first.province_id);
    expect(other).toBeDefined();
    const { rows: lone } = await sql.query(
      `SELECT c.id FROM commune c WHERE c.province_id = $1
          AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.commune_id = c.id AND p.year = 2031) LIMIT 1`,
      [other.province_id],
    );
    const steps: [string, string, unknown[]][] = [
      [
        'a commune moves to another province',
        'UPDATE commune SET province_id = $2 WHERE id = $1',
        [first.commune_id, other.province_id],
      ],
      [
        'and back',
        'UPDATE commune SET province_id = $2 WHERE id = $1',
        [first.commune_id, first.province_id],
      ],
      [
        'a plan moves to a commune of another province',
        `UPDATE plan SET commune_id = $2, year = 2031 WHERE id = $1`,
        [first.plan_id, lone[0].id],
      ],
      [
        'a plan of another year comes',
        `INSERT INTO plan (commune_id, year, title) SELECT commune_id, 2032, title FROM plan WHERE id = $1`,
        [other.plan_id],
      ],
      ['a plan goes', 'DELETE FROM plan WHERE id = $1', [other.plan_id]],
    ];
    for (const [step, text, params] of steps) {
      await sql.query('BEGIN');
      await sql.query(text, params);
      await sql.query('COMMIT');
      expect({ step, plans: await differences(), provinces: await provinceDifferences() }).toEqual({
        step,
        plans: [],
        provinces: [],
      });
    }
  }, 120_000);

  it("queues the linked commune plans, for this table only, when a province plan's target changes", async () => {
    const family = await linkedFamily();
    const linkedPlans = (
      await sql.query(
        `SELECT DISTINCT c.plan_id FROM indicator c JOIN indicator p ON p.id = c.province_indicator_id
          WHERE p.plan_id = $1 ORDER BY 1`,
        [family.provincePlanId],
      )
    ).rows.map((r) => r.plan_id as number);
    await sql.query('BEGIN');
    await sql.query(
      `UPDATE indicator SET target_value = COALESCE(target_value, 0) + 7, target_max = target_max + 7
        WHERE plan_id = $1`,
      [family.provincePlanId],
    );
    const { rows } = await sql.query(
      `SELECT plan_id, bool_or(plan_rollup) AS plan_rollup FROM plan_rollup_queue
        WHERE transaction_id = txid_current() GROUP BY plan_id ORDER BY plan_id`,
    );
    // The province plan itself for both tables (plan_rollup counts its own targets' met), its
    // linked commune plans for plan_indicator_rollup only.
    expect(rows).toEqual(
      [family.provincePlanId, ...linkedPlans]
        .sort((a, b) => a - b)
        .map((id) => ({ plan_id: id, plan_rollup: id === family.provincePlanId })),
    );
    await sql.query('COMMIT');
    expect(await planDifferences([family.provincePlanId, ...linkedPlans])).toEqual([]);
  });

  /**
   * The column lists of the migration are complete: changing any other indicator column (rolled
   * back) leaves a fresh computation of the indicator's plan, and of the plans linked to it, as it
   * was; a change of each listed column queues the plan (a target column of a linked province
   * indicator: the linked plans).
   */
  it('queues plans only for updates of the indicator columns the rows read, and those are all they read', async () => {
    const family = await linkedFamily();
    const { rows: linkedRows } = await sql.query(
      `SELECT p.id, array_agg(DISTINCT c.plan_id) AS linked FROM indicator p JOIN indicator c ON c.province_indicator_id = p.id
        WHERE p.plan_id = $1 AND p.comparator IS NOT NULL GROUP BY p.id ORDER BY p.id LIMIT 1`,
      [family.provincePlanId],
    );
    const { rows: communeRows } = await sql.query(
      `SELECT id FROM indicator WHERE plan_id = $1 AND catalog_code IS NOT NULL AND comparator IS NOT NULL
        ORDER BY position LIMIT 1`,
      [family.communePlanIds[0]],
    );
    const listed = [...ROLLUP_COLUMNS.indicator, ...INDICATOR_ROLLUP_EXTRA_COLUMNS];
    const changes: Record<string, string> = {
      catalog_code: `CASE WHEN catalog_code = 'ONLINE_PAYMENT' THEN 'REFORM_INITIATIVES' ELSE 'ONLINE_PAYMENT' END`,
      comparator: `CASE WHEN comparator = 'GTE' THEN 'LTE' ELSE 'GTE' END`,
      target_value: 'target_value + 1',
      target_max: 'COALESCE(target_max, target_value) + 1',
      unit: `CASE WHEN unit = 'PERCENT' THEN 'COUNT' ELSE 'PERCENT' END`,
      direction: `CASE WHEN direction = 'INCREASE' THEN 'DECREASE' ELSE 'INCREASE' END`,
      position: 'position + 100000',
      province_indicator_id: `CASE WHEN province_indicator_id IS NULL THEN ${linkedRows[0].id} END`,
    };
    /** A different value for an unlisted column, or null when its type has none handy. */
    const otherValue = (column: string, type: string, nullable: boolean) => {
      if (nullable && type !== 'boolean') return 'NULL';
      if (/char|text/.test(type)) return `"${column}" || ' (sửa)'`;
      if (/int|numeric|real|double/.test(type)) return `"${column}" + 100000`;
      if (type === 'boolean') return `NOT COALESCE("${column}", false)`;
      if (/timestamp/.test(type)) return `"${column}" + interval '1 hour'`;
      if (type === 'jsonb') return `'[]'::jsonb`;
      return null;
    };
    const { rows: columns } = await sql.query(
      `SELECT column_name AS name, data_type AS type, is_nullable = 'YES' AS nullable
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'indicator'`,
    );
    const queuedPlans = async () =>
      (
        await sql.query(
          'SELECT DISTINCT plan_id FROM plan_rollup_queue WHERE transaction_id = txid_current() ORDER BY 1',
        )
      ).rows.map((r) => r.plan_id as number);
    const cases = [
      { id: communeRows[0].id as number, plans: [family.communePlanIds[0]] },
      {
        id: linkedRows[0].id as number,
        plans: [family.provincePlanId, ...(linkedRows[0].linked as number[])],
      },
    ];
    let exercised = 0;
    for (const { id, plans } of cases) {
      const fresh = async () =>
        (await sql.query('SELECT * FROM cchc_plan_indicator_rollup_rows($1) ORDER BY 1, 2, 3, 4', [plans]))
          .rows;
      for (const column of columns as { name: string; type: string; nullable: boolean }[]) {
        if (['id', 'plan_id', 'area_code'].includes(column.name)) continue;
        const isListed = listed.includes(column.name);
        const value = isListed ? changes[column.name] : otherValue(column.name, column.type, column.nullable);
        await sql.query('BEGIN');
        try {
          const before = await fresh();
          await sql.query('SAVEPOINT change');
          const ok = value
            ? await sql.query(`UPDATE indicator SET "${column.name}" = ${value} WHERE id = $1`, [id]).then(
                () => true,
                () => false,
              )
            : false;
          if (!ok) {
            expect({ column: column.name, listed: isListed }).toEqual({ column: column.name, listed: false });
            continue;
          }
          if (isListed) {
            // A target column of the province indicator queues its linked plans; the commune's own
            // columns queue its plan.
            const wanted =
              plans.length > 1 && LINKED_TARGET_COLUMNS.includes(column.name) ? plans.slice(1) : [plans[0]];
            const queued = await queuedPlans();
            for (const planId of wanted) {
              expect({ column: column.name, planId, queued: queued.includes(planId) }).toEqual({
                column: column.name,
                planId,
                queued: true,
              });
            }
          } else {
            expect({ column: column.name, queued: await queuedPlans() }).toEqual({
              column: column.name,
              queued: [],
            });
            expect(await fresh()).toEqual(before);
          }
          exercised += 1;
        } finally {
          await sql.query('ROLLBACK');
        }
      }
    }
    expect(exercised).toBeGreaterThan(30);
  }, 240_000);

  it('holds for any sequence of the writes that change it, in any grouping into transactions (property)', async () => {
    const family = await linkedFamily();
    const plans = family.communePlanIds;
    const periods = [
      '2025',
      '2025Q1',
      '2025Q2',
      '2025Q3',
      '2025Q4',
      '2025-02',
      '2025-06',
      '2025-08',
      '2025-12',
    ];
    const statuses = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED'];
    const comparators = ['GTE', 'GT', 'LTE', 'LT', 'EQ', 'BETWEEN'];
    const codes = ['ONLINE_PAYMENT', 'REFORM_INITIATIVES', 'CITIZEN_DIALOGUES', null];
    const plan = fc.integer({ min: 0, max: plans.length - 1 });
    const indicator = fc.nat(20);
    const target = { comparator: fc.constantFrom(...comparators), value: fc.integer({ min: 0, max: 100 }) };
    const everyday = fc.oneof(
      fc.record({
        kind: fc.constant('report' as const),
        plan,
        period: fc.constantFrom(...periods),
        status: fc.constantFrom(...statuses),
      }),
      fc.record({ kind: fc.constant('delete' as const), plan, period: fc.constantFrom(...periods) }),
      fc.record({
        kind: fc.constant('value' as const),
        plan,
        period: fc.constantFrom(...periods),
        indicator,
        value: fc.option(fc.integer({ min: 0, max: 120 })),
      }),
      fc.record({ kind: fc.constant('target' as const), plan, indicator, ...target }),
      fc.record({ kind: fc.constant('provinceTarget' as const), indicator, ...target }),
      fc.record({ kind: fc.constant('classify' as const), plan, indicator, code: fc.constantFrom(...codes) }),
      fc.record({ kind: fc.constant('link' as const), plan, indicator, to: fc.option(indicator) }),
      fc.record({ kind: fc.constant('lastPosition' as const), plan, indicator }),
      fc.record({
        kind: fc.constant('unitDirection' as const),
        plan: fc.option(plan),
        indicator,
        unit: fc.constantFrom('PERCENT', 'COUNT', null),
        direction: fc.constantFrom('INCREASE', 'DECREASE', null),
      }),
    );
    // A catalogue direction refreshes every plan naming the entry (seconds each): rare.
    const write = fc.oneof(
      { weight: 40, arbitrary: everyday },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('catalogDirection' as const),
          code: fc.constantFrom('ONLINE_PAYMENT', 'REFORM_INITIATIVES'),
          direction: fc.constantFrom('INCREASE', 'DECREASE'),
        }),
      },
    );
    type Write = typeof write extends fc.Arbitrary<infer T> ? T : never;
    const pick = (ids: number[], i: number) => ids[i % ids.length];
    const communeIndicator = (w: { plan: number; indicator: number }) =>
      pick(family.communeIndicatorIds[w.plan], w.indicator);
    const setTarget = (id: number, comparator: string, value: number) =>
      sql.query(
        `UPDATE indicator SET comparator = $2, target_value = $3,
                target_max = CASE WHEN $2 = 'BETWEEN' THEN $3::numeric + 10 END WHERE id = $1`,
        [id, comparator, value],
      );
    const apply = async (w: Write) => {
      if (w.kind === 'catalogDirection') {
        await sql.query('UPDATE indicator_catalog SET direction = $2 WHERE code = $1', [w.code, w.direction]);
        return;
      }
      if (w.kind === 'provinceTarget') {
        await setTarget(pick(family.provinceIndicatorIds, w.indicator), w.comparator, w.value);
        return;
      }
      if (w.kind === 'unitDirection') {
        const id =
          w.plan === null
            ? pick(family.provinceIndicatorIds, w.indicator)
            : communeIndicator({ ...w, plan: w.plan });
        await sql.query('UPDATE indicator SET unit = $2, direction = $3 WHERE id = $1', [
          id,
          w.unit,
          w.direction,
        ]);
        return;
      }
      const planId = plans[w.plan];
      if (w.kind === 'report') {
        const { start, end } = parsePeriod(w.period)!;
        await sql.query(
          `INSERT INTO status_report (plan_id, period, period_start, period_end, status, submitted_at)
           VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (plan_id, period) DO UPDATE SET status = EXCLUDED.status`,
          [planId, w.period, start, end, w.status],
        );
      } else if (w.kind === 'delete') {
        await sql.query('DELETE FROM status_report WHERE plan_id = $1 AND period = $2', [planId, w.period]);
      } else if (w.kind === 'value') {
        await sql.query(
          `INSERT INTO indicator_value (report_id, indicator_id, actual_value)
           SELECT r.id, $3, $4 FROM status_report r WHERE r.plan_id = $1 AND r.period = $2
           ON CONFLICT (report_id, indicator_id) DO UPDATE SET actual_value = EXCLUDED.actual_value`,
          [planId, w.period, communeIndicator(w), w.value],
        );
      } else if (w.kind === 'target') {
        await setTarget(communeIndicator(w), w.comparator, w.value);
      } else if (w.kind === 'classify') {
        await sql.query(
          `UPDATE indicator SET catalog_code = $2, catalog_source = CASE WHEN $2::text IS NULL THEN NULL ELSE 'MANUAL' END
            WHERE id = $1`,
          [communeIndicator(w), w.code],
        );
      } else if (w.kind === 'link') {
        await sql.query(
          `UPDATE indicator SET province_indicator_id = $2,
                  province_link_source = CASE WHEN $2::int IS NULL THEN NULL ELSE 'MANUAL' END WHERE id = $1`,
          [communeIndicator(w), w.to === null ? null : pick(family.provinceIndicatorIds, w.to)],
        );
      } else {
        await sql.query(
          `UPDATE indicator SET position = (SELECT max(position) + 1 FROM indicator WHERE plan_id = $2) WHERE id = $1`,
          [communeIndicator(w), planId],
        );
      }
    };
    const family4 = [family.provincePlanId, ...plans];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(write, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        async (transactions) => {
          for (const writes of transactions) {
            await sql.query('BEGIN');
            for (const w of writes) await apply(w);
            await sql.query('COMMIT');
            expect(await planDifferences(family4)).toEqual([]);
            expect(await provinceDifferences()).toEqual([]);
          }
        },
      ),
      { numRuns: 40, endOnFailure: true },
    );
    // Catalogue directions reach plans outside the family: the whole table once more.
    expect(await differences()).toEqual([]);
    expect(await provinceDifferences()).toEqual([]);
  }, 600_000);

  /**
   * A whole-province roll-up reads province_indicator_rollup; the same request read plan by plan
   * (fromPlans) must give the same rows, for every grouping, period mix, scope and filter it takes.
   */
  it('gives the same rows from the province aggregate as from the plans, for every request it answers', async () => {
    const { rows: provinceRows } = await sql.query(
      `SELECT DISTINCT province_id FROM province_indicator_rollup WHERE province_id <> 0 ORDER BY 1 LIMIT 2`,
    );
    const provinceIds = provinceRows.map((r) => r.province_id as number);
    const periodSets = [['2025Q3'], ['2025'], ['2025-08'], ['2025Q1', '2025Q2', '2025-12', '2024Q4']];
    const codes = ['ONLINE_PAYMENT', 'SATISFACTION', 'REFORM_INITIATIVES'];
    let compared = 0;
    let withMedian = 0;
    for (const periods of periodSets) {
      for (const groupBy of [
        [IndicatorRollupDimension.PROVINCE],
        [IndicatorRollupDimension.PROVINCE, IndicatorRollupDimension.PERIOD],
        [IndicatorRollupDimension.PERIOD, IndicatorRollupDimension.PROVINCE],
      ]) {
        for (const catalogCode of codes) {
          for (const approvedOnly of [false, true]) {
            for (const place of [null, [provinceIds[0]]]) {
              const request: IndicatorRollupRequest = {
                periods: periodsArgument(periods, 'Asia/Ho_Chi_Minh'),
                catalogCode,
                place: { provinceIds: place, communeIds: null },
                readable: { provinceIds: place === null ? null : provinceIds, communeIds: null },
                groupBy,
                having:
                  catalogCode === 'SATISFACTION' ? [{ measure: 'communeCount', op: 'GTE', value: 1 }] : [],
                orderBy: [{ measure: 'actualMedian', descending: true }],
                first: 50,
                approvedOnly,
              };
              if (!readsProvinceRows(request)) continue;
              const fromProvinces = await indicatorRollupRows(db.dataSource, request);
              const fromPlans = await indicatorRollupRows(db.dataSource, { ...request, fromPlans: true });
              expect({ request, rows: fromProvinces }).toEqual({ request, rows: fromPlans });
              compared += 1;
              withMedian += fromProvinces.filter((r) => r.actualMedian !== null).length;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(40);
    expect(withMedian).toBeGreaterThan(20);
    // Not answered from provinces: a commune scope, communes as rows, several periods in one row.
    const base = {
      periods: periodsArgument(['2025Q3'], 'Asia/Ho_Chi_Minh'),
      catalogCode: 'ONLINE_PAYMENT',
      place: { provinceIds: null, communeIds: null },
      readable: { provinceIds: null, communeIds: null },
      groupBy: [IndicatorRollupDimension.PROVINCE],
      having: [],
      orderBy: [],
      first: 10,
      approvedOnly: false,
    } satisfies IndicatorRollupRequest;
    expect(readsProvinceRows(base)).toBe(true);
    expect(readsProvinceRows({ ...base, readable: { provinceIds: null, communeIds: [1] } })).toBe(false);
    expect(
      readsProvinceRows({
        ...base,
        groupBy: [IndicatorRollupDimension.PROVINCE, IndicatorRollupDimension.COMMUNE],
      }),
    ).toBe(false);
    expect(
      readsProvinceRows({ ...base, periods: periodsArgument(['2025Q3', '2025Q4'], 'Asia/Ho_Chi_Minh') }),
    ).toBe(false);
    expect(
      readsProvinceRows({
        ...base,
        periods: periodsArgument(['2025Q3', '2025Q3'], 'Asia/Ho_Chi_Minh'),
        groupBy: [IndicatorRollupDimension.PROVINCE, IndicatorRollupDimension.PERIOD],
      }),
    ).toBe(false);
    expect(readsProvinceRows({ ...base, groupBy: [] })).toBe(false);
  }, 240_000);

  it('merges the sorted arrays as multisets, and their quartiles equal percentile_cont over the values (property)', async () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 120 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
      // Subnormals: interpolating between 0 and 5e-324 in SQL arithmetic raised "underflow" (found by this property).
      fc.constantFrom(5e-324, -5e-324, 1e-310),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { maxLength: 30 }),
        fc.array(value, { maxLength: 8 }),
        fc.nat(),
        fc.constantFrom(0.25, 0.5, 0.75, 0, 1),
        async (values, added, removeCount, fraction) => {
          // Removed values are some of those present (as a statement trigger's old rows are).
          const removed = values.slice(0, removeCount % (values.length + 1));
          const { rows } = await sql.query(
            `WITH merged AS (
               SELECT cchc_sorted_merge(
                        (SELECT COALESCE(array_agg(v ORDER BY v), '{}') FROM unnest($1::float8[]) v), $2, $3) AS a),
             expected AS (
               SELECT COALESCE(array_agg(v ORDER BY v), '{}') AS a,
                      percentile_cont($4::float8) WITHIN GROUP (ORDER BY v) AS p
                 FROM (SELECT v FROM unnest($1::float8[]) WITH ORDINALITY u(v, i) WHERE i > cardinality($3::float8[])
                       UNION ALL SELECT unnest($2::float8[])) x)
             SELECT m.a = e.a AS same_array, m.a::text AS merged, e.a::text AS expected,
                    -- As the province path reads quartiles (indicator-rollup.service rowsFromProvinces).
                    (SELECT percentile_cont(ARRAY[$4::float8]) WITHIN GROUP (ORDER BY v) FROM unnest(m.a) v)[1] AS percentile,
                    e.p AS expected_percentile
               FROM merged m, expected e`,
            [values, added, removed, fraction],
          );
          expect(rows[0].same_array).toBe(true);
          expect(rows[0].percentile).toBe(rows[0].expected_percentile);
        },
      ),
      { numRuns: 300 },
    );
  });
});
