import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/app/data-source';
import { startGraphqlServer } from '../../src/app/server';
import { createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

const ADMIN_TOKEN = 'availability-test-admin-token-0123456789';
const PROVINCE = '{ province(code: "52") { code name } }';

/** Masking with request ids, connection and statement timeouts, and the probes (issue #10, item 3). */
describe('masking and availability', () => {
  let db: TestDatabase;
  const started: { stop: () => Promise<void> }[] = [];
  const pools: DataSource[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
  });
  afterAll(async () => {
    for (const server of started) await server.stop();
    for (const pool of pools) if (pool.isInitialized) await pool.destroy();
    await db?.drop();
  });

  /** A server over its own pool of the test database, its log lines collected. */
  async function serve(pool: { poolSize?: number; connectTimeoutMs?: number; statementTimeoutMs?: number }) {
    const dataSource = createDataSource({ url: databaseUrl(db.name), ...pool });
    await dataSource.initialize();
    pools.push(dataSource);
    const logged: string[] = [];
    const server = await startGraphqlServer({
      dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
      log: (line) => logged.push(line),
    });
    started.push(server);
    const post = async (query: string, headers: Record<string, string> = {}, token = ADMIN_TOKEN) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ query }),
      });
      return { response, body: (await response.json()) as any };
    };
    const probe = async (path: string) => {
      const response = await fetch(new URL(path, server.url));
      return { status: response.status, body: (await response.json()) as any, response };
    };
    return { dataSource, logged, post, probe, url: server.url };
  }

  it('masks an unexpected error as INTERNAL_SERVER_ERROR with a request id (header and extensions) and logs it in full under that id', async () => {
    const server = await serve({});
    await db.dataSource.query('ALTER TABLE province RENAME TO province_moved_away');
    try {
      const { response, body } = await server.post(PROVINCE, { 'x-request-id': 'trace-abc.123' });
      expect(response.headers.get('x-request-id')).toBe('trace-abc.123');
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors;
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'trace-abc.123' });
      expect(error.message).toBe('Internal server error. It has been logged; try again later.');
      expect(JSON.stringify(body)).not.toMatch(/province_moved_away|relation|SELECT|\.ts|node_modules/);
      // One JSON error entry with the id, the code and the database's own words (beside the
      // request's own line, which carries the id and the outcome: test/integration/operations.test.ts).
      const lines = server.logged.filter((line) => line.includes('trace-abc.123') && line.includes('"code"'));
      expect(lines).toHaveLength(1);
      const entry = JSON.parse(lines[0]);
      expect(entry).toMatchObject({
        level: 'error',
        requestId: 'trace-abc.123',
        code: 'INTERNAL_SERVER_ERROR',
      });
      expect(entry.error).toMatch(/relation "province" does not exist/);

      // An id that is not a sane token is replaced by a generated UUID, the same in header and error.
      const other = await server.post(PROVINCE, { 'x-request-id': 'bad id <script>alert(1)</script>' });
      const id = other.response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(other.body.errors[0].extensions.requestId).toBe(id);
    } finally {
      await db.dataSource.query('ALTER TABLE province_moved_away RENAME TO province');
    }
    // Every response carries an id, also a successful one.
    const ok = await server.post(PROVINCE);
    expect(ok.body.data.province.code).toBe('52');
    expect(ok.response.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers SERVICE_UNAVAILABLE, HTTP 503 with Retry-After, when the pool has no free connection within the connect timeout; /readyz says so; served again once one is free', async () => {
    const server = await serve({ poolSize: 1, connectTimeoutMs: 300 });
    const held = server.dataSource.createQueryRunner();
    await held.connect(); // the pool's only connection
    try {
      const { response, body } = await server.post(PROVINCE);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(body.errors[0].extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        requestId: response.headers.get('x-request-id'),
      });
      expect(body.errors[0].message).toMatch(/not reachable at the moment.*try again/);

      // A token that must be looked up in the database: the authentication itself fails the same way.
      const auth = await server.post(PROVINCE, {}, 'cchc_not_the_admin_token_so_it_is_looked_up');
      expect(auth.response.status).toBe(503);
      expect(auth.response.headers.get('retry-after')).toBe('5');
      expect(auth.body.errors[0].extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        requestId: auth.response.headers.get('x-request-id'),
      });
      expect(server.logged.some((line) => line.includes(auth.response.headers.get('x-request-id')!))).toBe(
        true,
      );

      expect((await server.probe('/healthz')).status).toBe(200);
      const ready = await server.probe('/readyz');
      expect([ready.status, ready.body]).toEqual([
        503,
        { status: 'unavailable', reason: 'database unreachable' },
      ]);
    } finally {
      await held.release();
    }
    const after = await server.post(PROVINCE);
    expect([after.response.status, after.body.data?.province.code]).toEqual([200, '52']);
    expect((await server.probe('/readyz')).body).toEqual({ status: 'ready' });
  });

  it('cancels a statement that runs past the statement timeout with TIMEOUT, and the connection goes back to the pool', async () => {
    const server = await serve({ poolSize: 1, statementTimeoutMs: 300 });
    // Another session holds a lock the read must wait for: the wait is the statement running long.
    const blocker = new Client({ connectionString: databaseUrl(db.name) });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE province IN ACCESS EXCLUSIVE MODE');
      const { body } = await server.post(PROVINCE);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions).toEqual({ code: 'TIMEOUT', requestId: expect.any(String) });
      expect(body.errors[0].message).toMatch(/statement timeout.*nothing was changed/i);
      await blocker.query('ROLLBACK');
    } finally {
      await blocker.end();
    }
    // The pool's one connection serves the next request.
    const after = await server.post(PROVINCE);
    expect(after.body).toEqual({ data: { province: { code: '52', name: expect.any(String) } } });
    const [{ statement_timeout }] = await server.dataSource.query('SHOW statement_timeout');
    expect(statement_timeout).toBe('300ms');
  });

  it('/healthz and /readyz need no token; /readyz is 503 with the reason while migrations are pending', async () => {
    const ready = await serve({});
    expect(await ready.probe('/healthz').then((r) => [r.status, r.body])).toEqual([200, { status: 'ok' }]);
    expect(await ready.probe('/readyz').then((r) => [r.status, r.body])).toEqual([200, { status: 'ready' }]);

    const blank = await createTestDatabase('none');
    try {
      const dataSource = createDataSource({ url: databaseUrl(blank.name) });
      await dataSource.initialize();
      pools.push(dataSource);
      const server = await startGraphqlServer({ dataSource, port: 0, isDevelopment: false });
      started.push(server);
      const response = await fetch(new URL('/readyz', server.url));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'unavailable',
        reason: 'migrations pending',
        pendingMigrations: dataSource.migrations.length,
      });
      await dataSource.destroy();
    } finally {
      await blank.drop();
    }
  });
});
