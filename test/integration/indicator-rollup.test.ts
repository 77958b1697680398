import { parsePeriod } from '../../src/core/period';
import { startGraphqlServer } from '../../src/app/server';
import { codesOf, writeFixture } from '../utils/write-fixtures';
import type { WriteFixture } from '../utils/write-fixtures';
import { GraphqlClient } from '../utils/graphql';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';
import { expectedComparison } from '../utils/target-comparison';

const ADMIN_TOKEN = 'indicator-rollup-test-admin-token';
const PROVINCE = '52';
const CATALOG_CODES = ['ONLINE_PAYMENT', 'REFORM_INITIATIVES', 'CITIZEN_DIALOGUES', 'RESULTS_SYNCED'];
const PERIODS = ['2025', '2025Q1', '2025Q2', '2025Q3', '2025Q4', '2025-03', '2025-08', '2026Q2', '2026-09'];
const GROUPINGS = [[], ['PROVINCE'], ['COMMUNE'], ['PERIOD'], ['PROVINCE', 'PERIOD'], ['COMMUNE', 'PERIOD']];
const MEASURES = [
  'communeCount',
  'metCount',
  'notMetCount',
  'noDataCount',
  'missingIndicatorCount',
  'looserTargetCount',
  'actualMin',
  'actualP25',
  'actualMedian',
  'actualP75',
  'actualMax',
];
const ROW_FIELDS = `catalogCode provinceCode provinceName communeCode communeName period ${MEASURES.join(' ')}
  provinceTarget { indicatorId text comparator value max unit }`;

/** percentile_cont as PostgreSQL defines it: linear interpolation between the closest ranks. */
function percentileCont(sorted: number[], fraction: number): number | null {
  if (!sorted.length) return null;
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Does `actual` satisfy the target? null when there is no value or no parsed target. */
function meets(actual: number | null, comparator: string | null, value: number, max: number | null) {
  if (actual === null || comparator === null) return null;
  switch (comparator) {
    case 'GTE':
      return actual >= value;
    case 'GT':
      return actual > value;
    case 'LTE':
      return actual <= value;
    case 'LT':
      return actual < value;
    case 'EQ':
      return actual === value;
    case 'BETWEEN':
      return max === null ? null : actual >= value && actual <= max;
  }
  throw new Error(`comparator ${comparator}`);
}

/** What one commune plan says about the entry in one period, computed from the raw rows. */
interface CommuneFact {
  provinceCode: string;
  provinceName: string;
  communeCode: string;
  communeName: string;
  period: string;
  indicatorId: number | null;
  actual: number | null;
  met: boolean | null;
  comparison: string | null;
  provinceIndicatorId: number | null;
}

/**
 * The facts behind an indicator roll-up, computed independently in plain loops over rows read
 * plainly (docs/ROLLUPS.md, "Indicator roll-ups"): per commune plan of the province and period, the
 * as-of report (latest SUBMITTED/APPROVED report ending by the end of the period; ties: the longer
 * period, then the later submission), the plan's first indicator of the entry by position, its
 * value in that report, met, and the cascade comparison.
 */
async function facts(db: TestDatabase, catalogCode: string, periods: string[]): Promise<CommuneFact[]> {
  const q = (sql: string, params?: unknown[]) => db.dataSource.query(sql, params);
  const [province] = await q('SELECT id, code, name FROM province WHERE code = $1', [PROVINCE]);
  const [{ direction }] = await q('SELECT direction FROM indicator_catalog WHERE code = $1', [catalogCode]);
  const communes = await q('SELECT id, code, name FROM commune WHERE province_id = $1', [province.id]);
  const plans = await q('SELECT id, commune_id, province_id, year FROM plan');
  const indicators = await q(
    'SELECT id, plan_id, position, catalog_code, comparator, target_value, target_max, unit, direction, province_indicator_id FROM indicator WHERE catalog_code = $1',
    [catalogCode],
  );
  const reports = await q(
    'SELECT id, plan_id, status, period_start, period_end, submitted_at FROM status_report',
  );
  const values = await q('SELECT report_id, indicator_id, actual_value FROM indicator_value');
  const valueOf = new Map(values.map((v: any) => [`${v.report_id}:${v.indicator_id}`, v.actual_value]));
  const indicatorById = new Map<number, any>(indicators.map((i: any) => [i.id, i]));
  const firstOf = (planId: number) =>
    indicators
      .filter((i: any) => i.plan_id === planId)
      .sort((a: any, b: any) => a.position - b.position)[0] ?? null;

  const result: CommuneFact[] = [];
  for (const code of periods) {
    const period = parsePeriod(code)!;
    const provincePlan = plans.find((p: any) => p.province_id === province.id && p.year === period.year);
    const provinceIndicator = provincePlan ? firstOf(provincePlan.id) : null;
    for (const commune of communes) {
      const plan = plans.find((p: any) => p.commune_id === commune.id && p.year === period.year);
      if (!plan) continue;
      const asOf = reports
        .filter(
          (r: any) =>
            r.plan_id === plan.id &&
            ['SUBMITTED', 'APPROVED'].includes(r.status) &&
            r.period_end <= period.end,
        )
        .sort(
          (a: any, b: any) =>
            b.period_end.localeCompare(a.period_end) ||
            a.period_start.localeCompare(b.period_start) ||
            (b.submitted_at ?? 0) - (a.submitted_at ?? 0),
        )[0];
      const indicator = firstOf(plan.id);
      const actual = indicator && asOf ? (valueOf.get(`${asOf.id}:${indicator.id}`) ?? null) : null;
      const linked = indicator?.province_indicator_id
        ? indicatorById.get(indicator.province_indicator_id)
        : null;
      result.push({
        provinceCode: province.code,
        provinceName: province.name,
        communeCode: commune.code,
        communeName: commune.name,
        period: code,
        indicatorId: indicator?.id ?? null,
        actual: actual as number | null,
        met: indicator
          ? meets(actual as number | null, indicator.comparator, indicator.target_value, indicator.target_max)
          : null,
        comparison: indicator ? expectedComparison(indicator, linked ?? null, direction) : null,
        provinceIndicatorId: provinceIndicator?.id ?? null,
      });
    }
  }
  return result;
}

const KEYS: Record<string, (f: CommuneFact) => Record<string, string>> = {
  PROVINCE: (f) => ({ provinceCode: f.provinceCode, provinceName: f.provinceName }),
  COMMUNE: (f) => ({ communeCode: f.communeCode, communeName: f.communeName }),
  PERIOD: (f) => ({ period: f.period }),
};

/** Every roll-up figure of the groups, from the facts. */
function expectedRows(all: CommuneFact[], groupBy: string[], targets: Map<number, any>) {
  const groups = new Map<string, CommuneFact[]>();
  for (const fact of all) {
    const key = JSON.stringify(groupBy.map((d) => KEYS[d](fact)));
    groups.set(key, [...(groups.get(key) ?? []), fact]);
  }
  return [...groups.values()].map((members) => {
    const withIndicator = members.filter((f) => f.indicatorId !== null);
    const actuals = withIndicator
      .map((f) => f.actual)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const provinceIds = new Set(members.map((f) => f.provinceIndicatorId));
    const provinceIndicatorId = provinceIds.size === 1 ? [...provinceIds][0] : null;
    const target = provinceIndicatorId === null ? null : targets.get(provinceIndicatorId);
    return {
      provinceCode: null,
      provinceName: null,
      communeCode: null,
      communeName: null,
      period: null,
      ...Object.assign({}, ...groupBy.map((d) => KEYS[d](members[0]))),
      communeCount: withIndicator.length,
      metCount: withIndicator.filter((f) => f.met === true).length,
      notMetCount: withIndicator.filter((f) => f.met === false).length,
      noDataCount: withIndicator.filter((f) => f.met === null).length,
      missingIndicatorCount: members.length - withIndicator.length,
      looserTargetCount: withIndicator.filter((f) => f.comparison === 'LOOSER').length,
      actualMin: actuals[0] ?? null,
      actualP25: percentileCont(actuals, 0.25),
      actualMedian: percentileCont(actuals, 0.5),
      actualP75: percentileCont(actuals, 0.75),
      actualMax: actuals.at(-1) ?? null,
      provinceTarget: target
        ? {
            indicatorId: String(target.id),
            text: target.target_text,
            comparator: target.comparator,
            value: target.target_value,
            max: target.target_max,
            unit: target.unit,
          }
        : null,
    };
  });
}

const sortKey = (row: Record<string, unknown>) =>
  [row.provinceCode, row.communeCode, row.period].map((v) => v ?? '').join('|');

/** Floats from two computations agree to 9 digits (percentile_cont works in double precision). */
function rounded<T>(row: T): T {
  return JSON.parse(JSON.stringify(row), (_key, value) =>
    typeof value === 'number' ? Math.round(value * 1e9) / 1e9 : value,
  );
}

describe('Query.indicatorRollup and Province.indicatorLeague', () => {
  let db: TestDatabase;
  let server: { url: string; stop: () => Promise<void> };
  let client: GraphqlClient;
  let fixture: WriteFixture;

  const overHttp = async (query: string, variables: Record<string, unknown>) => {
    const post = () =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ query, variables }),
      });
    // The oracle computes for seconds between requests: the server may close the kept-alive socket
    // just as fetch reuses it (ECONNRESET, a transport race, not an answer). Ask again once then.
    const response = await post().catch((error: { cause?: { code?: string } }) => {
      if (error.cause?.code === 'ECONNRESET') return post();
      throw error;
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const ROLLUP = `query ($periods: [String!]!, $catalogCode: String!, $groupBy: [IndicatorRollupDimension!]!) {
    indicatorRollup(periods: $periods, provinceCode: "${PROVINCE}", catalogCode: $catalogCode, groupBy: $groupBy) { ${ROW_FIELDS} }
  }`;

  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    server = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
    });
    client = await GraphqlClient.create(db.dataSource);
    fixture = await writeFixture(db.dataSource);
  });
  afterAll(async () => {
    await client?.stop();
    await server?.stop();
    await db?.drop();
  });

  async function targetsById() {
    const rows = await db.dataSource.query(
      'SELECT id, target_text, comparator, target_value, target_max, unit FROM indicator WHERE plan_id IN (SELECT id FROM plan WHERE province_id IS NOT NULL)',
    );
    return new Map<number, any>(rows.map((r: any) => [r.id, r]));
  }

  it.each(CATALOG_CODES)(
    'oracle: every figure of %s, for year, quarter and month periods and every grouping, equals an independent computation',
    async (catalogCode) => {
      const targets = await targetsById();
      for (const groupBy of GROUPINGS) {
        // Without PERIOD in groupBy, each period is asked for alone (several would add up).
        const runs = groupBy.includes('PERIOD') ? [PERIODS] : PERIODS.map((p) => [p]);
        for (const periods of runs) {
          const expected = expectedRows(await facts(db, catalogCode, periods), groupBy, targets);
          const { indicatorRollup } = await overHttp(ROLLUP, { periods, catalogCode, groupBy });
          const actual = indicatorRollup.map(({ catalogCode: code, ...row }: any) => {
            expect(code).toBe(catalogCode);
            return row;
          });
          expect(rounded(actual).sort((a: any, b: any) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
            rounded(expected).sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
          );
        }
      }
    },
    240_000,
  );

  it('the generated province is realistic: most communes stricter, some the same, a few looser, some without the indicator', async () => {
    const { indicatorRollup } = await overHttp(ROLLUP, {
      periods: ['2025Q3'],
      catalogCode: 'ONLINE_PAYMENT',
      groupBy: [],
    });
    const [row] = indicatorRollup;
    expect(row.provinceTarget).toMatchObject({ comparator: 'GT', unit: 'PERCENT' });
    expect(row.provinceTarget.text).toMatch(
      /^Tỷ lệ thanh toán trực tuyến trên tổng số giao dịch đạt trên \d+%$/,
    );
    expect(row.communeCount).toBeGreaterThan(100);
    expect(row.looserTargetCount).toBeGreaterThan(0);
    expect(row.looserTargetCount).toBeLessThan(row.communeCount * 0.2);
    expect(row.missingIndicatorCount).toBeGreaterThan(0);
    expect(row.metCount).toBeGreaterThan(0);
    expect(row.notMetCount).toBeGreaterThan(0);
    expect(row.actualP25).toBeLessThanOrEqual(row.actualMedian);
    expect(row.actualMedian).toBeLessThanOrEqual(row.actualP75);
  });

  it('a submitted value shows in the next read', async () => {
    // A commune plan of 2025 with an ONLINE_PAYMENT indicator and its latest counted report.
    const [target] = await db.dataSource.query(
      `SELECT i.id AS indicator_id, c.code, r.id AS report_id
         FROM indicator i JOIN plan p ON p.id = i.plan_id JOIN commune c ON c.id = p.commune_id
         JOIN status_report r ON r.plan_id = p.id AND r.period = '2025Q4' AND r.status IN ('SUBMITTED', 'APPROVED')
        WHERE i.catalog_code = 'ONLINE_PAYMENT' AND p.year = 2025 AND c.code LIKE '52%'
        ORDER BY c.code LIMIT 1`,
    );
    const read = async () =>
      (
        await overHttp(ROLLUP, { periods: ['2025Q4'], catalogCode: 'ONLINE_PAYMENT', groupBy: ['COMMUNE'] })
      ).indicatorRollup.find((r: any) => r.communeCode === target.code);
    await db.dataSource.query(
      `INSERT INTO indicator_value (report_id, indicator_id, actual_value) VALUES ($1, $2, 12.5)
       ON CONFLICT (report_id, indicator_id) DO UPDATE SET actual_value = 12.5`,
      [target.report_id, target.indicator_id],
    );
    expect(await read()).toMatchObject({ actualMin: 12.5, actualMax: 12.5, notMetCount: 1, metCount: 0 });
    await db.dataSource.query(
      'UPDATE indicator_value SET actual_value = 99.5 WHERE report_id = $1 AND indicator_id = $2',
      [target.report_id, target.indicator_id],
    );
    expect(await read()).toMatchObject({ actualMax: 99.5, metCount: 1, notMetCount: 0 });
  });

  it('having, orderBy and first work on the measures', async () => {
    const { indicatorRollup } = await client.data(
      `{ indicatorRollup(periods: ["2025Q3"], provinceCode: "52", catalogCode: "ONLINE_PAYMENT", groupBy: [COMMUNE],
           having: [{ measure: actualMax, op: GTE, value: 50 }], orderBy: [{ measure: actualMax, direction: DESC }], first: 5) {
           communeCode actualMax } }`,
    );
    expect(indicatorRollup.length).toBe(5);
    const values = indicatorRollup.map((r: any) => r.actualMax);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(50);
  });

  it('the league lists communes best first with their target, the province target and the comparison', async () => {
    const { province } = await client.data(
      `{ province(code: "52") { indicatorLeague(period: "2025Q3", catalogCode: "ONLINE_PAYMENT", first: 500) {
           rank communeCode actualValue attainment comparison
           target { comparator value text } provinceTarget { comparator value text } } } }`,
    );
    const league = province.indicatorLeague;
    const expected = (await facts(db, 'ONLINE_PAYMENT', ['2025Q3'])).filter((f) => f.indicatorId !== null);
    expect(league.length).toBe(expected.length);
    const values = league.map((r: any) => r.actualValue).filter((v: number | null) => v !== null);
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
    // No value last.
    const firstNull = league.findIndex((r: any) => r.actualValue === null);
    if (firstNull >= 0) expect(league.slice(firstNull).every((r: any) => r.actualValue === null)).toBe(true);
    expect(league.map((r: any) => r.rank)).toEqual(league.map((_: unknown, i: number) => i + 1));
    const byCode = new Map(expected.map((f) => [f.communeCode, f]));
    for (const row of league) {
      const fact = byCode.get(row.communeCode)!;
      expect(row.comparison).toBe(fact.comparison);
      expect(row.actualValue).toBe(fact.actual);
      expect(row.attainment).toBe(fact.met === null ? 'NO_DATA' : fact.met ? 'MET' : 'NOT_MET');
    }
    expect(new Set(league.map((r: any) => r.comparison))).toEqual(new Set(['STRICTER', 'SAME', 'LOOSER']));
  });

  describe('authorization, as Query.rollup', () => {
    const query = `{ indicatorRollup(periods: ["2025Q3"], catalogCode: "ONLINE_PAYMENT", groupBy: [PROVINCE, COMMUNE]) {
      provinceCode communeCode communeCount provinceTarget { value } } }`;

    it('an analyst rolls up only their province; another province by code is NOT_FOUND', async () => {
      const { indicatorRollup } = await client.data(query, {}, fixture.cast.analyst);
      expect(new Set(indicatorRollup.map((r: any) => r.provinceCode))).toEqual(new Set([PROVINCE]));
      expect(indicatorRollup.every((r: any) => r.provinceTarget !== null)).toBe(true);
      const other = await client.execute(
        `{ indicatorRollup(periods: ["2025Q3"], provinceCode: "52", catalogCode: "ONLINE_PAYMENT", groupBy: []) { communeCount } }`,
        {},
        fixture.cast.otherAnalyst,
      );
      expect(codesOf(other)).toEqual(['NOT_FOUND']);
    });

    it('an officer sees only their own commune, and not the province plan target', async () => {
      const { indicatorRollup } = await client.data(query, {}, fixture.cast.officer);
      expect(indicatorRollup.map((r: any) => r.communeCode)).toEqual([fixture.commune.code]);
      expect(indicatorRollup[0].provinceTarget).toBeNull();
      const { province } = await client.data(
        `{ province(code: "52") { indicatorLeague(period: "2025Q3", catalogCode: "ONLINE_PAYMENT") { communeCode provinceTarget { value } } } }`,
        {},
        fixture.cast.officer,
      );
      expect(province.indicatorLeague.map((r: any) => r.communeCode)).toEqual(
        province.indicatorLeague.length ? [fixture.commune.code] : [],
      );
      expect(province.indicatorLeague.every((r: any) => r.provinceTarget === null)).toBe(true);
    });
  });

  it.each([
    [
      'an unknown catalogue code',
      '{ indicatorRollup(periods: ["2025"], catalogCode: "NOPE", groupBy: []) { communeCount } }',
      'catalogCode',
    ],
    [
      'a period that is none',
      '{ indicatorRollup(periods: ["2025Q5"], catalogCode: "ONLINE_PAYMENT", groupBy: []) { communeCount } }',
      'periods',
    ],
    [
      'no period',
      '{ indicatorRollup(periods: [], catalogCode: "ONLINE_PAYMENT", groupBy: []) { communeCount } }',
      'periods',
    ],
    [
      'a league of two periods',
      '{ province(code: "52") { indicatorLeague(period: "LAST_4_QUARTERS", catalogCode: "ONLINE_PAYMENT") { rank } } }',
      'period',
    ],
  ])('%s is BAD_USER_INPUT naming the argument', async (_what, query, field) => {
    const result = await client.execute(query);
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(result.errors)).toContain(field);
  });

  it('relative periods resolve as for Query.rollup', async () => {
    const { indicatorRollup } = await client.data(
      '{ indicatorRollup(periods: ["QUARTERS_THIS_YEAR"], provinceCode: "52", catalogCode: "ONLINE_PAYMENT", groupBy: [PERIOD]) { period } }',
    );
    expect(indicatorRollup.length).toBeGreaterThanOrEqual(1);
    expect(indicatorRollup.every((r: any) => /^\d{4}Q[1-4]$/.test(r.period))).toBe(true);
  });
});
