import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXPORT_QUEUES } from '../../src/modules/export-run/export-queue';
import { MainProcess } from '../utils/embedded-cluster';
import { GraphqlClient } from '../utils/graphql';
import { createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait';

const START = `mutation { startExport(kind: ROLLUP, params: { province: "52", period: "2025Q3", groupBy: "COMMUNE" }, format: CSV) { id } }`;
const SCHEDULE = `mutation { scheduleExport(kind: ROLLUP, params: { province: "52", period: "LAST_QUARTER" }, format: XLSX, cron: "0 2 * * *") { id } }`;

/**
 * Two `npm start` processes on one database, as two servers behind a load balancer: the runs
 * queued and the schedule made while neither ran are each written exactly once, the schedule's
 * run coming from pg-boss's own cron (the minute tick), not from anything the test calls.
 */
describe('export runs with two server processes', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    dir = mkdtempSync(path.join(tmpdir(), 'cchc-exports-'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every queued run once, and the due schedule’s run once, from pg-boss’s cron', async () => {
    // Made while no server runs: the state is in PostgreSQL only.
    const client = await GraphqlClient.create(db.dataSource);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(Number((await client.data(START)).startExport.id));
    const scheduleId = Number((await client.data(SCHEDULE)).scheduleExport.id);
    await client.stop();
    // The schedule's time has come while the servers were down.
    await db.dataSource.query(
      `UPDATE export_schedule SET next_run_at = now() - interval '10 minutes' WHERE id = $1`,
      [scheduleId],
    );

    const env = { DATABASE_URL: databaseUrl(db.name), NODE_ENV: 'test', CCHC_EXPORT_DIR: dir };
    const servers = [new MainProcess(env), new MainProcess(env)];
    try {
      await Promise.all(servers.map((server) => server.ready(/Export worker on/)));
      const [{ id: scheduled }] = await waitFor('the schedule’s run', async () => {
        const rows: { id: number }[] = await db.dataSource.query(
          'SELECT id FROM export_run WHERE schedule_id = $1',
          [scheduleId],
        );
        return rows.length > 0 && rows;
      });
      const all = [...ids, scheduled];
      const runs = await waitFor('every run to succeed', async () => {
        const rows = await db.dataSource.query(
          `SELECT id, status, attempts, file_name, sha256, bytes FROM export_run WHERE id = ANY($1::int[]) ORDER BY id`,
          [all],
        );
        return rows.every((r: any) => ['SUCCEEDED', 'FAILED'].includes(r.status)) && rows;
      });
      expect(runs.map((r: any) => [r.status, r.attempts])).toEqual(all.map(() => ['SUCCEEDED', 1]));
      for (const run of runs) {
        const bytes = readFileSync(path.join(dir, run.file_name));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(run.sha256);
        expect(bytes.length).toBe(Number(run.bytes));
      }
      // One job per run, completed on its first delivery; one run for the schedule's time.
      const jobs = await db.dataSource.query(
        `SELECT state, retry_count FROM pgboss.job WHERE name = $1 AND (data->>'runId')::int = ANY($2::int[])`,
        [EXPORT_QUEUES.run, all],
      );
      expect(jobs).toEqual(all.map(() => ({ state: 'completed', retry_count: 0 })));
      const [{ n }] = await db.dataSource.query(
        'SELECT count(*)::int AS n FROM export_run WHERE schedule_id = $1',
        [scheduleId],
      );
      expect(n).toBe(1);
      const [schedule] = await db.dataSource.query('SELECT next_run_at FROM export_schedule WHERE id = $1', [
        scheduleId,
      ]);
      expect(new Date(schedule.next_run_at).getTime()).toBeGreaterThan(Date.now());

      for (const server of servers) server.child.kill('SIGTERM');
      expect(await Promise.all(servers.map((server) => server.exited))).toEqual([0, 0]);
    } finally {
      for (const server of servers) server.kill();
    }
  }, 180_000);
});
