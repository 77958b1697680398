import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { startGraphqlServer } from '../../src/app/server';
import { DEFAULT_LIMITS } from '../../src/core/config';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

const ADMIN_TOKEN = 'http-bodies-test-admin-token';
const ROOT = path.join(__dirname, '..', '..');

type Server = Awaited<ReturnType<typeof startGraphqlServer>>;

/** What no error response may ever contain outside development: HTML, stacks, install paths. */
function expectCleanJsonError(text: string, contentType: string | null, code: string) {
  expect(contentType).toMatch(/^application\/json/);
  expect(text).not.toMatch(/<html|<pre|\bat .*\(|\/work\/|node_modules|\.ts:\d/i);
  const body = JSON.parse(text);
  expect(Object.keys(body)).toEqual(['errors']);
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0].extensions).toEqual({ code });
  expect(typeof body.errors[0].message).toBe('string');
  return body.errors[0].message as string;
}

/**
 * Request bodies, HOST and CORS over real HTTP on 127.0.0.1 (issue #10, items 2 and 9): the token
 * is checked before a byte of the body is read; bodies are size-limited JSON; every refusal is a
 * JSON GraphQL-shaped error.
 */
describe('HTTP bodies, host and CORS', () => {
  let db: TestDatabase;
  let server: Server;
  let small: Server;
  let withCors: Server;
  beforeAll(async () => {
    db = await createTestDatabase('empty');
    const base = { dataSource: db.dataSource, port: 0, isDevelopment: false, adminToken: ADMIN_TOKEN };
    server = await startGraphqlServer(base);
    small = await startGraphqlServer({
      ...base,
      limits: { ...DEFAULT_LIMITS, maxBodyBytes: 2000, maxImportBodyBytes: 20_000 },
    });
    withCors = await startGraphqlServer({ ...base, corsOrigins: ['https://dashboard.example'] });
  });
  afterAll(async () => {
    for (const s of [server, small, withCors]) await s?.stop();
    await db?.drop();
  });

  const post = (url: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      body,
    });

  it('answers 401 to a 45 MB body without a token while the client is still sending it, without reading it', async () => {
    const declared = 45 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const { hostname, port } = new URL(server.url);
    let sent = 0;
    const response = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
      (resolve, reject) => {
        const request = http.request({
          host: hostname,
          port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': declared },
        });
        request.on('error', reject);
        request.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (data: string) => (text += data));
          res.on('end', () => {
            resolve({ status: res.statusCode!, headers: res.headers, text });
            request.destroy();
          });
        });
        // Sends the start of the body only: a server that waits for all of it never answers.
        request.write('{"query":"{ reformAreas { code } }","variables":{"x":"');
        for (let i = 0; i < 4; i++) {
          request.write(chunk);
          sent += chunk.length;
        }
      },
    );
    expect(sent).toBeLessThan(declared / 100);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="cchc-hub"');
    expect(response.headers.connection).toBe('close');
    const message = expectCleanJsonError(
      response.text,
      response.headers['content-type'] ?? null,
      'UNAUTHENTICATED',
    );
    expect(message).toMatch(/No API token was sent/);
  });

  it('refuses a body over CCHC_MAX_BODY_BYTES (default 1 MB) with 413 and a JSON error', async () => {
    const body = JSON.stringify({
      query: '{ reformAreas { code } }',
      variables: { pad: 'x'.repeat(1024 * 1024) },
    });
    const response = await post(server.url, body);
    expect(response.status).toBe(413);
    const message = expectCleanJsonError(
      await response.text(),
      response.headers.get('content-type'),
      'PAYLOAD_TOO_LARGE',
    );
    expect(message).toMatch(/larger than 1048576 bytes \(CCHC_MAX_BODY_BYTES\)/);
    // Just under the limit is served.
    const fits = JSON.stringify({
      query: '{ reformAreas { code } }',
      variables: { pad: 'x'.repeat(1000 * 1000) },
    });
    expect((await post(server.url, fits)).status).toBe(200);
  });

  it('lets only an importPlan mutation use CCHC_MAX_IMPORT_BODY_BYTES', async () => {
    const csv = 'x'.repeat(5000);
    const importPlan = JSON.stringify({
      query: 'mutation($input: ImportPlanInput!) { importPlan(input: $input) { id } }',
      variables: { input: { communeCode: 'no-such-commune', year: 2025, csv } },
    });
    const imported = await post(small.url, importPlan);
    // Read and handed to GraphQL (which answers for the commune), not refused for its size.
    expect(imported.status).not.toBe(413);
    const result = (await imported.json()) as any;
    expect(result.errors?.[0]?.extensions?.code).not.toBe('PAYLOAD_TOO_LARGE');

    // The same size in any other operation is too large…
    const other = JSON.stringify({ query: '{ reformAreas { code } }', variables: { csv } });
    const refused = await post(small.url, other);
    expect(refused.status).toBe(413);
    expectCleanJsonError(await refused.text(), refused.headers.get('content-type'), 'PAYLOAD_TOO_LARGE');
    // …and so is an import past the larger limit.
    const huge = JSON.stringify({
      query: 'mutation($input: ImportPlanInput!) { importPlan(input: $input) { id } }',
      variables: { input: { communeCode: 'x', year: 2025, csv: 'x'.repeat(30_000) } },
    });
    expect((await post(small.url, huge)).status).toBe(413);
  });

  it('answers malformed JSON, an unknown content-encoding and a wrong charset with JSON, never an HTML page', async () => {
    const malformed = await post(server.url, '{"query": "{ reformAreas { code } }"');
    expect(malformed.status).toBe(400);
    expect(
      expectCleanJsonError(await malformed.text(), malformed.headers.get('content-type'), 'BAD_REQUEST'),
    ).toBe('The request body is not valid JSON.');

    const encoded = await post(server.url, '{"query":"{ reformAreas { code } }"}', {
      'content-encoding': 'x-unknown',
    });
    expect([400, 415]).toContain(encoded.status);
    expectCleanJsonError(await encoded.text(), encoded.headers.get('content-type'), 'BAD_REQUEST');

    const charset = await post(server.url, '{"query":"{ reformAreas { code } }"}', {
      'content-type': 'application/json; charset=latin1',
    });
    expect([400, 415]).toContain(charset.status);
    expectCleanJsonError(await charset.text(), charset.headers.get('content-type'), 'BAD_REQUEST');

    // Without a token, none of these bodies is even looked at.
    const anonymous = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(anonymous.status).toBe(401);

    const elsewhere = await fetch(new URL('/nothing-here', server.url));
    expect(elsewhere.status).toBe(404);
    expectCleanJsonError(await elsewhere.text(), elsewhere.headers.get('content-type'), 'NOT_FOUND');
  });

  it('listens on 127.0.0.1 by default, not on the other interfaces', async () => {
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!outside) return; // a machine with loopback only: nothing else to try
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: outside.address, port: Number(url.port) });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('allows cross-origin browsers only from CCHC_CORS_ORIGINS (default: none)', async () => {
    const query = JSON.stringify({ query: '{ reformAreas { code } }' });
    const fromDashboard = { origin: 'https://dashboard.example' };
    const byDefault = await post(server.url, query, fromDashboard);
    expect(byDefault.status).toBe(200);
    expect(byDefault.headers.get('access-control-allow-origin')).toBeNull();

    const allowed = await post(withCors.url, query, fromDashboard);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
    const other = await post(withCors.url, query, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // A browser's preflight from the allowed origin is answered without a token.
    const preflight = await fetch(withCors.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dashboard.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://dashboard.example');
  });

  it('npm start on a port already in use prints one line and exits non-zero, before touching the database', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-port-'));
    try {
      const child = spawn(
        process.execPath,
        [
          path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
          '--transpile-only',
          path.join(ROOT, 'src', 'main.ts'),
        ],
        {
          env: {
            ...process.env,
            CCHC_DATA_DIR: dataDir,
            DATABASE_URL: '',
            PORT: String(port),
            HOST: '127.0.0.1',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toEqual([
        `Port ${port} is already in use on 127.0.0.1; set PORT to a free port (or stop the program using it).`,
      ]);
      // The embedded database was never started.
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
