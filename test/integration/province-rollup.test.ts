import fc from 'fast-check';
import { parsePeriod } from '../../src/core/period';
import { RollupDimension } from '../../src/modules/rollup/rollup.enums';
import { ROLLUP_MEASURE_NAMES } from '../../src/modules/rollup/rollup.measures';
import { provinceLevel, rollupRows } from '../../src/modules/rollup/rollup.service';
import type { RollupRequest } from '../../src/modules/rollup/rollup.service';
import { PROVINCE_ROLLUP_DIFFERENCES_SQL } from '../utils/db-invariants';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/**
 * Province-level roll-ups (no commune or plan among the filters and groups) are summed from
 * province_rollup, plan_rollup's sums per province (migration 1795550000000, issue #15). Whatever
 * the grouping, filters, periods and ordering, they must answer exactly what summing plan_rollup
 * plan by plan answers (whose semantics rollup.test.ts checks against an independent computation),
 * before and after writes.
 */
jest.setTimeout(300_000);

describe('province-level roll-ups from province_rollup', () => {
  let db: TestDatabase;
  let provinceIds: number[];
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    provinceIds = (await db.dataSource.query('SELECT id FROM province ORDER BY id')).map(
      (r: { id: number }) => r.id,
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  const DIMENSIONS = [RollupDimension.PROVINCE, RollupDimension.AREA, RollupDimension.PERIOD];
  const AREAS = ['DIRECTION', 'PROCEDURES', 'DIGITAL_GOVERNMENT', 'PUBLIC_FINANCE'];
  const PERIODS = ['2025', '2025Q1', '2025Q3', '2025-07', '2025-12', '2026', '2026Q2', '2024'];

  /** A province-level request: any grouping without COMMUNE, any filters of provinces and areas. */
  const requests = () =>
    fc.record({
      periods: fc.uniqueArray(fc.constantFrom(...PERIODS), { minLength: 1, maxLength: 3 }),
      provinces: fc.option(fc.subarray(provinceIds, { minLength: 1 }), { nil: null }),
      areaCodes: fc.option(fc.subarray(AREAS, { minLength: 1 }), { nil: null }),
      groupBy: fc.subarray(DIMENSIONS),
      approvedOnly: fc.boolean(),
      orderBy: fc.array(
        fc.record({ measure: fc.constantFrom(...ROLLUP_MEASURE_NAMES), descending: fc.boolean() }),
        { maxLength: 2 },
      ),
      first: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
    });

  const toRequest = (r: {
    periods: string[];
    provinces: number[] | null;
    areaCodes: string[] | null;
    groupBy: RollupDimension[];
    approvedOnly: boolean;
    orderBy: { measure: (typeof ROLLUP_MEASURE_NAMES)[number]; descending: boolean }[];
    first: number | null;
  }): RollupRequest => ({
    periods: r.periods.map((code) => parsePeriod(code)!),
    provinceIds: r.provinces,
    communeIds: null,
    areaCodes: r.areaCodes,
    groupBy: r.groupBy,
    having: [{ measure: 'taskCount', op: 'GTE', value: 0 }],
    orderBy: r.orderBy,
    first: r.first,
    approvedOnly: r.approvedOnly,
  });

  /** Both paths' answers to one request, rows in the order given. */
  const bothPaths = async (request: RollupRequest) => {
    expect(provinceLevel(request)).toBe(true);
    return {
      provinces: await rollupRows(db.dataSource, request),
      plans: await rollupRows(db.dataSource, { ...request, fromPlans: true }),
    };
  };

  const samePaths = () =>
    fc.assert(
      fc.asyncProperty(requests(), async (r) => {
        const { provinces, plans } = await bothPaths(toRequest(r));
        expect(provinces).toEqual(plans);
      }),
      { numRuns: 40 },
    );

  it('answers what summing plan by plan answers, for any grouping, filter, period and order', async () => {
    await samePaths();
  });

  it('has every province with plans, the communes without a province, and zeros for empty areas', async () => {
    const { provinces, plans } = await bothPaths(
      toRequest({
        periods: ['2025'],
        provinces: null,
        areaCodes: null,
        groupBy: [RollupDimension.PROVINCE, RollupDimension.AREA],
        approvedOnly: false,
        orderBy: [],
        first: null,
      }),
    );
    expect(provinces).toEqual(plans);
    const codes = new Set(provinces.map((row) => row.provinceCode));
    expect(codes.has(null)).toBe(true); // xã Kỳ Lạc, with no province
    expect(codes.has('52')).toBe(true);
    expect(provinces.length).toBe(codes.size * 7);
    expect(provinces.some((row) => row.taskCount > 0)).toBe(true);

    // A plan with no task yet (no plan_rollup row) still makes its province a group, of zeros.
    await db.dataSource.query(
      `INSERT INTO plan (commune_id, year, title) SELECT c.id, 2031, 'Kế hoạch 2031' FROM commune c
        JOIN province v ON v.id = c.province_id WHERE v.code = '52' ORDER BY c.id LIMIT 1`,
    );
    const empty = await bothPaths(
      toRequest({
        periods: ['2031Q1'],
        provinces: null,
        areaCodes: null,
        groupBy: [RollupDimension.PROVINCE, RollupDimension.AREA],
        approvedOnly: false,
        orderBy: [],
        first: null,
      }),
    );
    expect(empty.provinces).toEqual(empty.plans);
    expect(empty.provinces.map((row) => [row.provinceCode, row.taskCount])).toEqual(
      Array.from({ length: 7 }, () => ['52', 0]),
    );
  });

  it('still does after writes: progress, an approval, a plan deleted, a commune moved', async () => {
    const [{ planId, reportId }] = await db.dataSource.query(
      `SELECT r.plan_id AS "planId", r.id AS "reportId" FROM status_report r JOIN plan p ON p.id = r.plan_id
        WHERE r.status = 'SUBMITTED' AND p.commune_id IS NOT NULL ORDER BY r.id LIMIT 1`,
    );
    const before = await rollupRows(
      db.dataSource,
      toRequest({
        periods: PERIODS,
        provinces: null,
        areaCodes: null,
        groupBy: [],
        approvedOnly: false,
        orderBy: [],
        first: null,
      }),
    );
    await db.dataSource.query(
      `UPDATE task_progress SET status = 'COMPLETED', percent = 100 WHERE report_id = $1`,
      [reportId],
    );
    await db.dataSource.query(`UPDATE status_report SET status = 'APPROVED' WHERE id = $1`, [reportId]);
    await db.dataSource.query(
      `DELETE FROM plan WHERE id = (SELECT min(p.id) FROM plan p WHERE p.commune_id IS NOT NULL AND p.id <> $1)`,
      [planId],
    );
    await db.dataSource.query(
      `UPDATE commune SET province_id = (SELECT max(id) FROM province)
        WHERE id = (SELECT commune_id FROM plan WHERE id = $1)`,
      [planId],
    );
    expect(await db.dataSource.query(PROVINCE_ROLLUP_DIFFERENCES_SQL)).toEqual([]);
    const after = await rollupRows(
      db.dataSource,
      toRequest({
        periods: PERIODS,
        provinces: null,
        areaCodes: null,
        groupBy: [],
        approvedOnly: false,
        orderBy: [],
        first: null,
      }),
    );
    // The writes changed the figures (a deleted plan's tasks are gone).
    expect(after[0].taskCount).toBeLessThan(before[0].taskCount);
    await samePaths();
  });
});
