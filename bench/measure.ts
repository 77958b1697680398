// Measuring one bench case (issue #15): latency one request at a time, then throughput and CPU per
// request at a fixed concurrency. Every case of the JSON report (`npm run bench -- --json`) is a
// CaseResult.
import { cpuSecondsOf, cpuSpent, postgresCpu } from './exports';

/** One case of `--json`: the shape issue #15 asks for. */
export interface CaseResult {
  /** Latency of one request at a time (ms). */
  p50Ms: number;
  p95Ms: number;
  /** Requests per second at `concurrency` connections. */
  rps: number;
  /** SQL statements the server sends per request, authentication included (not those inside triggers). */
  statements: number;
  /** Server process CPU per request at `concurrency` connections (ms). */
  nodeCpuMs: number;
  /** CPU of PostgreSQL's processes per request at `concurrency` connections (ms). */
  pgCpuMs: number;
  concurrency: number;
  /** Requests in the sequential and the concurrent phase. */
  sequentialRequests: number;
  concurrentRequests: number;
  /** Latency at `concurrency` connections (ms). */
  concurrentP50Ms: number;
  concurrentP95Ms: number;
}

/** The processes whose CPU a case is charged: the server under test and PostgreSQL's postmaster. */
export interface Processes {
  serverPid: number;
  postmasterPid: number;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs `request(i)` for i in [from, from + total) one at a time; sorted latencies in ms. */
export async function sequential(
  request: (index: number) => Promise<unknown>,
  from: number,
  total: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = from; i < from + total; i++) {
    const start = process.hrtime.bigint();
    await request(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

/**
 * Runs `request(i)` for i in [from, from + total) over `concurrency` connections, each taking the
 * next index when its previous request is answered; throughput, latencies and CPU of the processes.
 */
export async function concurrent(
  request: (index: number) => Promise<unknown>,
  from: number,
  total: number,
  concurrency: number,
  processes: Processes,
): Promise<{ rps: number; latencies: number[]; nodeCpuMs: number; pgCpuMs: number }> {
  const serverCpu = cpuSecondsOf(processes.serverPid);
  const postgresBefore = postgresCpu(processes.postmasterPid);
  const latencies: number[] = [];
  let next = from;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < from + total) {
        const index = next++;
        const started = process.hrtime.bigint();
        await request(index);
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const nodeSeconds = cpuSecondsOf(processes.serverPid) - serverCpu;
  const pgSeconds = cpuSpent(postgresBefore, postgresCpu(processes.postmasterPid));
  return {
    rps: total / seconds,
    latencies: latencies.sort((a, b) => a - b),
    nodeCpuMs: (nodeSeconds * 1000) / total,
    pgCpuMs: (pgSeconds * 1000) / total,
  };
}

/**
 * A case: `warmUp` requests, `runs` one at a time, then `loadRequests` at `concurrency`. The
 * request gets a running index, so write cases can give every request its own target.
 */
export async function measureCase(options: {
  request: (index: number) => Promise<unknown>;
  statements: number;
  warmUp: number;
  runs: number;
  loadRequests: number;
  concurrency: number;
  processes: Processes;
}): Promise<{ result: CaseResult; sequentialMs: number[] }> {
  const { request, warmUp, runs, loadRequests, concurrency } = options;
  let index = 0;
  for (; index < warmUp; index++) await request(index);
  const sequentialMs = await sequential(request, index, runs);
  index += runs;
  // A warm-up at the concurrency first, so the server's pool has opened its connections.
  const warmLoad = Math.min(concurrency * 2, warmUp);
  if (warmLoad) await concurrent(request, index, warmLoad, concurrency, options.processes);
  index += warmLoad;
  const load = await concurrent(request, index, loadRequests, concurrency, options.processes);
  return {
    sequentialMs,
    result: {
      p50Ms: round(percentile(sequentialMs, 0.5)),
      p95Ms: round(percentile(sequentialMs, 0.95)),
      rps: round(load.rps, 1),
      statements: round(options.statements, 2),
      nodeCpuMs: round(load.nodeCpuMs, 3),
      pgCpuMs: round(load.pgCpuMs, 3),
      concurrency,
      sequentialRequests: runs,
      concurrentRequests: loadRequests,
      concurrentP50Ms: round(percentile(load.latencies, 0.5)),
      concurrentP95Ms: round(percentile(load.latencies, 0.95)),
    },
  };
}

/** How many requests a case needs from its target supply. */
export const requestsOf = (o: { warmUp: number; runs: number; loadRequests: number; concurrency: number }) =>
  o.warmUp + o.runs + Math.min(o.concurrency * 2, o.warmUp) + o.loadRequests;
