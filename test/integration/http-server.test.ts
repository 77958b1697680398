import { startGraphqlServer } from '../../src/app/server';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

const ADMIN_TOKEN = 'http-server-test-admin-token';

/** The real HTTP server: the GraphQL endpoint and the offline IDE page a browser gets. */
describe('HTTP server', () => {
  let db: TestDatabase;
  let server: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase('empty');
    server = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
      // Any origin, on purpose (CCHC_CORS_ORIGINS=*); the default is none (http-bodies.test.ts).
      corsOrigins: ['*'],
    });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('answers GraphQL over POST, with CORS for browser dashboards', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'http://dashboard.example',
        authorization: `Bearer ${ADMIN_TOKEN}`,
      },
      body: JSON.stringify({ query: '{ reformAreas { code } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as any;
    expect(body.data.reformAreas).toHaveLength(7);
  });

  it('serves the GraphQL IDE to a browser without a token, with every script and style from this server', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('GraphQL IDE');
    // Nothing loads from elsewhere: no absolute URL at all, and the CSP forbids it anyway.
    expect(html).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");

    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(
      expect.arrayContaining([
        'graphql/ide/graphiql.min.css',
        'graphql/ide/react.production.min.js',
        'graphql/ide/react-dom.production.min.js',
        'graphql/ide/graphiql.min.js',
        'graphql/ide/start.js',
      ]),
    );
    for (const asset of assets) {
      const response = await fetch(new URL(asset, server.url));
      expect([asset, response.status]).toEqual([asset, 200]);
      expect(response.headers.get('content-type')).toMatch(
        asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(
        asset.endsWith('start.js') ? 200 : 10_000,
      );
    }
    const start = await (await fetch(new URL('graphql/ide/start.js', server.url))).text();
    expect(start).toContain('GraphiQL.createFetcher');
    expect(start).toContain('Authorization');
    expect((await fetch(new URL('graphql/ide/nope.js', server.url))).status).toBe(404);
  });

  it('still answers GraphQL GET requests (with the CSRF-prevention header) and redirects / to the IDE', async () => {
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ reformAreas { code } }')}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as any).data.reformAreas).toHaveLength(7);
    const root = await fetch(new URL('/', server.url), { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');
  });
});
