import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RealPlanSeed } from '../../src/modules/plan-import/real-plan-seed';
import { useSeededGraphql } from '../utils/seeded-graphql';

const seed = (file: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'seeds', 'real', file), 'utf8')) as RealPlanSeed;

describe('GraphQL read API', () => {
  const client = useSeededGraphql();

  it('lists the seven reform areas in canonical order', async () => {
    const { reformAreas } = await client.data('{ reformAreas { code position nameVi nameEn } }');
    expect(reformAreas.map((a: any) => a.code)).toEqual([
      'DIRECTION',
      'INSTITUTIONS',
      'PROCEDURES',
      'APPARATUS',
      'CIVIL_SERVICE',
      'PUBLIC_FINANCE',
      'DIGITAL_GOVERNMENT',
    ]);
  });

  it("returns xã Tơ Tung's 2024 plan grouped by the seven areas, every raw cell exactly as transcribed", async () => {
    const expected = seed('002_95777da50a226c25.json');
    const { commune } = await client.data(`{
      commune(code: "to-tung") {
        name kind province { code name }
        plan(year: 2024) {
          year title source { file firstLine lastLine }
          areas { area { code } heading tasks { ordinal name objective activities outputs leadUnit coordinatingUnits timeText budgetText source { firstLine lastLine } } }
          indicators { ordinal targetText task { ordinal } }
        }
      }
    }`);
    expect(commune).toMatchObject({ name: 'Tơ Tung', kind: 'XA', province: { code: '52', name: 'Gia Lai' } });
    const { plan } = commune;
    expect(plan.year).toBe(2024);
    expect(plan.areas).toHaveLength(7);
    const tasks = plan.areas.flatMap((a: any) => a.tasks.map((t: any) => ({ ...t, area: a.area.code })));
    expect(tasks).toHaveLength(expected.tasks.length);
    // Same rows, grouped under their area, each cell byte-for-byte the transcription.
    for (const want of expected.tasks) {
      const got = tasks.find((t: any) => t.ordinal === want.ordinal && t.area === want.area);
      expect(got).toMatchObject({
        name: want.name,
        objective: want.objective,
        activities: want.activities,
        outputs: want.outputs,
        leadUnit: want.leadUnit,
        coordinatingUnits: want.coordinatingUnits,
        timeText: want.timeText,
        budgetText: want.budgetText,
        source: { firstLine: want.sourceLines[0], lastLine: want.sourceLines[1] },
      });
    }
    const headings = plan.areas.filter((a: any) => a.heading).map((a: any) => a.heading);
    expect(headings[0]).toBe('I Cải cách thể chế');
    expect(plan.indicators.map((i: any) => i.targetText)).toEqual(
      expected.indicators.map((i) => i.targetText),
    );
  });

  it('finds communes whatever the diacritics and case of the search', async () => {
    for (const [search, name] of [
      ['dak doa', 'Đak Đoa'],
      ['ĐAK ĐOA', 'Đak Đoa'],
      ['to tung', 'Tơ Tung'],
      ['TƠ TUNG', 'Tơ Tung'],
      ['ky lac', 'Kỳ Lạc'],
    ]) {
      const { communes } = await client.data(
        'query($s: String) { communes(search: $s) { edges { node { name } } } }',
        { s: search },
      );
      expect(communes.edges.map((e: any) => e.node.name)).toContain(name);
    }
    const { communes } = await client.data('{ communes(search: "100%_\\\\") { totalCount } }');
    expect(communes.totalCount).toBe(0); // LIKE wildcards in the search are literal
  });

  describe('pagination', () => {
    const PAGE = `query($first: Int, $after: String) {
      province(code: "52") { communes(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code } }
      } }
    }`;

    it('walks every commune once, in code order, to a last page without a next one', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (let guard = 0; guard < 100; guard++) {
        const data: any = await client.data(PAGE, { first: 40, after });
        const page = data.province.communes;
        total = page.totalCount;
        seen.push(...page.edges.map((e: any) => e.node.code));
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect([...seen].sort()).toEqual(seen);
      // After the last cursor: an empty page, still with the total.
      const { province } = await client.data(PAGE, {
        first: 10,
        after: (await client.data(PAGE, { first: total })).province.communes.pageInfo.endCursor,
      });
      expect(province.communes).toMatchObject({
        totalCount: total,
        edges: [],
        pageInfo: { hasNextPage: false, endCursor: null },
      });
    });

    it('first = 0 gives no edges but the total and whether items exist', async () => {
      const { province } = await client.data(PAGE, { first: 0 });
      expect(province.communes.edges).toEqual([]);
      expect(province.communes.totalCount).toBeGreaterThan(100);
      expect(province.communes.pageInfo.hasNextPage).toBe(true);
    });

    it.each([
      ['a garbage cursor', { first: 5, after: 'nonsense' }],
      ['a cursor of another list', { first: 5, after: Buffer.from('task:3').toString('base64url') }],
      ['a negative page size', { first: -1 }],
      ['a page size above 500', { first: 501 }],
    ])('rejects %s with BAD_USER_INPUT', async (_label, variables) => {
      const result = await client.execute(PAGE, variables);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/\w+/);
    });

    it('pages tasks of a plan, optionally of one area', async () => {
      const query = `query($after: String) { commune(code: "to-tung") { plan(year: 2024) {
        all: tasks(first: 10, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ordinal } } }
        civil: tasks(areaCode: CIVIL_SERVICE, first: 100) { totalCount edges { node { area { code } } } }
      } } }`;
      const first = (await client.data(query)).commune.plan;
      expect(first.all.edges).toHaveLength(10);
      const second = (await client.data(query, { after: first.all.pageInfo.endCursor })).commune.plan;
      expect(second.all.edges[0].node.ordinal).not.toBe(first.all.edges[9].node.ordinal);
      expect(first.civil.totalCount).toBe(first.civil.edges.length);
      expect(first.civil.edges.every((e: any) => e.node.area.code === 'CIVIL_SERVICE')).toBe(true);
    });
  });

  it('reads reports, progress and indicator values of a generated commune', async () => {
    const { commune } = await client.data(`{ commune(code: "52001") { plan(year: 2025) {
      reports { period status periodStart periodEnd taskProgress { status percent task { ordinal } } }
      tasks(first: 3) { edges { node { milestones { kind due } dueOn progress(period: "2025Q4") { status percent } } } }
      indicators { comparator targetValue unit value(period: "2025Q4") { actualValue } }
    } } }`);
    const { plan } = commune;
    expect(plan.tasks.edges[0].node.milestones.length).toBeGreaterThan(0);
    expect(plan.indicators.length).toBeGreaterThanOrEqual(20);
    if (plan.reports.length) {
      const report = plan.reports[0];
      expect(report.periodStart <= report.periodEnd).toBe(true);
      expect(report.taskProgress.length).toBeGreaterThan(40);
    }
  });

  it.each([
    ['an unknown commune', '{ commune(code: "nope") { name } }', 'NOT_FOUND'],
    ['an unknown province', '{ province(code: "00") { name } }', 'NOT_FOUND'],
    ['an unknown plan', '{ plan(id: "999999") { title } }', 'NOT_FOUND'],
    ['a malformed plan id', '{ plan(id: "abc") { title } }', 'BAD_USER_INPUT'],
    ['communes of an unknown province', '{ communes(provinceCode: "00") { totalCount } }', 'NOT_FOUND'],
    [
      'a malformed period',
      '{ commune(code: "52001") { plan(year: 2025) { tasks(first: 1) { edges { node { progress(period: "Q3/2025") { status } } } } } } }',
      'BAD_USER_INPUT',
    ],
    [
      'a search longer than 100 characters',
      `{ communes(search: "${'x'.repeat(101)}") { totalCount } }`,
      'BAD_USER_INPUT',
    ],
  ])('answers %s with %s and no stack trace', async (_label, query, code) => {
    const result = await client.execute(query);
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect(result.errors?.[0].extensions?.stacktrace).toBeUndefined();
  });

  it('returns the ~30 key indicators of xã Kỳ Lạc 2025 (section II of the plan)', async () => {
    const { commune } = await client.data(
      '{ commune(code: "ky-lac") { province { code } note plan(year: 2025) { indicators { ordinal targetText task { ordinal } } } } }',
    );
    expect(commune.province).toBeNull(); // the text names no province
    expect(commune.note).toMatch(/province/i);
    const keyIndicators = commune.plan.indicators.filter(
      (i: any) => i.task === null && !i.ordinal.startsWith('T'),
    );
    expect(keyIndicators.length).toBeGreaterThanOrEqual(28);
    expect(keyIndicators.map((i: any) => i.targetText).join(' ')).toContain(
      'Tối thiểu 35% phòng chuyên môn được kiểm tra CCHC',
    );
  });

  it('names the plan owner, commune or province', async () => {
    const { provinces } = await client.data(
      '{ provinces { code plans { owner { __typename ... on Province { code } } } } }',
    );
    expect(provinces.length).toBeGreaterThanOrEqual(34);
    const { commune } = await client.data(
      '{ commune(code: "to-tung") { plans { owner { __typename ... on Commune { code } } } } }',
    );
    expect(commune.plans[0].owner).toEqual({ __typename: 'Commune', code: 'to-tung' });
  });
});
