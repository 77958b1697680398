import { parse } from 'csv-parse/sync';
import http from 'node:http';
import { startGraphqlServer } from '../../src/app/server';
import { createToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

const ADMIN_TOKEN = 'operator-secret-for-the-export-test-0123456789';

describe('GET /exports/<kind>.<format>', () => {
  let db: TestDatabase;
  let server: { url: string; stop: () => Promise<void> };
  let base: string;
  const tokens: Record<string, string> = {};
  const logs: string[] = [];
  let other: { code: string; year: number };
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    server = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
      log: (line) => logs.push(line),
    });
    base = server.url.replace(/\/graphql$/, '');
    // A second province with commune plans, for the other province's token.
    [other] = await db.dataSource.query(
      `SELECT v.code, p.year FROM plan p JOIN commune c ON c.id = p.commune_id JOIN province v ON v.id = c.province_id
        WHERE v.code <> '52' LIMIT 1`,
    );
    for (const [name, provinceCode] of [
      ['job52', '52'],
      ['jobOther', other.code],
    ]) {
      tokens[name] = (
        await createToken(db.dataSource, { role: Role.EXPORT_JOB, name: `export-${name}`, provinceCode })
      ).token;
    }
  });
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  const get = async (pathAndQuery: string, token?: string) => {
    const response = await fetch(`${base}${pathAndQuery}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };
  const graphql = async (query: string, token: string) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const errorOf = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')).errors[0];

  it('streams a CSV with its type and file name; the rows are those of Query.rollup for the same token', async () => {
    const response = await get('/exports/rollup.csv?province=52&period=2025Q3&groupBy=COMMUNE', tokens.job52);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="rollup-52-2025Q3.csv"');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect([...response.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(response.bytes.subarray(3)) as string[][];
    expect(header[0]).toBe('Mã xã');
    const { body } = await graphql(
      '{ rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [COMMUNE]) { communeCode taskCount completedCount } }',
      tokens.job52,
    );
    expect(rows.map((r) => [r[0], Number(r[2]), Number(r[3])])).toEqual(
      body.data.rollup.map((r: any) => [r.communeCode, r.taskCount, r.completedCount]),
    );
  });

  it('serves XLSX and NDJSON with their types, and English headers with lang=en', async () => {
    const xlsx = await get('/exports/tasks.xlsx?commune=52001&period=2025Q3&lang=en', tokens.job52);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="tasks-52001-2025Q3.xlsx"');
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const ndjson = await get('/exports/reporting.ndjson?province=52&period=2025Q3', tokens.job52);
    expect(ndjson.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = ndjson.bytes
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.every((l) => l.provinceCode === '52')).toBe(true);
  });

  it('refuses what the API refuses, with the same code and message, as JSON before any byte', async () => {
    // Another province's figures: NOT_FOUND worded as missing, exactly like Query.rollup.
    const refused = await get(`/exports/rollup.csv?province=${other.code}&period=2025Q3`, tokens.job52);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(refused.headers.get('content-disposition')).toBeNull();
    const viaApi = await graphql(
      `{ rollup(periods: ["2025Q3"], provinceCode: "${other.code}", groupBy: []) { taskCount } }`,
      tokens.job52,
    );
    const apiError = viaApi.body.errors[0];
    expect(errorOf(refused.bytes)).toEqual({ message: apiError.message, extensions: apiError.extensions });
    expect(apiError.extensions.code).toBe('NOT_FOUND');
    // The same for a province that does not exist at all: the two cannot be told apart.
    const missing = await get('/exports/rollup.csv?province=00&period=2025Q3', tokens.job52);
    expect(missing.status).toBe(404);
    expect(errorOf(missing.bytes).message).toBe('Province "00" was not found.');
    expect(errorOf(refused.bytes).message).toBe(`Province "${other.code}" was not found.`);

    for (const kind of ['tasks', 'indicators', 'reporting']) {
      const response = await get(`/exports/${kind}.ndjson?province=${other.code}&period=2025`, tokens.job52);
      expect([response.status, errorOf(response.bytes).extensions.code]).toEqual([404, 'NOT_FOUND']);
    }
    const plan = await get(`/exports/plan.csv?commune=52001&year=2025`, tokens.jobOther);
    expect([plan.status, errorOf(plan.bytes).extensions.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('leaves out of a national export what the token does not see', async () => {
    const own = await get(`/exports/tasks.ndjson?period=${other.year}`, tokens.jobOther);
    expect(own.status).toBe(200);
    const lines = own.bytes
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((l) => l.provinceCode))).toEqual(new Set([other.code]));
    const admin = await get(`/exports/tasks.ndjson?period=${other.year}`, ADMIN_TOKEN);
    const adminProvinces = new Set(
      admin.bytes
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).provinceCode),
    );
    expect(adminProvinces.size).toBeGreaterThan(1);
  });

  it('answers 401 without a valid token and 400 for bad parameters, with the API codes', async () => {
    const none = await get('/exports/rollup.csv?period=2025Q3');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="cchc-hub"');
    expect(errorOf(none.bytes).extensions.code).toBe('UNAUTHENTICATED');
    const unknown = await get('/exports/rollup.csv?period=2025Q3', 'cchc_not-a-token');
    expect(unknown.status).toBe(401);

    const bad = await get('/exports/rollup.csv?province=52&period=2025Q5', tokens.job52);
    expect(bad.status).toBe(400);
    expect(errorOf(bad.bytes).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'periods' });
    const extra = await get('/exports/tasks.csv?period=2025Q3&groupBy=AREA', tokens.job52);
    expect(extra.status).toBe(400);
    expect(errorOf(extra.bytes).message).toMatch(/does not take groupBy/);
    const lang = await get('/exports/tasks.csv?period=2025Q3&lang=fr', tokens.job52);
    expect([lang.status, errorOf(lang.bytes).extensions.field]).toEqual([400, 'lang']);
    const kind = await get('/exports/budgets.csv?period=2025Q3', tokens.job52);
    expect(kind.status).toBe(400);
    expect(errorOf(kind.bytes).message).toMatch(/not an export kind/);
    const format = await get('/exports/tasks.pdf?period=2025Q3', tokens.job52);
    expect([format.status, errorOf(format.bytes).extensions.field]).toEqual([400, 'format']);
    const shape = await get('/exports/tasks?period=2025Q3', tokens.job52);
    expect(shape.status).toBe(404);
    expect(errorOf(shape.bytes).message).toMatch(/use \/exports\/<kind>\.<format>/);
  });

  it('stops reading when the client goes away mid-stream, and keeps serving', async () => {
    const received = await new Promise<number>((resolve, reject) => {
      const request = http.get(
        `${base}/exports/tasks.csv?period=2025Q3`,
        { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
        (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (bytes > 1000) request.destroy();
          });
          response.on('close', () => resolve(bytes));
        },
      );
      request.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
    });
    expect(received).toBeGreaterThan(1000);
    expect(logs.filter((line) => line.includes('INTERNAL_SERVER_ERROR'))).toEqual([]);
    const after = await get('/exports/rollup.ndjson?province=52&period=2025Q3', tokens.job52);
    expect(after.status).toBe(200);
  });

  it('aborts the response when the export fails after streaming began (no cut file looks complete)', async () => {
    // The reporting export reads province by province after its header row is out. The test holds a
    // lock its next read waits for, then ends that read's database session: a failure mid-stream.
    const locker = db.dataSource.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    await locker.query('LOCK TABLE status_report IN ACCESS EXCLUSIVE MODE');
    const waitingExport = async (): Promise<number> => {
      for (;;) {
        const [row] = await db.dataSource.query(
          `SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'status_report'::regclass`,
        );
        if (row) return row.pid;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      const result = await new Promise<{ status: number; complete: boolean; text: string }>(
        (resolve, reject) => {
          const request = http.get(
            `${base}/exports/reporting.csv?period=2025Q3`,
            { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
            (response) => {
              let text = '';
              response.once('data', async () => {
                await db.dataSource.query('SELECT pg_terminate_backend($1)', [await waitingExport()]);
              });
              response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              response.on('error', () => undefined);
              response.on('close', () =>
                resolve({ status: response.statusCode!, complete: response.complete, text }),
              );
            },
          );
          request.on('error', (error) =>
            /hang up|ECONNRESET|aborted/.test(error.message) ? undefined : reject(error),
          );
        },
      );
      expect(result.status).toBe(200);
      expect(result.text).toMatch(/^\uFEFFMã tỉnh,/);
      expect(result.complete).toBe(false);
    } finally {
      await locker.rollbackTransaction();
      await locker.release();
    }
    const logged = logs
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.code === 'SERVICE_UNAVAILABLE' || entry.code === 'INTERNAL_SERVER_ERROR');
    expect(logged).toHaveLength(1);
    expect(logged[0].requestId).toEqual(expect.any(String));
  });
});
