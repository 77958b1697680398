// The soak of `npm run bench` (issue #10): mixed traffic for a while at a fixed concurrency, then a
// check that every acknowledged write is in the database and that the server's memory held.
import type pg from 'pg';

export interface SoakOptions {
  /** GraphQL endpoint of the server under test (its own process). */
  url: string;
  /** Bearer token that may read every province and save any commune's report (an ADMIN's). */
  token: string;
  /** A client on the same database, for picking plans and checking writes afterwards. */
  sql: pg.Client;
  seconds: number;
  connections: number;
  /** Share of requests that are report saves (the rest are roll-up reads). */
  writeShare: number;
  /** Resident memory of the server process in MiB. */
  serverRssMiB: () => number;
}

export interface SoakResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstErrors: string[];
  writesAcknowledged: number;
  writesFound: number;
  rssStartMiB: number;
  rssEndMiB: number;
}

/** Month whose drafts the soak writes: after the generated reports (which end at 2026Q3). */
const SOAK_PERIOD = '2026-11';

const READS = [
  '{ rollup(periods: ["2025Q3"], provinceCode: "79", groupBy: [AREA]) { areaCode taskCount completionRate } }',
  '{ rollup(periods: ["2026Q2"], provinceCode: "01", groupBy: [AREA]) { areaCode taskCount overdueCount } }',
  '{ rollup(periods: ["2025Q3"], groupBy: [PROVINCE]) { provinceCode completionRate } }',
];

const SAVE = `mutation($planId: ID!, $period: String!, $taskId: ID!, $percent: Int!, $note: String!) {
  saveReportDraft(planId: $planId, period: $period,
                  taskProgress: [{ taskId: $taskId, status: IN_PROGRESS, percent: $percent, note: $note }]) {
    taskProgress { id percent note }
  }
}`;

interface SaveTarget {
  planId: number;
  taskIds: number[];
}

/**
 * The soak's drafts go when it ends: later cases save drafts of the same month for some of the
 * same communes (the 20 concurrent clients of `writes` include 2026-11), and would CONFLICT on them.
 */
async function deleteSoakDrafts(sql: pg.Client): Promise<void> {
  await sql.query(
    `DELETE FROM task_progress WHERE report_id IN (SELECT id FROM status_report WHERE period = $1 AND status = 'DRAFT')`,
    [SOAK_PERIOD],
  );
  await sql.query(`DELETE FROM status_report WHERE period = $1 AND status = 'DRAFT'`, [SOAK_PERIOD]);
}

/**
 * Saves go to a different commune's 2026 plan each (round-robin over every plan, then the next
 * task of each), so no two saves race to create one report, and each writes a row no other save
 * touches: an acknowledged save must be found afterwards with its own percent and note.
 */
async function saveTargets(sql: pg.Client): Promise<SaveTarget[]> {
  // Drafts left by an earlier soak (one that crashed) would make saves without a version CONFLICT.
  await deleteSoakDrafts(sql);
  const { rows } = await sql.query<{ planId: number; taskIds: number[] }>(
    `SELECT p.id AS "planId", array_agg(t.id ORDER BY t.position) AS "taskIds"
       FROM plan p JOIN commune c ON c.id = p.commune_id JOIN task t ON t.plan_id = p.id
      WHERE p.year = 2026
        AND NOT EXISTS (SELECT 1 FROM status_report r WHERE r.plan_id = p.id AND r.period = $1)
      GROUP BY p.id ORDER BY p.id`,
    [SOAK_PERIOD],
  );
  return rows;
}

export async function soak(options: SoakOptions): Promise<SoakResult> {
  const targets = await saveTargets(options.sql);
  if (!targets.length) throw new Error('No 2026 plans to save reports on: is the national data loaded?');
  const runId = Date.now().toString(36);
  const acknowledged: { taskId: number; percent: number; note: string }[] = [];
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let saves = 0;
  let reads = 0;

  const post = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
    if (!response.ok || body.errors) {
      throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors)}`);
    }
    return body.data;
  };

  const oneRequest = async (index: number) => {
    // A fixed pattern rather than Math.random: the same mix in every run.
    if (index % Math.round(1 / options.writeShare) === 0) {
      const n = saves++;
      const target = targets[n % targets.length];
      const taskId = target.taskIds[Math.floor(n / targets.length) % target.taskIds.length];
      const percent = 1 + (n % 99);
      const note = `soak ${runId} #${n}`;
      await post(SAVE, {
        planId: String(target.planId),
        period: SOAK_PERIOD,
        taskId: String(taskId),
        percent,
        note,
      });
      acknowledged.push({ taskId, percent, note });
    } else {
      await post(READS[reads++ % READS.length]);
    }
  };

  const rssStartMiB = options.serverRssMiB();
  const deadline = Date.now() + options.seconds * 1000;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < deadline) {
        const index = next++;
        const start = process.hrtime.bigint();
        try {
          await oneRequest(index);
        } catch (error) {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(String((error as Error).message).slice(0, 300));
        }
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  const rssEndMiB = options.serverRssMiB();

  const { rows } = await options.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n
       FROM unnest($1::int[], $2::int[], $3::text[]) AS w(task_id, percent, note)
       JOIN task_progress tp ON tp.task_id = w.task_id AND tp.percent = w.percent AND tp.note = w.note
       JOIN status_report r ON r.id = tp.report_id AND r.period = $4`,
    [
      acknowledged.map((w) => w.taskId),
      acknowledged.map((w) => w.percent),
      acknowledged.map((w) => w.note),
      SOAK_PERIOD,
    ],
  );
  await deleteSoakDrafts(options.sql);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
    firstErrors,
    writesAcknowledged: acknowledged.length,
    writesFound: rows[0].n,
    rssStartMiB,
    rssEndMiB,
  };
}
