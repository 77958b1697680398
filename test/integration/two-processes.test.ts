import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import { runCchc } from '../utils/cchc';
import type { MainProcess } from '../utils/embedded-cluster';
import { freePeriods, httpGraphql, submitReport } from '../utils/live-fixtures';
import {
  communeWithoutCountedReports,
  dueExportSchedule,
  runsOfSchedule,
  serverEnv,
  startServerProcesses,
  stopServerProcesses,
} from '../utils/server-processes';
import { subscribe } from '../utils/sse';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait';

const ADMIN_TOKEN = 'operator-secret-for-the-two-processes-test-01';

/**
 * The API is stateless (docs/SCALING.md): two `npm start` processes on one PostgreSQL, as behind
 * a load balancer, behave as one server. Reads answer the same; a write through A is in B's next
 * read; a token revoked by the CLI is refused by B at once; a submission through A reaches a
 * subscriber of B; a due export schedule is run once, by one of the two workers.
 * (live-processes, export-processes and shared-caches test each of these at more length.)
 */
describe('two server processes on one database', () => {
  let db: TestDatabase;
  let exportDir: string;
  let servers: MainProcess[] = [];
  let a: ReturnType<typeof httpGraphql>;
  let b: ReturnType<typeof httpGraphql>;
  let urlB: string;
  let scheduleId: number;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    exportDir = mkdtempSync(path.join(tmpdir(), 'cchc-two-processes-'));
    // Made and due before either server runs: the state is in PostgreSQL only.
    scheduleId = await dueExportSchedule(db.dataSource);
    const started = await startServerProcesses(
      serverEnv(db.name, { CCHC_ADMIN_TOKEN: ADMIN_TOKEN, CCHC_EXPORT_DIR: exportDir }),
      { ready: /Export worker on/ },
    );
    servers = started.servers;
    [a, b] = started.urls.map(httpGraphql);
    urlB = started.urls[1];
  }, 180_000);
  afterAll(async () => {
    for (const server of servers) server.kill();
    await db?.drop();
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('reads: both answer the same roll-up and the same lists', async () => {
    const query = `{
      rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [AREA]) { areaCode taskCount completedCount completionRate }
      province(code: "52") { communes(first: 5) { totalCount edges { node { code name } } } }
    }`;
    const [fromA, fromB] = await Promise.all([a(ADMIN_TOKEN, query), b(ADMIN_TOKEN, query)]);
    expect(fromA.errors).toBeUndefined();
    expect(fromA.data.rollup).toHaveLength(7);
    expect(fromB).toEqual(fromA);
  });

  it('writes and subscriptions: a submission through A is in B’s next roll-up and reaches B’s subscriber', async () => {
    const commune = await communeWithoutCountedReports(db.dataSource, '52', 2026);
    const { token: officer } = await createToken(db.dataSource, {
      role: Role.COMMUNE_OFFICER,
      name: 'officer',
      communeCode: commune.code,
    });
    const plan = await freePeriods(db.dataSource, commune.id, 2026);
    const period = plan.periods[0];
    const completed = async () => {
      const result = await b(
        ADMIN_TOKEN,
        `{ rollup(periods: ["${period}"], provinceCode: "52", groupBy: [PROVINCE]) { completedCount } }`,
      );
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return result.data.rollup[0].completedCount as number;
    };
    const before = await completed();
    const onB = await subscribe(
      `${urlB}/stream`,
      ADMIN_TOKEN,
      `subscription { reportEvents(provinceCode: "52") { kind reportId communeCode } }`,
    );
    try {
      expect(onB.status).toBe(200);
      const reportId = await submitReport(a, officer, plan, period);
      // No waiting: the commit happened before A answered, and B reads the database.
      expect(await completed()).toBe(before + 1);
      // SUBMITTED comes after the draft's own event, if any: read until it.
      let event = await onB.nextResult();
      while (event.data?.reportEvents.kind !== 'SUBMITTED') event = await onB.nextResult();
      expect(event.data).toEqual({
        reportEvents: { kind: 'SUBMITTED', reportId, communeCode: commune.code },
      });
    } finally {
      onB.close();
    }
  });

  it('token revocation: a token B has cached is refused by B once the CLI revokes it (NOTIFY, not the cache’s 60 s)', async () => {
    const { token, info } = await createToken(db.dataSource, {
      role: Role.PROVINCE_ANALYST,
      name: 'revoked-by-the-cli',
      provinceCode: '52',
    });
    const viewer = '{ viewer { role } }';
    expect((await b(token, viewer)).data).toEqual({ viewer: { role: 'PROVINCE_ANALYST' } });
    expect((await a(token, viewer)).data).toEqual({ viewer: { role: 'PROVINCE_ANALYST' } });
    const revoked = await runCchc(db.name, ['token', 'revoke', String(info.id)]);
    expect(revoked.status).toBe(0);
    // B trusts a cached token for 60 s without news; only the NOTIFY can make it refuse sooner.
    for (const ask of [b, a]) {
      await waitFor(
        'the revocation to be heard',
        async () => (await ask(token, viewer)).errors?.[0]?.extensions?.code === 'UNAUTHENTICATED',
        { timeoutMs: 15_000 },
      );
    }
  }, 120_000);

  it('scheduled jobs: the due schedule is run exactly once across both workers', async () => {
    const [run] = await waitFor('the schedule’s run to finish', async () => {
      const runs = await runsOfSchedule(db.dataSource, scheduleId);
      return runs.length > 0 && ['SUCCEEDED', 'FAILED'].includes(runs[0].status) && runs;
    });
    expect(run).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    // Both workers have ticked by now (each ticks as it starts); still one run for that time.
    expect(await runsOfSchedule(db.dataSource, scheduleId)).toHaveLength(1);
    const [schedule] = await db.dataSource.query('SELECT next_run_at FROM export_schedule WHERE id = $1', [
      scheduleId,
    ]);
    expect(new Date(schedule.next_run_at).getTime()).toBeGreaterThan(Date.now());
    expect(await stopServerProcesses(servers)).toEqual([0, 0]);
  }, 180_000);
});
