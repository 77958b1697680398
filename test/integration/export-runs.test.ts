import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/app/data-source';
import { createRequestContext } from '../../src/app/request-context';
import { startGraphqlServer } from '../../src/app/server';
import type { ExportSettings } from '../../src/core/config';
import { OPERATOR } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import { Role } from '../../src/core/viewer';
import { authenticate, createToken, revokeToken } from '../../src/modules/api-token/api-token.service';
import { removeOldFiles } from '../../src/modules/export-run/export-file';
import { EXPORT_QUEUES } from '../../src/modules/export-run/export-queue';
import { startExportWorker } from '../../src/modules/export-run/export-run.worker';
import type { ExportWorker } from '../../src/modules/export-run/export-run.worker';
import { fireDueSchedules } from '../../src/modules/export-run/export-schedule.service';
import { SIGNATURE_HEADER } from '../../src/modules/export-run/export-webhook';
import { GraphqlClient } from '../utils/graphql';
import { createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait';

const RUN_FIELDS = `id kind params format lang status requestedBy role rowCount bytes sha256 fileName
  downloadUrl attempts error startedAt finishedAt scheduledFor province { code } schedule { id }`;
const START = `mutation($kind: ExportKind!, $params: JSONObject!, $format: ExportFormat!, $lang: ExportLang) {
  startExport(kind: $kind, params: $params, format: $format, lang: $lang) { ${RUN_FIELDS} } }`;
const SCHEDULE = `mutation($params: JSONObject!, $cron: String!, $timeZone: String) {
  scheduleExport(kind: ROLLUP, params: $params, format: CSV, cron: $cron, timeZone: $timeZone) {
    id cron timeZone status nextRunAt requestedBy province { code } } }`;
const ROLLUP_52 = { province: '52', period: '2025Q3', groupBy: 'COMMUNE,AREA' };

describe('export runs and schedules on pg-boss', () => {
  let db: TestDatabase;
  let client: GraphqlClient;
  let dir: string;
  const workers: ExportWorker[] = [];
  const extraSources: DataSource[] = [];
  const viewers = {} as Record<'analyst52' | 'export52' | 'exportAll' | 'analyst68' | 'officer', Viewer>;
  const tokens = {} as Record<keyof typeof viewers, string>;

  const settings = (overrides: Partial<ExportSettings> = {}): ExportSettings => ({
    dir,
    worker: true,
    retryLimit: 2,
    retryDelaySeconds: 1,
    retentionDays: 30,
    webhookUrl: undefined,
    webhookSecret: undefined,
    ...overrides,
  });

  /** A worker as main.ts starts one, with pg-boss polling every half second. */
  async function startWorker(dataSource: DataSource, overrides: Partial<ExportSettings> = {}) {
    const worker = await startExportWorker({
      dataSource,
      contextFor: (viewer) => createRequestContext(dataSource, viewer),
      settings: settings(overrides),
      timing: { pollingIntervalSeconds: 0.5, cronWorkerIntervalSeconds: 1, cronMonitorIntervalSeconds: 1 },
    });
    workers.push(worker);
    return worker;
  }

  const stopWorkers = async () => {
    while (workers.length) await workers.pop()!.stop(5000);
  };

  const readdir = () => readdirSync(dir);

  const run = async (id: string | number) =>
    (await db.dataSource.query('SELECT * FROM export_run WHERE id = $1', [Number(id)]))[0];

  const finished = (id: string | number, status = 'SUCCEEDED') =>
    waitFor(`run ${id} to be ${status}`, async () => {
      const row = await run(id);
      return row.status === status && row;
    });

  const start = async (
    params: Record<string, unknown> = ROLLUP_52,
    viewer: Viewer = OPERATOR,
    format = 'CSV',
  ) => (await client.data(START, { kind: 'ROLLUP', params, format }, viewer)).startExport;

  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    client = await GraphqlClient.create(db.dataSource);
    dir = mkdtempSync(path.join(tmpdir(), 'cchc-exports-'));
    const made = {
      analyst52: { role: Role.PROVINCE_ANALYST, provinceCode: '52' },
      export52: { role: Role.EXPORT_JOB, provinceCode: '52' },
      exportAll: { role: Role.EXPORT_JOB },
      analyst68: { role: Role.PROVINCE_ANALYST, provinceCode: '68' },
      officer: { role: Role.COMMUNE_OFFICER, communeCode: 'to-tung' },
    };
    for (const [name, scope] of Object.entries(made) as [
      keyof typeof viewers,
      (typeof made)['exportAll'],
    ][]) {
      const { token } = await createToken(db.dataSource, { name: `export-${name}`, ...scope });
      tokens[name] = token;
      viewers[name] = (await authenticate(db.dataSource, token))!;
    }
  });

  afterEach(stopWorkers);

  afterAll(async () => {
    await stopWorkers();
    for (const source of extraSources) await source.destroy();
    await client?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a started export: the record’s bytes and SHA-256 are the file’s, its rows the API’s roll-up', async () => {
    await startWorker(db.dataSource);
    const queued = await start(ROLLUP_52, viewers.analyst52);
    expect(queued).toMatchObject({
      kind: 'ROLLUP',
      format: 'CSV',
      lang: 'VI',
      requestedBy: 'export-analyst52',
      role: 'PROVINCE_ANALYST',
      province: { code: '52' },
      params: ROLLUP_52,
      downloadUrl: null,
    });
    expect(['QUEUED', 'RUNNING', 'SUCCEEDED']).toContain(queued.status);
    await finished(queued.id);

    const { exportRun } = await client.data(
      `{ exportRun(id: "${queued.id}") { ${RUN_FIELDS} } }`,
      {},
      viewers.analyst52,
    );
    expect(exportRun).toMatchObject({ status: 'SUCCEEDED', attempts: 1, error: null });
    expect(exportRun.downloadUrl).toBe(`/exports/runs/${queued.id}/file`);
    expect(exportRun.fileName).toBe(`${queued.id}-rollup-52-2025Q3.csv`);
    const bytes = readFileSync(path.join(dir, exportRun.fileName));
    expect(exportRun.bytes).toBe(bytes.length);
    expect(exportRun.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(new Date(exportRun.finishedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(exportRun.startedAt).getTime(),
    );

    // The same rows as the API gives the same token.
    const { rollup } = await client.data(
      '{ rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [COMMUNE, AREA]) { communeCode areaCode taskCount } }',
      {},
      viewers.analyst52,
    );
    expect(rollup.length).toBeGreaterThan(100);
    expect(exportRun.rowCount).toBe(rollup.length);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes.toString('utf8').slice(1)) as string[][];
    expect(header[0]).toBe('Mã xã');
    expect(rows.map((row) => row[0])).toEqual(rollup.map((row: any) => row.communeCode));
    // Nothing is left under a temporary name.
    expect(readdir().filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('writes an XLSX run through the same pipeline: the workbook reads back, its size and hash the record’s', async () => {
    await startWorker(db.dataSource);
    const queued = (
      await client.data(
        START,
        { kind: 'TASKS', params: { province: '52', period: '2025Q3' }, format: 'XLSX' },
        viewers.export52,
      )
    ).startExport;
    const done = await finished(queued.id);
    const bytes = readFileSync(path.join(dir, done.file_name));
    expect(done.file_name).toBe(`${queued.id}-tasks-52-2025Q3.xlsx`);
    expect([Number(done.bytes), done.sha256]).toEqual([
      bytes.length,
      createHash('sha256').update(bytes).digest('hex'),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(done.row_count).toBeGreaterThan(100);
    expect(sheet.actualRowCount).toBe(done.row_count + 1);
  });

  it('refuses a bad request before storing anything, with the API’s codes', async () => {
    const before = await counts();
    const refusal = async (variables: Record<string, unknown>, viewer: Viewer) => {
      const { errors } = await client.execute(START, { kind: 'ROLLUP', format: 'CSV', ...variables }, viewer);
      return errors?.[0] && { code: errors[0].extensions?.code, message: errors[0].message };
    };
    expect(await refusal({ params: { ...ROLLUP_52, colour: 'red' } }, OPERATOR)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/does not take colour/),
    });
    expect(await refusal({ params: { province: '52', period: '2025Q9' } }, OPERATOR)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/"2025Q9" is not a period/),
    });
    // Outside the token's scope: worded exactly as a province that does not exist.
    expect(await refusal({ params: { province: '68', period: '2025Q3' } }, viewers.analyst52)).toEqual({
      code: 'NOT_FOUND',
      message: 'Province "68" was not found.',
    });
    expect(await refusal({ params: { province: '00', period: '2025Q3' } }, viewers.analyst52)).toEqual({
      code: 'NOT_FOUND',
      message: 'Province "00" was not found.',
    });
    expect(await refusal({ params: ROLLUP_52 }, viewers.officer)).toMatchObject({ code: 'FORBIDDEN' });
    const { errors } = await client.execute(SCHEDULE, { params: ROLLUP_52, cron: '*/5 * * * * *' }, OPERATOR);
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'cron' } });
    const zone = await client.execute(SCHEDULE, {
      params: ROLLUP_52,
      cron: '0 2 * * *',
      timeZone: 'Mars/Olympus',
    });
    expect(zone.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'timeZone' } });
    expect(await counts()).toEqual(before);
  });

  const counts = async () =>
    (
      await db.dataSource.query(
        `SELECT (SELECT count(*)::int FROM export_run) AS runs, (SELECT count(*)::int FROM export_schedule) AS schedules,
                (SELECT count(*)::int FROM pgboss.job WHERE name = $1) AS jobs`,
        [EXPORT_QUEUES.run],
      )
    )[0];

  it('serves the file over HTTP to whoever sees the run, and NOT_FOUND to a token of another province', async () => {
    await startWorker(db.dataSource);
    const queued = await start(ROLLUP_52, viewers.export52);
    const done = await finished(queued.id);
    const server = await startGraphqlServer({
      dataSource: db.dataSource,
      port: 0,
      isDevelopment: false,
      exportDir: dir,
    });
    try {
      const get = (token: string | null, id = queued.id) =>
        fetch(new URL(`/exports/runs/${id}/file`, server.url), {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
      for (const name of ['analyst52', 'export52', 'exportAll'] as const) {
        const response = await get(tokens[name]);
        expect(response.status).toBe(200);
        const body = Buffer.from(await response.arrayBuffer());
        expect(createHash('sha256').update(body).digest('hex')).toBe(done.sha256);
        expect(Number(response.headers.get('content-length'))).toBe(Number(done.bytes));
        expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(response.headers.get('content-disposition')).toContain(`${queued.id}-rollup-52-2025Q3.csv`);
        expect(response.headers.get('repr-digest')).toBe(
          `sha-256=:${Buffer.from(done.sha256, 'hex').toString('base64')}:`,
        );
      }
      // Another province's analyst and a commune officer: as if the run did not exist.
      const missing: any = await (await get(tokens.analyst52, '999999')).json();
      for (const name of ['analyst68', 'officer'] as const) {
        const response = await get(tokens[name]);
        expect(response.status).toBe(404);
        const body: any = await response.json();
        expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
        expect(body.errors[0].message).toBe(`Export run "${queued.id}" was not found.`);
        expect(missing.errors[0].message).toBe('Export run "999999" was not found.');
        // And in GraphQL alike: the list leaves it out, the single read hides it.
        const { exportRuns } = await client.data(
          '{ exportRuns { totalCount edges { node { id } } } }',
          {},
          viewers[name],
        );
        expect(exportRuns.edges.map((e: any) => e.node.id)).not.toContain(queued.id);
        const hidden = await client.execute(`{ exportRun(id: "${queued.id}") { id } }`, {}, viewers[name]);
        expect(hidden.errors?.[0]).toMatchObject({
          message: `Export run "${queued.id}" was not found.`,
          extensions: { code: 'NOT_FOUND' },
        });
      }
      expect((await get(null)).status).toBe(401);
      // A run of every province's export job is seen only by those who read every province.
      const national = await start({ period: '2025Q3' }, viewers.exportAll);
      await finished(national.id);
      expect((await get(tokens.export52, national.id)).status).toBe(404);
      expect((await get(tokens.exportAll, national.id)).status).toBe(200);
      // Not written yet: CONFLICT, saying when to come back.
      const [{ id: pending }] = await db.dataSource.query(
        `INSERT INTO export_run (kind, params, format, lang, requested_by, role) VALUES ('ROLLUP', '{}', 'csv', 'vi', 'x', 'ADMIN') RETURNING id`,
      );
      const early = await get(tokens.exportAll, pending);
      expect(early.status).toBe(409);
      expect(((await early.json()) as any).errors[0].message).toMatch(
        /is QUEUED: its file can be downloaded once/,
      );
      await db.dataSource.query(`UPDATE export_run SET status = 'CANCELLED' WHERE id = $1`, [pending]);

      // After the retention period the file goes; the record stays and says so.
      await db.dataSource.query(
        `UPDATE export_run SET finished_at = now() - interval '3 days' WHERE id = $1`,
        [queued.id],
      );
      expect(await removeOldFiles(db.dataSource, dir, 2)).toBe(1);
      expect(readdir()).not.toContain(done.file_name);
      const gone = await get(tokens.export52);
      expect(gone.status).toBe(404);
      expect(((await gone.json()) as any).errors[0].message).toMatch(
        /removed at the end of its retention period/,
      );
      const { exportRun } = await client.data(
        `{ exportRun(id: "${queued.id}") { status downloadUrl fileName sha256 } }`,
      );
      expect(exportRun).toEqual({
        status: 'SUCCEEDED',
        downloadUrl: null,
        fileName: null,
        sha256: done.sha256,
      });
    } finally {
      await server.stop();
    }
  });

  it('retries a failed run with backoff, and gives up with an actionable error after its retries', async () => {
    const blocked = path.join(dir, 'blocked');
    writeFileSync(blocked, 'a file where the export directory should be');
    // Retries used up: FAILED, with what to do and no path.
    await startWorker(db.dataSource, { dir: blocked, retryLimit: 1 });
    const doomed = await start();
    const failed = await finished(doomed.id, 'FAILED');
    expect(failed.attempts).toBe(2);
    expect(failed.error).toMatch(
      /^The export directory \(CCHC_EXPORT_DIR\) could not be written \((EEXIST|ENOTDIR)\)/,
    );
    expect(failed.error).toMatch(/It failed 2 time\(s\); start it again once this is mended\.$/);
    expect(failed.error).not.toContain(dir);
    expect(failed.finished_at).not.toBeNull();
    const [job] = await db.dataSource.query(
      `SELECT state, retry_count, retry_limit, retry_backoff FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2`,
      [EXPORT_QUEUES.run, String(doomed.id)],
    );
    expect(job).toEqual({ state: 'failed', retry_count: 1, retry_limit: 1, retry_backoff: true });
    await stopWorkers();

    // Mended after the first failure: the retry succeeds.
    await startWorker(db.dataSource, { dir: blocked, retryLimit: 3 });
    const saved = await start();
    const firstFailure = await waitFor('the first failure', async () => {
      const row = await run(saved.id);
      return row.error && row;
    });
    expect(firstFailure.error).toMatch(/It will be tried again \(attempt 2 of 4\)\.$/);
    rmSync(blocked);
    const done = await finished(saved.id);
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(done.error).toBeNull();
    expect(
      createHash('sha256')
        .update(readFileSync(path.join(blocked, done.file_name)))
        .digest('hex'),
    ).toBe(done.sha256);
  });

  it('does not retry a run whose token was revoked: FAILED at once, saying why', async () => {
    const { token } = await createToken(db.dataSource, {
      role: Role.EXPORT_JOB,
      provinceCode: '52',
      name: 'soon-revoked',
    });
    const viewer = (await authenticate(db.dataSource, token))!;
    const queued = await start(ROLLUP_52, viewer);
    await revokeToken(db.dataSource, 'soon-revoked');
    await startWorker(db.dataSource);
    const failed = await finished(queued.id, 'FAILED');
    expect(failed.attempts).toBe(1);
    expect(failed.error).toBe(
      'The API token "soon-revoked" that asked for this export has been revoked, so the export no longer runs: start it again with a live token.',
    );
    // Its schedule is cancelled when its time comes, instead of queueing runs that cannot run.
    const { token: second } = await createToken(db.dataSource, {
      role: Role.EXPORT_JOB,
      name: 'revoked-later',
    });
    const owner = (await authenticate(db.dataSource, second))!;
    const { scheduleExport: schedule } = await client.data(
      SCHEDULE,
      { params: ROLLUP_52, cron: '0 3 * * *' },
      owner,
    );
    await revokeToken(db.dataSource, 'revoked-later');
    expect(await fireDueSchedules(db.dataSource, new Date(Date.now() + 2 * 86_400_000))).toBe(0);
    const [cancelled] = await db.dataSource.query(
      'SELECT status, cancelled_by FROM export_schedule WHERE id = $1',
      [schedule.id],
    );
    expect(cancelled).toEqual({ status: 'CANCELLED', cancelled_by: 'its API token was revoked' });
  });

  it('keeps a queued run across a restart: a new pg-boss on the database runs it', async () => {
    const first = await startWorker(db.dataSource);
    await first.stop(1000);
    workers.length = 0;
    const queued = await start();
    // No worker runs: the job waits in PostgreSQL.
    const [{ state }] = await db.dataSource.query(
      `SELECT state FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2`,
      [EXPORT_QUEUES.run, String(queued.id)],
    );
    expect(state).toBe('created');
    expect((await run(queued.id)).status).toBe('QUEUED');
    // A new server process: its own pool and its own pg-boss.
    const restarted = createDataSource({ url: databaseUrl(db.name), poolSize: 4 });
    await restarted.initialize();
    extraSources.push(restarted);
    await startWorker(restarted);
    const done = await finished(queued.id);
    expect(done.attempts).toBe(1);
  });

  it('gives a run cut by shutdown back to the queue; the next server writes it', async () => {
    const worker = await startWorker(db.dataSource);
    // A national task list as XLSX: long enough to be cut while it is written.
    const queued = (
      await client.data(
        START,
        { kind: 'TASKS', params: { period: '2025Q3' }, format: 'XLSX' },
        viewers.exportAll,
      )
    ).startExport;
    await waitFor('the run to start', async () => (await run(queued.id)).status === 'RUNNING');
    await worker.stop(0);
    workers.length = 0;
    const cut = await run(queued.id);
    expect(cut).toMatchObject({
      status: 'QUEUED',
      attempts: 1,
      error:
        'The server stopped while the export was being written. It will be tried again (attempt 2 of 3).',
      file_name: null,
    });
    const [job] = await db.dataSource.query(
      `SELECT state FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2`,
      [EXPORT_QUEUES.run, String(queued.id)],
    );
    expect(job.state).toBe('retry');
    expect(readdir().filter((name) => name.endsWith('.partial'))).toEqual([]);
    await startWorker(db.dataSource);
    const done = await finished(queued.id);
    expect(done).toMatchObject({ attempts: 2, error: null });
  });

  it('runs each run once with two servers on one database, and queues a due schedule once', async () => {
    const second = createDataSource({ url: databaseUrl(db.name), poolSize: 4 });
    await second.initialize();
    extraSources.push(second);
    await startWorker(db.dataSource);
    await startWorker(second);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await start()).id);
    for (const id of ids) await finished(id);
    const rows = await db.dataSource.query(
      'SELECT attempts, file_name FROM export_run WHERE id = ANY($1::int[])',
      [ids],
    );
    expect(rows.map((r: any) => r.attempts)).toEqual(ids.map(() => 1));
    expect(new Set(rows.map((r: any) => r.file_name)).size).toBe(8);
    const jobs = await db.dataSource.query(
      `SELECT state, retry_count FROM pgboss.job WHERE name = $1 AND (data->>'runId')::int = ANY($2::int[])`,
      [EXPORT_QUEUES.run, ids],
    );
    expect(jobs).toEqual(ids.map(() => ({ state: 'completed', retry_count: 0 })));
    await stopWorkers();

    // Both servers tick at the same moment: one run for the schedule's time.
    const { scheduleExport } = await client.data(SCHEDULE, { params: ROLLUP_52, cron: '0 2 * * *' });
    await db.dataSource.query(
      `UPDATE export_schedule SET next_run_at = now() - interval '5 minutes' WHERE id = $1`,
      [scheduleExport.id],
    );
    const now = new Date();
    const queued = await Promise.all([fireDueSchedules(db.dataSource, now), fireDueSchedules(second, now)]);
    expect(queued.reduce((a, b) => a + b)).toBe(1);
    const scheduled = await db.dataSource.query(
      'SELECT status, scheduled_for FROM export_run WHERE schedule_id = $1',
      [scheduleExport.id],
    );
    expect(scheduled).toHaveLength(1);
    // Again a moment later: not due any more (its next time is tomorrow 02:00).
    expect(await fireDueSchedules(second, new Date())).toBe(0);
    await client.data(`mutation { cancelExport(id: "${scheduleExport.id}") { id } }`);
  });

  it('reads a schedule’s cron in the province’s time zone, runs it when due, and stops after cancelExport', async () => {
    await startWorker(db.dataSource);
    const before = Date.now();
    const { scheduleExport: schedule } = await client.data(
      SCHEDULE,
      { params: ROLLUP_52, cron: '30 2 * * *' },
      viewers.export52,
    );
    expect(schedule).toMatchObject({ cron: '30 2 * * *', timeZone: 'Asia/Ho_Chi_Minh', status: 'ACTIVE' });
    // 02:30 in Asia/Ho_Chi_Minh (UTC+7) is 19:30 UTC: the first one after now.
    const next = new Date(schedule.nextRunAt);
    expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([19, 30, 0]);
    expect(next.getTime()).toBeGreaterThan(before);
    expect(next.getTime() - before).toBeLessThanOrEqual(86_400_000);
    const { exportSchedules } = await client.data(
      '{ exportSchedules { edges { node { id } } } }',
      {},
      viewers.analyst68,
    );
    expect(exportSchedules.edges.map((e: any) => e.node.id)).not.toContain(schedule.id);

    // Its time comes (the clock moved on): the tick queues its run, the worker writes it.
    const at = new Date(next.getTime() + 1000);
    expect(await fireDueSchedules(db.dataSource, at)).toBe(1);
    const { exportRuns } = await client.data(
      `{ exportRuns(scheduleId: "${schedule.id}") { totalCount edges { node { ${RUN_FIELDS} } } } }`,
      {},
      viewers.analyst52,
    );
    expect(exportRuns.totalCount).toBe(1);
    const scheduledRun = exportRuns.edges[0].node;
    expect(scheduledRun).toMatchObject({ requestedBy: 'export-export52', schedule: { id: schedule.id } });
    expect(scheduledRun.scheduledFor).toBe(next.toISOString());
    await finished(scheduledRun.id);

    // The next time is queued but not yet run when the schedule is cancelled: the run is cancelled.
    await stopWorkers();
    const later = new Date(next.getTime() + 86_400_000 + 1000);
    expect(await fireDueSchedules(db.dataSource, later)).toBe(1);
    // Another province's analyst does not see it; a same-province analyst may cancel it.
    const other = await client.execute(
      `mutation { cancelExport(id: "${schedule.id}") { id } }`,
      {},
      viewers.analyst68,
    );
    expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const { cancelExport } = await client.data(
      `mutation { cancelExport(id: "${schedule.id}") { status cancelledAt cancelledBy } }`,
      {},
      viewers.analyst52,
    );
    expect(cancelExport).toMatchObject({ status: 'CANCELLED', cancelledBy: 'export-analyst52' });
    const [pending] = await db.dataSource.query(
      `SELECT id, status FROM export_run WHERE schedule_id = $1 AND scheduled_for > $2`,
      [schedule.id, next],
    );
    expect(pending.status).toBe('CANCELLED');
    // Its job, delivered, does nothing; and no later time starts a run.
    await startWorker(db.dataSource);
    await waitFor('the cancelled run’s job to be done', async () => {
      const [job] = await db.dataSource.query(
        `SELECT state FROM pgboss.job WHERE name = $1 AND data->>'runId' = $2`,
        [EXPORT_QUEUES.run, String(pending.id)],
      );
      return job.state === 'completed';
    });
    expect(await run(pending.id)).toMatchObject({ status: 'CANCELLED', attempts: 0, file_name: null });
    expect(await fireDueSchedules(db.dataSource, new Date(later.getTime() + 7 * 86_400_000))).toBe(0);
    expect(
      (
        await db.dataSource.query('SELECT count(*)::int AS n FROM export_run WHERE schedule_id = $1', [
          schedule.id,
        ])
      )[0].n,
    ).toBe(2);
  });

  it('POSTs the finished run to the webhook, signed with HMAC-SHA256', async () => {
    const secret = 'webhook-secret-for-the-export-test-0123';
    const deliveries: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      await startWorker(db.dataSource, {
        webhookUrl: `http://127.0.0.1:${port}/hooks/cchc`,
        webhookSecret: secret,
      });
      const queued = await start(ROLLUP_52, viewers.analyst52, 'NDJSON');
      const done = await finished(queued.id);
      const ofRun = () => deliveries.filter((d) => JSON.parse(d.body).run.id === queued.id);
      const [delivery] = await waitFor('the webhook delivery', async () => ofRun().length > 0 && ofRun());
      const expected = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`;
      expect(delivery.headers[SIGNATURE_HEADER]).toBe(expected);
      expect(delivery.headers['content-type']).toBe('application/json');
      const payload = JSON.parse(delivery.body);
      expect(payload).toMatchObject({
        event: 'export.run.finished',
        run: {
          id: queued.id,
          status: 'SUCCEEDED',
          format: 'NDJSON',
          sha256: done.sha256,
          bytes: Number(done.bytes),
          rowCount: done.row_count,
          downloadUrl: `/exports/runs/${queued.id}/file`,
        },
      });
      expect(ofRun()).toHaveLength(1);
    } finally {
      receiver.close();
    }
  });
});
