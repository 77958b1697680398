// npm run bench:processes: throughput of case (a), the province roll-up, at 10 connections against
// one API process and against two on the same database (issue #15, part 5; docs/SCALING.md). The
// national bench data of `npm run bench` (CCHC_BENCH_DATA_DIR, default .data/bench) must exist.
// One and two processes alternate (BENCH_ROUNDS rounds), so a change in the machine's load shows
// as a spread between rounds rather than as a difference between the two.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number.`);
  return value;
};
const LOAD_REQUESTS = positive('BENCH_LOAD_REQUESTS', 2000);
const ROUNDS = positive('BENCH_ROUNDS', 3);
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

async function main() {
  const jsonAt = process.argv.indexOf('--json');
  const jsonFile = jsonAt > 0 ? process.argv[jsonAt + 1] : undefined;
  const config = {
    ...loadConfig(),
    databaseUrl: undefined,
    dataDir: path.resolve(PROJECT_ROOT, process.env.CCHC_BENCH_DATA_DIR ?? '.data/bench'),
  };
  const database = await openDatabase(config, { log: (m) => console.error(m), poolSize: 2 });
  const [{ communes }] = await database.dataSource.query(
    "SELECT count(*)::int AS communes FROM commune WHERE code ~ '^[0-9]{5}$'",
  );
  if (communes < 3321) throw new Error('No national data here: run `npm run bench` once first.');
  await revokeToken(database.dataSource, TOKEN_NAME).catch(() => undefined);
  const { token } = await createToken(database.dataSource, { name: TOKEN_NAME, role: Role.EXPORT_JOB });
  const postmasterPid = Number(
    readFileSync(path.join(config.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
  );

  const results: Record<string, unknown>[] = [];
  console.log(
    `(a) at ${CONCURRENCY} connections, ${LOAD_REQUESTS} requests a run, one and two API processes alternating; ${os.cpus().length} cores.`,
  );
  console.log(
    '| round | processes | requests/s | p50 ms | p95 ms | Node CPU ms/req (all) | PostgreSQL CPU ms/req | load average |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  try {
    for (let roundNo = 1; roundNo <= ROUNDS; roundNo++) {
      for (const count of [1, 2]) {
        const servers = await Promise.all(
          Array.from({ length: count }, () => startBuiltServer(database.url, { CCHC_EXPORT_WORKER: '0' })),
        );
        try {
          const urls = servers.map((server) => server.url);
          // Warm-up: each process's pool opens its connections and caches the token and province.
          await load(urls, token, CONCURRENCY * 20);
          const nodeBefore = servers.map((server) => cpuSecondsOf(server.pid));
          const pgBefore = postgresCpu(postmasterPid);
          const run = await load(urls, token, LOAD_REQUESTS);
          const nodeSeconds = servers.reduce(
            (sum, server, i) => sum + cpuSecondsOf(server.pid) - nodeBefore[i],
            0,
          );
          const pgSeconds = cpuSpent(pgBefore, postgresCpu(postmasterPid));
          const row = {
            round: roundNo,
            processes: count,
            rps: round(LOAD_REQUESTS / run.seconds),
            p50Ms: round(percentile(run.latencies, 0.5), 2),
            p95Ms: round(percentile(run.latencies, 0.95), 2),
            nodeCpuMs: round((nodeSeconds * 1000) / LOAD_REQUESTS, 3),
            pgCpuMs: round((pgSeconds * 1000) / LOAD_REQUESTS, 3),
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
  } finally {
    await revokeToken(database.dataSource, TOKEN_NAME).catch(() => undefined);
    await database.close();
  }
  const median = (count: number) => {
    const rps = results
      .filter((r) => r.processes === count)
      .map((r) => r.rps as number)
      .sort((a, b) => a - b);
    return rps[Math.floor(rps.length / 2)];
  };
  const ratio = round(median(2) / median(1), 2);
  console.log(`\nMedian requests/s: one process ${median(1)}, two ${median(2)} (× ${ratio}).`);
  if (jsonFile) {
    writeFileSync(
      jsonFile,
      `${JSON.stringify({ runs: results, medianRps: { one: median(1), two: median(2) }, ratio, cores: os.cpus().length }, null, 2)}\n`,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
