import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/app/data-source';
import { statementTimeoutMismatch } from '../../src/app/database';
import { MIGRATIONS } from '../../migrations/index';
import { createToken } from '../../src/modules/api-token/api-token.service';
import { Role } from '../../src/core/viewer';
import type { MainProcess } from '../utils/embedded-cluster';
import { ROOT } from '../utils/embedded-cluster';
import { GraphqlClient } from '../utils/graphql';
import { freePeriods, httpGraphql, submitReport } from '../utils/live-fixtures';
import { HAVE_PGBOUNCER, PGBOUNCER, PgBouncer } from '../utils/pgbouncer';
import {
  communeWithoutCountedReports,
  serverEnv,
  startServerProcesses,
  stopServerProcesses,
} from '../utils/server-processes';
import { subscribe } from '../utils/sse';
import { createTestDatabase, databaseUrl, TEST_SERVER_URL } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';
import { waitFor } from '../utils/wait';

const ADMIN_TOKEN = 'operator-secret-for-the-pgbouncer-test-0123';
/** CCHC_STATEMENT_TIMEOUT_MS of the server, and what PgBouncer's connect_query sets. */
const TIMEOUT_MS = 2000;

/**
 * What must stay true for PgBouncer in transaction mode (docs/SCALING.md): no statement may rely on
 * the session it ran in, since the next one may run on another server connection. Checked in the
 * source, so a new session-scoped statement fails here even where no test reaches it.
 */
describe('no session state in the code (what PgBouncer in transaction mode needs)', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? files(file) : file.endsWith('.ts') ? [file] : [];
    });
  const sources = [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'migrations'))].map((file) => ({
    file: path.relative(ROOT, file),
    text: readFileSync(file, 'utf8'),
  }));
  /** `file: line` of every match of `pattern` outside the files allowed to use it. */
  const uses = (pattern: RegExp, allowed: string[] = []) =>
    sources
      .filter(({ file }) => !allowed.includes(file))
      .flatMap(({ file, text }) =>
        text
          .split('\n')
          .map((line, i) => [line, i + 1] as const)
          // Code only: not comments, nor a message telling an operator what to configure.
          .filter(
            ([line]) => pattern.test(line) && !/^\s*(\*|\/\/)/.test(line) && !line.includes('connect_query='),
          )
          .map(([line, n]) => `${file}:${n}: ${line.trim()}`),
      );

  it('takes only transaction-scoped advisory locks', () => {
    expect(uses(/pg_(try_)?advisory_lock(_shared)?\s*\(/i)).toEqual([]);
    expect(uses(/pg_advisory_xact_lock/).length).toBeGreaterThan(0);
  });

  it('sets no session parameter (SET without LOCAL, set_config(…, false)) and sends none at connect but the timeout it can leave out', () => {
    expect(uses(/['"`]\s*SET\s+(?!LOCAL\b)(SESSION\s+)?[a-z_.]+\s*(=|TO\b)/i)).toEqual([]);
    expect(uses(/set_config\s*\([^)]*,\s*false\s*\)/i)).toEqual([]);
    // The startup parameters of the pool: only data-source.ts's, which DATABASE_POOL_MODE=transaction leaves out.
    expect(uses(/statement_timeout:/, ['src/app/data-source.ts'])).toEqual([]);
  });

  it('makes no temporary table that outlives its transaction, and no named prepared statement', () => {
    expect(uses(/CREATE\s+(TEMP|TEMPORARY)\s+TABLE(?![^`'"]*ON COMMIT DROP)/i)).toEqual([]);
    expect(uses(/\bPREPARE\s+\w+\s+(AS|\()/i)).toEqual([]);
    expect(uses(/\.query\(\s*\{[^}]*\bname\s*:/)).toEqual([]);
  });

  it('LISTENs only through core/db/notification-listener.ts (on DATABASE_LISTEN_URL)', () => {
    expect(uses(/['"`]\s*(UN)?LISTEN\s/, ['src/core/db/notification-listener.ts'])).toEqual([]);
  });
});

if (!HAVE_PGBOUNCER) {
  console.warn(
    `PgBouncer tests skipped: no pgbouncer at ${PGBOUNCER} (apt-get install pgbouncer, or set PGBOUNCER_PATH).`,
  );
}
const describeWithPgBouncer = HAVE_PGBOUNCER ? describe : describe.skip;

/**
 * `npm start` with DATABASE_URL through PgBouncer in transaction mode (three server connections
 * shared by every client), DATABASE_POOL_MODE=transaction and DATABASE_LISTEN_URL on PostgreSQL
 * itself: reads, writes, a write that fails half-way, the statement timeout, an export stream,
 * a pg-boss export run and a subscription all work, and leave nothing behind on the shared
 * server connections.
 */
describeWithPgBouncer('a server behind PgBouncer in transaction mode', () => {
  let db: TestDatabase;
  let bouncer: PgBouncer;
  let exportDir: string;
  let servers: MainProcess[] = [];
  let url: string;
  let graphql: ReturnType<typeof httpGraphql>;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    exportDir = mkdtempSync(path.join(tmpdir(), 'cchc-pgbouncer-exports-'));
    bouncer = new PgBouncer(TEST_SERVER_URL(), {
      serverOptions: `connect_query='SET statement_timeout = ${TIMEOUT_MS}'`,
    });
    await bouncer.start();
    const started = await startServerProcesses(
      serverEnv(db.name, {
        DATABASE_URL: bouncer.urlFor(db.name),
        DATABASE_LISTEN_URL: databaseUrl(db.name),
        DATABASE_POOL_MODE: 'transaction',
        CCHC_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS),
        CCHC_ADMIN_TOKEN: ADMIN_TOKEN,
        CCHC_EXPORT_DIR: exportDir,
      }),
      { count: 1, ready: /Export worker on/ },
    );
    servers = started.servers;
    url = started.urls[0];
    graphql = httpGraphql(url);
  }, 180_000);
  afterAll(async () => {
    for (const server of servers) server.kill();
    await bouncer?.stop();
    await db?.drop();
    rmSync(exportDir, { recursive: true, force: true });
  });

  /** Runs `work` while another session (on PostgreSQL itself) holds `table` locked. */
  async function whileLocked<T>(table: string, work: () => Promise<T>): Promise<T> {
    const blocker = new Client({ connectionString: databaseUrl(db.name) });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      return await work();
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
  }

  it('PgBouncer refuses statement_timeout as a startup parameter; the timeout its connect_query sets is the one configured', async () => {
    const refused = createDataSource({
      url: bouncer.urlFor(db.name),
      poolSize: 1,
      statementTimeoutMs: TIMEOUT_MS,
    });
    await expect(refused.initialize()).rejects.toThrow(/unsupported startup parameter/i);
    const pooled = createDataSource({ url: bouncer.urlFor(db.name), poolSize: 1 });
    await pooled.initialize();
    try {
      expect(await statementTimeoutMismatch(pooled, TIMEOUT_MS)).toBeNull();
      expect(await statementTimeoutMismatch(pooled, 30_000)).toMatch(/2000 ms.*30000 ms.*connect_query/);
    } finally {
      await pooled.destroy();
    }
    expect(servers[0].output).not.toMatch(/Warning: statement_timeout/);
  });

  it('migrations run through PgBouncer on a blank database, each in its transaction', async () => {
    const blank = await createTestDatabase('none');
    const migrating = createDataSource({ url: bouncer.urlFor(blank.name), poolSize: 1 });
    try {
      await migrating.initialize();
      const applied = await migrating.runMigrations({ transaction: 'each' });
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
      const [{ n }] = await migrating.query(`SELECT count(*)::int AS n FROM plan_rollup`);
      expect(n).toBe(0);
    } finally {
      if (migrating.isInitialized) await migrating.destroy();
      await blank.drop();
    }
  }, 120_000);

  it('reads: the same answers as the API in process on PostgreSQL itself', async () => {
    const query = `{
      rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [AREA]) { areaCode taskCount completedCount completionRate }
      province(code: "52") { communes(first: 5) { totalCount edges { node { code name } } } }
    }`;
    const result = await graphql(ADMIN_TOKEN, query);
    expect(result.errors).toBeUndefined();
    expect(result.data!.rollup).toHaveLength(7);
    const direct = await GraphqlClient.create(db.dataSource);
    try {
      expect(result.data).toEqual(await direct.data(query));
    } finally {
      await direct.stop();
    }
  });

  it('writes and live updates: a submission is in the next read and reaches a subscriber (LISTEN on DATABASE_LISTEN_URL)', async () => {
    const commune = await communeWithoutCountedReports(db.dataSource, '52', 2026);
    const { token: officer } = await createToken(db.dataSource, {
      role: Role.COMMUNE_OFFICER,
      name: 'officer',
      communeCode: commune.code,
    });
    const plan = await freePeriods(db.dataSource, commune.id, 2026);
    const period = plan.periods[0];
    const completed = async () =>
      (
        await graphql(
          ADMIN_TOKEN,
          `{ rollup(periods: ["${period}"], provinceCode: "52", groupBy: [PROVINCE]) { completedCount } }`,
        )
      ).data!.rollup[0].completedCount as number;
    const before = await completed();
    const live = await subscribe(
      `${url}/stream`,
      ADMIN_TOKEN,
      `subscription { reportEvents(provinceCode: "52") { kind reportId } }`,
    );
    try {
      const reportId = await submitReport(graphql, officer, plan, period);
      expect(await completed()).toBe(before + 1);
      let event = await live.nextResult();
      while (event.data?.reportEvents.kind !== 'SUBMITTED') event = await live.nextResult();
      expect(event.data).toEqual({ reportEvents: { kind: 'SUBMITTED', reportId } });
    } finally {
      live.close();
    }
  });

  it('a write cancelled by the statement timeout half-way rolls back whole, and the shared connections serve the next requests', async () => {
    const commune = await communeWithoutCountedReports(db.dataSource, '52', 2026);
    const { token: officer } = await createToken(db.dataSource, {
      role: Role.COMMUNE_OFFICER,
      name: 'officer-timeout',
      communeCode: commune.code,
    });
    const plan = await freePeriods(db.dataSource, commune.id, 2026);
    const period = plan.periods[plan.periods.length - 1];
    const save = () =>
      graphql(
        officer,
        `
          mutation ($planId: ID!, $period: String!, $taskProgress: [TaskProgressInput!]) {
            saveReportDraft(planId: $planId, period: $period, taskProgress: $taskProgress) {
              report {
                id
              }
            }
          }
        `,
        {
          planId: plan.planId,
          period,
          taskProgress: [{ taskId: plan.taskId, status: 'IN_PROGRESS', percent: 40 }],
        },
      );
    const reportsOfPeriod = async () =>
      (
        await db.dataSource.query(
          'SELECT count(*)::int AS n FROM status_report WHERE plan_id = $1 AND period = $2',
          [plan.planId, period],
        )
      )[0].n;
    // The draft's rows are written before its audit entry, which waits on the lock until cancelled.
    const cancelled = await whileLocked('audit_log', save);
    expect(cancelled.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
    expect(await reportsOfPeriod()).toBe(0);
    // A read waiting on a lock past the timeout is cancelled the same way.
    // (A province roll-up reads province_rollup: its sums per province.)
    const read = await whileLocked('province_rollup', () =>
      graphql(
        ADMIN_TOKEN,
        `
          {
            rollup(periods: ["2025Q3"], provinceCode: "52", groupBy: [AREA]) {
              areaCode
            }
          }
        `,
      ),
    );
    expect(read.errors?.[0]?.extensions?.code).toBe('TIMEOUT');
    // More requests than PgBouncer has server connections: none finds an aborted transaction.
    const again = await Promise.all(
      Array.from({ length: 6 }, () => graphql(ADMIN_TOKEN, '{ provinces { code } }')),
    );
    expect(again.map((r) => r.errors)).toEqual(again.map(() => undefined));
    expect((await save()).errors).toBeUndefined();
    expect(await reportsOfPeriod()).toBe(1);
  }, 60_000);

  it('exports: a CSV streamed over HTTP, and a stored export run by the pg-boss worker', async () => {
    const response = await fetch(
      new URL('/exports/rollup.csv?province=52&period=2025Q3&groupBy=COMMUNE', url),
      { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
    );
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split('\n');
    const rows = await graphql(
      ADMIN_TOKEN,
      `
        {
          rollupConnection(periods: ["2025Q3"], provinceCode: "52", groupBy: [COMMUNE], first: 1) {
            totalCount
          }
        }
      `,
    );
    expect(lines.length - 1).toBe(rows.data!.rollupConnection.totalCount);

    // The task list's lines are read through binary COPY (export.lines.ts): one statement a batch.
    const tasks = await fetch(new URL('/exports/tasks.ndjson?province=52&period=2025Q3', url), {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(tasks.status).toBe(200);
    const taskLines = (await tasks.text()).split('\n').slice(0, -1);
    const total = await graphql(
      ADMIN_TOKEN,
      `
        {
          rollupConnection(periods: ["2025Q3"], provinceCode: "52", groupBy: [], first: 1) {
            edges {
              node {
                taskCount
              }
            }
          }
        }
      `,
    );
    expect(taskLines.length).toBe(total.data!.rollupConnection.edges[0].node.taskCount);
    expect(taskLines.every((line) => JSON.parse(line).provinceCode === '52')).toBe(true);

    const started = await graphql(
      ADMIN_TOKEN,
      `
        mutation {
          startExport(
            kind: ROLLUP
            params: { province: "52", period: "2025Q3", groupBy: "COMMUNE" }
            format: CSV
          ) {
            id
          }
        }
      `,
    );
    const id = Number(started.data!.startExport.id);
    const [run] = await waitFor('the run to finish', async () => {
      const found = await db.dataSource.query(
        'SELECT status, file_name, sha256 FROM export_run WHERE id = $1',
        [id],
      );
      return ['SUCCEEDED', 'FAILED'].includes(found[0].status) && found;
    });
    expect(run.status).toBe('SUCCEEDED');
    const bytes = readFileSync(path.join(exportDir, run.file_name));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(run.sha256);
    expect(await stopServerProcesses(servers)).toEqual([0]);
  }, 120_000);
});
