import type { ApolloServer } from '@apollo/server';
import { getIntrospectionQuery } from 'graphql';
import { createRequestContext } from '../../src/app/request-context';
import type { RequestContext } from '../../src/app/request-context';
import { createApolloServer } from '../../src/app/server';
import { DEFAULT_LIMITS } from '../../src/core/config';
import type { RequestLimits } from '../../src/core/config';
import { OPERATOR } from '../../src/core/viewer';
import { ROLLUP_MAX_ROWS } from '../../src/modules/rollup/rollup.type';
import { countStatements } from '../utils/graphql';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/**
 * Limits before execution (issue #10, item 1): a refused operation gets QUERY_TOO_COMPLEX, HTTP 400,
 * a message naming the setting and its value, and not one SQL statement runs.
 */
describe('query limits', () => {
  let db: TestDatabase;
  const servers: ApolloServer<RequestContext>[] = [];
  let server: ApolloServer<RequestContext>;

  async function serverWith(limits: RequestLimits = DEFAULT_LIMITS) {
    const created = await createApolloServer({ isDevelopment: false, limits });
    await created.start();
    servers.push(created);
    return created;
  }

  /** Runs an operation in process (the real Apollo pipeline), counting SQL statements. */
  async function run(query: string, variables?: Record<string, unknown>, on = server) {
    const { result, statements } = await countStatements(() =>
      on.executeOperation(
        { query, variables },
        { contextValue: createRequestContext(db.dataSource, OPERATOR) },
      ),
    );
    if (result.body.kind !== 'single') throw new Error('Expected a single result');
    return { status: result.http.status ?? 200, ...result.body.singleResult, statements };
  }

  async function expectRefused(
    query: string,
    limit: string,
    variables?: Record<string, unknown>,
    on = server,
  ) {
    const response = await run(query, variables, on);
    expect(response.data).toBeUndefined();
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect([response.status, error.extensions?.code, error.extensions?.limit]).toEqual([
      400,
      'QUERY_TOO_COMPLEX',
      limit,
    ]);
    expect(error.message).toContain(`${limit}=${error.extensions?.max as number}`);
    expect(response.statements).toEqual([]);
    return error;
  }

  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    server = await serverWith();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await db?.drop();
  });

  const communesWithTasks =
    'communes(first: 500) { edges { node { code plans { id tasks(first: 500) { edges { node { id name } } } } } } }';

  it('refuses 200 aliases (issue #10) before any SQL: by the alias limit, or first by the token limit', async () => {
    const aliases = (selection: string) =>
      `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: ${selection}`).join('\n')} }`;
    // The query of the issue is also over the token limit, which the parser meets first.
    await expectRefused(aliases(communesWithTasks), 'CCHC_MAX_TOKENS');
    const error = await expectRefused(aliases('communes(first: 500) { totalCount }'), 'CCHC_MAX_ALIASES');
    expect(error.extensions).toMatchObject({ max: DEFAULT_LIMITS.maxAliases, found: 200 });
  });

  it('refuses one such alias by its cost: 500 communes × 500 tasks', async () => {
    const error = await expectRefused(`{ ${communesWithTasks} }`, 'CCHC_MAX_COST');
    expect(error.extensions?.found).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    expect(error.message).toMatch(/each list field counts its `first`/);
  });

  const nested = (levels: number, first: string | number = 500) => {
    let inner = 'code';
    for (let i = 0; i < levels; i++) {
      inner = `communes(first: ${first}) { edges { node { code province { code ${i === 0 ? '' : inner} } } } }`;
    }
    return `{ province(code: "52") { ${inner} } }`;
  };

  it('refuses four nested levels of province → communes(first: 500) (issue #10) by depth, and by cost when deeper is allowed', async () => {
    await expectRefused(nested(4), 'CCHC_MAX_DEPTH');
    const deep = await serverWith({ ...DEFAULT_LIMITS, maxDepth: 100 });
    await expectRefused(nested(4), 'CCHC_MAX_COST', undefined, deep);
    // Two levels are an ordinary (if large) question.
    expect((await run(nested(2, 5))).errors).toBeUndefined();
  });

  it('prices `first` given in variables, and accepts the same shape with small pages', async () => {
    const query = `query($n: Int!) { ${communesWithTasks.replaceAll('500', '$n')} }`;
    await expectRefused(query, 'CCHC_MAX_COST', { n: 500 });
    const small = await run(query, { n: 3 });
    expect(small.errors).toBeUndefined();
    expect(small.statements.length).toBeGreaterThan(0);
  });

  it('refuses too many tokens (the parser stops) and too many directives', async () => {
    const tokens = `{ reformAreas { ${'code '.repeat(DEFAULT_LIMITS.maxTokens)} } }`;
    await expectRefused(tokens, 'CCHC_MAX_TOKENS');
    const directives = `{ reformAreas { ${Array.from(
      { length: DEFAULT_LIMITS.maxDirectives + 1 },
      () => 'code @include(if: true)',
    ).join(' ')} } }`;
    await expectRefused(directives, 'CCHC_MAX_DIRECTIVES');
  });

  it('takes every limit from its setting: lower ones refuse what the defaults accept', async () => {
    const query = '{ a: reformAreas { code } b: reformAreas { code nameVi } c: provinces { code } }';
    expect((await run(query)).errors).toBeUndefined();
    const strict = await serverWith({
      ...DEFAULT_LIMITS,
      maxAliases: 2,
      maxDepth: 1,
      maxCost: 10,
      maxTokens: 10,
      maxDirectives: 0,
    });
    await expectRefused(query, 'CCHC_MAX_TOKENS', undefined, strict);
    const withLimit = async (limits: Partial<RequestLimits>) => serverWith({ ...DEFAULT_LIMITS, ...limits });
    await expectRefused(query, 'CCHC_MAX_ALIASES', undefined, await withLimit({ maxAliases: 2 }));
    await expectRefused(query, 'CCHC_MAX_DEPTH', undefined, await withLimit({ maxDepth: 1 }));
    // provinces counts 100 (its cap), each reformAreas 7.
    await expectRefused(query, 'CCHC_MAX_COST', undefined, await withLimit({ maxCost: 100 }));
    await expectRefused(
      '{ reformAreas { code @skip(if: false) } }',
      'CCHC_MAX_DIRECTIVES',
      undefined,
      await withLimit({ maxDirectives: 0 }),
    );
  });

  it('lets the IDE introspect (introspection is free of cost and depth; graphql-js bounds its nesting)', async () => {
    const response = await run(getIntrospectionQuery({ inputValueDeprecation: true, descriptions: true }));
    expect(response.errors).toBeUndefined();
    const circular = await run(
      '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }',
    );
    expect(circular.status).toBe(400);
  });

  describe('rollup lists are bounded', () => {
    // Every month of two years, by commune and area: more rows than one answer may hold.
    const months = [2025, 2026].flatMap((year) =>
      Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`),
    );
    const big = `query($periods: [String!]!) { rollup(periods: $periods, groupBy: [COMMUNE, AREA, PERIOD]) { communeCode } }`;

    it('refuses a rollup without `first` that has more than ROLLUP_MAX_ROWS rows, instead of cutting it short', async () => {
      const total = (await run(
        `query($periods: [String!]!) { rollupConnection(periods: $periods, groupBy: [COMMUNE, AREA, PERIOD], first: 0) { totalCount } }`,
        { periods: months },
      )) as any;
      expect(total.errors).toBeUndefined();
      expect(total.data.rollupConnection.totalCount).toBeGreaterThan(ROLLUP_MAX_ROWS);

      const unbounded = await run(big, { periods: months });
      expect(unbounded.data).toBeNull();
      expect(unbounded.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
        ['BAD_USER_INPUT', 'first'],
      ]);
      expect(unbounded.errors?.[0].message).toMatch(/more than 10000 rows.*rollupConnection/);

      const top = (await run(
        `query($periods: [String!]!) { rollup(periods: $periods, groupBy: [COMMUNE, AREA, PERIOD], first: 25) { communeCode } }`,
        { periods: months },
      )) as any;
      expect(top.data.rollup).toHaveLength(25);
    });

    it('pages through rollupConnection with first/after and a total count, every row once', async () => {
      const periods = ['2025Q3', '2025Q4'];
      const all = (await run(
        `query($periods: [String!]!) { rollup(periods: $periods, provinceCode: "52", groupBy: [COMMUNE, AREA, PERIOD]) { communeCode areaCode period } }`,
        { periods },
      )) as any;
      const expected = all.data.rollup.map((r: any) => `${r.communeCode}|${r.areaCode}|${r.period}`);
      expect(expected.length).toBeGreaterThan(100);

      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 100; page++) {
        const response = (await run(
          `query($periods: [String!]!, $after: String) { rollupConnection(periods: $periods, provinceCode: "52", groupBy: [COMMUNE, AREA, PERIOD], first: 40, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } edges { cursor node { communeCode areaCode period } } } }`,
          { periods, after },
        )) as any;
        expect(response.errors).toBeUndefined();
        const connection = response.data.rollupConnection;
        expect(connection.totalCount).toBe(expected.length);
        seen.push(
          ...connection.edges.map((e: any) => `${e.node.communeCode}|${e.node.areaCode}|${e.node.period}`),
        );
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);

      const pastTheEnd = (await run(
        `query($after: String) { rollupConnection(periods: ["2025Q3"], provinceCode: "52", groupBy: [AREA], after: $after) { totalCount edges { cursor } pageInfo { hasNextPage } } }`,
        { after: Buffer.from('rollup:1000').toString('base64url') },
      )) as any;
      expect(pastTheEnd.data.rollupConnection).toEqual({
        totalCount: 7,
        edges: [],
        pageInfo: { hasNextPage: false },
      });
      const forged = await run(
        `{ rollupConnection(periods: ["2025Q3"], groupBy: [AREA], after: "${Buffer.from('communes:1').toString('base64url')}") { totalCount } }`,
      );
      expect(forged.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });
});
