import { existsSync } from 'node:fs';
import http from 'node:http';
import { Client } from 'pg';
import { EmbeddedCluster, MainProcess } from '../utils/embedded-cluster';
import { createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

const ADMIN_TOKEN = 'shutdown-test-admin-token-0123456789abcdef';
const SUBMIT = `mutation($reportId: ID!, $version: Int!) {
  submitReport(reportId: $reportId, version: $version) { id status version }
}`;

/** Reports that can be submitted: DRAFT or RETURNED, with something in them. */
const SUBMITTABLE = `SELECT r.id, r.version FROM status_report r
  WHERE r.status IN ('DRAFT', 'RETURNED') AND EXISTS (SELECT 1 FROM task_progress tp WHERE tp.report_id = r.id)
  ORDER BY r.id LIMIT $1`;

/** Sessions of the API server that are inside a transaction and waiting (the test pause). */
const PAUSED = `SELECT count(*)::int AS n FROM pg_stat_activity
  WHERE datname = current_database() AND application_name = 'cchc-hub' AND state = 'idle in transaction'`;

async function query<T = any>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function post(url: string, query: string, variables: Record<string, unknown>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ query, variables }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
}

/** A new TCP connection (no keep-alive reuse): 'refused' once the server stopped accepting. */
function freshConnection(url: string): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const request = http.get(new URL('/healthz', url), { agent: false }, (response) => {
      response.resume();
      resolve('accepted');
    });
    request.on('error', () => resolve('refused'));
  });
}

describe('shutdown and crashes of the server process (item 6)', () => {
  it('on SIGTERM stops accepting, lets the requests in flight finish, stops its embedded PostgreSQL and exits 0', async () => {
    const cluster = new EmbeddedCluster();
    const main = new MainProcess({
      CCHC_DATA_DIR: cluster.dataDir,
      DATABASE_URL: '',
      NODE_ENV: 'test',
      CCHC_ADMIN_TOKEN: ADMIN_TOKEN,
      // Longer than Apollo's own 10 s drain default, so the test fails if CCHC_SHUTDOWN_GRACE_MS is ignored.
      CCHC_TEST_PAUSE_IN_SUBMIT_MS: '12000',
      CCHC_SHUTDOWN_GRACE_MS: '60000',
    });
    try {
      const url = await main.ready(/demo-export/);
      const dbUrl = await cluster.start(); // the server main.ts started (left running: not ours)
      const reports = await query(dbUrl, SUBMITTABLE, [3]);
      expect(reports).toHaveLength(3);
      const inFlight = reports.map((r) => post(url, SUBMIT, { reportId: String(r.id), version: r.version }));
      await until(async () => (await query(dbUrl, PAUSED))[0].n === 3, 'three submissions in flight');

      main.child.kill('SIGTERM');
      await until(() => main.output.includes('SIGTERM: stopping'), 'the shutdown to begin');
      await until(async () => (await freshConnection(url)) === 'refused', 'new connections to be refused');

      const answers = await Promise.all(inFlight);
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.body.data.submitReport.status).toBe('SUBMITTED');
      }
      expect(await main.exited).toBe(0);
      expect(existsSync(cluster.pidFile)).toBe(false); // its PostgreSQL is stopped

      const again = await cluster.start();
      const stored = await query(again, 'SELECT status FROM status_report WHERE id = ANY($1)', [
        reports.map((r) => r.id),
      ]);
      expect(stored.map((r) => r.status)).toEqual(['SUBMITTED', 'SUBMITTED', 'SUBMITTED']);
    } finally {
      main.kill();
      await cluster.remove();
    }
  }, 240_000);

  describe('kill -9 in the middle of a report submission', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('seeded');
    });
    afterAll(() => db?.drop());

    it('leaves none of it: status, version, audit, task progress and roll-up as before', async () => {
      const url = databaseUrl(db.name);
      const [report] = await query(url, SUBMITTABLE, [1]);
      const state = async () => ({
        report: await query(
          url,
          'SELECT status, version, submitted_at, submitted_by FROM status_report WHERE id = $1',
          [report.id],
        ),
        progress: await query(url, 'SELECT * FROM task_progress WHERE report_id = $1 ORDER BY id', [
          report.id,
        ]),
        audit: await query(
          url,
          "SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'SUBMIT'",
          [report.id],
        ),
        rollup: await query(url, 'SELECT * FROM plan_rollup ORDER BY 1, 2, 3'),
      });
      const before = await state();

      const main = new MainProcess({
        DATABASE_URL: url,
        NODE_ENV: 'test',
        CCHC_ADMIN_TOKEN: ADMIN_TOKEN,
        CCHC_TEST_PAUSE_IN_SUBMIT_MS: '120000',
      });
      try {
        const api = await main.ready();
        const submission = post(api, SUBMIT, { reportId: String(report.id), version: report.version }).catch(
          () => 'cut',
        );
        // Its writes are done and not committed: the transaction waits in the test pause.
        await until(async () => (await query(url, PAUSED))[0].n === 1, 'the submission to pause');
        const [{ status }] = await query(url, 'SELECT status FROM status_report WHERE id = $1', [report.id]);
        expect(status).not.toBe('SUBMITTED'); // others do not see the uncommitted change
        main.child.kill('SIGKILL');
        expect(await submission).toBe('cut');
        await main.exited;
        // PostgreSQL sees the socket close and rolls the transaction back.
        await until(
          async () =>
            (
              await query(
                url,
                "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cchc-hub'",
              )
            )[0].n === 0,
          'the killed sessions to end',
        );
      } finally {
        main.kill();
      }
      expect(await state()).toEqual(before);
      expect(before.audit[0].n).toBe(0);
      const [{ differences }] = await query(
        url,
        `WITH fresh AS (SELECT * FROM cchc_plan_rollup_rows(ARRAY(SELECT id FROM plan)))
         SELECT (SELECT count(*) FROM (SELECT * FROM plan_rollup EXCEPT ALL SELECT * FROM fresh) a)
              + (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM plan_rollup) b) AS differences`,
      );
      expect(Number(differences)).toBe(0);
    }, 120_000);
  });
});
