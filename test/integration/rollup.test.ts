import { LIMITS } from '../../src/core/limits';
import { parsePeriod } from '../../src/core/period';
import { OPERATOR, Role } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import { countStatements } from '../utils/graphql';
import { useSeededGraphql } from '../utils/seeded-graphql';

const AREAS = [
  'DIRECTION',
  'INSTITUTIONS',
  'PROCEDURES',
  'APPARATUS',
  'CIVIL_SERVICE',
  'PUBLIC_FINANCE',
  'DIGITAL_GOVERNMENT',
];
const MEASURES = `taskCount completedCount inProgressCount notStartedCount cancelledCount overdueCount
  completionRate dueCompletionRate onTimeRate indicatorsMet indicatorsNotMet indicatorsNoData`;

/** Which plans an independent computation covers: communes of a province, or these communes. */
interface PlanFilter {
  provinceCode?: string;
  communeCodes?: string[];
}

/** One commune × area × period of the independent computation: its place and raw counts. */
interface Cell {
  provinceCode: string | null;
  communeCode: string;
  areaCode: string;
  period: string;
  counts: Record<string, number>;
}

/**
 * The roll-up computed again, independently, in memory from the raw rows (the semantics of
 * docs/ROLLUPS.md written as plain loops): the counts of every commune × area × period of the
 * commune plans the filter selects.
 */
async function expectedCells(
  query: (sql: string, params?: unknown[]) => Promise<any[]>,
  filter: PlanFilter,
  periods: string[],
  approvedOnly: boolean,
): Promise<Map<string, Cell>> {
  const counted = approvedOnly ? ['APPROVED'] : ['SUBMITTED', 'APPROVED'];
  const plans = await query(
    `SELECT p.id, p.year, c.code, v.code AS province_code FROM plan p JOIN commune c ON c.id = p.commune_id
       LEFT JOIN province v ON v.id = c.province_id
      WHERE ($1::text IS NULL OR v.code = $1) AND ($2::text[] IS NULL OR c.code = ANY($2))`,
    [filter.provinceCode ?? null, filter.communeCodes ?? null],
  );
  const planIds = plans.map((p) => p.id);
  const tasks = await query('SELECT id, plan_id, area_code, due_on FROM task WHERE plan_id = ANY($1)', [
    planIds,
  ]);
  const reports = await query(
    'SELECT id, plan_id, period_start, period_end, status, submitted_at FROM status_report WHERE plan_id = ANY($1)',
    [planIds],
  );
  const progress = await query(
    'SELECT report_id, task_id, status FROM task_progress WHERE report_id = ANY($1)',
    [reports.map((r) => r.id)],
  );
  const indicators = await query(
    'SELECT id, plan_id, area_code, comparator, target_value, target_max FROM indicator WHERE plan_id = ANY($1)',
    [planIds],
  );
  const values = await query(
    'SELECT report_id, indicator_id, actual_value FROM indicator_value WHERE report_id = ANY($1)',
    [reports.map((r) => r.id)],
  );
  const statusOf = new Map(progress.map((p) => [`${p.report_id}:${p.task_id}`, p.status]));
  const group = <T>(items: T[], keyOf: (item: T) => string) => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(keyOf(item), [...(map.get(keyOf(item)) ?? []), item]);
    return map;
  };
  const tasksOf = group(tasks, (t) => `${t.plan_id}|${t.area_code}`);
  const indicatorsOf = group(indicators, (i) => `${i.plan_id}|${i.area_code}`);
  const reportsOf = group(reports, (r) => String(r.plan_id));
  const valueOf = new Map(values.map((v) => [`${v.report_id}:${v.indicator_id}`, v.actual_value]));

  const rows = new Map<string, Cell>();
  for (const code of periods) {
    const period = parsePeriod(code)!;
    for (const plan of plans.filter((p) => p.year === period.year)) {
      const usable = (reportsOf.get(String(plan.id)) ?? []).filter(
        (r) => counted.includes(r.status) && r.period_end <= period.end,
      );
      usable.sort(
        (a, b) =>
          b.period_end.localeCompare(a.period_end) ||
          a.period_start.localeCompare(b.period_start) ||
          (b.submitted_at ?? 0) - (a.submitted_at ?? 0),
      );
      const asOf = usable[0];
      for (const area of AREAS) {
        const key = `${plan.code}|${area}|${code}`;
        const cell = rows.get(key) ?? {
          provinceCode: plan.province_code,
          communeCode: plan.code,
          areaCode: area,
          period: code,
          counts: Object.fromEntries(COUNTS.map((c) => [c, 0])),
        };
        rows.set(key, cell);
        const row = cell.counts;
        for (const task of tasksOf.get(`${plan.id}|${area}`) ?? []) {
          const status = (asOf && statusOf.get(`${asOf.id}:${task.id}`)) || 'NOT_STARTED';
          row.taskCount++;
          row[
            {
              COMPLETED: 'completedCount',
              IN_PROGRESS: 'inProgressCount',
              NOT_STARTED: 'notStartedCount',
              CANCELLED: 'cancelledCount',
            }[status as string]!
          ]++;
          const isDue = task.due_on !== null && task.due_on <= period.end;
          if (
            status !== 'COMPLETED' &&
            status !== 'CANCELLED' &&
            task.due_on !== null &&
            task.due_on < period.end
          ) {
            row.overdueCount++;
          }
          if (status !== 'CANCELLED' && isDue) {
            row.due++;
            if (status === 'COMPLETED') row.dueDone++;
          }
          if (status === 'COMPLETED' && task.due_on !== null) {
            row.doneWithDue++;
            const firstDone = usable
              .filter((r) => statusOf.get(`${r.id}:${task.id}`) === 'COMPLETED')
              .map((r) => r.period_start)
              .sort()[0];
            if (firstDone <= task.due_on) row.onTime++;
          }
        }
        for (const indicator of indicatorsOf.get(`${plan.id}|${area}`) ?? []) {
          const actual = asOf ? valueOf.get(`${asOf.id}:${indicator.id}`) : undefined;
          if (actual === undefined || actual === null || indicator.comparator === null) {
            row.indicatorsNoData++;
            continue;
          }
          const t = indicator.target_value;
          const met = {
            GTE: actual >= t,
            GT: actual > t,
            LTE: actual <= t,
            LT: actual < t,
            EQ: actual === t,
            BETWEEN: actual >= t && actual <= indicator.target_max,
          }[indicator.comparator as string];
          row[met ? 'indicatorsMet' : 'indicatorsNotMet']++;
        }
      }
    }
  }
  return rows;
}

const COUNTS = [
  'taskCount',
  'completedCount',
  'inProgressCount',
  'notStartedCount',
  'cancelledCount',
  'overdueCount',
  'due',
  'dueDone',
  'doneWithDue',
  'onTime',
  'indicatorsMet',
  'indicatorsNotMet',
  'indicatorsNoData',
];

/** The measures of pooled counts (rates of sums, as docs/ROLLUPS.md says). */
function measuresOf(r: Record<string, number>) {
  return {
    taskCount: r.taskCount,
    completedCount: r.completedCount,
    inProgressCount: r.inProgressCount,
    notStartedCount: r.notStartedCount,
    cancelledCount: r.cancelledCount,
    overdueCount: r.overdueCount,
    completionRate:
      r.taskCount - r.cancelledCount ? r.completedCount / (r.taskCount - r.cancelledCount) : null,
    dueCompletionRate: r.due ? r.dueDone / r.due : null,
    onTimeRate: r.doneWithDue ? r.onTime / r.doneWithDue : null,
    indicatorsMet: r.indicatorsMet,
    indicatorsNotMet: r.indicatorsNotMet,
    indicatorsNoData: r.indicatorsNoData,
  };
}

/** The independent roll-up for commune × area × period, keyed "commune|area|period". */
async function expectedRollup(
  query: (sql: string, params?: unknown[]) => Promise<any[]>,
  provinceCode: string,
  periods: string[],
  approvedOnly: boolean,
) {
  const cells = await expectedCells(query, { provinceCode }, periods, approvedOnly);
  return new Map([...cells].map(([key, cell]) => [key, measuresOf(cell.counts)]));
}

type Dimension = 'PROVINCE' | 'COMMUNE' | 'AREA' | 'PERIOD';

/** A row's key over the four dimensions, null for those not grouped by. */
const rowKey = (row: {
  provinceCode: string | null;
  communeCode: string | null;
  areaCode: string | null;
  period: string | null;
}) => [row.provinceCode, row.communeCode, row.areaCode, row.period].join('|');

/**
 * The cells kept by the filters, summed per group of `groupBy` (others null), then measured: what
 * rollup(groupBy, areaCodes, communeCodes) should answer, keyed by rowKey.
 */
function pooled(cells: Iterable<Cell>, groupBy: Dimension[], keep: (cell: Cell) => boolean) {
  const sums = new Map<string, Record<string, number>>();
  for (const cell of cells) {
    if (!keep(cell)) continue;
    const key = rowKey({
      provinceCode: groupBy.includes('PROVINCE') ? cell.provinceCode : null,
      communeCode: groupBy.includes('COMMUNE') ? cell.communeCode : null,
      areaCode: groupBy.includes('AREA') ? cell.areaCode : null,
      period: groupBy.includes('PERIOD') ? cell.period : null,
    });
    const sum = sums.get(key) ?? Object.fromEntries(COUNTS.map((c) => [c, 0]));
    for (const c of COUNTS) sum[c] += cell.counts[c];
    sums.set(key, sum);
  }
  return new Map([...sums].map(([key, sum]) => [key, measuresOf(sum)]));
}

describe('rollup', () => {
  const ctx = useSeededGraphql();
  const query = (sql: string, params?: unknown[]) => ctx.db().dataSource.query(sql, params);
  const PERIODS = ['2025', '2025Q3', '2025-08', '2026Q1', '2026-09'];

  it.each([[false], [true]])(
    'equals an independent computation for every commune, area and period (approvedOnly %p)',
    async (approvedOnly) => {
      const expected = await expectedRollup(query, '52', PERIODS, approvedOnly);
      const { rollup } = await ctx.data(
        `query($periods: [String!]!, $approvedOnly: Boolean!) { rollup(periods: $periods, provinceCode: "52", groupBy: [COMMUNE, AREA, PERIOD], approvedOnly: $approvedOnly) { communeCode areaCode period ${MEASURES} } }`,
        { periods: PERIODS, approvedOnly },
      );
      expect(rollup).toHaveLength(expected.size);
      for (const { communeCode, areaCode, period, ...measures } of rollup) {
        const want = expected.get(`${communeCode}|${areaCode}|${period}`);
        expect({ key: `${communeCode}|${areaCode}|${period}`, ...measures }).toEqual({
          key: `${communeCode}|${areaCode}|${period}`,
          ...want,
        });
      }
      // The data exercise every case: missing reports, undated and cancelled tasks, overdue ones.
      const all = [...expected.values()];
      expect(
        all.some(
          (r) => r.cancelledCount > 0 && r.overdueCount > 0 && r.indicatorsMet > 0 && r.indicatorsNotMet > 0,
        ),
      ).toBe(true);
      expect(all.some((r) => r.taskCount > 0 && r.notStartedCount === r.taskCount)).toBe(true);
    },
  );

  it('pools the province by area: all seven areas, sums of the commune rows', async () => {
    const { byArea, byCommune } = await ctx.data(`{
      byArea: rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [AREA]) { areaCode taskCount completedCount cancelledCount completionRate }
      byCommune: rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [COMMUNE, AREA]) { areaCode taskCount completedCount }
    }`);
    expect(byArea.map((r: any) => r.areaCode)).toEqual(AREAS);
    for (const row of byArea) {
      const parts = byCommune.filter((r: any) => r.areaCode === row.areaCode);
      expect(row.taskCount).toBe(parts.reduce((n: number, r: any) => n + r.taskCount, 0));
      expect(row.completedCount).toBe(parts.reduce((n: number, r: any) => n + r.completedCount, 0));
      expect(row.completionRate).toBeCloseTo(row.completedCount / (row.taskCount - row.cancelledCount), 12);
    }
  });

  it('filters after aggregation and gives the bottom N communes of an area', async () => {
    const { all, worst } = await ctx.data(`{
      all: rollup(periods: ["2025"], provinceCode: "52", groupBy: [COMMUNE, AREA]) { communeCode areaCode completionRate }
      worst: rollup(periods: ["2025"], provinceCode: "52", groupBy: [COMMUNE, AREA],
        having: [{ measure: completionRate, op: LT, value: 0.9 }], orderBy: [{ measure: completionRate, direction: ASC }], first: 10) {
        communeCode areaCode completionRate }
    }`);
    expect(worst).toHaveLength(10);
    const candidates = all
      .filter((r: any) => r.completionRate !== null && r.completionRate < 0.9)
      .map((r: any) => r.completionRate)
      .sort((a: number, b: number) => a - b);
    expect(worst.map((r: any) => r.completionRate)).toEqual(candidates.slice(0, 10));
  });

  it('rejects malformed periods and unknown places', async () => {
    const bad = await ctx.execute('{ rollup(periods: ["2025Q5"], groupBy: [AREA]) { taskCount } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'periods' });
    const unknown = await ctx.execute(
      '{ rollup(periods: ["2025"], provinceCode: "00", groupBy: [AREA]) { taskCount } }',
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('resolves relative periods against today', async () => {
    const year = new Date().getUTCFullYear();
    const { rollup } = await ctx.data(
      '{ rollup(periods: ["QUARTERS_THIS_YEAR"], provinceCode: "52", groupBy: [PERIOD]) { period } }',
    );
    // The generated plans are for 2025 and 2026; another year has no plans and so no rows.
    const expected = [2025, 2026].includes(year) ? [1, 2, 3, 4].map((q) => `${year}Q${q}`) : [];
    expect(rollup.map((r: any) => r.period)).toEqual(expected);
    const bad = await ctx.execute('{ rollup(periods: ["NEXT_CENTURY"], groupBy: [AREA]) { taskCount } }');
    expect(bad.errors?.[0].message).toMatch(/LAST_4_QUARTERS/);
  });

  it('reflects a changed report in the very next read', async () => {
    const read = async () =>
      (
        await ctx.data(
          '{ rollup(periods: ["2025Q2"], communeCode: "52001", groupBy: []) { completedCount } }',
        )
      ).rollup[0].completedCount;
    const before = await read();
    const [report] = await query(
      `SELECT r.id FROM status_report r JOIN plan p ON p.id = r.plan_id JOIN commune c ON c.id = p.commune_id
        WHERE c.code = '52001' AND r.period = '2025Q2' AND r.status IN ('SUBMITTED', 'APPROVED')`,
    );
    expect(report).toBeDefined();
    const [{ n }] = await query(
      `WITH changed AS (UPDATE task_progress SET status = 'COMPLETED', percent = 100 WHERE report_id = $1 AND status <> 'COMPLETED' RETURNING 1)
       SELECT count(*)::int AS n FROM changed`,
      [report.id],
    );
    expect(n).toBeGreaterThan(0);
    expect(await read()).toBe(before + n);
  });

  it('gives each province and commune its roll-up, batched: the statement count does not grow with the communes', async () => {
    const QUERY = `query($first: Int!) {
      province(code: "52") {
        rollup(period: "2025Q3") { total { taskCount completionRate } byArea { areaCode taskCount } communeCompletion { communes min median max } }
        communes(first: $first) { edges { node { code rollup(period: "2025Q3") { total { communeCode taskCount completedCount } byArea { areaCode completedCount } } } } }
      }
    }`;
    const few = await countStatements(() => ctx.data(QUERY, { first: 5 }));
    const many = await countStatements(() => ctx.data(QUERY, { first: 100 }));
    expect(many.statements.length).toBe(few.statements.length);

    const province = (many.result as any).province;
    const { direct } = await ctx.data(
      '{ direct: rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: []) { taskCount completionRate } }',
    );
    expect(province.rollup.total).toEqual(direct[0]);
    expect(province.rollup.byArea.map((r: any) => r.areaCode)).toEqual(AREAS);
    const { perCommune } = await ctx.data(
      '{ perCommune: rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [COMMUNE]) { completionRate } }',
    );
    const rates = perCommune.map((r: any) => r.completionRate).sort((a: number, b: number) => a - b);
    const mid = rates.length / 2;
    expect(province.rollup.communeCompletion).toEqual({
      communes: rates.length,
      min: rates[0],
      median: rates.length % 2 ? rates[Math.floor(mid)] : (rates[mid - 1] + rates[mid]) / 2,
      max: rates.at(-1),
    });
    for (const { node } of province.communes.edges.slice(0, 20)) {
      expect(node.rollup.total.communeCode).toBe(node.code);
      expect(node.rollup.byArea.reduce((n: number, r: any) => n + r.completedCount, 0)).toBe(
        node.rollup.total.completedCount,
      );
    }
  });

  it("gives each plan its roll-up, batched, equal to its commune's; a province plan too; periods outside the year are refused", async () => {
    const QUERY = `query($first: Int!) {
      province(code: "52") { communes(first: $first) { edges { node {
        rollup(period: "2025-08") { total { ${MEASURES} } byArea { areaCode ${MEASURES} } }
        plan(year: 2025) { rollup(period: "2025-08") { total { ${MEASURES} } byArea { areaCode ${MEASURES} } } }
      } } } }
    }`;
    const few = await countStatements(() => ctx.data(QUERY, { first: 5 }));
    const many = await countStatements(() => ctx.data(QUERY, { first: 60 }));
    expect(many.statements.length).toBe(few.statements.length);
    const nodes = (many.result as any).province.communes.edges.map((e: any) => e.node);
    const withPlan = nodes.filter((n: any) => n.plan);
    expect(withPlan.length).toBeGreaterThan(50);
    for (const node of withPlan) {
      expect(node.plan.rollup.total).toEqual(node.rollup.total);
      expect(node.plan.rollup.byArea).toEqual(node.rollup.byArea);
    }

    // A province's own plan is not in commune roll-ups but has its own figures.
    const [provincePlan] = await query(
      'SELECT p.id, p.year, count(t.id)::int AS tasks FROM plan p JOIN task t ON t.plan_id = p.id WHERE p.commune_id IS NULL GROUP BY p.id LIMIT 1',
    );
    expect(provincePlan).toBeDefined();
    const { plan } = await ctx.data(
      `query($id: ID!, $p: String!) { plan(id: $id) { rollup(period: $p) { total { taskCount notStartedCount } byArea { areaCode } } } }`,
      { id: String(provincePlan.id), p: String(provincePlan.year) },
    );
    expect(plan.rollup.total.taskCount).toBe(provincePlan.tasks);
    expect(plan.rollup.byArea.map((r: any) => r.areaCode)).toEqual(AREAS);

    const outside = await ctx.execute(
      `query($id: ID!) { plan(id: $id) { rollup(period: "2030Q1") { total { taskCount } } } }`,
      {
        id: String(provincePlan.id),
      },
    );
    expect(outside.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'period' } });
    expect(outside.errors?.[0].message).toContain(`outside the plan year ${provincePlan.year}`);
  });

  it.each([['2025Q2'], ['2025Q4'], ['2026Q3']])(
    'reports who has reported for %s, with on-time by the 5th of the next month',
    async (code) => {
      const period = parsePeriod(code)!;
      const { province } = await ctx.data(
        `query($p: String!) { province(code: "52") { reportDueDay reporting(period: $p) { period expected submitted onTime rate onTimeRate missingCommunes { code } } } }`,
        { p: code },
      );
      const communes = await query(
        `SELECT c.code, r.submitted_at FROM commune c JOIN province v ON v.id = c.province_id AND v.code = '52'
         JOIN plan p ON p.commune_id = c.id AND p.year = $1
         LEFT JOIN status_report r ON r.plan_id = p.id AND r.period = $2 AND r.status IN ('SUBMITTED', 'APPROVED') ORDER BY c.code`,
        [period.year, code],
      );
      // Due by the end of the 5th of the next month, Vietnam time (UTC+7).
      const [y, m] = period.end.split('-').map(Number);
      const deadline = new Date(Date.UTC(y, m, province.reportDueDay + 1) - 7 * 3600 * 1000);
      const submitted = communes.filter((c: any) => c.submitted_at);
      const onTime = submitted.filter((c: any) => new Date(c.submitted_at) < deadline);
      expect(province.reporting).toEqual({
        period: code,
        expected: communes.length,
        submitted: submitted.length,
        onTime: onTime.length,
        rate: submitted.length / communes.length,
        onTimeRate: onTime.length / communes.length,
        missingCommunes: communes.filter((c: any) => !c.submitted_at).map((c: any) => ({ code: c.code })),
      });
      expect(province.reporting.missingCommunes.length).toBeGreaterThan(0);
      expect(onTime.length).toBeLessThan(submitted.length);
    },
  );

  it('drills down to the overdue tasks: as many as the roll-up counts, most overdue first, page by page', async () => {
    const { byArea } = await ctx.data(
      '{ byArea: rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [AREA]) { areaCode overdueCount } }',
    );
    const PAGE = `query($after: String, $area: ReformAreaCode) { province(code: "52") { overdueTasks(period: "2025Q3", areaCode: $area, first: 200, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { daysOverdue status task { id dueOn area { code } } commune { code } } } } } }`;
    const seen: any[] = [];
    let after: string | null = null;
    let total = 0;
    for (let guard = 0; guard < 50; guard++) {
      const page: any = (await ctx.data(PAGE, { after })).province.overdueTasks;
      total = page.totalCount;
      seen.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(total).toBe(byArea.reduce((n: number, r: any) => n + r.overdueCount, 0));
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((n) => n.task.id)).size).toBe(total);
    expect(seen.map((n) => n.daysOverdue)).toEqual([...seen.map((n) => n.daysOverdue)].sort((a, b) => b - a));
    expect(seen.every((n) => n.status !== 'COMPLETED' && n.status !== 'CANCELLED' && n.daysOverdue > 0)).toBe(
      true,
    );

    const procedures = (await ctx.data(PAGE, { area: 'PROCEDURES' })).province.overdueTasks;
    expect(procedures.totalCount).toBe(byArea.find((r: any) => r.areaCode === 'PROCEDURES').overdueCount);
    const bad = await ctx.execute(PAGE, { after: 'garbage' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('ranks the communes of a province, overall and within one area', async () => {
    const { province, all } = await ctx.data(`{
      province(code: "52") { overall: communeRanking(period: "2025", first: 5) { communeCode completionRate }
        procedures: communeRanking(period: "2025", areaCode: PROCEDURES, first: 3) { communeCode completionRate taskCount } }
      all: rollup(periods: ["2025"], provinceCode: "52", groupBy: [COMMUNE, AREA]) { communeCode areaCode completionRate taskCount }
    }`);
    const best = all
      .filter((r: any) => r.areaCode === 'PROCEDURES' && r.completionRate !== null)
      .map((r: any) => r.completionRate)
      .sort((a: number, b: number) => b - a);
    expect(province.procedures.map((r: any) => r.completionRate)).toEqual(best.slice(0, 3));
    expect(province.overall).toHaveLength(5);
    const rates = province.overall.map((r: any) => r.completionRate);
    expect(rates).toEqual([...rates].sort((a: number, b: number) => b - a));
  });
  describe('filters: areaCodes and communeCodes', () => {
    const PERIODS_F = ['2025', '2025Q3', '2026-02'];
    // Generated communes, the two real ones of Gia Lai (to-tung's plan is for 2024: no row).
    const COMMUNES = ['52001', '52017', '52090', 'to-tung', 'dak-doa'];
    const ASKED_AREAS = ['DIGITAL_GOVERNMENT', 'PROCEDURES', 'DIGITAL_GOVERNMENT'];
    const KEPT_AREAS = ['PROCEDURES', 'DIGITAL_GOVERNMENT'];
    // Gia Lai (52), a commune of Lâm Đồng (68, its plan is for 2026), and xã Kỳ Lạc (no province).
    const ACROSS = ['52001', 'lam-dong-004', 'ky-lac'];
    const ROW = `provinceCode communeCode areaCode period ${MEASURES}`;
    const ROLLUP = `query($periods: [String!]!, $province: String, $communes: [String!], $areas: [ReformAreaCode!], $groupBy: [RollupDimension!]!) {
      rollup(periods: $periods, provinceCode: $province, communeCodes: $communes, areaCodes: $areas, groupBy: $groupBy) { ${ROW} } }`;
    let gialai: Map<string, Cell>;
    let across: Map<string, Cell>;
    const viewers: Record<string, Viewer> = {};

    beforeAll(async () => {
      gialai = await expectedCells(query, { provinceCode: '52' }, PERIODS_F, false);
      across = await expectedCells(query, { communeCodes: ACROSS }, PERIODS_F, false);
      const [ids] = await query(
        `SELECT (SELECT id FROM province WHERE code = '52') AS gialai,
                (SELECT id FROM commune WHERE code = '52001') AS own,
                (SELECT id FROM commune WHERE code = 'ky-lac') AS "kyLac"`,
      );
      const viewer = (role: Role, provinceId: number | null, communeId: number | null): Viewer => ({
        role,
        name: `${role}-test`,
        tokenId: null,
        provinceId,
        communeId,
      });
      viewers.analyst52 = viewer(Role.PROVINCE_ANALYST, ids.gialai, null);
      viewers.export52 = viewer(Role.EXPORT_JOB, ids.gialai, null);
      viewers.officer52 = viewer(Role.COMMUNE_OFFICER, ids.gialai, ids.own);
      viewers.officerKyLac = viewer(Role.COMMUNE_OFFICER, null, ids.kyLac);
    });

    /** The rows keyed by their dimensions, and the order of the keys as answered. */
    const keyed = (rows: any[]) =>
      new Map(
        rows.map(({ provinceCode, communeCode, areaCode, period, ...measures }) => [
          rowKey({ provinceCode, communeCode, areaCode, period }),
          measures,
        ]),
      );

    const GROUPINGS: Dimension[][] = [
      [],
      ['AREA'],
      ['COMMUNE'],
      ['PERIOD'],
      ['COMMUNE', 'AREA'],
      ['PROVINCE', 'AREA', 'PERIOD'],
      ['PROVINCE', 'COMMUNE', 'AREA', 'PERIOD'],
    ];
    const FILTERS = [
      ['areaCodes', { areas: ASKED_AREAS }],
      ['communeCodes', { communes: COMMUNES }],
      ['both', { areas: ASKED_AREAS, communes: COMMUNES }],
    ] as const;

    it.each(
      GROUPINGS.flatMap((groupBy) => FILTERS.map(([name, filter]) => [name, groupBy, filter] as const)),
    )(
      '%s alone or together, grouped by %p, equal the independent computation over those cells',
      async (_name, groupBy, filter) => {
        const { rollup } = await ctx.data(ROLLUP, {
          periods: PERIODS_F,
          province: '52',
          groupBy,
          ...filter,
        });
        const areas = 'areas' in filter ? new Set<string>(filter.areas) : null;
        const communes = 'communes' in filter ? new Set<string>(filter.communes) : null;
        const expected = pooled(
          gialai.values(),
          groupBy,
          (cell) => (!areas || areas.has(cell.areaCode)) && (!communes || communes.has(cell.communeCode)),
        );
        expect(expected.size).toBeGreaterThan(0);
        expect(keyed(rollup)).toEqual(expected);
        if (areas) {
          expect(rollup.every((r: any) => r.areaCode === null || areas.has(r.areaCode))).toBe(true);
        }
        if (communes) {
          expect(rollup.every((r: any) => r.communeCode === null || communes.has(r.communeCode))).toBe(true);
        }
        // The filters really narrow: the same grouping without them differs.
        const { rollup: unfiltered } = await ctx.data(ROLLUP, {
          periods: PERIODS_F,
          province: '52',
          groupBy,
        });
        expect(keyed(unfiltered)).not.toEqual(expected);
      },
    );

    it('keeps the areas in canonical order, each once, whatever order they are asked in', async () => {
      const { rollup } = await ctx.data(ROLLUP, {
        periods: ['2025'],
        province: '52',
        groupBy: ['AREA'],
        areas: ASKED_AREAS,
      });
      expect(rollup.map((r: any) => r.areaCode)).toEqual(KEPT_AREAS);
    });

    it('takes communes of several provinces (and none) without provinceCode, and ANDs them with provinceCode', async () => {
      for (const groupBy of [['PROVINCE'], ['COMMUNE', 'AREA'], ['PROVINCE', 'PERIOD']] as Dimension[][]) {
        const { rollup } = await ctx.data(ROLLUP, { periods: PERIODS_F, groupBy, communes: ACROSS });
        const expected = pooled(across.values(), groupBy, () => true);
        expect(keyed(rollup)).toEqual(expected);
      }
      const provinces = (
        await ctx.data(ROLLUP, { periods: PERIODS_F, groupBy: ['PROVINCE'], communes: ACROSS })
      ).rollup.map((r: any) => r.provinceCode);
      expect(provinces).toEqual(['52', '68', null]);

      // With provinceCode too, both must hold: only 52001 is left.
      const { rollup } = await ctx.data(ROLLUP, {
        periods: PERIODS_F,
        province: '52',
        groupBy: ['COMMUNE'],
        communes: ACROSS,
      });
      expect(rollup.map((r: any) => r.communeCode)).toEqual(['52001']);
      // And with communeCode: the communes in both, none when they do not meet.
      const both = await ctx.data(
        `{ a: rollup(periods: ["2025"], communeCode: "52001", communeCodes: ["52001", "52002"], groupBy: [COMMUNE]) { communeCode }
           b: rollup(periods: ["2025"], communeCode: "52003", communeCodes: ["52001", "52002"], groupBy: [COMMUNE]) { communeCode } }`,
      );
      expect(both).toEqual({ a: [{ communeCode: '52001' }], b: [] });
    });

    it('answers rollupConnection with the same filters, page by page', async () => {
      const variables = {
        periods: PERIODS_F,
        province: '52',
        groupBy: ['COMMUNE', 'AREA', 'PERIOD'],
        areas: ASKED_AREAS,
        communes: COMMUNES,
      };
      const { rollup } = await ctx.data(ROLLUP, variables);
      const PAGE = `query($periods: [String!]!, $province: String, $communes: [String!], $areas: [ReformAreaCode!], $groupBy: [RollupDimension!]!, $after: String) {
        rollupConnection(periods: $periods, provinceCode: $province, communeCodes: $communes, areaCodes: $areas, groupBy: $groupBy, first: 5, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { ${ROW} } } } }`;
      const rows: any[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const page: any = (await ctx.data(PAGE, { ...variables, after })).rollupConnection;
        expect(page.totalCount).toBe(rollup.length);
        rows.push(...page.edges.map((e: any) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(rows).toEqual(rollup);
      expect(rows.length).toBeGreaterThan(5);
    });

    it('ranks communes within an area exactly as rollup does with that one area', async () => {
      const { province, rollup } = await ctx.data(`{
        province(code: "52") { communeRanking(period: "2025", areaCode: PROCEDURES, first: 500) { communeCode areaCode ${MEASURES} } }
        rollup(periods: ["2025"], provinceCode: "52", areaCodes: [PROCEDURES], groupBy: [COMMUNE],
          orderBy: [{ measure: completionRate, direction: DESC }]) { communeCode areaCode ${MEASURES} }
      }`);
      expect(rollup.length).toBeGreaterThan(100);
      expect(province.communeRanking).toEqual(rollup);
      const expected = pooled(
        gialai.values(),
        ['COMMUNE'],
        (c) => c.areaCode === 'PROCEDURES' && c.period === '2025',
      );
      expect(keyed(rollup.map((r: any) => ({ ...r, provinceCode: null, period: null })))).toEqual(expected);
    });

    it.each([['analyst52'], ['export52'], ['officer52']])(
      'serves %s the communes of its province as the operator sees them',
      async (name) => {
        const variables = {
          periods: PERIODS_F,
          groupBy: ['COMMUNE', 'AREA'],
          communes: ['52001', '52002'],
          areas: ['PROCEDURES'],
        };
        const mine = await ctx.data(ROLLUP, variables, viewers[name]);
        expect(mine).toEqual(await ctx.data(ROLLUP, variables, OPERATOR));
        expect(mine.rollup).toHaveLength(2);
      },
    );

    it('answers a code outside the scope exactly as a code that does not exist: NOT_FOUND, the first such code', async () => {
      const failure = async (communes: string[], viewer: Viewer) => {
        const result = await ctx.execute(
          ROLLUP,
          { periods: ['2025'], groupBy: ['COMMUNE'], communes },
          viewer,
        );
        expect(result.data).toBeNull();
        return { code: result.errors?.[0].extensions?.code, message: result.errors?.[0].message };
      };
      const notFound = (code: string) => ({ code: 'NOT_FOUND', message: `Commune "${code}" was not found.` });
      for (const name of ['analyst52', 'export52', 'officer52']) {
        expect(await failure(['52001', 'lam-dong-004'], viewers[name])).toEqual(notFound('lam-dong-004'));
        expect(await failure(['52001', 'no-such-commune'], viewers[name])).toEqual(
          notFound('no-such-commune'),
        );
        expect(await failure(['ky-lac', 'no-such-commune'], viewers[name])).toEqual(notFound('ky-lac'));
      }
      // An officer of a commune without a province sees only that commune.
      expect(await failure(['ky-lac', '52001'], viewers.officerKyLac)).toEqual(notFound('52001'));
      const own = await ctx.data(
        ROLLUP,
        { periods: ['2025'], groupBy: ['COMMUNE'], communes: ['ky-lac'] },
        viewers.officerKyLac,
      );
      expect(own.rollup.map((r: any) => r.communeCode)).toEqual(['ky-lac']);
      // The operator gets NOT_FOUND only for the code that does not exist.
      expect(await failure(['lam-dong-004', 'no-such-commune'], OPERATOR)).toEqual(
        notFound('no-such-commune'),
      );
    });

    it('refuses lists over their limits, and empty ones, with BAD_USER_INPUT before any SQL', async () => {
      const refusal = async (variables: Record<string, unknown>) => {
        const { result, statements } = await countStatements(() =>
          ctx.execute(ROLLUP, { periods: ['2025'], groupBy: ['COMMUNE'], ...variables }),
        );
        expect(statements).toEqual([]);
        return {
          code: result.errors?.[0].extensions?.code,
          field: result.errors?.[0].extensions?.field,
          message: result.errors?.[0].message,
        };
      };
      const codes = (n: number) => Array.from({ length: n }, (_, i) => `52${String(i + 1).padStart(3, '0')}`);
      const tooMany = await refusal({ communes: codes(LIMITS.rollupCommuneCodes + 1) });
      expect(tooMany).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'communeCodes',
        message: `Invalid input: communeCodes takes at most ${LIMITS.rollupCommuneCodes} commune codes; roll up a whole province with provinceCode instead.`,
      });
      expect(await refusal({ communes: [] })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'communeCodes',
      });
      expect(await refusal({ areas: [] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'areaCodes' });
      expect(await refusal({ areas: [...AREAS, 'PROCEDURES'] })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'areaCodes',
        message: expect.stringContaining('at most 7 areas'),
      });
      expect(await refusal({ communes: ['52001', 'x'.repeat(LIMITS.code + 1)] })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'communeCodes[1]',
      });
      // At the limit the list is taken (and its unknown codes are NOT_FOUND).
      const atLimit = await ctx.execute(ROLLUP, {
        periods: ['2025'],
        groupBy: ['COMMUNE'],
        communes: codes(LIMITS.rollupCommuneCodes),
      });
      expect(atLimit.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const connection = await ctx.execute(
        `query($c: [String!]) { rollupConnection(periods: ["2025"], groupBy: [COMMUNE], communeCodes: $c) { totalCount } }`,
        { c: codes(LIMITS.rollupCommuneCodes + 1) },
      );
      expect(connection.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'communeCodes',
      });
    });

    it('stays one roll-up statement, plus one look-up for all the commune codes, however many', async () => {
      const run = (communes: string[]) =>
        countStatements(() =>
          ctx.data(ROLLUP, {
            periods: PERIODS_F,
            groupBy: ['COMMUNE', 'AREA'],
            communes,
            areas: ['PROCEDURES'],
          }),
        );
      const all = (
        await query(`SELECT code FROM commune WHERE code LIKE '52___' ORDER BY code LIMIT 100`)
      ).map((r: any) => r.code);
      const few = await run(all.slice(0, 3));
      const many = await run(all);
      expect((many.result as any).rollup).toHaveLength(100);
      for (const { statements } of [few, many]) {
        expect(statements).toHaveLength(2);
        expect(statements.filter((s) => s.includes('plan_rollup'))).toHaveLength(1);
      }
      // Without communes, the roll-up alone.
      const areasOnly = await countStatements(() =>
        ctx.data(ROLLUP, { periods: PERIODS_F, groupBy: ['AREA'], areas: ['PROCEDURES'] }),
      );
      expect(areasOnly.statements).toHaveLength(1);
    });
  });
});
