import { createSchema } from '../../src/app/schema';
import { startGraphqlServer } from '../../src/app/server';
import { createToken, revokeToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait';

const ADMIN_TOKEN = 'operator-secret-for-the-http-test-0123456789';

describe('HTTP authentication', () => {
  let db: TestDatabase;
  let server: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    server = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  const post = async (query: string, authorization?: string) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  };

  const expectUnauthenticated = (response: Awaited<ReturnType<typeof post>>, reason: RegExp) => {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="cchc-hub"');
    // Only the error: no data, nothing resolved.
    expect(Object.keys(response.body)).toEqual(['errors']);
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors;
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(error.message).toMatch(reason);
    // It tells the person how to get a token.
    expect(error.message).toMatch(/Authorization: Bearer <token>/);
    expect(error.message).toMatch(/cchc -- token create/);
  };

  it('answers a request without a token, with a malformed header or with an unknown token with 401 only', async () => {
    const query = '{ provinces { code name } }';
    expectUnauthenticated(await post(query), /No API token was sent/);
    expectUnauthenticated(await post(query, 'Basic dXNlcjpwYXNz'), /must read "Bearer <token>"/);
    expectUnauthenticated(await post(query, 'Bearer'), /must read "Bearer <token>"/);
    expectUnauthenticated(await post(query, 'Bearer cchc_not-a-real-token'), /unknown or has been revoked/);
    expectUnauthenticated(await post(query, `Bearer ${ADMIN_TOKEN}x`), /unknown or has been revoked/);
    // Introspection and mutations are no different.
    expectUnauthenticated(await post('{ __schema { queryType { name } } }'), /No API token/);
    expectUnauthenticated(
      await post('mutation { importPlan(input: { communeCode: "to-tung", year: 2030, csv: "x" }) { id } }'),
      /No API token/,
    );
  });

  it('answers every Query and Mutation field with 401 without a token', async () => {
    const schema = await createSchema();
    const fields = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `query { ${f} }`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `mutation { ${f} }`),
    ];
    expect(fields.length).toBeGreaterThan(8);
    for (const query of fields) expectUnauthenticated(await post(query), /No API token was sent/);
  });

  it('tells a token who it is (Query.viewer), and answers what its role may not read as if it did not exist (NOT_FOUND)', async () => {
    const { token } = await createToken(db.dataSource, {
      role: Role.COMMUNE_OFFICER,
      name: 'http-officer',
      communeCode: 'to-tung',
    });
    const me = await post(
      '{ viewer { role name province { code } commune { code name } } }',
      `Bearer ${token}`,
    );
    expect(me.body).toEqual({
      data: {
        viewer: {
          role: 'COMMUNE_OFFICER',
          name: 'http-officer',
          province: { code: '52' },
          commune: { code: 'to-tung', name: 'Tơ Tung' },
        },
      },
    });
    const operator = await post('{ viewer { role name province { code } } }', `Bearer ${ADMIN_TOKEN}`);
    expect(operator.body.data.viewer).toEqual({ role: 'ADMIN', name: 'operator', province: null });

    const refused = await post(
      '{ commune(code: "dak-doa") { name plan(year: 2025) { id } } }',
      `Bearer ${token}`,
    );
    expect(refused.status).toBe(200);
    expect(refused.body.data).toEqual({ commune: { name: 'Đak Đoa', plan: null } });
    expect(refused.body.errors.map((e: any) => [e.extensions.code, e.path])).toEqual([
      ['NOT_FOUND', ['commune', 'plan']],
    ]);
  });

  it('serves CCHC_ADMIN_TOKEN and a live token, and refuses the token once revoked', async () => {
    const query = '{ reformAreas { code } }';
    const admin = await post(query, `Bearer ${ADMIN_TOKEN}`);
    expect(admin.status).toBe(200);
    expect(admin.body.data.reformAreas).toHaveLength(7);

    const { token, info } = await createToken(db.dataSource, {
      role: Role.PROVINCE_ANALYST,
      name: 'http-analyst',
      provinceCode: '52',
    });
    // The scheme is case-insensitive (RFC 7235).
    const live = await post(query, `bearer ${token}`);
    expect(live.status).toBe(200);
    expect(live.body.data.reformAreas).toHaveLength(7);

    await revokeToken(db.dataSource, String(info.id));
    // Servers cache tokens; the revocation reaches them by NOTIFY at commit (token-cache.test.ts).
    const refused = await waitFor('the revocation', async () => {
      const answer = await post(query, `Bearer ${token}`);
      return answer.status === 401 && answer;
    });
    expectUnauthenticated(refused, /unknown or has been revoked/);
  });

  it('never stores a token in plain text anywhere in the database', async () => {
    const tokens = await Promise.all(
      [Role.ADMIN, Role.EXPORT_JOB].map((role) =>
        createToken(db.dataSource, { role, name: `plain-${role}` }),
      ),
    );
    for (const { token } of tokens) {
      expect((await post('{ reformAreas { code } }', `Bearer ${token}`)).status).toBe(200);
    }
    const tables: { table_name: string }[] = await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const secrets = [...tokens.map((t) => t.token.slice('cchc_'.length)), ADMIN_TOKEN];
    for (const { table_name } of tables) {
      const [{ hits }] = await db.dataSource.query(
        `SELECT count(*)::int AS hits FROM "${table_name}" x WHERE ${secrets.map((_, i) => `strpos(x::text, $${i + 1}) > 0`).join(' OR ')}`,
        secrets,
      );
      expect({ table: table_name, hits }).toEqual({ table: table_name, hits: 0 });
    }
  });
});
