// BENCH_CASES=live: latency of live events from commit to client, and server memory with many idle
// subscribers (docs/LIVE.md, docs/BENCHMARKS.md "Live"). Uses the test suite's protocol client.
import type pg from 'pg';
import { subscribe } from '../test/utils/sse';
import type { Subscription } from '../test/utils/sse';

export interface LiveBenchOptions {
  url: string;
  /** An ADMIN token (it approves, reopens and submits reports of every commune). */
  token: string;
  sql: pg.Client;
  /** Transitions to time (each report goes approve → reopen → submit, back to where it was). */
  transitions: number;
  idleSubscribers: number;
  serverRssMiB: () => number;
}

export interface LiveBenchResult {
  provinceCode: string;
  transitions: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Reports whose cycle failed (a CONFLICT from a concurrent change, say). */
  failures: number;
  idleSubscribers: number;
  rssIdleMiB: number;
  rssWithSubscribersMiB: number;
  /** One more transition with every idle subscriber listening: until the last of them had it. */
  fanOutMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function liveBench(options: LiveBenchOptions): Promise<LiveBenchResult> {
  const stream = `${options.url}/stream`;
  const post = async (query: string) => {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ query }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a bench reads what it asked for
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  // SUBMITTED reports with progress rows, of the province that has most.
  const { rows } = await options.sql.query(
    `SELECT v.code AS province, r.id, r.version FROM status_report r JOIN plan p ON p.id = r.plan_id
       JOIN commune c ON c.id = p.commune_id JOIN province v ON v.id = c.province_id
      WHERE r.status = 'SUBMITTED' AND EXISTS (SELECT 1 FROM task_progress tp WHERE tp.report_id = r.id)
        AND v.code = (SELECT v2.code FROM status_report r2 JOIN plan p2 ON p2.id = r2.plan_id
                        JOIN commune c2 ON c2.id = p2.commune_id JOIN province v2 ON v2.id = c2.province_id
                       WHERE r2.status = 'SUBMITTED' GROUP BY v2.code ORDER BY count(*) DESC LIMIT 1)
      ORDER BY r.id LIMIT $1`,
    [Math.ceil(options.transitions / 3) + 1],
  );
  const provinceCode: string = rows[0].province;
  const query = `subscription { reportEvents(provinceCode: "${provinceCode}") { kind reportId at } }`;
  const timer = await subscribe(stream, options.token, query);

  /** One transition: the time from the trigger's clock (inside the committing transaction) to now. */
  const latencies: number[] = [];
  let failures = 0;
  const step = async (mutation: string) => {
    const data = await post(mutation);
    const result = await timer.nextResult(30_000);
    latencies.push(Date.now() - Date.parse(result.data.reportEvents.at));
    return data;
  };
  for (const report of rows.slice(0, -1)) {
    if (latencies.length >= options.transitions) break;
    try {
      let { version } = report;
      version = (
        await step(`mutation { approveReport(reportId: "${report.id}", version: ${version}) { version } }`)
      ).approveReport.version;
      version = (
        await step(
          `mutation { reopenReport(reportId: "${report.id}", version: ${version}, reason: "bench", to: RETURNED) { version } }`,
        )
      ).reopenReport.version;
      await step(`mutation { submitReport(reportId: "${report.id}", version: ${version}) { version } }`);
    } catch {
      failures++;
    }
  }
  latencies.sort((a, b) => a - b);

  // Idle subscribers: RSS above idle once they are all connected.
  const rssIdleMiB = options.serverRssMiB();
  const idle: Subscription[] = [];
  for (let i = 0; i < options.idleSubscribers; i += 50) {
    idle.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, options.idleSubscribers - i) }, () =>
          subscribe(stream, options.token, query),
        ),
      )),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rssWithSubscribersMiB = options.serverRssMiB();

  // One event to all of them.
  const last = rows[rows.length - 1];
  const start = Date.now();
  await post(`mutation { approveReport(reportId: "${last.id}", version: ${last.version}) { version } }`);
  await Promise.all(idle.map((subscription) => subscription.nextResult(60_000)));
  const fanOutMs = Date.now() - start;
  for (const subscription of [...idle, timer]) subscription.close();

  return {
    provinceCode,
    transitions: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1],
    failures,
    idleSubscribers: idle.length,
    rssIdleMiB,
    rssWithSubscribersMiB,
    fanOutMs,
  };
}
