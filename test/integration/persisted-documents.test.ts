import { createHash } from 'node:crypto';
import { readManifest } from '../../src/app/persisted-documents';
import { startGraphqlServer } from '../../src/app/server';
import { createToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/**
 * Persisted documents over HTTP (docs/DASHBOARD.md, "Persisted operations"): an operation sent by
 * the SHA-256 of its text, an unknown or malformed id, a text that does not match its id, and
 * CCHC_PERSISTED_ONLY_ROLES holding a role to the manifest while other roles may send any text.
 */

const ADMIN_TOKEN = 'operator-secret-for-the-persisted-test-0123';
const manifest = readManifest();
const operation = (name: string) => {
  const found = manifest.operations.find((o) => o.name === name);
  if (!found) throw new Error(`No persisted operation ${name}`);
  return found;
};
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('persisted documents over HTTP', () => {
  let db: TestDatabase;
  let strict: { url: string; stop: () => Promise<void> };
  let open: { url: string; stop: () => Promise<void> };
  let analyst: string;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    analyst = (
      await createToken(db.dataSource, {
        name: 'pq-analyst',
        role: Role.PROVINCE_ANALYST,
        provinceCode: '52',
      })
    ).token;
    const common = { dataSource: db.dataSource, port: 0, isDevelopment: false, adminToken: ADMIN_TOKEN };
    strict = await startGraphqlServer({ ...common, persistedOnlyRoles: [Role.PROVINCE_ANALYST] });
    open = await startGraphqlServer(common);
  });
  afterAll(async () => {
    await strict?.stop();
    await open?.stop();
    await db?.drop();
  });

  const post = async (url: string, token: string, body: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const get = async (url: string, token: string, params: Record<string, string>) => {
    const response = await fetch(`${url}?${new URLSearchParams(params)}`, {
      // accept: a browser's */* asking for no query text gets the IDE page instead.
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        'apollo-require-preflight': 'true',
      },
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const expectRefused = (response: { status: number; body: any }, code: string, message: RegExp) => {
    expect(response.status).toBe(400);
    expect(Object.keys(response.body)).toEqual(['errors']);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0].extensions).toEqual({ code });
    expect(response.body.errors[0].message).toMatch(message);
  };

  it('commits each operation under the SHA-256 of its text', () => {
    expect(manifest.operations.length).toBeGreaterThanOrEqual(3);
    for (const o of manifest.operations) expect(o.id).toBe(sha256(o.body));
  });

  it('runs an operation sent by id as its text would run', async () => {
    const viewer = operation('DashboardViewer');
    const byId = await post(strict.url, ADMIN_TOKEN, { extensions: persisted(viewer.id) });
    const byText = await post(strict.url, ADMIN_TOKEN, { query: viewer.body });
    expect(byId.status).toBe(200);
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body).toEqual(byText.body);
    expect(byId.body.data.viewer.role).toBe('ADMIN');
    expect(byId.body.data.reformAreas).toHaveLength(7);
    // With variables, and by GET.
    const periods = operation('DashboardPeriods');
    const variables = { provinceCode: '52', periods: ['2025Q1', '2025Q2'] };
    const viaPost = await post(strict.url, ADMIN_TOKEN, { variables, extensions: persisted(periods.id) });
    expect(viaPost.body.data.rollup.map((r: { period: string }) => r.period)).toEqual(['2025Q1', '2025Q2']);
    const viaGet = await get(strict.url, ADMIN_TOKEN, {
      variables: JSON.stringify(variables),
      extensions: JSON.stringify(persisted(periods.id)),
    });
    expect(viaGet.body).toEqual(viaPost.body);
  });

  it('refuses an unknown id with PERSISTED_QUERY_NOT_FOUND, and a malformed or mismatched one with BAD_REQUEST', async () => {
    const unknown = sha256('query Nobody { viewer { role } }');
    expectRefused(
      await post(open.url, ADMIN_TOKEN, { extensions: persisted(unknown) }),
      'PERSISTED_QUERY_NOT_FOUND',
      /persisted-documents\.json/,
    );
    expectRefused(
      await get(open.url, ADMIN_TOKEN, { extensions: JSON.stringify(persisted(unknown)) }),
      'PERSISTED_QUERY_NOT_FOUND',
      new RegExp(unknown),
    );
    expectRefused(
      await post(open.url, ADMIN_TOKEN, { extensions: persisted('ABC') }),
      'BAD_REQUEST',
      /64 lower-case hex digits/,
    );
    expectRefused(
      await post(open.url, ADMIN_TOKEN, {
        query: '{ viewer { role } }',
        extensions: persisted(operation('DashboardViewer').id),
      }),
      'BAD_REQUEST',
      /does not match/,
    );
  });

  it('holds a persisted-only role to the manifest, and no other role', async () => {
    const freeText = { query: '{ viewer { role name } }' };
    expectRefused(
      await post(strict.url, analyst, freeText),
      'PERSISTED_QUERY_ONLY',
      /PROVINCE_ANALYST.*persistedQuery/s,
    );
    expectRefused(
      await get(strict.url, analyst, freeText),
      'PERSISTED_QUERY_ONLY',
      /CCHC_PERSISTED_ONLY_ROLES/,
    );
    // Free text with its own (unlisted) hash, APQ-style, is no way around it.
    expectRefused(
      await post(strict.url, analyst, { ...freeText, extensions: persisted(sha256(freeText.query)) }),
      'PERSISTED_QUERY_ONLY',
      /persisted operations/,
    );
    // Nothing ran: the refusal is the whole answer.
    const viewer = operation('DashboardViewer');
    const byId = await post(strict.url, analyst, { extensions: persisted(viewer.id) });
    expect(byId.status).toBe(200);
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data.viewer).toEqual({
      role: 'PROVINCE_ANALYST',
      name: 'pq-analyst',
      province: { code: '52', name: 'Gia Lai' },
    });
    // The exact text of a persisted operation is that operation.
    expect((await post(strict.url, analyst, { query: viewer.body })).body).toEqual(byId.body);
    // Other roles, and every role where no role is listed, send any text.
    expect((await post(strict.url, ADMIN_TOKEN, freeText)).body.data.viewer.role).toBe('ADMIN');
    expect((await post(open.url, analyst, freeText)).body.data.viewer.role).toBe('PROVINCE_ANALYST');
  });

  it('applies the same rules to subscriptions at /graphql/stream', async () => {
    const stream = strict.url.replace(/\/graphql$/, '/graphql/stream');
    const subscribe = async (body: Record<string, unknown>) => {
      const controller = new AbortController();
      const response = await fetch(stream, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${analyst}`,
        },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      const type = response.headers.get('content-type') ?? '';
      const json = type.includes('json') ? await response.json() : null;
      controller.abort();
      return { status: response.status, type, body: json as any };
    };
    const variables = { provinceCode: '52', period: '2025Q3' };
    expectRefused(
      await subscribe({
        query: 'subscription { provinceRollupChanged(provinceCode: "52", period: "2025Q3") { period } }',
      }),
      'PERSISTED_QUERY_ONLY',
      /persisted operations/,
    );
    // By id (graphql-sse's client sends an empty query beside it): the stream opens.
    const opened = await subscribe({
      query: '',
      variables,
      extensions: persisted(operation('DashboardRollupChanged').id),
    });
    expect(opened.status).toBe(200);
    expect(opened.type).toMatch(/^text\/event-stream/);
  });
});
