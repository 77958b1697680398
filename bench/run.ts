// npm run bench: roll-up latency over real HTTP on national-scale data, beside the hand-written SQL an
// analyst would type into psql. Data lives in its own directory (CCHC_BENCH_DATA_DIR, default
// .data/bench) and is generated on the first run (about a minute), then reused.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
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
import type { Scale } from '../src/modules/seed/generator';
import { soak } from './soak';
import { EXPORT_CASES, runExportCase } from './exports';
import { liveBench } from './live';
import { measureCase, percentile, requestsOf, sequential } from './measure';
import type { CaseResult } from './measure';
import { copyWithoutTriggers, dropDatabase, timeSeed } from './databases';
import { startBuiltServer } from './server-process';
import { measureProcesses } from './processes';
import type { ProcessesResult } from './processes';
import type { SeedVariant } from './databases';
import {
  SUBMIT_REPORT,
  benchCommunes,
  cleanBenchWrites,
  concurrentSaves,
  poster,
  saveDraft,
  saveTargets,
  writeAnatomy,
} from './writes';
import type { BenchCommune, ConcurrentSaves, WriteAnatomy } from './writes';

const USAGE = `Usage: npm run bench -- [--json <file>] [--seed-scale national|province]
  --json <file>        also write the results as JSON (docs/BENCHMARKS.md, "JSON")
  --seed-scale <scale> the scale of the seed case (default national; province is quicker)
Environment: BENCH_CASES (comma-separated: all, rollups, reads, processes, writes, exports, seed, live; default all),
BENCH_RUNS, BENCH_LOAD_REQUESTS, BENCH_WRITE_REQUESTS, BENCH_ROUNDS, BENCH_SOAK_SECONDS, CCHC_BENCH_DATA_DIR.`;

/** The command line; unknown flags or values print the usage and exit with 2. */
function parseCommandLine(argv: string[]): { json: string | null; seedScale: Scale } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'string' },
        'seed-scale': { type: 'string', default: 'national' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const seedScale = values['seed-scale'] as Scale;
    if (!['national', 'province'].includes(seedScale)) throw new Error(`Unknown seed scale "${seedScale}".`);
    if (values.json !== undefined && !values.json.trim()) throw new Error('--json needs a file name.');
    return { json: values.json ?? null, seedScale };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const cli = parseCommandLine(process.argv.slice(2));

const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a whole number, got "${process.env[name]}".\n${USAGE}`);
    process.exit(2);
  }
  return value;
};
const RUNS = positive('BENCH_RUNS', 40);
/** Requests of each read case at CONCURRENCY connections (throughput and CPU per request). */
const LOAD_REQUESTS = positive('BENCH_LOAD_REQUESTS', 1000);
/** Requests of each write case at CONCURRENCY connections; each is its own commune and month. */
const WRITE_REQUESTS = positive('BENCH_WRITE_REQUESTS', 200);
const CONCURRENCY = 10;
/** BENCH_CASES: which groups run ("rollups" is reads and the soak, as before #15). */
const CASE_GROUPS = ['all', 'rollups', 'reads', 'processes', 'writes', 'exports', 'seed', 'live'];
const benchCases = (process.env.BENCH_CASES ?? 'all').split(',').map((c) => c.trim());
for (const group of benchCases) {
  if (!CASE_GROUPS.includes(group)) {
    console.error(
      `BENCH_CASES must be a comma-separated list of ${CASE_GROUPS.join(', ')}; got "${group}".\n${USAGE}`,
    );
    process.exit(2);
  }
}
const runs = (...groups: string[]) => benchCases.some((c) => c === 'all' || groups.includes(c));
const SOAK_SECONDS = positive('BENCH_SOAK_SECONDS', 60);
const SOAK_CONNECTIONS = 20;
const BENCH_TOKEN_NAME = 'bench-export-job';
const SOAK_TOKEN_NAME = 'bench-soak-admin';
/** Communes whose officers write: the first 40 for save/submit, the next 20 for the 20 clients. */
const WRITE_COMMUNES = 40;
const CONCURRENT_CLIENTS = 20;
const NO_TRIGGERS_DATABASE = 'bench_notriggers';

/** The JSON keys of CASES, in order (the indicator cases are issue #14's bench line). */
const READ_CASE_KEYS = ['a', 'b', 'c', 'd', 'indicatorRollup', 'indicatorLeague'];

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
    name: '(h) national indicator roll-up by province (ONLINE_PAYMENT; compare with (b))',
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
    name: '(i) province indicator league (ONLINE_PAYMENT, 50 communes)',
    query:
      '{ province(code: "79") { indicatorLeague(period: "2025Q3", catalogCode: "ONLINE_PAYMENT", first: 50) { rank communeCode actualValue attainment comparison target { value } provinceTarget { value } } } }',
    sql: null,
  },
];

/** The JSON report of `--json` (docs/BENCHMARKS.md, "JSON"). */
interface BenchReport {
  cases: Partial<Record<string, CaseResult>>;
  seed: {
    seconds: number | null;
    secondsNoTriggers: number | null;
    secondsTriggersFiring?: number | null;
    scale?: Scale;
  };
  ratios: Record<string, number>;
  concurrentSaves?: { triggers: ConcurrentSaves; noTriggers: ConcurrentSaves };
  writeAnatomy?: { triggers: WriteAnatomy; noTriggers: WriteAnatomy };
  /** Case (a) against one and two API processes (bench/processes.ts). */
  processes?: ProcessesResult;
  machine: Record<string, unknown>;
}

const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function main() {
  const config = {
    ...loadConfig(),
    databaseUrl: undefined,
    dataDir: path.resolve(PROJECT_ROOT, process.env.CCHC_BENCH_DATA_DIR ?? '.data/bench'),
    // Loading national data is a bulk job: no statement timeout (the server under test keeps its own).
    statementTimeoutMs: 0,
  };
  const report: BenchReport = {
    cases: {},
    seed: { seconds: null, secondsNoTriggers: null },
    ratios: {},
    machine: {
      date: new Date().toISOString(),
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageStart: loadAverage(),
      benchCases: benchCases.join(','),
      runs: RUNS,
      loadRequests: LOAD_REQUESTS,
      writeRequests: WRITE_REQUESTS,
      concurrency: CONCURRENCY,
    },
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
  // Data generated before the generator made province plans with catalogue targets (session 5)
  // has no indicator to roll up: the indicator cases would time an empty answer.
  const [{ provincePlans }] = await database.dataSource.query(
    'SELECT count(*)::int AS "provincePlans" FROM plan WHERE province_id IS NOT NULL',
  );
  if (provincePlans < 34) {
    console.error(
      `Warning: the bench data in ${config.dataDir} predates the generator's province plans (${provincePlans} found): ` +
        'the indicator cases (h), (i) measure nothing real. Delete that directory (or set CCHC_BENCH_DATA_DIR) to regenerate it.',
    );
  }
  await database.dataSource.query('VACUUM (ANALYZE) plan_rollup');
  await database.dataSource.query('ANALYZE');
  report.machine.postgres = (await database.dataSource.query('SHOW server_version'))[0].server_version;
  const databaseName = new URL(database.url).pathname.slice(1);

  // Requests carry real API tokens, as a scheduled export or an officer would: authentication is
  // part of the cost.
  await revokeToken(database.dataSource, BENCH_TOKEN_NAME).catch(() => undefined);
  const { token } = await createToken(database.dataSource, { name: BENCH_TOKEN_NAME, role: Role.EXPORT_JOB });

  // Writers: one officer token per commune, made before the copy so that the copy has them too.
  let writers: { commune: BenchCommune; token: string }[] = [];
  let noTriggersUrl: string | null = null;
  if (runs('writes')) {
    const setup = new pg.Client({ connectionString: database.url });
    await setup.connect();
    const chosen = await benchCommunes(setup, WRITE_COMMUNES + CONCURRENT_CLIENTS);
    await cleanBenchWrites(setup, chosen);
    await setup.end();
    writers = [];
    for (const commune of chosen) {
      const name = `bench-officer-${commune.code}`;
      await revokeToken(database.dataSource, name).catch(() => undefined);
      const officer = await createToken(database.dataSource, {
        name,
        role: Role.COMMUNE_OFFICER,
        communeCode: commune.code,
      });
      writers.push({ commune, token: officer.token });
    }
    // The floor of the write cases: the same database without roll-up maintenance. The template
    // must have no sessions, so this process lets go of its pool meanwhile.
    console.error('Copying the bench database without the roll-up triggers…');
    await database.dataSource.destroy();
    noTriggersUrl = await copyWithoutTriggers(database.url, databaseName, NO_TRIGGERS_DATABASE);
    await database.dataSource.initialize();
  }

  // The timed server runs alone in its own process, as in production, so the load generator does
  // not share its event loop. A second, in-process server only counts each case's SQL statements.
  const server = await startBuiltServer(database.url);
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
  // The embedded cluster's postmaster, whose children are the backends serving the server.
  const postmasterPid = Number(
    readFileSync(path.join(config.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  const processes = { serverPid: server.pid, postmasterPid };

  // Count the statements each request sends (the counting server and this process share the
  // driver): over `times` requests after one warm-up, so authentication's are included and
  // first-request work is not.
  let statements = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  const countStatements = async (request: (i: number) => Promise<unknown>, times: number) => {
    await request(0);
    statements = 0;
    for (let i = 1; i <= times; i++) await request(i);
    return statements / times;
  };

  const sqlClient = new pg.Client({ connectionString: database.url });
  await sqlClient.connect();
  if (runs('rollups', 'reads')) await readCases();
  if (runs('processes')) await processesCase();
  if (runs('rollups')) await soakCase();
  if (runs('writes')) await writeCases();
  if (runs('exports')) await exportCases();
  if (runs('live')) await liveCases();

  /** Case (a) at 10 connections against one and against two API processes (issue #15, part 5). */
  async function processesCase() {
    console.log('\n# One and two API processes on one database');
    report.processes = await measureProcesses({
      databaseUrl: database.url,
      token,
      postmasterPid,
      rounds: Math.max(1, positive('BENCH_ROUNDS', 3)),
      loadRequests: LOAD_REQUESTS,
    });
    report.ratios.twoProcessesRpsOverOne = report.processes.ratio;
  }

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

  async function readCases() {
    console.log(
      `# cchc-hub roll-up benchmark — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadAverage().join(' ')}`,
    );
    console.log(
      `One request at a time (${RUNS} runs) for p50/p95; ${LOAD_REQUESTS} requests at ${CONCURRENCY} connections for requests/s and CPU per request.\n`,
    );
    console.log(
      '| case | GraphQL p50 ms | p95 ms | SQL p50 ms | ratio | statements/request | req/s at 10 | node CPU ms/req | PostgreSQL CPU ms/req |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    const readCasesToRun: (Case & { key: string })[] = [
      { key: 'floor', name: 'floor: authenticated { __typename }', query: '{ __typename }', sql: null },
      ...CASES.map((c, i) => ({ ...c, key: READ_CASE_KEYS[i] })),
    ];
    for (const c of readCasesToRun) {
      const perRequest = await countStatements(() => postTo(counting.url)(c.query), 3);
      const { result } = await measureCase({
        request: () => post(c.query),
        statements: perRequest,
        warmUp: 20,
        runs: RUNS,
        loadRequests: LOAD_REQUESTS,
        concurrency: CONCURRENCY,
        processes,
      });
      report.cases[c.key] = result;
      const sql = c.sql ? await sequential(() => sqlClient.query(c.sql!), 0, RUNS) : null;
      const ratio = sql ? fixed(result.p50Ms / percentile(sql, 0.5), 2) : 'n/a';
      console.log(
        `| ${c.name} | ${fixed(result.p50Ms)} | ${fixed(result.p95Ms)} | ${sql ? fixed(percentile(sql, 0.5)) : 'n/a'} | ${ratio} | ${fixed(perRequest, 1)} | ${fixed(result.rps, 0)} | ${fixed(result.nodeCpuMs, 2)} | ${fixed(result.pgCpuMs, 2)} |`,
      );
    }
    const a = report.cases.a!;
    const floor = report.cases.floor!;
    report.ratios.aRpsOverFloor = Math.round((a.rps / floor.rps) * 1000) / 1000;
    report.ratios.bCpuOverA =
      Math.round(((report.cases.b!.nodeCpuMs + report.cases.b!.pgCpuMs) / (a.nodeCpuMs + a.pgCpuMs)) * 1000) /
      1000;
    // Issue #14: the national indicator roll-up against the national task roll-up (b), same run.
    const indicatorRollup = report.cases.indicatorRollup!;
    const cpuOf = (c: typeof a) => c.nodeCpuMs + c.pgCpuMs;
    report.ratios.indicatorRollupCpuOverB =
      Math.round((cpuOf(indicatorRollup) / cpuOf(report.cases.b!)) * 1000) / 1000;
    report.ratios.indicatorRollupP50OverB =
      Math.round((indicatorRollup.p50Ms / report.cases.b!.p50Ms) * 1000) / 1000;
    console.log(
      `\n(a) throughput / floor's: ${fixed(report.ratios.aRpsOverFloor * 100, 0)} % (target ≥ 70 %); (b) CPU per request / (a)'s: ${fixed(report.ratios.bCpuOverA, 2)} (target ≤ 2)`,
    );
    console.log(
      `(h) national indicator roll-up / (b) national task roll-up: p50 ${fixed(report.ratios.indicatorRollupP50OverB, 2)}, CPU per request ${fixed(report.ratios.indicatorRollupCpuOverB, 2)} (issue #14: ≤ 1)`,
    );
    console.log(`Server process memory: ${server.rssMiB()} MiB RSS`);
  }

  // Soak: mixed traffic at 20 connections; every acknowledged save must be found afterwards.
  async function soakCase() {
    if (SOAK_SECONDS <= 0) return;
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

  /**
   * Draft saves of 10 tasks and submissions, on the bench database and on its copy without the
   * roll-up triggers (a second server process); then 20 clients saving at once on each; then the
   * statements of a save replayed in SQL, timed one by one.
   */
  async function writeCases() {
    const runId = Date.now().toString(36);
    const savers = writers.slice(0, WRITE_COMMUNES);
    const tokenOf = new Map(savers.map((w) => [w.commune.code, w.token]));
    const targets = saveTargets(savers.map((w) => w.commune));
    const options = { warmUp: 5, runs: RUNS, loadRequests: WRITE_REQUESTS, concurrency: CONCURRENCY };
    const needed = requestsOf(options);
    // The last targets are kept for the statement count and the SQL replay.
    const spare = targets.slice(needed);
    if (spare.length < 21) {
      throw new Error(
        `BENCH_RUNS + BENCH_WRITE_REQUESTS ask for more than the ${targets.length - 21} saves the bench can make.`,
      );
    }

    // Statements per save and per submission, counted on the in-process server.
    const counted: { id: string; version: number }[] = [];
    const countTargets = spare.slice(0, 4);
    const saveStatements = await countStatements(async (i) => {
      const target = countTargets[i];
      counted[i] = await saveDraft(
        poster(counting.url),
        tokenOf.get(target.communeCode)!,
        target,
        `bench ${runId}`,
        i,
      );
    }, 3);
    const submitStatements = await countStatements(
      (i) =>
        poster(counting.url)(tokenOf.get(countTargets[i].communeCode)!, SUBMIT_REPORT, {
          reportId: counted[i].id,
          version: counted[i].version,
        }),
      3,
    );

    // Both sides of each write ratio get a server process of their own, started together: a process
    // that has served the read cases and the soak has V8's optimised code for much of the request
    // path, and against a fresh one it measured half the Node CPU per save (bench runs of 28 Nov).
    const [withTriggers, noTriggers] = await Promise.all([
      startBuiltServer(database.url),
      startBuiltServer(noTriggersUrl!),
    ]);
    const onCopy = new pg.Client({ connectionString: noTriggersUrl! });
    await onCopy.connect();
    try {
      const runOn = async (url: string, pid: number, key: string) => {
        const send = poster(url);
        const saved: { id: string; version: number }[] = [];
        const save = await measureCase({
          ...options,
          statements: saveStatements,
          processes: { serverPid: pid, postmasterPid },
          request: async (i) => {
            const target = targets[i];
            saved[i] = await saveDraft(send, tokenOf.get(target.communeCode)!, target, `bench ${runId}`, i);
          },
        });
        const submit = await measureCase({
          ...options,
          statements: submitStatements,
          processes: { serverPid: pid, postmasterPid },
          request: (i) =>
            send(tokenOf.get(targets[i].communeCode)!, SUBMIT_REPORT, {
              reportId: saved[i].id,
              version: saved[i].version,
            }),
        });
        report.cases[`save${key}`] = save.result;
        report.cases[`submit${key}`] = submit.result;
      };
      await runOn(withTriggers.url, withTriggers.pid, '');
      await runOn(noTriggers.url, noTriggers.pid, 'NoTriggers');

      const concurrentOn = (url: string, sql: pg.Client) =>
        concurrentSaves({
          post: poster(url),
          sql,
          clients: writers.slice(WRITE_COMMUNES, WRITE_COMMUNES + CONCURRENT_CLIENTS),
          savesPerClient: 24,
          runId,
        });
      report.concurrentSaves = {
        triggers: await concurrentOn(withTriggers.url, sqlClient),
        noTriggers: await concurrentOn(noTriggers.url, onCopy),
      };

      const replay = spare.slice(4, 21);
      report.writeAnatomy = {
        triggers: await writeAnatomy(sqlClient, replay),
        noTriggers: await writeAnatomy(onCopy, replay),
      };
    } finally {
      await onCopy.end();
      await Promise.all([withTriggers.stop(), noTriggers.stop()]);
    }

    const c = report.cases as Record<string, CaseResult>;
    const { triggers: concurrentTriggers, noTriggers: concurrentNoTriggers } = report.concurrentSaves!;
    const cpu = (r: CaseResult) => r.nodeCpuMs + r.pgCpuMs;
    const ratio = (n: number) => Math.round(n * 1000) / 1000;
    report.ratios.saveP50OverNoTriggers = ratio(c.save.p50Ms / c.saveNoTriggers.p50Ms);
    report.ratios.saveCpuOverNoTriggers = ratio(cpu(c.save) / cpu(c.saveNoTriggers));
    report.ratios.submitP50OverNoTriggers = ratio(c.submit.p50Ms / c.submitNoTriggers.p50Ms);
    report.ratios.submitCpuOverNoTriggers = ratio(cpu(c.submit) / cpu(c.submitNoTriggers));
    report.ratios.concurrentSavesP99OverP50 = ratio(concurrentTriggers.p99Ms / concurrentTriggers.p50Ms);

    console.log(
      `\n# Writes: one at a time (${RUNS}) for p50/p95, ${WRITE_REQUESTS} at ${CONCURRENCY} connections for requests/s and CPU; each a different commune and month`,
    );
    console.log(
      '| case | p50 ms | p95 ms | req/s at 10 | statements/request | node CPU ms/req | PostgreSQL CPU ms/req |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const key of ['save', 'saveNoTriggers', 'submit', 'submitNoTriggers']) {
      const r = c[key];
      console.log(
        `| ${key} | ${fixed(r.p50Ms)} | ${fixed(r.p95Ms)} | ${fixed(r.rps, 0)} | ${fixed(r.statements, 1)} | ${fixed(r.nodeCpuMs, 2)} | ${fixed(r.pgCpuMs, 2)} |`,
      );
    }
    console.log(
      `save / saveNoTriggers: p50 ${fixed(report.ratios.saveP50OverNoTriggers, 2)}, CPU ${fixed(report.ratios.saveCpuOverNoTriggers, 2)}; submit / submitNoTriggers: p50 ${fixed(report.ratios.submitP50OverNoTriggers, 2)}, CPU ${fixed(report.ratios.submitCpuOverNoTriggers, 2)} (target ≤ 1.5)`,
    );
    for (const [label, r] of [
      ['with triggers', concurrentTriggers],
      ['without triggers', concurrentNoTriggers],
    ] as const) {
      console.log(
        `${r.clients} clients saving drafts of different communes, ${label}: ${r.saves} saves, p50 ${fixed(r.p50Ms)} ms, p99 ${fixed(r.p99Ms)} ms, p99/p50 ${fixed(r.p99Ms / r.p50Ms, 2)} (target ≤ 5), ${r.errors} errors; progress rows ${r.rowsAcknowledged} acknowledged, ${r.rowsFound} found (${r.rowsAcknowledged - r.rowsFound} lost); lock waits per sample ${JSON.stringify(r.lockWaits)} of ${r.activeBackends} active backends`,
      );
      for (const error of r.firstErrors) console.log(`  error: ${error}`);
    }
    const t = report.writeAnatomy!.triggers;
    const n = report.writeAnatomy!.noTriggers;
    console.log(
      '\nA save of 10 tasks and a submission as plain SQL, median ms per statement (with triggers / without):',
    );
    console.log(
      `INSERT report ${t.insertReportMs} / ${n.insertReportMs}; INSERT 10 progress rows ${t.insertProgressMs} / ${n.insertProgressMs}; COMMIT ${t.saveCommitMs} / ${n.saveCommitMs}; submit UPDATE ${t.submitUpdateMs} / ${n.submitUpdateMs}; COMMIT ${t.submitCommitMs} / ${n.submitCommitMs}; cchc_refresh_plan_rollups of one plan alone ${t.refreshOnePlanMs} (${t.rollupRowsPerPlan} plan_rollup rows per plan)`,
    );

    // The bench's writes go, so that the next run starts from the same data.
    const setup = new pg.Client({ connectionString: database.url });
    await setup.connect();
    await cleanBenchWrites(
      setup,
      writers.map((w) => w.commune),
    );
    await setup.end();
    for (const writer of writers) {
      await revokeToken(database.dataSource, `bench-officer-${writer.commune.code}`);
    }
    await dropDatabase(database.url, NO_TRIGGERS_DATABASE);
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

  // Seeds last, alone on the machine's cores: each into a fresh database of the bench cluster.
  if (runs('seed')) {
    const seconds: Partial<Record<SeedVariant, number>> = {};
    for (const variant of ['bulk', 'noTriggers', 'triggers'] as const) {
      console.error(`Timing the ${cli.seedScale} seed (${variant})…`);
      seconds[variant] = await timeSeed(database.url, config, cli.seedScale, variant, () => undefined);
    }
    report.seed = {
      seconds: Math.round(seconds.bulk! * 10) / 10,
      secondsNoTriggers: Math.round(seconds.noTriggers! * 10) / 10,
      secondsTriggersFiring: Math.round(seconds.triggers! * 10) / 10,
      scale: cli.seedScale,
    };
    report.ratios.seedOverNoTriggers = Math.round((seconds.bulk! / seconds.noTriggers!) * 1000) / 1000;
    console.log(
      `\n# Seed (${cli.seedScale}) into a fresh database: ${fixed(seconds.bulk!)} s as shipped (triggers off per province, one recompute), ${fixed(seconds.noTriggers!)} s without roll-up triggers, ${fixed(seconds.triggers!)} s with the triggers firing; ratio ${fixed(report.ratios.seedOverNoTriggers, 2)} (target ≤ 1.2)`,
    );
  }
  await database.close();

  report.machine.loadAverageEnd = loadAverage();
  if (cli.json) {
    writeFileSync(cli.json, `${JSON.stringify(report, null, 2)}\n`);
    console.error(`Results written to ${cli.json}.`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
