// Throughput of case (a), the province roll-up, at 10 connections against one API process and
// against two on the same database (issue #15, part 5; docs/SCALING.md). One and two processes
// alternate (BENCH_ROUNDS rounds), so a change in the machine's load shows as a spread between
// rounds rather than as a difference between the two. `npm run bench` runs it as its `processes`
// group; `npm run bench:processes` runs it alone on the national bench data of `npm run bench`
// (CCHC_BENCH_DATA_DIR, default .data/bench), which must exist.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../src/core/config';
import { openDatabase } from '../src/app/database';
import { createToken, revokeToken } from '../src/modules/api-token/api-token.service';
import { Role } from '../src/core/viewer';
import { cpuSecondsOf, cpuSpent, postgresCpu } from './exports';
import { percentile } from './measure';
import { startBuiltServer } from './server-process';

const QUERY =
  '{ rollup(periods: ["2025Q3"], provinceCode: "79", groupBy: [AREA]) { areaCode taskCount completedCount overdueCount completionRate dueCompletionRate onTimeRate indicatorsMet } }';
const CONCURRENCY = 10;
const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a positive whole number, got "${process.env[name]}".\n${USAGE}`);
    process.exit(2);
  }
  return value;
};
const USAGE = `Usage: npm run bench:processes -- [--json <file>]
Environment: BENCH_LOAD_REQUESTS (2000), BENCH_ROUNDS (3), CCHC_BENCH_DATA_DIR (.data/bench).`;
const TOKEN_NAME = 'bench-processes';

/** `total` requests over CONCURRENCY connections, spread round-robin over `urls`. */
async function load(urls: string[], token: string, total: number) {
  const latencies: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const index = next++;
        const started = process.hrtime.bigint();
        const response = await fetch(urls[index % urls.length], {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: QUERY }),
        });
        const body = (await response.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  return {
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    latencies: latencies.sort((a, b) => a - b),
  };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const loadAverage = () => os.loadavg().map((n) => round(n, 2));

export interface ProcessesRun {
  round: number;
  processes: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  nodeCpuMs: number;
  pgCpuMs: number;
  loadAverage: number[];
}

export interface ProcessesResult {
  runs: ProcessesRun[];
  medianRps: { one: number; two: number };
  /** Median requests/s of two processes over one. */
  ratio: number;
  cores: number;
}

/**
 * Case (a) at CONCURRENCY connections against one and two built server processes on `databaseUrl`,
 * alternating for `rounds` rounds; prints a Markdown table row per run.
 */
export async function measureProcesses(options: {
  databaseUrl: string;
  token: string;
  postmasterPid: number;
  rounds: number;
  loadRequests: number;
}): Promise<ProcessesResult> {
  const { databaseUrl, token, postmasterPid, rounds, loadRequests } = options;
  const results: ProcessesRun[] = [];
  console.log(
    `(a) at ${CONCURRENCY} connections, ${loadRequests} requests a run, one and two API processes alternating; ${os.cpus().length} cores.`,
  );
  console.log(
    '| round | processes | requests/s | p50 ms | p95 ms | Node CPU ms/req (all) | PostgreSQL CPU ms/req | load average |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (let roundNo = 1; roundNo <= rounds; roundNo++) {
    for (const count of [1, 2]) {
      const servers = await Promise.all(
        Array.from({ length: count }, () => startBuiltServer(databaseUrl, { CCHC_EXPORT_WORKER: '0' })),
      );
      try {
        const urls = servers.map((server) => server.url);
        // Warm-up: each process's pool opens its connections and caches the token and province.
        await load(urls, token, CONCURRENCY * 20);
        const nodeBefore = servers.map((server) => cpuSecondsOf(server.pid));
        const pgBefore = postgresCpu(postmasterPid);
        const run = await load(urls, token, loadRequests);
        const nodeSeconds = servers.reduce(
          (sum, server, i) => sum + cpuSecondsOf(server.pid) - nodeBefore[i],
          0,
        );
        const pgSeconds = cpuSpent(pgBefore, postgresCpu(postmasterPid));
        const row: ProcessesRun = {
          round: roundNo,
          processes: count,
          rps: round(loadRequests / run.seconds),
          p50Ms: round(percentile(run.latencies, 0.5), 2),
          p95Ms: round(percentile(run.latencies, 0.95), 2),
          nodeCpuMs: round((nodeSeconds * 1000) / loadRequests, 3),
          pgCpuMs: round((pgSeconds * 1000) / loadRequests, 3),
          loadAverage: loadAverage(),
        };
        results.push(row);
        console.log(
          `| ${row.round} | ${row.processes} | ${row.rps} | ${row.p50Ms} | ${row.p95Ms} | ${row.nodeCpuMs} | ${row.pgCpuMs} | ${row.loadAverage.join(' ')} |`,
        );
      } finally {
        await Promise.all(servers.map((server) => server.stop()));
      }
    }
  }
  const median = (count: number) => {
    const rps = results
      .filter((r) => r.processes === count)
      .map((r) => r.rps)
      .sort((a, b) => a - b);
    return rps[Math.floor(rps.length / 2)];
  };
  const medianRps = { one: median(1), two: median(2) };
  const ratio = round(medianRps.two / medianRps.one, 2);
  console.log(`\nMedian requests/s: one process ${medianRps.one}, two ${medianRps.two} (× ${ratio}).`);
  return { runs: results, medianRps, ratio, cores: os.cpus().length };
}

function parseCommandLine(argv: string[]): { json: string | undefined } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { json: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    if (values.json !== undefined && !values.json.trim()) throw new Error('--json needs a file name.');
    return { json: values.json };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function main() {
  const cli = parseCommandLine(process.argv.slice(2));
  const loadRequests = positive('BENCH_LOAD_REQUESTS', 2000);
  const rounds = positive('BENCH_ROUNDS', 3);
  const config = {
    ...loadConfig(),
    databaseUrl: undefined,
    dataDir: path.resolve(PROJECT_ROOT, process.env.CCHC_BENCH_DATA_DIR ?? '.data/bench'),
  };
  const database = await openDatabase(config, { log: (m) => console.error(m), poolSize: 2 });
  let result: ProcessesResult;
  try {
    const [{ communes }] = await database.dataSource.query(
      "SELECT count(*)::int AS communes FROM commune WHERE code ~ '^[0-9]{5}$'",
    );
    if (communes < 3321) throw new Error('No national data here: run `npm run bench` once first.');
    await revokeToken(database.dataSource, TOKEN_NAME).catch(() => undefined);
    const { token } = await createToken(database.dataSource, { name: TOKEN_NAME, role: Role.EXPORT_JOB });
    const postmasterPid = Number(
      readFileSync(path.join(config.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    result = await measureProcesses({
      databaseUrl: database.url,
      token,
      postmasterPid,
      rounds,
      loadRequests,
    });
  } finally {
    await revokeToken(database.dataSource, TOKEN_NAME).catch(() => undefined);
    await database.close();
  }
  if (cli.json) writeFileSync(cli.json, `${JSON.stringify(result, null, 2)}\n`);
}

// Run only as a script: `npm run bench` imports measureProcesses.
if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
