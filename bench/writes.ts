// Write cases of `npm run bench` (issue #15, part 3): draft saves of 10 tasks and submissions by
// commune officers, each a real write (its own commune and month), on the bench database and on a
// copy without the roll-up triggers; 20 clients saving at once; and where a write's time goes.
import type pg from 'pg';

/** The months whose drafts the bench writes: generated reports are quarterly, so these are free. */
export const BENCH_MONTHS = [2025, 2026].flatMap((year) =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`),
);

export interface BenchCommune {
  code: string;
  /** Plan id and its first 10 tasks, by plan year. */
  plans: Map<number, { planId: number; taskIds: number[] }>;
}

/** The first `count` generated communes with a 2025 and a 2026 plan of 10 tasks or more. */
export async function benchCommunes(sql: pg.Client, count: number): Promise<BenchCommune[]> {
  const { rows } = await sql.query<{ code: string; year: number; planId: number; taskIds: number[] }>(
    `WITH chosen AS (
       SELECT c.id, c.code FROM commune c
        WHERE c.code ~ '^[0-9]{5}$'
          AND (SELECT count(DISTINCT p.year) FROM plan p WHERE p.commune_id = c.id AND p.year IN (2025, 2026)
                 AND (SELECT count(*) FROM task t WHERE t.plan_id = p.id) >= 10) = 2
        ORDER BY c.code LIMIT $1)
     SELECT ch.code, p.year, p.id AS "planId",
            (SELECT array_agg(id ORDER BY position) FROM (SELECT t.id, t.position FROM task t WHERE t.plan_id = p.id
              ORDER BY t.position LIMIT 10) t10) AS "taskIds"
       FROM chosen ch JOIN plan p ON p.commune_id = ch.id AND p.year IN (2025, 2026)
      ORDER BY ch.code, p.year`,
    [count],
  );
  const byCode = new Map<string, BenchCommune>();
  for (const row of rows) {
    const commune = byCode.get(row.code) ?? { code: row.code, plans: new Map() };
    commune.plans.set(row.year, { planId: row.planId, taskIds: row.taskIds });
    byCode.set(row.code, commune);
  }
  if (byCode.size < count) {
    throw new Error(`Only ${byCode.size} communes to write for; is the national data loaded?`);
  }
  return [...byCode.values()];
}

/** Deletes the monthly reports of these communes (a previous bench's writes; progress rows cascade). */
export async function cleanBenchWrites(sql: pg.Client, communes: BenchCommune[]): Promise<void> {
  await sql.query(
    `DELETE FROM status_report r USING plan p, commune c
      WHERE p.id = r.plan_id AND c.id = p.commune_id AND c.code = ANY($1) AND r.period = ANY($2)`,
    [communes.map((c) => c.code), BENCH_MONTHS],
  );
}

export interface SaveTarget {
  communeCode: string;
  planId: number;
  period: string;
  taskIds: number[];
}

/** Every (commune, month) once, month by month, so that consecutive saves are of different communes. */
export function saveTargets(communes: BenchCommune[]): SaveTarget[] {
  return BENCH_MONTHS.flatMap((period) =>
    communes.map((commune) => {
      const plan = commune.plans.get(Number(period.slice(0, 4)))!;
      return { communeCode: commune.code, planId: plan.planId, period, taskIds: plan.taskIds };
    }),
  );
}

export const SAVE_DRAFT = `mutation($planId: ID!, $period: String!, $taskProgress: [TaskProgressInput!]!) {
  saveReportDraft(planId: $planId, period: $period, taskProgress: $taskProgress) {
    report { id version } taskProgress { id }
  }
}`;

export const SUBMIT_REPORT = `mutation($reportId: ID!, $version: Int!) {
  submitReport(reportId: $reportId, version: $version) { id status }
}`;

/** The variables of a save of the target's 10 tasks; `note` marks the save so it can be found afterwards. */
export function saveVariables(target: SaveTarget, note: string, seed: number) {
  return {
    planId: String(target.planId),
    period: target.period,
    taskProgress: target.taskIds.map((taskId, i) => ({
      taskId: String(taskId),
      status: 'IN_PROGRESS',
      percent: 1 + ((seed + i) % 99),
      note,
    })),
  };
}

type Post = (
  token: string,
  query: string,
  variables: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/** A GraphQL POST to `url` that throws on HTTP or GraphQL errors; the data. */
export function poster(url: string): Post {
  return async (token, query, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
    if (!response.ok || body.errors) {
      throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors)}`);
    }
    return body.data!;
  };
}

/** Saves a target's draft; the report's id and version, for a submission. */
export async function saveDraft(post: Post, token: string, target: SaveTarget, note: string, seed: number) {
  const data = (await post(token, SAVE_DRAFT, saveVariables(target, note, seed))) as {
    saveReportDraft: { report: { id: string; version: number } };
  };
  return data.saveReportDraft.report;
}

export interface ConcurrentSaves {
  clients: number;
  saves: number;
  errors: number;
  firstErrors: string[];
  p50Ms: number;
  p99Ms: number;
  /** Progress rows the acknowledged saves wrote (10 each) and how many of them are in the database. */
  rowsAcknowledged: number;
  rowsFound: number;
  /** Share of pg_stat_activity samples, over the run, of backends waiting on a lock, by wait event. */
  lockWaits: Record<string, number>;
  /** Mean number of backends active in a sample. */
  activeBackends: number;
}

/**
 * `clients` officers save drafts of their own communes at once, each month after month; then every
 * acknowledged save's progress rows are looked up (with the save's own note and percent).
 */
export async function concurrentSaves(options: {
  post: Post;
  sql: pg.Client;
  /** One commune and its officer token per client. */
  clients: { commune: BenchCommune; token: string }[];
  savesPerClient: number;
  runId: string;
}): Promise<ConcurrentSaves> {
  const { post, sql, clients, savesPerClient, runId } = options;
  const acknowledged: { taskIds: number[]; percents: number[]; note: string; period: string }[] = [];
  const latencies: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;

  // Lock waits while the clients run, sampled every 20 ms.
  const waits = new Map<string, number>();
  let samples = 0;
  let active = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await sql.query<{ wait: string | null; n: number }>(
        `SELECT CASE WHEN wait_event_type = 'Lock' THEN wait_event END AS wait, count(*)::int AS n
           FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()
          GROUP BY 1`,
      );
      samples++;
      for (const row of rows) {
        active += row.n;
        if (row.wait) waits.set(row.wait, (waits.get(row.wait) ?? 0) + row.n);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  await Promise.all(
    clients.map(async ({ commune, token }, client) => {
      const targets = saveTargets([commune]);
      for (let k = 0; k < Math.min(savesPerClient, targets.length); k++) {
        const target = targets[k];
        const note = `bench ${runId} client ${client} save ${k}`;
        const variables = saveVariables(target, note, client * 7 + k);
        const start = process.hrtime.bigint();
        try {
          await post(token, SAVE_DRAFT, variables);
          acknowledged.push({
            taskIds: target.taskIds,
            percents: variables.taskProgress.map((p) => p.percent),
            note,
            period: target.period,
          });
        } catch (error) {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(String((error as Error).message).slice(0, 300));
        }
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }),
  );
  sampling = false;
  await sampler;

  const flat = acknowledged.flatMap((save) =>
    save.taskIds.map((taskId, i) => ({
      taskId,
      percent: save.percents[i],
      note: save.note,
      period: save.period,
    })),
  );
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n
       FROM unnest($1::int[], $2::int[], $3::text[], $4::text[]) AS w(task_id, percent, note, period)
       JOIN task_progress tp ON tp.task_id = w.task_id AND tp.percent = w.percent AND tp.note = w.note
       JOIN status_report r ON r.id = tp.report_id AND r.period = w.period`,
    [
      flat.map((w) => w.taskId),
      flat.map((w) => w.percent),
      flat.map((w) => w.note),
      flat.map((w) => w.period),
    ],
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    clients: clients.length,
    saves: latencies.length,
    errors,
    firstErrors,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    rowsAcknowledged: flat.length,
    rowsFound: rows[0].n,
    lockWaits: Object.fromEntries(
      [...waits].map(([wait, n]) => [wait, Math.round((n / samples) * 100) / 100]),
    ),
    activeBackends: Math.round((active / Math.max(samples, 1)) * 100) / 100,
  };
}

export interface WriteAnatomy {
  /** Median ms of each step of a draft save of 10 tasks and of a submission, as plain SQL. */
  insertReportMs: number;
  insertProgressMs: number;
  saveCommitMs: number;
  submitUpdateMs: number;
  submitCommitMs: number;
  /** Median ms of cchc_refresh_plan_rollups of one plan, run on its own (the commit's recompute). */
  refreshOnePlanMs: number;
  /** Rows of plan_rollup one plan has (2 scopes × 17 periods × areas). */
  rollupRowsPerPlan: number;
}

/**
 * Where a write's time goes, in PostgreSQL alone: the statements of a draft save and a submission
 * replayed over one connection, each timed; with the triggers the commit runs the deferred
 * recompute, so commit time is the roll-up's. The rows are in the bench's own months and are
 * deleted with its other writes.
 */
export async function writeAnatomy(sql: pg.Client, targets: SaveTarget[]): Promise<WriteAnatomy> {
  const steps: Record<string, number[]> = {
    insertReport: [],
    insertProgress: [],
    saveCommit: [],
    submitUpdate: [],
    submitCommit: [],
    refresh: [],
  };
  const timed = async (step: string, text: string, values: unknown[] = []) => {
    const start = process.hrtime.bigint();
    const result = await sql.query(text, values);
    steps[step]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    return result;
  };
  for (const target of targets) {
    await sql.query('BEGIN');
    const { rows } = await timed(
      'insertReport',
      `INSERT INTO status_report (plan_id, period, period_start, period_end)
       VALUES ($1, $2, to_date($2, 'YYYY-MM'), (to_date($2, 'YYYY-MM') + interval '1 month - 1 day')::date) RETURNING id`,
      [target.planId, target.period],
    );
    await timed(
      'insertProgress',
      `INSERT INTO task_progress (report_id, task_id, status, percent, note)
       SELECT $1, t, 'IN_PROGRESS', 50, 'bench anatomy' FROM unnest($2::int[]) t`,
      [rows[0].id, target.taskIds],
    );
    await timed('saveCommit', 'COMMIT');
    await sql.query('BEGIN');
    await timed(
      'submitUpdate',
      `UPDATE status_report SET status = 'SUBMITTED', submitted_at = now(), version = version + 1 WHERE id = $1`,
      [rows[0].id],
    );
    await timed('submitCommit', 'COMMIT');
  }
  const hasRefresh = (await sql.query(`SELECT to_regproc('cchc_refresh_plan_rollups') IS NOT NULL AS ok`))
    .rows[0].ok;
  if (hasRefresh) {
    for (const target of targets) {
      await sql.query('BEGIN');
      await timed('refresh', 'SELECT cchc_refresh_plan_rollups($1::int[])', [[target.planId]]);
      await sql.query('ROLLBACK');
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100 : NaN;
  };
  const perPlan = hasRefresh
    ? (await sql.query('SELECT count(*)::int AS n FROM plan_rollup WHERE plan_id = $1', [targets[0].planId]))
        .rows[0].n
    : NaN;
  return {
    insertReportMs: median(steps.insertReport),
    insertProgressMs: median(steps.insertProgress),
    saveCommitMs: median(steps.saveCommit),
    submitUpdateMs: median(steps.submitUpdate),
    submitCommitMs: median(steps.submitCommit),
    refreshOnePlanMs: median(steps.refresh),
    rollupRowsPerPlan: perPlan,
  };
}
