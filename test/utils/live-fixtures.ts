import type { DataSource } from 'typeorm';

/** A token-carrying client of a real server's /graphql over HTTP. */
export function httpGraphql(url: string) {
  return async (token: string, query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };
}

const SAVE = `mutation($planId: ID!, $period: String!, $taskProgress: [TaskProgressInput!]) {
  saveReportDraft(planId: $planId, period: $period, taskProgress: $taskProgress) { report { id version } }
}`;
const SUBMIT = `mutation($reportId: ID!, $version: Int!) { submitReport(reportId: $reportId, version: $version) { id status version } }`;

/**
 * Periods of a commune's plan for `year` without a report yet (months, then quarters), so a draft
 * can be saved and submitted there.
 */
export async function freePeriods(dataSource: DataSource, communeId: number, year: number) {
  const [plan] = await dataSource.query('SELECT id FROM plan WHERE commune_id = $1 AND year = $2', [
    communeId,
    year,
  ]);
  const taken = new Set(
    (await dataSource.query('SELECT period FROM status_report WHERE plan_id = $1', [plan.id])).map(
      (r: { period: string }) => r.period,
    ),
  );
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const quarters = [1, 2, 3, 4].map((q) => `${year}Q${q}`);
  const [task] = await dataSource.query('SELECT id FROM task WHERE plan_id = $1 ORDER BY position LIMIT 1', [
    plan.id,
  ]);
  return {
    planId: String(plan.id),
    taskId: String(task.id),
    periods: [...months, ...quarters].filter((p) => !taken.has(p)),
  };
}

/** Saves a draft with one task COMPLETED for `period` and submits it, as `token`; the report id. */
export async function submitReport(
  graphql: ReturnType<typeof httpGraphql>,
  token: string,
  plan: { planId: string; taskId: string },
  period: string,
): Promise<string> {
  const saved = await graphql(token, SAVE, {
    planId: plan.planId,
    period,
    taskProgress: [{ taskId: plan.taskId, status: 'COMPLETED', percent: 100 }],
  });
  if (saved.errors) throw new Error(JSON.stringify(saved.errors));
  const { id, version } = saved.data.saveReportDraft.report;
  const submitted = await graphql(token, SUBMIT, { reportId: id, version });
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  return id;
}
