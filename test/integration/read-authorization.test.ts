import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OPERATOR, Role } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import type { GraphqlResult } from '../utils/graphql';
import { useSeededGraphql } from '../utils/seeded-graphql';

/**
 * The allow/deny matrix of issue #5: each role with a realistic scope against every Query field and
 * the nested paths that hand out owned data. Unauthenticated requests are in http-auth.test.ts.
 *
 * Fixtures (seeded "province" scale): Gia Lai (52) with 137 communes; the officer works for
 * generated commune 52001, whose neighbour 52002 has the same kind of plans and reports; Lâm Đồng
 * (68) has one commune (lam-dong-004); xã Kỳ Lạc has no province; Bắc Giang (X24, former) has a
 * province plan. A 2025 province plan of Gia Lai is imported below, and one indicator of 52001's
 * plan is linked to it.
 */
const OWN = '52001';
const SIBLING = '52002';
const OTHER_PROVINCE_COMMUNE = 'lam-dong-004';

type ViewerName = 'admin' | 'exportAll' | 'export52' | 'analyst52' | 'officer';
const VIEWER_NAMES: ViewerName[] = ['admin', 'exportAll', 'export52', 'analyst52', 'officer'];

type Check = (result: GraphqlResult<any>) => void;
const ok: Check = (result) => expect(result.errors ?? []).toEqual([]);
/** Refused: FORBIDDEN errors only, at the given paths (default: the root field), and no other error. */
const forbidden =
  (...paths: (string | number)[][]): Check =>
  (result) => {
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors!) {
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/^Your token's role does not allow you to /);
    }
    if (paths.length) expect(result.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(paths));
  };
const data =
  (assert: (data: any) => void): Check =>
  (result) => {
    ok(result);
    assert(result.data);
  };
const everyone = (check: Check) =>
  Object.fromEntries(VIEWER_NAMES.map((v) => [v, check])) as Record<ViewerName, Check>;
/**
 * Outside the viewer's scope: NOT_FOUND errors only, worded as for a record that does not exist
 * (so a token cannot tell a guessed id of another commune from a missing one), at the given paths.
 */
const hidden =
  (...paths: (string | number)[][]): Check =>
  (result) => {
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors!) {
      expect(error.extensions?.code).toBe('NOT_FOUND');
      expect(error.message).toMatch(
        /^(Province|Commune|Plan|Task|Indicator|Report) "[^"]+" was not found\.$/,
      );
    }
    if (paths.length) expect(result.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(paths));
  };
/** ADMIN and the all-provinces export job see it; the three Gia Lai-bound viewers do not. */
const onlyNational = (refused: Check = hidden()) => ({
  admin: ok,
  exportAll: ok,
  export52: refused,
  analyst52: refused,
  officer: refused,
});
/** Everyone but the commune officer. */
const notOfficer = (refused: Check = hidden()) => ({ ...everyone(ok), officer: refused });

interface Case {
  name: string;
  query: string;
  variables?: (ids: Ids, viewer: ViewerName) => Record<string, unknown>;
  expect: Record<ViewerName, Check>;
}

interface Ids {
  gialai: number;
  ownCommune: number;
  ownPlan: string;
  siblingPlan: string;
  otherProvincePlan: string;
  kyLacPlan: string;
  provincePlan52: string;
  provincePlanX24: string;
}

const ownPlanQuery = `query($id: ID!) { plan(id: $id) {
  id year owner { __typename ... on Commune { code } }
  areas { area { code } taskCount tasks { id } indicators { id } }
  tasks(first: 5) { totalCount edges { node { id area { code } progress(period: "2025Q4") { status task { id } report { id } } } } }
  indicators { id task { id } value(period: "2025Q4") { actualValue indicator { id } report { id } } }
  reports { id period plan { id } taskProgress { status task { id } report { id } } indicatorValues { actualValue indicator { id } report { id } } }
} }`;

const CASES: Case[] = [
  {
    name: 'Query.viewer',
    query: '{ viewer { role name province { code } commune { code } } }',
    expect: {
      admin: data((d) =>
        expect(d.viewer).toEqual({ role: 'ADMIN', name: 'admin', province: null, commune: null }),
      ),
      exportAll: data((d) =>
        expect(d.viewer).toMatchObject({ role: 'EXPORT_JOB', province: null, commune: null }),
      ),
      export52: data((d) => expect(d.viewer).toMatchObject({ role: 'EXPORT_JOB', province: { code: '52' } })),
      analyst52: data((d) =>
        expect(d.viewer).toMatchObject({ role: 'PROVINCE_ANALYST', province: { code: '52' } }),
      ),
      officer: data((d) =>
        expect(d.viewer).toEqual({
          role: 'COMMUNE_OFFICER',
          name: 'officer',
          province: { code: '52' },
          commune: { code: OWN },
        }),
      ),
    },
  },
  {
    name: 'Query.reformAreas',
    query: '{ reformAreas { code } }',
    expect: everyone(data((d) => expect(d.reformAreas).toHaveLength(7))),
  },
  {
    name: 'Query.provinces (filtered)',
    query: '{ provinces { code } }',
    expect: {
      ...everyone(data((d) => expect(d.provinces).toEqual([{ code: '52' }]))),
      admin: data((d) => expect(d.provinces.length).toBeGreaterThan(34)),
      exportAll: data((d) => expect(d.provinces.length).toBeGreaterThan(34)),
    },
  },
  {
    name: 'Query.province in scope',
    query: '{ province(code: "52") { name } }',
    expect: everyone(data((d) => expect(d.province.name).toBe('Gia Lai'))),
  },
  {
    name: 'Query.province outside scope',
    query: '{ province(code: "68") { name } }',
    expect: onlyNational(hidden(['province'])),
  },
  {
    name: 'Query.province of a former province',
    query: '{ province(code: "X24") { name } }',
    expect: onlyNational(),
  },
  {
    name: 'Query.communes (filtered, count included)',
    query: '{ communes(first: 500) { totalCount edges { node { code } } } }',
    expect: {
      ...everyone(
        data((d) => {
          expect(d.communes.totalCount).toBe(137);
          expect(d.communes.edges.every((e: any) => /^(52\d{3}|to-tung|dak-doa)$/.test(e.node.code))).toBe(
            true,
          );
        }),
      ),
      admin: data((d) => expect(d.communes.totalCount).toBeGreaterThan(137)),
      exportAll: data((d) => expect(d.communes.totalCount).toBeGreaterThan(137)),
    },
  },
  {
    name: 'Query.communes of another province',
    query: '{ communes(provinceCode: "68") { totalCount } }',
    expect: onlyNational(hidden(['communes'])),
  },
  {
    name: 'Query.communes searched by name',
    query: '{ communes(search: "ky lac") { totalCount } }',
    expect: {
      ...everyone(data((d) => expect(d.communes.totalCount).toBe(0))),
      admin: data((d) => expect(d.communes.totalCount).toBe(1)),
      exportAll: data((d) => expect(d.communes.totalCount).toBe(1)),
    },
  },
  {
    name: 'Query.commune of the own province (identity, province, figures)',
    query: `{ commune(code: "${SIBLING}") { code name province { code } rollup(period: "2025Q4") { total { taskCount } } } }`,
    expect: everyone(data((d) => expect(d.commune.rollup.total.taskCount).toBeGreaterThan(0))),
  },
  {
    name: 'Query.commune of another province',
    query: `{ commune(code: "${OTHER_PROVINCE_COMMUNE}") { name } }`,
    expect: onlyNational(hidden(['commune'])),
  },
  {
    name: 'Query.commune without a province',
    query: '{ commune(code: "ky-lac") { name } }',
    expect: onlyNational(),
  },
  {
    name: 'Commune.plans / plan / province of the own commune, nested to the report items',
    query: `{ commune(code: "${OWN}") { province { code } plan(year: 2025) { id } plans { reports { taskProgress { task { id } } indicatorValues { indicator { id } } } } } }`,
    expect: everyone(
      data((d) => {
        expect(d.commune.province.code).toBe('52');
        expect(d.commune.plans.length).toBe(2);
        expect(d.commune.plans[0].reports[0].taskProgress.length).toBeGreaterThan(0);
      }),
    ),
  },
  {
    name: 'Commune.plans of another commune (filtered)',
    query: `{ commune(code: "${SIBLING}") { plans { id } } }`,
    expect: notOfficer(data((d) => expect(d.commune.plans).toEqual([]))),
  },
  {
    name: 'Commune.plan of another commune',
    query: `{ commune(code: "${SIBLING}") { code plan(year: 2025) { id reports { id } } } }`,
    expect: notOfficer(hidden(['commune', 'plan'])),
  },
  {
    name: 'Query.plan of the own commune, every nested path',
    query: ownPlanQuery,
    variables: (ids) => ({ id: ids.ownPlan }),
    expect: everyone(
      data((d) => {
        expect(d.plan.owner).toEqual({ __typename: 'Commune', code: OWN });
        expect(d.plan.reports.length).toBeGreaterThan(0);
        expect(d.plan.tasks.edges.length).toBe(5);
      }),
    ),
  },
  {
    name: "Query.plan: a guessed id of another commune's plan",
    query: ownPlanQuery,
    variables: (ids) => ({ id: ids.siblingPlan }),
    expect: notOfficer(hidden(['plan'])),
  },
  {
    name: "Query.plan: another province's commune plan",
    query: 'query($id: ID!) { plan(id: $id) { id reports { id } } }',
    variables: (ids) => ({ id: ids.otherProvincePlan }),
    expect: onlyNational(hidden(['plan'])),
  },
  {
    name: 'Query.plan: a plan of a commune without a province',
    query: 'query($id: ID!) { plan(id: $id) { id } }',
    variables: (ids) => ({ id: ids.kyLacPlan }),
    expect: onlyNational(),
  },
  {
    name: "Query.plan: the own province's plan",
    query: 'query($id: ID!) { plan(id: $id) { id owner { __typename ... on Province { code } } } }',
    variables: (ids) => ({ id: ids.provincePlan52 }),
    expect: notOfficer(hidden(['plan'])),
  },
  {
    name: "Query.plan: another province's plan",
    query: 'query($id: ID!) { plan(id: $id) { id } }',
    variables: (ids) => ({ id: ids.provincePlanX24 }),
    expect: onlyNational(),
  },
  {
    name: 'Query.plan: an id that does not exist',
    query: '{ plan(id: "999999") { id } }',
    expect: everyone((result) =>
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']),
    ),
  },
  {
    name: 'Indicator.provinceIndicator: the province plan behind an own indicator',
    query: `query($id: ID!) { plan(id: $id) { indicators { id provinceIndicator { id targetText } } } }`,
    variables: (ids) => ({ id: ids.ownPlan }),
    expect: notOfficer((result) => {
      hidden()(result);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].path).toEqual(['plan', 'indicators', expect.any(Number), 'provinceIndicator']);
      // Everything else of the own plan is still there.
      expect(result.data!.plan.indicators.length).toBeGreaterThan(1);
    }),
  },
  {
    name: 'Province.plans (filtered) and Province.plan',
    query: '{ province(code: "52") { plans { id } } }',
    expect: notOfficer(data((d) => expect(d.province.plans).toEqual([]))),
  },
  {
    name: 'Province.plan(year) of the own province',
    query: '{ province(code: "52") { name plan(year: 2025) { id tasks { totalCount } } } }',
    expect: notOfficer(hidden(['province', 'plan'])),
  },
  {
    name: 'Province.rollup, reporting and communeRanking: aggregate figures of the own province',
    query: `{ province(code: "52") {
      rollup(period: "2025Q4") { total { taskCount } byArea { areaCode } communeCompletion { communes } }
      reporting(period: "2025Q4") { expected submitted missingCommunes { code name } }
      communeRanking(period: "2025Q4", first: 500) { communeCode communeName completionRate }
    } }`,
    expect: everyone(
      data((d) => {
        expect(d.province.rollup.total.taskCount).toBeGreaterThan(1000);
        expect(d.province.reporting.expected).toBeGreaterThan(100);
        // League table: every commune of the province named, with its rate.
        expect(d.province.communeRanking.length).toBeGreaterThan(100);
      }),
    ),
  },
  {
    name: 'Province.overdueTasks: the drill-down, only into plans the viewer reads',
    query: `{ province(code: "52") { overdueTasks(period: "2025Q4", first: 500) { totalCount edges { node { commune { code } task { id name } } } } } }`,
    expect: {
      ...everyone(
        data((d) => {
          const communes = new Set(d.province.overdueTasks.edges.map((e: any) => e.node.commune.code));
          expect(communes.size).toBeGreaterThan(10);
        }),
      ),
      officer: data((d) => {
        const { totalCount, edges } = d.province.overdueTasks;
        expect(totalCount).toBeGreaterThan(0);
        expect(edges).toHaveLength(totalCount);
        expect(new Set(edges.map((e: any) => e.node.commune.code))).toEqual(new Set([OWN]));
      }),
    },
  },
  {
    name: 'Province.communes → plans → reports (nested; other communes lose their plans silently)',
    query: `{ province(code: "52") { communes(first: 500) { totalCount edges { node { code plans { id reports { id } } } } } } }`,
    expect: {
      ...everyone(
        data((d) => {
          const withPlans = d.province.communes.edges.filter((e: any) => e.node.plans.length);
          expect(withPlans.length).toBeGreaterThan(100);
        }),
      ),
      officer: data((d) => {
        expect(d.province.communes.totalCount).toBe(137);
        const withPlans = d.province.communes.edges.filter((e: any) => e.node.plans.length);
        expect(withPlans.map((e: any) => e.node.code)).toEqual([OWN]);
      }),
    },
  },
  {
    name: 'Query.rollup without a place: only what the viewer sees',
    query: '{ rollup(periods: ["2025"], groupBy: [PROVINCE]) { provinceCode taskCount } }',
    expect: {
      ...everyone(data((d) => expect(d.rollup.map((r: any) => r.provinceCode)).toEqual(['52']))),
      admin: data((d) => expect(d.rollup.map((r: any) => r.provinceCode)).toEqual(['52', null])),
      exportAll: data((d) => expect(d.rollup.map((r: any) => r.provinceCode)).toEqual(['52', null])),
    },
  },
  {
    name: 'Query.rollup by commune within the own province',
    query: `{ rollup(periods: ["2025"], groupBy: [COMMUNE], provinceCode: "52") { communeCode } }`,
    expect: everyone(data((d) => expect(d.rollup.length).toBe(136))),
  },
  {
    name: 'Query.rollup of another commune of the own province',
    query: `{ rollup(periods: ["2025Q4"], groupBy: [], communeCode: "${SIBLING}") { taskCount } }`,
    expect: everyone(data((d) => expect(d.rollup[0].taskCount).toBeGreaterThan(0))),
  },
  {
    name: 'Query.rollup of another province',
    query: '{ rollup(periods: ["2026"], groupBy: [], provinceCode: "68") { taskCount } }',
    expect: onlyNational(hidden(['rollup'])),
  },
  {
    name: 'Query.rollup of a commune of another province',
    query: `{ rollup(periods: ["2026"], groupBy: [], communeCode: "${OTHER_PROVINCE_COMMUNE}") { taskCount } }`,
    expect: onlyNational(hidden(['rollup'])),
  },
  {
    name: 'Mutation.importPlan for the own commune',
    query: `mutation($csv: String!, $year: Int!) { importPlan(input: { communeCode: "${OWN}", year: $year, csv: $csv }) { id year } }`,
    variables: (_ids, viewer) => ({ csv: CSV, year: 2040 + VIEWER_NAMES.indexOf(viewer) }),
    expect: {
      admin: ok,
      exportAll: forbidden(['importPlan']),
      export52: forbidden(['importPlan']),
      analyst52: forbidden(['importPlan']),
      officer: data((d) => expect(d.importPlan.year).toBe(2044)),
    },
  },
  {
    name: 'Mutation.importPlan for another commune',
    query: `mutation($csv: String!) { importPlan(input: { communeCode: "${SIBLING}", year: 2050, csv: $csv }) { id } }`,
    variables: () => ({ csv: CSV }),
    expect: { ...everyone(forbidden(['importPlan'])), admin: ok },
  },
  {
    name: 'Mutation.importPlan for the province',
    query: `mutation($csv: String!) { importPlan(input: { provinceCode: "52", year: 2051, csv: $csv }) { id } }`,
    variables: () => ({ csv: CSV }),
    expect: { ...everyone(forbidden(['importPlan'])), admin: ok },
  },
];

const CSV = readFileSync(path.join(__dirname, '..', 'fixtures', 'to-tung-2024.csv'), 'utf8');

describe('read authorization: every role against every read path', () => {
  const client = useSeededGraphql();
  let ids: Ids;
  const viewers = {} as Record<ViewerName, Viewer>;

  beforeAll(async () => {
    const ds = client.db().dataSource;
    // A 2025 province plan for Gia Lai, and one of 52001's indicators linked to it.
    await client.data(
      'mutation($csv: String!) { importPlan(input: { provinceCode: "52", year: 2025, csv: $csv }) { id } }',
      { csv: CSV },
    );
    const one = async (sql: string) => (await ds.query(sql))[0];
    const commune = (code: string) => `(SELECT id FROM commune WHERE code = '${code}')`;
    const planOf = async (where: string) => String((await one(`SELECT id FROM plan WHERE ${where}`)).id);
    const gialai = (await one(`SELECT id FROM province WHERE code = '52'`)).id;
    ids = {
      gialai,
      ownCommune: (await one(`SELECT id FROM commune WHERE code = '${OWN}'`)).id,
      ownPlan: await planOf(`commune_id = ${commune(OWN)} AND year = 2025`),
      siblingPlan: await planOf(`commune_id = ${commune(SIBLING)} AND year = 2025`),
      otherProvincePlan: await planOf(`commune_id = ${commune(OTHER_PROVINCE_COMMUNE)}`),
      kyLacPlan: await planOf(`commune_id = ${commune('ky-lac')}`),
      provincePlan52: await planOf(`province_id = ${gialai}`),
      provincePlanX24: await planOf(`province_id = (SELECT id FROM province WHERE code = 'X24')`),
    };
    await ds.query(
      `UPDATE indicator SET province_indicator_id = (SELECT min(id) FROM indicator WHERE plan_id = $1)
        WHERE id = (SELECT min(id) FROM indicator WHERE plan_id = $2)`,
      [ids.provincePlan52, ids.ownPlan],
    );
    const viewer = (
      role: Role,
      name: string,
      provinceId: number | null,
      communeId: number | null,
    ): Viewer => ({
      role,
      name,
      tokenId: null,
      provinceId,
      communeId,
    });
    Object.assign(viewers, {
      admin: { ...OPERATOR, name: 'admin' },
      exportAll: viewer(Role.EXPORT_JOB, 'export-all', null, null),
      export52: viewer(Role.EXPORT_JOB, 'export-52', gialai, null),
      analyst52: viewer(Role.PROVINCE_ANALYST, 'analyst-52', gialai, null),
      officer: viewer(Role.COMMUNE_OFFICER, 'officer', gialai, ids.ownCommune),
    });
  });

  const matrix = CASES.flatMap((c) => VIEWER_NAMES.map((v) => [c.name, v, c] as const));
  it.each(matrix)('%s — %s', async (_name, viewerName, testCase) => {
    const result = await client.execute(
      testCase.query,
      testCase.variables?.(ids, viewerName),
      viewers[viewerName],
    );
    testCase.expect[viewerName](result);
  });
});
