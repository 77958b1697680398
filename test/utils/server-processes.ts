import type { DataSource } from 'typeorm';
import { MainProcess } from './embedded-cluster';
import { GraphqlClient } from './graphql';
import { databaseUrl } from './test-database';

/**
 * Fixtures of the tests that run several `npm start` processes on one database
 * (two-processes, live-processes, export-processes, pgbouncer).
 */

/** `count` `npm start` processes with the same environment on database `name`, and their URLs once ready. */
export async function startServerProcesses(
  env: Record<string, string>,
  { count = 2, ready }: { count?: number; ready?: RegExp } = {},
): Promise<{ servers: MainProcess[]; urls: string[] }> {
  const servers = Array.from({ length: count }, () => new MainProcess(env));
  try {
    return { servers, urls: await Promise.all(servers.map((server) => server.ready(ready))) };
  } catch (error) {
    for (const server of servers) server.kill();
    throw error;
  }
}

/** SIGTERM to each (drained like a deployment stops them); their exit codes. */
export async function stopServerProcesses(servers: MainProcess[]): Promise<(number | null)[]> {
  for (const server of servers) server.child.kill('SIGTERM');
  return Promise.all(servers.map((server) => server.exited));
}

/** The environment of a server process on test database `name` (no demo data, test pauses allowed). */
export const serverEnv = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({
  DATABASE_URL: databaseUrl(name),
  NODE_ENV: 'test',
  ...extra,
});

/**
 * A daily ROLLUP export schedule of province 52, made through GraphQL (in process) and made due ten
 * minutes ago, so the first schedule tick of a starting worker queues its run. Its id.
 */
export async function dueExportSchedule(dataSource: DataSource): Promise<number> {
  const client = await GraphqlClient.create(dataSource);
  try {
    const { scheduleExport } = await client.data(
      `mutation { scheduleExport(kind: ROLLUP, params: { province: "52", period: "LAST_QUARTER" }, format: XLSX, cron: "0 2 * * *") { id } }`,
    );
    const id = Number(scheduleExport.id);
    await dataSource.query(
      `UPDATE export_schedule SET next_run_at = now() - interval '10 minutes' WHERE id = $1`,
      [id],
    );
    return id;
  } finally {
    await client.stop();
  }
}

/** The runs a schedule has queued so far. */
export async function runsOfSchedule(
  dataSource: DataSource,
  scheduleId: number,
): Promise<{ id: number; status: string; attempts: number }[]> {
  return dataSource.query('SELECT id, status, attempts FROM export_run WHERE schedule_id = $1 ORDER BY id', [
    scheduleId,
  ]);
}

/**
 * A commune of `provinceCode` (numeric code) with a plan for `year` and no counted (SUBMITTED or
 * APPROVED) report on it: every task is NOT_STARTED as of any period, so a submission that
 * completes one task adds exactly 1 to the roll-up's completedCount.
 */
export async function communeWithoutCountedReports(
  dataSource: DataSource,
  provinceCode: string,
  year: number,
): Promise<{ id: number; code: string }> {
  const [commune] = await dataSource.query(
    `SELECT c.id, c.code FROM commune c JOIN province p ON p.id = c.province_id
      JOIN plan ON plan.commune_id = c.id AND plan.year = $2
      WHERE p.code = $1 AND c.code ~ '^[0-9]+$'
        AND NOT EXISTS (SELECT 1 FROM status_report r WHERE r.plan_id = plan.id AND r.status IN ('SUBMITTED', 'APPROVED'))
      ORDER BY c.code LIMIT 1`,
    [provinceCode, year],
  );
  if (!commune) throw new Error(`no commune of ${provinceCode} without counted reports in ${year}`);
  return commune;
}
