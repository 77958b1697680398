import { startGraphqlServer } from '../../src/app/server';
import type { MetricsAccess } from '../../src/core/config';
import { lineLogger } from '../../src/core/logger';
import { Role } from '../../src/core/viewer';
import { createToken } from '../../src/modules/api-token/api-token.service';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/** Issue #13: one structured log line per request, no secret in any line, and /metrics. */

const ADMIN_TOKEN = 'operator-secret-for-the-operations-test-0123';
const AREAS = 'query Areas { reformAreas { code } }';
const START_EXPORT = `mutation Start($params: JSONObject!) {
  startExport(kind: ROLLUP, params: $params, format: CSV) { id status } }`;

type Server = Awaited<ReturnType<typeof startGraphqlServer>>;

describe('operations: request logs and metrics', () => {
  let db: TestDatabase;
  let analystToken: string;
  let analystTokenId: number;
  const started: Server[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    const analyst = await createToken(db.dataSource, {
      role: Role.PROVINCE_ANALYST,
      name: 'ops-analyst',
      provinceCode: '52',
    });
    analystToken = analyst.token;
    analystTokenId = analyst.info.id;
  });
  afterAll(async () => {
    for (const server of started) await server.stop();
    await db?.drop();
  });

  /** A server whose log lines are collected (as the process's logger would write them). */
  async function serve(options: { metricsAccess?: MetricsAccess; level?: 'debug' | 'info' | 'warn' } = {}) {
    const lines: string[] = [];
    const server = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
      logger: lineLogger((line) => lines.push(line), options.level ?? 'info'),
      metricsAccess: options.metricsAccess,
      exportDir: '/nonexistent-export-dir',
    });
    started.push(server);
    const post = async (
      body: Record<string, unknown>,
      token?: string,
      headers: Record<string, string> = {},
    ) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify(body),
      });
      return { response, body: (await response.json()) as any };
    };
    const get = (path: string, token?: string) =>
      fetch(new URL(path, server.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const entries = () => lines.map((line) => JSON.parse(line));
    /** The request line (the one with a durationMs) of a request id. */
    const requestLine = (requestId: string) => {
      const found = entries().filter((entry) => entry.requestId === requestId && 'durationMs' in entry);
      expect(found).toHaveLength(1);
      return found[0];
    };
    return { server, lines, post, get, entries, requestLine };
  }

  it('writes one JSON line per request: request id, operation, route, duration, viewer (id, name, role), outcome, status', async () => {
    const { post, get, requestLine } = await serve({ level: 'debug' });
    const ok = await post({ query: AREAS, operationName: 'Areas' }, analystToken, {
      'x-request-id': 'ops-1',
    });
    expect(ok.response.status).toBe(200);
    const line = requestLine('ops-1');
    expect(line).toMatchObject({
      level: 'info',
      requestId: 'ops-1',
      operation: 'Areas',
      route: '/graphql',
      outcome: 'ok',
      viewer: { tokenId: analystTokenId, name: 'ops-analyst', role: 'PROVINCE_ANALYST' },
      req: { method: 'POST', path: '/graphql' },
      res: { statusCode: 200 },
    });
    expect(new Date(line.time).toISOString()).toBe(line.time);
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(line.msg).toBe('POST /graphql Areas 200 ok');

    // An unnamed operation, a refused read (first error code), a query that does not parse.
    const anonymous = await post({ query: '{ reformAreas { code } }' }, ADMIN_TOKEN);
    expect(requestLine(anonymous.response.headers.get('x-request-id')!)).toMatchObject({
      operation: 'anonymous',
      outcome: 'ok',
      viewer: { tokenId: null, name: 'operator', role: 'ADMIN' },
    });
    const missing = await post({ query: 'query Lost { province(code: "00") { code } }' }, analystToken);
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(requestLine(missing.response.headers.get('x-request-id')!)).toMatchObject({
      operation: 'Lost',
      outcome: 'NOT_FOUND',
      level: 'info',
    });
    const broken = await post({ query: 'query Broken { reformAreas { ' }, analystToken);
    expect(requestLine(broken.response.headers.get('x-request-id')!)).toMatchObject({
      operation: 'other',
      outcome: 'GRAPHQL_PARSE_FAILED',
      res: { statusCode: 400 },
      level: 'warn',
    });

    // Refused before Apollo: the HTTP error's code, no viewer.
    const refused = await post({ query: AREAS }, 'cchc_no-such-token');
    expect(refused.response.status).toBe(401);
    const refusal = requestLine(refused.response.headers.get('x-request-id')!);
    expect(refusal).toMatchObject({ route: '/graphql', outcome: 'UNAUTHENTICATED', level: 'warn' });
    expect(refusal).not.toHaveProperty('viewer');
    expect(refusal).not.toHaveProperty('operation');

    // Other routes: the route, the HTTP outcome.
    const notFound = await get('/nowhere?token=abc');
    expect(requestLine(notFound.headers.get('x-request-id')!)).toMatchObject({
      route: '/nowhere',
      outcome: 'NOT_FOUND',
      res: { statusCode: 404 },
    });
    const exportRefused = await get('/exports/rollup.csv?province=52&period=nonsense', analystToken);
    expect(exportRefused.status).toBe(400);
    expect(requestLine(exportRefused.headers.get('x-request-id')!)).toMatchObject({
      route: '/exports/:file',
      outcome: 'BAD_USER_INPUT',
      viewer: { role: 'PROVINCE_ANALYST' },
    });
    const health = await get('/healthz');
    expect(requestLine(health.headers.get('x-request-id')!)).toMatchObject({
      route: '/healthz',
      outcome: 'ok',
      level: 'debug',
    });
  });

  it('never writes a bearer token or an Authorization header, on success, on 401, on 403 and on a logged internal error', async () => {
    const { post, get, lines, entries, requestLine } = await serve({ metricsAccess: 'token' });
    const secrets = [ADMIN_TOKEN, analystToken, 'cchc_unknown-token-value-42'];
    await post({ query: AREAS }, analystToken);
    await post({ query: AREAS }, ADMIN_TOKEN);
    await post({ query: AREAS }, 'cchc_unknown-token-value-42');
    await get('/metrics', analystToken); // 403: not an ADMIN token
    await get('/metrics', 'cchc_unknown-token-value-42'); // 401
    await get(`/exports/rollup.csv?province=52&period=nonsense&token=${analystToken}`, analystToken);
    await db.dataSource.query('ALTER TABLE reform_area RENAME TO reform_area_away');
    try {
      const failed = await post({ query: AREAS }, ADMIN_TOKEN);
      expect(failed.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      // HTTP 200 (GraphQL), but its request line is an error.
      expect(requestLine(failed.response.headers.get('x-request-id')!)).toMatchObject({
        level: 'error',
        outcome: 'INTERNAL_SERVER_ERROR',
      });
    } finally {
      await db.dataSource.query('ALTER TABLE reform_area_away RENAME TO reform_area');
    }
    // The internal error was logged in full (stack and database text) under its request id…
    const logged = entries().filter((entry) => entry.code === 'INTERNAL_SERVER_ERROR');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', requestId: expect.any(String) });
    expect(logged[0].error).toMatch(/reform_area/);
    // …and no line holds a token, a header or its name.
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line.toLowerCase()).not.toMatch(/authorization|bearer/);
    }
  });

  it('writes only lines at or above LOG_LEVEL', async () => {
    const { post, entries } = await serve({ level: 'warn' });
    await post({ query: AREAS }, analystToken);
    await post({ query: AREAS });
    expect(entries().map((entry) => [entry.level, entry.outcome])).toEqual([['warn', 'UNAUTHENTICATED']]);
  });

  /** The value of one sample of a Prometheus text exposition (undefined when absent). */
  const sample = (text: string, name: string, labels: Record<string, string> = {}): number | undefined => {
    const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const have = match[2] ? match[2].split(',') : [];
      if (have.length === wanted.length && wanted.every((label) => have.includes(label))) {
        return Number(match[3]);
      }
    }
    return undefined;
  };

  it('serves Prometheus metrics: GraphQL requests by operation and outcome, durations, pool, subscriptions, export runs, process', async () => {
    const { server, post, get } = await serve();
    const scrape = async () => {
      const response = await get('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text();
    };
    const before = await scrape();
    expect(
      sample(before, 'cchc_graphql_requests_total', { operation: 'Areas', outcome: 'ok' }),
    ).toBeUndefined();

    await post({ query: AREAS }, analystToken);
    await post({ query: AREAS }, analystToken);
    await post({ query: '{ reformAreas { code } }' }, analystToken);
    await post({ query: 'query Lost { province(code: "00") { code } }' }, analystToken);
    await post({ query: AREAS });
    await post(
      { query: 'query Start($params: JSONObject!) { nope }', variables: { params: {} } },
      analystToken,
    );
    const queued = await post(
      { query: START_EXPORT, variables: { params: { province: '52', period: '2025Q3' } } },
      analystToken,
    );
    expect(queued.body.data?.startExport.status).toBe('QUEUED');
    await get('/graphql'); // the IDE page: not a GraphQL request

    const after = await scrape();
    const requests = (operation: string, outcome: string) =>
      sample(after, 'cchc_graphql_requests_total', { operation, outcome });
    expect(requests('Areas', 'ok')).toBe(2);
    expect(requests('anonymous', 'ok')).toBe(1);
    expect(requests('Lost', 'NOT_FOUND')).toBe(1);
    expect(requests('other', 'UNAUTHENTICATED')).toBe(1);
    expect(requests('other', 'GRAPHQL_VALIDATION_FAILED')).toBe(1);
    expect(requests('Start', 'ok')).toBe(1);
    const allRequests = after
      .split('\n')
      .filter((line) => line.startsWith('cchc_graphql_requests_total{'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    expect(allRequests).toBe(7);
    expect(
      sample(after, 'cchc_graphql_request_duration_seconds_count', { operation: 'Areas', outcome: 'ok' }),
    ).toBe(2);
    expect(
      sample(after, 'cchc_graphql_request_duration_seconds_bucket', {
        operation: 'Areas',
        outcome: 'ok',
        le: '+Inf',
      }),
    ).toBe(2);
    for (const state of ['in_use', 'idle', 'waiting']) {
      expect(sample(after, 'cchc_db_pool_connections', { state })).toBeGreaterThanOrEqual(0);
    }
    // The scrape's own export-run count holds a connection while the pool gauge is read: at least 1 open.
    expect(
      sample(after, 'cchc_db_pool_connections', { state: 'in_use' })! +
        sample(after, 'cchc_db_pool_connections', { state: 'idle' })!,
    ).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'cchc_subscriptions_open')).toBe(0);
    expect(sample(after, 'cchc_export_runs', { status: 'QUEUED' })).toBe(1);
    expect(sample(after, 'cchc_export_runs', { status: 'SUCCEEDED' })).toBe(0);
    expect(sample(after, 'cchc_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(after, 'cchc_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    // Counts only grow; the subscription gauge reads its source at each scrape.
    await post({ query: AREAS }, analystToken);
    server.metrics.countSubscriptionsWith(() => 3);
    const later = await scrape();
    expect(sample(later, 'cchc_graphql_requests_total', { operation: 'Areas', outcome: 'ok' })).toBe(3);
    expect(sample(later, 'cchc_subscriptions_open')).toBe(3);
  });

  it('bounds the operation label: names past the first 100 and over-long names count as "other"', async () => {
    const { post, get } = await serve();
    for (let i = 0; i < 105; i++) {
      await post({ query: `query Op${i} { reformAreas { code } }` }, analystToken);
    }
    await post({ query: `query ${'L'.repeat(65)} { reformAreas { code } }` }, analystToken);
    const text = await (await get('/metrics')).text();
    const operations = text
      .split('\n')
      .filter((line) => line.startsWith('cchc_graphql_requests_total{'))
      .map((line) => /operation="([^"]*)"/.exec(line)![1]);
    expect(new Set(operations).size).toBe(101);
    expect(sample(text, 'cchc_graphql_requests_total', { operation: 'Op99', outcome: 'ok' })).toBe(1);
    expect(
      sample(text, 'cchc_graphql_requests_total', { operation: 'Op100', outcome: 'ok' }),
    ).toBeUndefined();
    expect(sample(text, 'cchc_graphql_requests_total', { operation: 'other', outcome: 'ok' })).toBe(6);
  });

  it('guards /metrics as CCHC_METRICS says: off, token, open (and local answers this machine)', async () => {
    const off = await serve({ metricsAccess: 'off' });
    const offResponse = await off.get('/metrics');
    expect(offResponse.status).toBe(404);
    expect(((await offResponse.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');

    const token = await serve({ metricsAccess: 'token' });
    const anonymous = await token.get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const analyst = await token.get('/metrics', analystToken);
    expect(analyst.status).toBe(403);
    const refusal = ((await analyst.json()) as any).errors[0];
    expect(refusal.extensions.code).toBe('FORBIDDEN');
    expect(refusal.message).toMatch(/ADMIN token.*CCHC_METRICS=token/);
    const admin = await token.get('/metrics', ADMIN_TOKEN);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toMatch(/^# HELP /m);

    const open = await serve({ metricsAccess: 'open' });
    expect((await open.get('/metrics')).status).toBe(200);
    const local = await serve({ metricsAccess: 'local' });
    expect((await local.get('/metrics')).status).toBe(200);
  });
});
