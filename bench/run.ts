// npm run bench: roll-up latency over real HTTP on national-scale data, beside the hand-written SQL an
// analyst would type into psql. Data lives in its own directory (CCHC_BENCH_DATA_DIR, default
// .data/bench) and is generated on the first run (about a minute), then reused.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT, loadConfig } from '../src/core/config';
import { openDatabase } from '../src/app/database';
import { startGraphqlServer } from '../src/app/server';
import { createToken, revokeToken } from '../src/modules/api-token/api-token.service';
import { Role } from '../src/core/viewer';
import { progressBar } from '../src/cli/progress';
import { seedDatabase } from '../src/modules/seed/seed';
import { soak } from './soak';
import { EXPORT_CASES, runExportCase } from './exports';
import { liveBench } from './live';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
/**
 * BENCH_CASES: "all" (default), "rollups" (the roll-up cases, throughput and soak), "exports" or
 * "live" (subscription latency and idle subscribers, bench/live.ts).
 */
const BENCH_CASES = process.env.BENCH_CASES ?? 'all';
if (!['all', 'rollups', 'exports', 'live'].includes(BENCH_CASES)) {
  throw new Error(`BENCH_CASES must be all, rollups, exports or live, got "${BENCH_CASES}".`);
}
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const SOAK_CONNECTIONS = 20;
const BENCH_TOKEN_NAME = 'bench-export-job';
const SOAK_TOKEN_NAME = 'bench-soak-admin';

interface Case {
  name: string;
  query: string;
  /** What an analyst would type into psql for the same figures (null: no fair equivalent). */
  sql: string | null;
}

const AS_OF = `SELECT DISTINCT ON (r.plan_id) r.plan_id, r.id FROM status_report r
  WHERE r.status IN ('SUBMITTED','APPROVED') AND r.period_end <= '2025-09-30' ORDER BY r.plan_id, r.period_end DESC`;

const CASES: Case[] = [
  {
    name: '(a) province roll-up by area',
    query:
      '{ rollup(periods: ["2025Q3"], provinceCode: "79", groupBy: [AREA]) { areaCode taskCount completedCount overdueCount completionRate dueCompletionRate onTimeRate indicatorsMet } }',
    sql: `WITH a AS (${AS_OF})
      SELECT t.area_code, count(*), count(*) FILTER (WHERE tp.status = 'COMPLETED'),
             count(*) FILTER (WHERE coalesce(tp.status,'NOT_STARTED') NOT IN ('COMPLETED','CANCELLED') AND t.due_on < '2025-09-30')
        FROM task t JOIN plan p ON p.id = t.plan_id AND p.year = 2025 JOIN commune c ON c.id = p.commune_id
        JOIN province v ON v.id = c.province_id AND v.code = '79'
        LEFT JOIN a ON a.plan_id = p.id LEFT JOIN task_progress tp ON tp.report_id = a.id AND tp.task_id = t.id
       GROUP BY t.area_code`,
  },
  {
    name: '(b) national roll-up by province × area',
    query:
      '{ rollup(periods: ["2025Q3"], groupBy: [PROVINCE, AREA]) { provinceCode areaCode taskCount completedCount completionRate } }',
    sql: `WITH a AS (${AS_OF})
      SELECT v.code, t.area_code, count(*), count(*) FILTER (WHERE tp.status = 'COMPLETED')
        FROM task t JOIN plan p ON p.id = t.plan_id AND p.year = 2025 JOIN commune c ON c.id = p.commune_id
        JOIN province v ON v.id = c.province_id
        LEFT JOIN a ON a.plan_id = p.id LEFT JOIN task_progress tp ON tp.report_id = a.id AND tp.task_id = t.id
       GROUP BY v.code, t.area_code`,
  },
  {
    name: '(c) dashboard: 100 communes, each by area',
    query:
      '{ province(code: "79") { communes(first: 100) { edges { node { code name rollup(period: "2025Q3") { byArea { areaCode taskCount completionRate } } } } } } }',
    sql: null,
  },
  {
    name: '(d) overdue drill-down of one province',
    query:
      '{ province(code: "79") { overdueTasks(period: "2025Q3", first: 50) { totalCount edges { node { daysOverdue task { name } commune { name } } } } } }',
    sql: `WITH a AS (${AS_OF})
      SELECT t.name, c.name, '2025-09-30'::date - t.due_on
        FROM task t JOIN plan p ON p.id = t.plan_id AND p.year = 2025 JOIN commune c ON c.id = p.commune_id
        JOIN province v ON v.id = c.province_id AND v.code = '79'
        LEFT JOIN a ON a.plan_id = p.id LEFT JOIN task_progress tp ON tp.report_id = a.id AND tp.task_id = t.id
       WHERE t.due_on < '2025-09-30' AND coalesce(tp.status, 'NOT_STARTED') NOT IN ('COMPLETED', 'CANCELLED')
       ORDER BY t.due_on, t.id LIMIT 50`,
  },
  {
    name: '(e) national indicator roll-up by province (ONLINE_PAYMENT; compare with (b))',
    query:
      '{ indicatorRollup(periods: ["2025Q3"], catalogCode: "ONLINE_PAYMENT", groupBy: [PROVINCE]) { provinceCode communeCount metCount notMetCount noDataCount looserTargetCount actualMin actualP25 actualMedian actualP75 actualMax provinceTarget { comparator value } } }',
    sql: `WITH a AS (${AS_OF})
      SELECT v.code, count(*), count(*) FILTER (WHERE iv.actual_value >= i.target_value),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY iv.actual_value)
        FROM indicator i JOIN plan p ON p.id = i.plan_id AND p.year = 2025 JOIN commune c ON c.id = p.commune_id
        JOIN province v ON v.id = c.province_id
        LEFT JOIN a ON a.plan_id = p.id LEFT JOIN indicator_value iv ON iv.report_id = a.id AND iv.indicator_id = i.id
       WHERE i.catalog_code = 'ONLINE_PAYMENT'
       GROUP BY v.code`,
  },
  {
    name: '(f) province indicator league (ONLINE_PAYMENT, 50 communes)',
    query:
      '{ province(code: "79") { indicatorLeague(period: "2025Q3", catalogCode: "ONLINE_PAYMENT", first: 50) { rank communeCode actualValue attainment comparison target { value } provinceTarget { value } } } }',
    sql: null,
  },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function time(run: () => Promise<unknown>, runs: number): Promise<number[]> {
  for (let i = 0; i < 3; i++) await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

/** `npm start`'s entry point on the bench database, in a child process; resolves once it listens. */
async function startServerProcess(databaseUrl: string) {
  // The built server (npm run bench builds first), exactly what npm start runs.
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`The server exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    /** Resident memory of the server process, from /proc (Linux). */
    rssMiB: () => {
      const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      return kib ? Math.round(Number(kib) / 1024) : NaN;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main() {
  const config = {
    ...loadConfig(),
    databaseUrl: undefined,
    dataDir: path.resolve(PROJECT_ROOT, process.env.CCHC_BENCH_DATA_DIR ?? '.data/bench'),
    // Loading national data is a bulk job: no statement timeout (the server under test keeps its own).
    statementTimeoutMs: 0,
  };
  const database = await openDatabase(config, { log: (m) => console.error(m), poolSize: 10 });
  const [{ communes }] = await database.dataSource.query(
    "SELECT count(*)::int AS communes FROM commune WHERE code ~ '^[0-9]{5}$'",
  );
  if (communes < 3321) {
    console.error('Loading national-scale data (first run only)…');
    await seedDatabase(database.dataSource, {
      scale: 'national',
      log: (m) => console.error(m),
      onProgress: progressBar('Generating'),
    });
  }
  await database.dataSource.query('VACUUM (ANALYZE) plan_rollup');
  await database.dataSource.query('ANALYZE');

  // The timed server runs alone in its own process, as in production, so the load generator does
  // not share its event loop. A second, in-process server only counts each case's SQL statements.
  // Requests carry a real API token, as a scheduled export would: authentication is part of the cost.
  await revokeToken(database.dataSource, BENCH_TOKEN_NAME).catch(() => undefined);
  const { token } = await createToken(database.dataSource, { name: BENCH_TOKEN_NAME, role: Role.EXPORT_JOB });
  const server = await startServerProcess(database.url);
  const counting = await startGraphqlServer({
    dataSource: database.dataSource,
    port: 0,
    isDevelopment: false,
  });
  const postTo = (url: string) => async (query: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  const post = postTo(server.url);

  // Count the statements each request sends (the counting server and this process share the driver).
  let statements = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;

  const sqlClient = new pg.Client({ connectionString: database.url });
  await sqlClient.connect();
  const runs = (cases: string) => BENCH_CASES === 'all' || BENCH_CASES === cases;
  if (runs('rollups')) await rollupCases();
  if (runs('exports')) await exportCases();
  if (runs('live')) await liveCases();

  /** Live updates (docs/LIVE.md): commit-to-client latency, and idle SSE subscribers' memory. */
  async function liveCases() {
    const LIVE_TOKEN_NAME = 'bench live';
    await revokeToken(database.dataSource, LIVE_TOKEN_NAME).catch(() => undefined);
    const admin = await createToken(database.dataSource, { name: LIVE_TOKEN_NAME, role: Role.ADMIN });
    const load = os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const r = await liveBench({
      url: server.url,
      token: admin.token,
      sql: sqlClient,
      transitions: Number(process.env.BENCH_LIVE_TRANSITIONS ?? 200),
      idleSubscribers: Number(process.env.BENCH_LIVE_SUBSCRIBERS ?? 1000),
      serverRssMiB: server.rssMiB,
    });
    await revokeToken(database.dataSource, LIVE_TOKEN_NAME);
    console.log(`\n# Live updates (${os.cpus().length} cores, load average before: ${load})`);
    console.log(
      `Commit to client (reportEvents, province ${r.provinceCode}), ${r.transitions} transitions (approve, reopen, submit), one at a time: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms; ${r.failures} failed cycles`,
    );
    console.log(
      `${r.idleSubscribers} idle subscribers: server RSS ${r.rssIdleMiB} MiB before, ${r.rssWithSubscribersMiB} MiB with them (+${r.rssWithSubscribersMiB - r.rssIdleMiB} MiB); one event to all of them: ${r.fanOutMs} ms`,
    );
  }

  async function rollupCases() {
    console.log(
      `# cchc-hub roll-up benchmark — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${RUNS} runs each`,
    );
    console.log('| case | GraphQL p50 ms | p95 ms | SQL p50 ms | ratio | statements/request |');
    console.log('|---|---|---|---|---|---|');
    for (const c of CASES) {
      statements = 0;
      await postTo(counting.url)(c.query);
      const perRequest = statements;
      const graphql = await time(() => post(c.query), RUNS);
      const sql = c.sql ? await time(() => sqlClient.query(c.sql!), RUNS) : null;
      const ratio = sql ? (percentile(graphql, 0.5) / percentile(sql, 0.5)).toFixed(2) : 'n/a';
      console.log(
        `| ${c.name} | ${percentile(graphql, 0.5).toFixed(1)} | ${percentile(graphql, 0.95).toFixed(1)} | ${sql ? percentile(sql, 0.5).toFixed(1) : 'n/a'} | ${ratio} | ${perRequest} |`,
      );
    }

    // Throughput of (a) at 10 concurrent connections: a warm-up at that concurrency first (the
    // server's pool opens its connections), then RUNS × 50 requests.
    const concurrency = 10;
    const load = async (total: number) => {
      let next = 0;
      const start = Date.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < total) await post(CASES[0].query);
        }),
      );
      return total / ((Date.now() - start) / 1000);
    };
    await load(200);
    const perSecond = await load(RUNS * 50);
    console.log(`\n(a) at ${concurrency} concurrent requests: ${perSecond.toFixed(0)} requests/s`);
    console.log(`Server process memory: ${server.rssMiB()} MiB RSS`);

    // Soak: mixed traffic at 20 connections; every acknowledged save must be found afterwards.
    if (SOAK_SECONDS > 0) {
      await revokeToken(database.dataSource, SOAK_TOKEN_NAME).catch(() => undefined);
      const admin = await createToken(database.dataSource, { name: SOAK_TOKEN_NAME, role: Role.ADMIN });
      const result = await soak({
        url: server.url,
        token: admin.token,
        sql: sqlClient,
        seconds: SOAK_SECONDS,
        connections: SOAK_CONNECTIONS,
        writeShare: 0.2,
        serverRssMiB: server.rssMiB,
      });
      await revokeToken(database.dataSource, SOAK_TOKEN_NAME);
      console.log(
        `\nSoak, ${SOAK_SECONDS} s at ${SOAK_CONNECTIONS} connections (80 % roll-up reads, 20 % report saves by different communes):`,
      );
      console.log(
        `${result.requests} requests, ${result.perSecond.toFixed(0)} requests/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.errors} errors`,
      );
      for (const error of result.firstErrors) console.log(`  error: ${error}`);
      console.log(
        `Writes: ${result.writesAcknowledged} acknowledged, ${result.writesFound} found afterwards (${result.writesAcknowledged - result.writesFound} lost)`,
      );
      console.log(
        `Server RSS: ${result.rssStartMiB} MiB at the start, ${result.rssEndMiB} MiB at the end (${result.rssEndMiB - result.rssStartMiB >= 0 ? '+' : ''}${result.rssEndMiB - result.rssStartMiB} MiB; target: 0 errors, 0 lost, growth < 50 MiB)`,
      );
    }
  }

  /** Exports over HTTP from the server process (bench/exports.ts): rows/s and RSS above idle. */
  async function exportCases() {
    const base = server.url.replace(/\/graphql$/, '');
    // XLSX bytes are not rows: its row count is the database's.
    const [{ province79 }] = (
      await sqlClient.query(
        `SELECT count(*)::int AS province79 FROM task t JOIN plan p ON p.id = t.plan_id JOIN commune c ON c.id = p.commune_id
          JOIN province v ON v.id = c.province_id WHERE v.code = '79' AND p.year IN (2025, 2026)`,
      )
    ).rows;
    console.log(
      `\n# Exports over HTTP (${os.cpus().length} cores), one at a time, server RSS sampled every 20 ms`,
    );
    // The embedded cluster's postmaster, whose children are the backends serving the export.
    const postmasterPid = Number(
      readFileSync(path.join(config.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    console.log(
      '| case | rows | MiB | s | rows/s | server RSS idle MiB | peak MiB | above idle MiB | server CPU µs/row | PostgreSQL CPU µs/row |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const exportCase of EXPORT_CASES) {
      const r = await runExportCase(base, token, exportCase, { ...server, postmasterPid });
      const rows = Number.isNaN(r.rows) ? province79 : r.rows;
      const perRow = (seconds: number) => ((seconds * 1e6) / rows).toFixed(1);
      console.log(
        `| ${exportCase.name} | ${rows} | ${(r.bytes / 2 ** 20).toFixed(1)} | ${r.seconds.toFixed(2)} | ${Math.round(rows / r.seconds)} | ${r.idleRssMiB} | ${r.peakRssMiB} | ${r.peakRssMiB - r.idleRssMiB} | ${perRow(r.serverCpuSeconds)} | ${perRow(r.postgresCpuSeconds)} |`,
      );
    }
  }

  pg.Client.prototype.query = original;
  await sqlClient.end();
  await counting.stop();
  await server.stop();
  await revokeToken(database.dataSource, BENCH_TOKEN_NAME);
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
