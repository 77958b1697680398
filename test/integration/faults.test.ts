import { createDataSource } from '../../src/app/data-source';
import { startGraphqlServer } from '../../src/app/server';
import { seedDatabase } from '../../src/modules/seed/seed';
import { EmbeddedCluster } from '../utils/embedded-cluster';

const ADMIN_TOKEN = 'faults-test-admin-token-0123456789abcdef';
const SAVE = `mutation($planId: ID!, $period: String!, $taskProgress: [TaskProgressInput!]) {
  saveReportDraft(planId: $planId, period: $period, taskProgress: $taskProgress) { taskProgress { version } }
}`;
const READ = '{ auditLog(first: 5) { totalCount } }';

/** The database stopped under load and started again, on its own embedded PostgreSQL (item 6). */
describe('database stopped under load', () => {
  const cluster = new EmbeddedCluster();
  afterAll(() => cluster.remove());

  it('answers SERVICE_UNAVAILABLE (503) and /readyz 503 while it is down, recovers without a restart, and leaves no half-written report', async () => {
    const url = await cluster.start();
    const dataSource = createDataSource({ url, poolSize: 4, connectTimeoutMs: 1000 });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await seedDatabase(dataSource, { scale: null }); // the real plans only
    const [plan] = await dataSource.query(
      'SELECT p.id, p.year FROM plan p WHERE (SELECT count(*) FROM task t WHERE t.plan_id = p.id) >= 4 ORDER BY p.id LIMIT 1',
    );
    const tasks: string[] = (
      await dataSource.query('SELECT id FROM task WHERE plan_id = $1 ORDER BY id LIMIT 4', [plan.id])
    ).map((t: { id: number }) => String(t.id));
    const logged: string[] = [];
    const server = await startGraphqlServer({
      dataSource,
      port: 0,
      isDevelopment: false,
      adminToken: ADMIN_TOKEN,
      log: (line) => logged.push(line),
    });
    const post = async (query: string, variables?: Record<string, unknown>) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as any,
      };
    };
    const readyz = async () => (await fetch(new URL('/readyz', server.url))).status;

    // The report exists before the load (its creation by four writers at once would be a CONFLICT).
    const created = await post(SAVE, {
      planId: String(plan.id),
      period: String(plan.year),
      taskProgress: tasks.map((taskId) => ({ taskId, status: 'IN_PROGRESS', percent: 50, note: '0' })),
    });
    expect(created.body.errors).toBeUndefined();

    // Load: one writer per task (each saving notes "n" in order) and a reader, until told to stop.
    // A request is counted in the phase it began and ended in ('changing' when these differ).
    let phase: 'up' | 'stopping' | 'down' | 'starting' | 'recovered' = 'up';
    let stopLoad = false;
    const outcomes: Record<string, Record<string, number>> = {
      up: {},
      down: {},
      recovered: {},
      changing: {},
    };
    const messages = new Set<string>();
    const count = (began: string, status: number, body: any) => {
      const code = body.errors?.[0]?.extensions?.code;
      if (code && code !== 'SERVICE_UNAVAILABLE') messages.add(`${code}: ${body.errors[0].message}`);
      const bucket = outcomes[began === phase ? phase : 'changing'] ?? outcomes.changing;
      const key = `${status} ${code ?? 'OK'}`;
      bucket[key] = (bucket[key] ?? 0) + 1;
    };
    const lastAcknowledged = new Map<string, number>();
    // Each writer sends the version it last saw. After a save that got no answer (cut by the stop)
    // it cannot know whether that save committed: a CONFLICT on its version then is expected, and
    // it reads the version again; any other CONFLICT counts as a failure.
    const versionOf = async (taskId: string): Promise<number> =>
      (
        await dataSource.query(
          `SELECT tp.version FROM task_progress tp JOIN status_report r ON r.id = tp.report_id
            WHERE r.plan_id = $1 AND r.period = $2 AND tp.task_id = $3`,
          [plan.id, String(plan.year), taskId],
        )
      )[0].version;
    const writer = async (taskId: string) => {
      let version = await versionOf(taskId);
      let uncertain = false;
      for (let n = 1; !stopLoad; n++) {
        const began = phase;
        const { status, body, retryAfter } = await post(SAVE, {
          planId: String(plan.id),
          period: String(plan.year),
          taskProgress: [{ taskId, status: 'IN_PROGRESS', percent: 50, note: String(n), version }],
        });
        const code = body.errors?.[0]?.extensions?.code;
        if (code === 'CONFLICT' && uncertain) {
          version = await versionOf(taskId);
          uncertain = false;
          continue;
        }
        count(began, status, body);
        if (status === 200 && body.data) {
          lastAcknowledged.set(taskId, n);
          version = body.data.saveReportDraft.taskProgress[0].version;
          uncertain = false;
        } else {
          uncertain = true;
        }
        if (status === 503) expect(retryAfter).toBe('5');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const reader = async () => {
      while (!stopLoad) {
        const began = phase;
        const { status, body } = await post(READ);
        count(began, status, body);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const until = async (condition: () => boolean | Promise<boolean>) => {
      for (let attempt = 0; attempt < 300 && !(await condition()); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const load = Promise.allSettled([...tasks.map(writer), reader()]);
    try {
      await until(() => (outcomes.up['200 OK'] ?? 0) >= 20);
      phase = 'stopping';
      await cluster.stop();
      phase = 'down';
      await until(() => (outcomes.down['503 SERVICE_UNAVAILABLE'] ?? 0) >= 10);
      expect(await readyz()).toBe(503);
      phase = 'starting';
      expect(await cluster.start()).toBe(url); // same port and password: the pool reconnects by itself
      await until(async () => (await readyz()) === 200);
      phase = 'recovered';
      await until(() => (outcomes.recovered['200 OK'] ?? 0) >= 20);
    } finally {
      stopLoad = true;
      const settled = await load;
      await server.stop();
      expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
    }
    // Down: only SERVICE_UNAVAILABLE (the request that was cut when it stopped included); never a 500.
    const internal = logged.filter((line) => line.includes('INTERNAL_SERVER_ERROR'));
    expect([Object.keys(outcomes.down), internal, [...messages]]).toEqual([
      ['503 SERVICE_UNAVAILABLE'],
      [],
      [],
    ]);
    // Requests that spanned a stop or start: served or SERVICE_UNAVAILABLE, nothing else.
    expect(
      Object.keys(outcomes.changing).filter((key) => key !== '200 OK' && key !== '503 SERVICE_UNAVAILABLE'),
    ).toEqual([]);
    expect(Object.keys(outcomes.up)).toEqual(['200 OK']);
    expect(Object.keys(outcomes.recovered)).toEqual(['200 OK']);
    expect(await readyz().catch(() => 'stopped')).toBe('stopped');

    // Every acknowledged save is there (or a later one that was cut before its answer), and the
    // roll-up agrees with the rows: nothing half-written.
    const rows: { taskId: number; note: string }[] = await dataSource.query(
      `SELECT tp.task_id AS "taskId", tp.note FROM task_progress tp
         JOIN status_report r ON r.id = tp.report_id WHERE r.plan_id = $1 AND r.period = $2`,
      [plan.id, String(plan.year)],
    );
    for (const taskId of tasks) {
      const row = rows.find((r) => String(r.taskId) === taskId);
      expect(Number(row?.note)).toBeGreaterThanOrEqual(lastAcknowledged.get(taskId)!);
    }
    const [{ differences }] = await dataSource.query(`
      WITH fresh AS (SELECT * FROM cchc_plan_rollup_rows(ARRAY(SELECT id FROM plan)))
      SELECT (SELECT count(*) FROM (SELECT * FROM plan_rollup EXCEPT ALL SELECT * FROM fresh) a)
           + (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM plan_rollup) b) AS differences`);
    expect(Number(differences)).toBe(0);
    await dataSource.destroy();
  }, 180_000);
});
