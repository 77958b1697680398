import { startGraphqlServer } from '../../src/app/server';
import { createToken, revokeToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { countStatements } from '../utils/graphql';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait';

/**
 * The servers' shared caches: tokens (src/modules/api-token/token-cache.ts) and provinces
 * (src/modules/province/province-cache.ts). A token or province seen before costs no statement,
 * and every server on the database hears a revocation, a change of scope or a province change
 * through LISTEN/NOTIFY, whoever made it. While a server's LISTEN connection is down it reads
 * everything again.
 */
describe('shared caches', () => {
  let db: TestDatabase;
  const servers: { url: string; stop: () => Promise<void> }[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    for (let i = 0; i < 2; i++) {
      servers.push(
        await startGraphqlServer({
          dataSource: db.dataSource,
          port: 0,
          isDevelopment: false,
          // Only a NOTIFY can explain a change being seen within the test.
          tokenCacheTtlMs: 3_600_000,
        }),
      );
    }
    await waitFor('both LISTEN connections', async () => (await listenerPids()).length === 2);
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await db?.drop();
  });

  /** Backends of the servers' LISTEN connections. */
  const listenerPids = async (): Promise<number[]> =>
    (
      await db.dataSource.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'cchc-hub listener' AND datname = current_database()`,
      )
    ).map((row: { pid: number }) => row.pid);

  const VIEWER = '{ viewer { role province { code } } }';
  const ask = async (server: { url: string }, token: string) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: VIEWER }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  /** The request's SQL statements that read or write api_token. */
  const tokenStatements = async (server: { url: string }, token: string) =>
    (await countStatements(() => ask(server, token))).statements.filter((sql) => sql.includes('api_token'));

  it('reads a token from the database once; later requests with it cost no statement', async () => {
    const { token } = await createToken(db.dataSource, {
      role: Role.PROVINCE_ANALYST,
      name: 'cached',
      provinceCode: '52',
    });
    expect(await tokenStatements(servers[0], token)).toHaveLength(1);
    for (let i = 0; i < 3; i++) expect(await tokenStatements(servers[0], token)).toEqual([]);
    expect((await ask(servers[0], token)).body.data.viewer).toEqual({
      role: 'PROVINCE_ANALYST',
      province: { code: '52' },
    });
  });

  it('a revocation made elsewhere reaches every server on the database', async () => {
    const { token, info } = await createToken(db.dataSource, {
      role: Role.EXPORT_JOB,
      name: 'revoked-everywhere',
    });
    for (const server of servers) {
      expect((await ask(server, token)).status).toBe(200);
      expect(await tokenStatements(server, token)).toEqual([]);
    }
    await revokeToken(db.dataSource, String(info.id));
    for (const server of servers) {
      await waitFor('the revocation to be heard', async () => (await ask(server, token)).status === 401);
    }
  });

  it('a new scope written in SQL is seen by the next requests, without a restart', async () => {
    const { token, info } = await createToken(db.dataSource, {
      role: Role.PROVINCE_ANALYST,
      name: 'moved',
      provinceCode: '52',
    });
    expect((await ask(servers[1], token)).body.data.viewer.province.code).toBe('52');
    await db.dataSource.query(
      `UPDATE api_token SET province_id = (SELECT id FROM province WHERE code = '79') WHERE id = $1`,
      [info.id],
    );
    await waitFor(
      'the new scope',
      async () => (await ask(servers[1], token)).body.data?.viewer.province.code === '79',
    );
  });

  it('last_used_at is still written (at most every few minutes), off the request path', async () => {
    const { token, info } = await createToken(db.dataSource, { role: Role.EXPORT_JOB, name: 'used' });
    await ask(servers[0], token);
    const [{ lastUsedAt }] = await db.dataSource.query(
      `SELECT last_used_at AS "lastUsedAt" FROM api_token WHERE id = $1`,
      [info.id],
    );
    expect(lastUsedAt).not.toBeNull();
  });

  it('while its LISTEN connection is down a server trusts no cached token; it caches again once back', async () => {
    const { token, info } = await createToken(db.dataSource, { role: Role.EXPORT_JOB, name: 'outage' });
    await ask(servers[0], token);
    expect(await tokenStatements(servers[0], token)).toEqual([]);
    // Cut both servers' LISTEN connections: a change made now may never be announced to them.
    await db.dataSource.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [
      await listenerPids(),
    ]);
    await waitFor(
      'the cache to be bypassed',
      async () => (await tokenStatements(servers[0], token)).length === 1,
    );
    await revokeToken(db.dataSource, String(info.id));
    // No waiting: the database is asked.
    expect((await ask(servers[0], token)).status).toBe(401);
    await waitFor('the LISTEN connections to be back', async () => (await listenerPids()).length === 2);
    const { token: next } = await createToken(db.dataSource, { role: Role.EXPORT_JOB, name: 'after-outage' });
    await ask(servers[0], next);
    expect(await tokenStatements(servers[0], next)).toEqual([]);
  });

  /** Sends a query with a token; the answer and the SQL statements it cost. */
  const measured = async (server: { url: string }, token: string, query: string) => {
    const { result, statements } = await countStatements(async () => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as any;
    });
    return { body: result, statements };
  };

  it('a province roll-up with a known token and province is one SQL statement, authentication included', async () => {
    const { token } = await createToken(db.dataSource, {
      role: Role.PROVINCE_ANALYST,
      name: 'one-statement',
      provinceCode: '52',
    });
    const query =
      '{ rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [AREA]) { areaCode taskCount completionRate } }';
    const first = await measured(servers[0], token, query);
    expect(first.body.errors).toBeUndefined();
    expect(first.statements.length).toBeGreaterThan(1);
    const next = await measured(servers[0], token, query);
    expect(next.body).toEqual(first.body);
    expect(next.statements).toHaveLength(1);
    expect(next.statements[0]).toMatch(/province_rollup/);
  });

  it('a province change made elsewhere reaches every server; an unknown province is still NOT_FOUND', async () => {
    const { token } = await createToken(db.dataSource, { role: Role.EXPORT_JOB, name: 'province-reader' });
    const name = async (server: { url: string }) =>
      (
        await measured(
          server,
          token,
          '{ rollup(periods: ["2025"], provinceCode: "52", groupBy: [PROVINCE]) { provinceName } }',
        )
      ).body.data.rollup[0].provinceName;
    const before = await name(servers[0]);
    await name(servers[1]);
    await db.dataSource.query(`UPDATE province SET name = name || ' (mới)' WHERE code = '52'`);
    for (const server of servers) {
      await waitFor('the new name', async () => (await name(server)) === `${before} (mới)`);
    }
    await db.dataSource.query(`UPDATE province SET name = $1 WHERE code = '52'`, [before]);
    const missing = await measured(
      servers[0],
      token,
      '{ rollup(periods: ["2025"], provinceCode: "99", groupBy: [AREA]) { areaCode } }',
    );
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
