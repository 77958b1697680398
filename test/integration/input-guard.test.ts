import { createSchema } from '../../src/app/schema';
import { isInputGuarded } from '../../src/app/input-guard';
import { countStatements } from '../utils/graphql';
import { useSeededGraphql } from '../utils/seeded-graphql';
import { codesOf, writeFixture } from '../utils/write-fixtures';
import type { WriteFixture } from '../utils/write-fixtures';
import { getNamedType, graphql, isInputObjectType, isObjectType } from 'graphql';
import { createRequestContext } from '../../src/app/request-context';

const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createPlan(input: $input) { id title note version } }`;
const SEARCH = `query($search: String) { communes(search: $search, first: 5) { edges { node { code name } } } }`;
const SAVE = `mutation($planId: ID!, $period: String!, $indicatorValues: [IndicatorValueInput!]) {
  saveReportDraft(planId: $planId, period: $period, indicatorValues: $indicatorValues) { report { id } }
}`;
const IMPORT = `mutation($input: ImportPlanInput!) { importPlan(input: $input) { id } }`;

/** The first error's code and field, or null when the operation succeeded. */
const failure = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.length
    ? { code: result.errors[0].extensions?.code, field: result.errors[0].extensions?.field }
    : null;

describe('input guard: strings, floats, dates and periods are checked before any resolver (issue #10)', () => {
  const client = useSeededGraphql();
  let fx: WriteFixture;
  let planId: string;
  const sql = (text: string, params?: unknown[]) => client.db().dataSource.query(text, params);
  let year = 2060;

  beforeAll(async () => {
    fx = await writeFixture(client.db().dataSource);
    const [plan] = await sql('SELECT id FROM plan WHERE commune_id = $1 AND year = 2025', [fx.commune.id]);
    planId = String(plan.id);
  });

  it('wraps every field that takes a string, ID, Float or date argument', async () => {
    const schema = await createSchema();
    const unguarded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const checked = field.args.some((a) => {
          const named = getNamedType(a.type);
          return isInputObjectType(named) || ['String', 'ID', 'Float', 'LocalDate'].includes(named.name);
        });
        if (checked && !isInputGuarded(field)) unguarded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it.each([
    ['a NUL', 'Kế hoạch\u0000'],
    ['a lone high surrogate', 'Kế hoạch \uD800'],
    ['a lone low surrogate', '\uDC00 Kế hoạch'],
  ])('refuses %s in an input field with BAD_USER_INPUT naming it, before any SQL', async (_what, title) => {
    const { result, statements } = await countStatements(() =>
      client.execute(
        CREATE_PLAN,
        { input: { communeCode: fx.commune.code, year: year++, title } },
        fx.cast.officer,
      ),
    );
    expect(failure(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(result.errors![0].message).toMatch(/input\.title contains (a NUL|an unpaired surrogate)/);
    expect(statements).toEqual([]);
  });

  it('refuses a NUL in a query argument, in a list item and in an ID', async () => {
    expect(failure(await client.execute(SEARCH, { search: 'Tơ\u0000' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'search',
    });
    const rollup = await client.execute(
      `query($p: [String!]!) { rollup(periods: $p, groupBy: []) { taskCount } }`,
      {
        p: ['2025', '2025Q3\u0000'],
      },
    );
    expect(failure(rollup)).toEqual({ code: 'BAD_USER_INPUT', field: 'periods[1]' });
    expect(
      failure(await client.execute(`query($id: ID!) { plan(id: $id) { id } }`, { id: '1\u0000' })),
    ).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    const save = await client.execute(
      SAVE,
      {
        planId,
        period: '2025-08',
        indicatorValues: [
          { indicatorId: '1', actualValue: 1, note: 'ok' },
          { indicatorId: '2', actualValue: 1, note: 'x\u0000' },
        ],
      },
      fx.cast.officer,
    );
    expect(failure(save)).toEqual({ code: 'BAD_USER_INPUT', field: 'indicatorValues[1].note' });
  });

  it('stores text in NFC, and finds a commune typed with combining marks', async () => {
    const combining = 'Ke\u0302\u0301 hoa\u0323ch xa\u0303 To\u031b Tung'; // "Kế hoạch xã Tơ Tung", decomposed
    const plan = (
      await client.data(
        CREATE_PLAN,
        { input: { communeCode: fx.commune.code, year: year++, title: combining, note: combining } },
        fx.cast.officer,
      )
    ).createPlan;
    const [row] = await sql('SELECT title, note FROM plan WHERE id = $1', [Number(plan.id)]);
    expect(row).toEqual({ title: 'Kế hoạch xã Tơ Tung', note: 'Kế hoạch xã Tơ Tung' });

    const found = (await client.data(SEARCH, { search: 'To\u031b Tung' })).communes.edges.map(
      (e: { node: { code: string } }) => e.node.code,
    );
    expect(found).toContain('to-tung');
  });

  it('refuses a string beyond its limit: 2,000 by default, more where a field says so', async () => {
    const long = await client.execute(SEARCH, { search: 'x'.repeat(2001) });
    expect(failure(long)).toEqual({ code: 'BAD_USER_INPUT', field: 'search' });
    expect(long.errors![0].message).toMatch(/search is 2001 characters long; at most 2000/);
    // A note may hold 4,000 characters (LIMITS.note, @MaxChars).
    const note = await client.execute(
      CREATE_PLAN,
      { input: { communeCode: fx.commune.code, year: year++, title: 'Kế hoạch', note: 'n'.repeat(4000) } },
      fx.cast.officer,
    );
    expect(codesOf(note)).toEqual([]);
    const tooLong = await client.execute(
      CREATE_PLAN,
      { input: { communeCode: fx.commune.code, year: year++, title: 'Kế hoạch', note: 'n'.repeat(4001) } },
      fx.cast.officer,
    );
    expect(failure(tooLong)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.note' });
  });

  it('takes the import limit from CCHC_MAX_IMPORT_CHARS', async () => {
    const schema = await createSchema({ maxStringChars: 2000, maxImportChars: 10 });
    const result = await graphql({
      schema,
      source: IMPORT,
      variableValues: { input: { communeCode: fx.commune.code, year: 2061, csv: 'x'.repeat(11) } },
      contextValue: createRequestContext(client.db().dataSource, fx.cast.officer),
    });
    expect(result.errors?.[0].originalError?.message).toMatch(/input\.csv is 11 characters long; at most 10/);
  });

  it('refuses a Float of 1e309 (Infinity) or beyond 1e15, and never stores it', async () => {
    const indicator = (
      await client.data(
        `mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { id unit } }`,
        { input: { planId, areaCode: 'PROCEDURES', name: 'Chỉ tiêu thử', targetText: 'Hoàn thành' } },
        fx.cast.officer,
      )
    ).createIndicator;
    for (const literal of ['1e309', '-1e309', '1e308', '1e16']) {
      const result = await client.execute(
        `mutation($planId: ID!) { saveReportDraft(planId: $planId, period: "2025-11",
           indicatorValues: [{ indicatorId: "${indicator.id}", actualValue: ${literal} }]) { report { id } } }`,
        { planId },
        fx.cast.officer,
      );
      expect([literal, failure(result)]).toEqual([
        literal,
        { code: 'BAD_USER_INPUT', field: 'indicatorValues[0].actualValue' },
      ]);
    }
    const rows = await sql(`SELECT count(*)::int AS n FROM indicator_value WHERE indicator_id = $1`, [
      Number(indicator.id),
    ]);
    expect(rows[0].n).toBe(0);
  });

  it.each(['0000-01-01', '1899-12-31', '2201-01-01'])('refuses issueDate %s', async (issueDate) => {
    const result = await client.execute(
      CREATE_PLAN,
      { input: { communeCode: fx.commune.code, year: year++, title: 'Kế hoạch', issueDate } },
      fx.cast.officer,
    );
    expect(failure(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.issueDate' });
  });

  it.each(['0000', '9999Q4', '1999', '2101-12'])(
    'refuses period %s with BAD_USER_INPUT everywhere',
    async (period) => {
      const queries: [string, Record<string, unknown>][] = [
        [`query($p: [String!]!) { rollup(periods: $p, groupBy: []) { taskCount } }`, { p: [period] }],
        [
          `query($p: String!) { province(code: "52") { rollup(period: $p) { total { taskCount } } } }`,
          { p: period },
        ],
        [`query($p: String!) { province(code: "52") { reporting(period: $p) { expected } } }`, { p: period }],
        [
          `query($p: String!) { province(code: "52") { overdueTasks(period: $p) { totalCount } } }`,
          { p: period },
        ],
        [
          `query($p: String!) { province(code: "52") { communeRanking(period: $p) { communeCode } } }`,
          { p: period },
        ],
        [SAVE, { planId, period }],
      ];
      for (const [query, variables] of queries) {
        const result = await client.execute(query, variables, fx.cast.officer);
        expect([query, codesOf(result)]).toEqual([query, ['BAD_USER_INPUT']]);
      }
    },
  );

  it('refuses an importPlan CSV with an unclosed quote, naming the problem', async () => {
    const result = await client.execute(
      IMPORT,
      { input: { communeCode: fx.commune.code, year: 2062, csv: 'STT,Nhiệm vụ\n1,"Nhiệm vụ chưa đóng\n' } },
      fx.cast.officer,
    );
    expect(failure(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.csv' });
    expect(result.errors![0].message).toMatch(/quoted cell is never closed/);
  });

  it("binds rollup's having values as parameters", async () => {
    const { result, statements } = await countStatements(() =>
      client.execute(
        `query { rollup(periods: ["2025"], groupBy: [COMMUNE], provinceCode: "52",
           having: [{ measure: taskCount, op: GTE, value: 12345.5 }]) { taskCount } }`,
      ),
    );
    expect(codesOf(result)).toEqual([]);
    const rollupSql = statements.find((s) => s.includes('plan_rollup'))!;
    expect(rollupSql).toMatch(/>= \$8::float8/);
    expect(rollupSql).not.toContain('12345.5');
  });
});
