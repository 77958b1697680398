import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/app/data-source';
import { LSN_HEADER, parseLsn } from '../../src/app/read-replica';
import { startGraphqlServer } from '../../src/app/server';
import { Role } from '../../src/core/viewer';
import { createToken } from '../../src/modules/api-token/api-token.service';
import { seedDatabase } from '../../src/modules/seed/seed';
import { EmbeddedCluster, MainProcess } from '../utils/embedded-cluster';
import { StreamingReplica } from '../utils/streaming-replica';
import { waitFor } from '../utils/wait';

/**
 * DATABASE_READ_URL (docs/READ-REPLICA.md) on a real streaming replica: an embedded primary, and a
 * hot standby made from it with the low-level base-backup API (test/utils/streaming-replica.ts).
 * Which server ran a statement is told by the port of the client that sent it. The standby's
 * replay is paused where a test needs a replica that is behind for certain.
 */

const PLAN = 'query Plan($id: ID!) { plan(id: $id) { title version } }';
const RENAME = `mutation Rename($id: ID!, $version: Int!, $title: String!) {
  updatePlan(id: $id, version: $version, input: { title: $title }) { title version } }`;

type Server = Awaited<ReturnType<typeof startGraphqlServer>>;
type Where = 'primary' | 'replica';

describe('read replica (DATABASE_READ_URL)', () => {
  const cluster = new EmbeddedCluster();
  let standby: StreamingReplica | undefined;
  let primaryUrl: string;
  let replicaUrl: string;
  let admin: DataSource;
  let standbyAdmin: DataSource;
  const pools: DataSource[] = [];
  const servers: Server[] = [];
  let writer: string;
  let otherReader: string;
  let planId: string;

  /** A server with pools of its own on both databases: two of them share nothing but the data. */
  async function serve(): Promise<Server> {
    const primary = createDataSource({ url: primaryUrl, poolSize: 4 });
    const replica = createDataSource({ url: replicaUrl, poolSize: 4, connectTimeoutMs: 2_000 });
    await primary.initialize();
    await replica.initialize();
    pools.push(primary, replica);
    const server = await startGraphqlServer({
      dataSource: primary,
      readDataSource: replica,
      port: 0,
      isDevelopment: false,
      replicaMaxWaitMs: 200,
    });
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    primaryUrl = await cluster.start();
    standby = new StreamingReplica(primaryUrl, `${cluster.dataDir}/pg`);
    await standby.create();
    replicaUrl = standby.urlFor('cchc');
    admin = createDataSource({ url: primaryUrl, poolSize: 2 });
    await admin.initialize();
    pools.push(admin);
    // Schema and data are written on the primary after the backup: the standby gets them by streaming.
    await admin.runMigrations({ transaction: 'each' });
    await seedDatabase(admin, { scale: null });
    writer = (await createToken(admin, { role: Role.ADMIN, name: 'writer' })).token;
    otherReader = (await createToken(admin, { role: Role.ADMIN, name: 'other-reader' })).token;
    // A commune's plan, so that it can be exported too.
    [{ id: planId }] = await admin.query(
      'SELECT id::text AS id FROM plan WHERE commune_id IS NOT NULL ORDER BY id LIMIT 1',
    );
    standbyAdmin = createDataSource({ url: replicaUrl, poolSize: 1 });
    await standbyAdmin.initialize();
    pools.push(standbyAdmin);
    await caughtUp();
    await serve();
    await serve();
  }, 240_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const pool of pools) if (pool.isInitialized) await pool.destroy();
    await standby?.remove();
    await cluster.remove();
  }, 60_000);

  /** Waits until the standby has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const [{ lsn }] = await admin.query('SELECT pg_current_wal_lsn()::text AS lsn');
    await waitFor('the standby to replay the primary', async () => {
      const [row] = await standbyAdmin.query('SELECT pg_last_wal_replay_lsn()::text AS lsn');
      return parseLsn(row.lsn)! >= parseLsn(lsn)!;
    });
  }

  /** The SQL statements sent while `work` runs, each with the server that received it. */
  async function statementsOf<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; sent: { where: Where; sql: string }[] }> {
    const sent: { where: Where; sql: string }[] = [];
    const replicaPort = Number(new URL(replicaUrl).port);
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as string | { text: string };
      sent.push({
        where: this.port === replicaPort ? 'replica' : 'primary',
        sql: typeof config === 'string' ? config : config.text,
      });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      return { result: await work(), sent };
    } finally {
      pg.Client.prototype.query = original;
    }
  }

  async function post(
    server: Server,
    token: string,
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    return statementsOf(async () => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: response.status,
        lsn: response.headers.get(LSN_HEADER),
        body: (await response.json()) as any,
      };
    });
  }

  /** Where the statements reading the plan went. */
  const planReadsOn = (sent: { where: Where; sql: string }[]) => [
    ...new Set(
      sent.filter((s) => /FROM "?plan"? /i.test(s.sql) && !/UPDATE/i.test(s.sql)).map((s) => s.where),
    ),
  ];

  async function rename(server: Server, title: string) {
    const { body: current } = (await post(server, writer, PLAN, { id: planId })).result;
    const renamed = await post(server, writer, RENAME, {
      id: planId,
      version: current.data.plan.version,
      title,
    });
    expect(renamed.result.body.errors).toBeUndefined();
    return renamed;
  }

  const metricsOf = async (server: Server) => (await fetch(new URL('/metrics', server.url))).text();
  const gauge = (text: string, name: string): number | undefined => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };

  it('runs queries on the replica and mutations on the primary; a mutation answers with its WAL position', async () => {
    const [a] = servers;
    await post(a, writer, PLAN, { id: planId }); // the token is read (on the primary) and cached
    const read = await post(a, writer, PLAN, { id: planId });
    expect(read.result.body.errors).toBeUndefined();
    expect(planReadsOn(read.sent)).toEqual(['replica']);
    expect(read.sent.filter((s) => s.where === 'primary')).toEqual([]);
    expect(read.result.lsn).toBeNull();

    const renamed = await rename(a, 'Kế hoạch (bản sao đọc)');
    expect(renamed.sent.filter((s) => s.where === 'replica')).toEqual([]);
    expect(renamed.sent.some((s) => /UPDATE\s+"?plan"?\s/i.test(s.sql) && s.where === 'primary')).toBe(true);
    expect(renamed.result.lsn).toMatch(/^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/);
    expect(renamed.result.body.data.updatePlan.title).toBe('Kế hoạch (bản sao đọc)');
  });

  it('streams GET /exports from the replica, and from the primary while it has not replayed the header', async () => {
    const [, b] = servers;
    const [{ commune, year }] = await admin.query(
      'SELECT c.code AS commune, p.year FROM plan p JOIN commune c ON c.id = p.commune_id WHERE p.id = $1',
      [planId],
    );
    const exportPlan = (server: Server, headers: Record<string, string> = {}) =>
      statementsOf(async () => {
        const response = await fetch(
          new URL(`/exports/plan.csv?commune=${commune}&year=${year}`, server.url),
          {
            headers: { authorization: `Bearer ${otherReader}`, ...headers },
          },
        );
        return { status: response.status, text: await response.text() };
      });
    await exportPlan(b); // the token is read (on the primary) and cached
    const onReplica = await exportPlan(b);
    expect(onReplica.result.status).toBe(200);
    expect(planReadsOn(onReplica.sent)).toEqual(['replica']);
    expect(onReplica.sent.filter((s) => s.where === 'primary')).toEqual([]);

    // A task list's CSV lines come through binary COPY (export.lines.ts): from the replica too.
    const tasks = await statementsOf(async () => {
      const response = await fetch(new URL(`/exports/tasks.csv?commune=${commune}&period=${year}`, b.url), {
        headers: { authorization: `Bearer ${otherReader}` },
      });
      return { status: response.status, text: await response.text() };
    });
    expect(tasks.result.status).toBe(200);
    expect(tasks.result.text.split('\r\n').length).toBeGreaterThan(3);
    const copies = tasks.sent.filter((s) => s.sql.startsWith('COPY ('));
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.map((s) => s.where)).toEqual(copies.map(() => 'replica'));

    await standbyAdmin.query('SELECT pg_wal_replay_pause()');
    try {
      // Plan files carry the tasks' notes: one is changed, and its WAL position sent as a client would.
      await admin.query(
        `UPDATE task SET note = 'Ghi chú vừa sửa' WHERE id = (SELECT min(id) FROM task WHERE plan_id = $1)`,
        [planId],
      );
      const [{ lsn }] = await admin.query('SELECT pg_current_wal_lsn()::text AS lsn');
      const stale = await exportPlan(b);
      expect(stale.result.text).not.toContain('Ghi chú vừa sửa');
      const fresh = await exportPlan(b, { [LSN_HEADER]: lsn });
      expect(fresh.result.status).toBe(200);
      expect(fresh.result.text).toContain('Ghi chú vừa sửa');
      expect(planReadsOn(fresh.sent)).toEqual(['primary']);
      const refused = await exportPlan(b, { [LSN_HEADER]: 'soon' });
      expect(refused.result.status).toBe(400);
      expect(JSON.parse(refused.result.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    } finally {
      await standbyAdmin.query('SELECT pg_wal_replay_resume()');
    }
  });

  it('a client reads its own write at once: in the same process by its token, in another by the header', async () => {
    const [a, b] = servers;
    await caughtUp();
    // Writes from now on stay off the replica until replay resumes.
    await standbyAdmin.query('SELECT pg_wal_replay_pause()');
    try {
      await waitFor(
        'replay to pause',
        async () =>
          (await standbyAdmin.query('SELECT pg_get_wal_replay_pause_state() AS s'))[0].s === 'paused',
      );
      const before = (await post(b, otherReader, PLAN, { id: planId })).result.body.data.plan.title;
      const renamed = await rename(a, 'Đọc ngay điều vừa ghi');
      const lsn = renamed.result.lsn!;

      // The replica really is behind: another token's read, sent there, sees the old title.
      const stale = await post(a, otherReader, PLAN, { id: planId });
      expect(planReadsOn(stale.sent)).toEqual(['replica']);
      expect(stale.result.body.data.plan.title).toBe(before);

      // The writer, same process, no header: after a bounded wait, the primary.
      const own = await post(a, writer, PLAN, { id: planId });
      expect(own.result.body.data.plan.title).toBe('Đọc ngay điều vừa ghi');
      expect(planReadsOn(own.sent)).toEqual(['primary']);

      // Another server (own pools, own memory) with the header sent back: the primary too.
      const elsewhere = await post(b, writer, PLAN, { id: planId }, { [LSN_HEADER]: lsn });
      expect(elsewhere.result.body.data.plan.title).toBe('Đọc ngay điều vừa ghi');
      expect(planReadsOn(elsewhere.sent)).toEqual(['primary']);
      // Without the header that server cannot know of the write (docs/READ-REPLICA.md says so).
      const unknowing = await post(b, writer, PLAN, { id: planId });
      expect(unknowing.result.body.data.plan.title).toBe(before);

      // The lag shows in /metrics while replay waits.
      const metrics = await metricsOf(a);
      expect(gauge(metrics, 'cchc_replica_up')).toBe(1);
      expect(gauge(metrics, 'cchc_replica_lag_bytes')).toBeGreaterThan(0);
      expect(gauge(metrics, 'cchc_replica_lag_seconds')).toBeGreaterThanOrEqual(0);
    } finally {
      await standbyAdmin.query('SELECT pg_wal_replay_resume()');
    }
    await caughtUp();
    // Once replayed, the same reads are the replica's again, and see the write.
    const lsn = (await post(a, writer, PLAN, { id: planId })).result;
    expect(lsn.body.data.plan.title).toBe('Đọc ngay điều vừa ghi');
    for (const [server, headers] of [
      [a, {}],
      [b, { [LSN_HEADER]: '0/1' }],
    ] as const) {
      const read = await post(server, writer, PLAN, { id: planId }, headers);
      expect(read.result.body.data.plan.title).toBe('Đọc ngay điều vừa ghi');
      expect(planReadsOn(read.sent)).toEqual(['replica']);
    }
    await waitFor(
      'the lag to come back to 0',
      async () => gauge(await metricsOf(a), 'cchc_replica_lag_bytes') === 0,
    );
  });

  it('refuses a malformed WAL position with BAD_USER_INPUT', async () => {
    const read = await post(servers[0], writer, PLAN, { id: planId }, { [LSN_HEADER]: 'yesterday' });
    expect(read.result.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: LSN_HEADER,
    });
    expect(read.result.body.errors[0].message).toMatch(/x-cchc-lsn/);
  });

  it('npm start with DATABASE_READ_URL opens its read pool on the replica and answers mutations with X-Cchc-Lsn', async () => {
    const adminToken = 'read-replica-test-operator-token-0123456789';
    const main = new MainProcess({
      DATABASE_URL: primaryUrl,
      DATABASE_READ_URL: replicaUrl,
      CCHC_ADMIN_TOKEN: adminToken,
      CCHC_EXPORT_WORKER: '0',
    });
    try {
      const url = await main.ready();
      const send = async (query: string, variables: Record<string, unknown>) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
          body: JSON.stringify({ query, variables }),
        });
        return { lsn: response.headers.get(LSN_HEADER), body: (await response.json()) as any };
      };
      const read = await send(PLAN, { id: planId });
      expect(read.body.errors).toBeUndefined();
      expect(read.lsn).toBeNull();
      const [{ pools }] = await standbyAdmin.query(
        `SELECT count(*)::int AS pools FROM pg_stat_activity WHERE application_name = 'cchc-hub reads'`,
      );
      expect(pools).toBeGreaterThan(0);
      const renamed = await send(RENAME, {
        id: planId,
        version: read.body.data.plan.version,
        title: 'Qua npm start',
      });
      expect(renamed.body.errors).toBeUndefined();
      expect(parseLsn(renamed.lsn)).not.toBeNull();
      const metrics = await (await fetch(new URL('/metrics', url))).text();
      expect(gauge(metrics, 'cchc_replica_up')).toBe(1);
    } finally {
      main.kill();
      await main.exited;
    }
  }, 120_000);

  it('a replica that goes down: at most SERVICE_UNAVAILABLE, then reads on the primary; back on the replica once it returns', async () => {
    const [a] = servers;
    await standby!.stop();
    const codes = new Set<string>();
    const served = await waitFor('a read served by the primary', async () => {
      const read = await post(a, otherReader, PLAN, { id: planId });
      const code = read.result.body.errors?.[0]?.extensions?.code;
      if (code) codes.add(code);
      return !code && planReadsOn(read.sent).join() === 'primary' && read;
    });
    expect([...codes].filter((code) => code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    const [{ title }] = await admin.query('SELECT title FROM plan WHERE id = $1', [planId]);
    expect(served.result.body.data.plan.title).toBe(title);
    expect(gauge(await metricsOf(a), 'cchc_replica_up')).toBe(0);
    // Mutations never needed it.
    await rename(a, 'Ghi khi bản sao vắng mặt');

    await standby!.start();
    await waitFor('reads back on the replica', async () => {
      const read = await post(a, otherReader, PLAN, { id: planId });
      return planReadsOn(read.sent).join() === 'replica';
    });
    expect(gauge(await metricsOf(a), 'cchc_replica_up')).toBe(1);
  }, 120_000);
});
