import { parsePeriod } from '../../src/core/period';
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

/**
 * The roll-up computed again, independently, in memory from the raw rows (the semantics of
 * docs/ROLLUPS.md written as plain loops), for every commune × area × period of one province.
 */
async function expectedRollup(
  query: (sql: string, params?: unknown[]) => Promise<any[]>,
  provinceCode: string,
  periods: string[],
  approvedOnly: boolean,
) {
  const counted = approvedOnly ? ['APPROVED'] : ['SUBMITTED', 'APPROVED'];
  const plans = await query(
    `SELECT p.id, p.year, c.code FROM plan p JOIN commune c ON c.id = p.commune_id JOIN province v ON v.id = c.province_id WHERE v.code = $1`,
    [provinceCode],
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

  const rows = new Map<string, any>();
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
        const row = rows.get(key) ?? {
          taskCount: 0,
          completedCount: 0,
          inProgressCount: 0,
          notStartedCount: 0,
          cancelledCount: 0,
          overdueCount: 0,
          due: 0,
          dueDone: 0,
          doneWithDue: 0,
          onTime: 0,
          indicatorsMet: 0,
          indicatorsNotMet: 0,
          indicatorsNoData: 0,
        };
        rows.set(key, row);
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
  return new Map(
    [...rows].map(([key, r]) => [
      key,
      {
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
      },
    ]),
  );
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
});
