import type { DataSource } from 'typeorm';
import type { Period } from '../../core/period';
import type { CommuneScope } from '../auth/policy';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import { asOfReportSql, COUNTED_STATUSES } from '../rollup/rollup.service';

/**
 * The rows behind a roll-up, as of a period (docs/ROLLUPS.md): every task with its status, percent
 * and overdue flag, every indicator with its actual value and whether it meets its target, for the
 * commune plans of the period's year. Read a few plans at a time in a stable order (province code,
 * commune code; keyset), so that a national list (~400,000 tasks) is never held at once. The same
 * as-of report and the same comparisons as the plan_rollup counts, so a list's totals equal the
 * roll-up's measures for the same scope.
 */

export interface AsOfScope {
  period: Period;
  /** The place asked for (null: no restriction). */
  place: CommuneScope;
  /** The communes whose plans the viewer reads (policy.readableCommuneScope). */
  readable: CommuneScope;
  areaCode: ReformAreaCode | null;
}

/** Where a batch of plans starts: after this province and commune code (null: from the start). */
export interface PlanKey {
  provinceCode: string | null;
  communeCode: string;
}

/** A plan of a batch and its place: what every row of the plan repeats. */
export interface PlanPlace {
  provinceCode: string | null;
  provinceName: string | null;
  communeCode: string;
  communeName: string;
  year: number;
}

export interface PlanBatch {
  /** The plans in order, by id. */
  plans: Map<number, PlanPlace>;
  /** The key of the batch's last plan: pass it as `after` for the next batch. */
  last: PlanKey | null;
}

// The commune plans of the period's year in scope. $1 year, $2–$5 the place and readable scopes.
const PLANS_IN_SCOPE = `
  FROM plan pl
  JOIN commune c ON c.id = pl.commune_id
  LEFT JOIN province v ON v.id = c.province_id
 WHERE pl.year = $1
   AND ($2::int[] IS NULL OR c.province_id = ANY($2)) AND ($3::int[] IS NULL OR c.id = ANY($3))
   AND ($4::int[] IS NULL OR c.province_id = ANY($4)) AND ($5::int[] IS NULL OR c.id = ANY($5))`;

const scopeParams = (scope: AsOfScope) => [
  scope.period.year,
  scope.place.provinceIds,
  scope.place.communeIds,
  scope.readable.provinceIds,
  scope.readable.communeIds,
];

/**
 * The next `size` plans in scope after `after`, by province code (none last) then commune code,
 * with their places (read once per plan, not once per row).
 */
export async function planBatch(
  dataSource: DataSource,
  scope: AsOfScope,
  after: PlanKey | null,
  size: number,
): Promise<PlanBatch> {
  const rows: (PlanPlace & { id: number })[] = await dataSource.query(
    `SELECT pl.id, v.code AS "provinceCode", v.name AS "provinceName", c.code AS "communeCode",
            c.name AS "communeName", pl.year ${PLANS_IN_SCOPE}
       AND ($6::boolean IS FALSE OR (COALESCE(v.code, '~'), c.code) > (COALESCE($7, '~'), $8))
     ORDER BY COALESCE(v.code, '~'), c.code LIMIT $9`,
    [...scopeParams(scope), after !== null, after?.provinceCode ?? null, after?.communeCode ?? null, size],
  );
  const last = rows.at(-1);
  return {
    plans: new Map(rows.map(({ id, ...place }) => [id, place])),
    last: last ? { provinceCode: last.provinceCode, communeCode: last.communeCode } : null,
  };
}

/**
 * Values of the statements that read a batch's rows, as SQL expressions: bind parameters ($1…) or
 * literals (a COPY takes no parameters: export.lines.ts inlines them with export.sql-cells.ts).
 */
export interface BatchValues {
  /** int[]: the batch's plan ids, in order. */
  planIds: string;
  /** text: the period's code. */
  period: string;
  /** date: the period's last day. */
  periodEnd: string;
  /** text: the reform area, or NULL for all. */
  area: string;
}

/** The plans of a batch and the as-of report of each. */
const batchPlansSql = (v: BatchValues) => `
  WITH plans AS (
    SELECT k.plan_id, k.ord, ${v.period}::text AS period, ${v.periodEnd}::date AS period_end
      FROM unnest(${v.planIds}::int[]) WITH ORDINALITY AS k(plan_id, ord)
  ),
  as_of AS MATERIALIZED (${asOfReportSql(COUNTED_STATUSES)})`;

const BATCH_PARAMETERS: BatchValues = { planIds: '$1', period: '$2', periodEnd: '$3', area: '$4' };

/** Rows of a batch's plans (each with its "planId") given their plan's place, in place. */
async function withPlaces<T extends PlanPlace & { planId: number }>(
  batch: PlanBatch,
  read: (planIds: number[]) => Promise<Omit<T, keyof PlanPlace>[]>,
): Promise<T[]> {
  const rows = (await read([...batch.plans.keys()])) as T[];
  for (const row of rows) {
    const place = batch.plans.get(row.planId)!;
    row.provinceCode = place.provinceCode;
    row.provinceName = place.provinceName;
    row.communeCode = place.communeCode;
    row.communeName = place.communeName;
    row.year = place.year;
  }
  return rows;
}

export interface TaskAsOfRow extends PlanPlace {
  planId: number;
  areaCode: ReformAreaCode;
  ordinal: string;
  name: string;
  leadUnit: string | null;
  timeText: string | null;
  /** The milestones as one text: "DEADLINE 2025-12-31; PERIOD 2025-10-01..2025-12-31; CONDITIONAL". */
  milestones: string;
  dueOn: string | null;
  status: string;
  percent: number;
  overdue: boolean;
  /** Days from the due date to the end of the period, when overdue. */
  daysOverdue: number | null;
}

/**
 * The tasks of a batch of plans as of the period, in table order per plan: status and percent as the
 * as-of report says (NOT_STARTED, 0 when it does not), overdue when neither completed nor cancelled
 * and due before the end of the period (the roll-up's overdueCount).
 */
export function taskRowsAsOf(
  dataSource: DataSource,
  batch: PlanBatch,
  scope: AsOfScope,
  options: { overdueOnly: boolean },
): Promise<TaskAsOfRow[]> {
  return withPlaces<TaskAsOfRow>(batch, (planIds) =>
    dataSource.query(
      taskRowsSql(
        { ...BATCH_PARAMETERS, overdueOnly: '$5' },
        `r.plan_id AS "planId", r.area_code AS "areaCode", r.ordinal, r.name, r.lead_unit AS "leadUnit",
         r.time_text AS "timeText", r.milestones_text AS milestones, r.due_on::text AS "dueOn", r.status,
         r.percent, o.overdue, ${DAYS_OVERDUE} AS "daysOverdue"`,
      ),
      [planIds, scope.period.code, scope.period.end, scope.areaCode, options.overdueOnly],
    ),
  );
}

/** Days from the due date to the end of the period, when overdue (over `rows r` and `o`). */
export const DAYS_OVERDUE = 'CASE WHEN o.overdue THEN r.period_end - r.due_on END';

/**
 * The statement of taskRowsAsOf, selecting `select` over `r` (the task with its status and percent
 * as of the period: plan_id, ord, period_end, position, area_code, ordinal, name, lead_unit,
 * time_text, milestones_text, due_on, status, percent) and `o` (overdue), after `joins`, in the
 * list's order. The export's lines select one finished line from the same rows (export.lines.ts).
 */
export function taskRowsSql(v: BatchValues & { overdueOnly: string }, select: string, joins = ''): string {
  return `${batchPlansSql(v)},
       -- The as-of reports' lines, read report by report, then matched to the tasks by a hash
       -- (materialized: inlined, the planner may recompute the as-of reports for every task).
       progress AS MATERIALIZED (
         SELECT tp.task_id, tp.status, tp.percent FROM as_of a JOIN task_progress tp ON tp.report_id = a.report_id
       ),
       rows AS (
         SELECT pl.plan_id, pl.ord, pl.period_end, t.position, t.area_code, t.ordinal, t.name, t.lead_unit,
                t.time_text, t.milestones_text, t.due_on,
                COALESCE(tp.status, 'NOT_STARTED') AS status, COALESCE(tp.percent, 0) AS percent
           FROM plans pl
           JOIN task t ON t.plan_id = pl.plan_id AND (${v.area}::text IS NULL OR t.area_code = ${v.area})
           LEFT JOIN progress tp ON tp.task_id = t.id
       )
       SELECT ${select}
         FROM rows r
         CROSS JOIN LATERAL (SELECT r.status NOT IN ('COMPLETED', 'CANCELLED')
                                    AND COALESCE(r.due_on < r.period_end, false) AS overdue) o
         ${joins}
        WHERE ${v.overdueOnly}::boolean IS FALSE OR o.overdue
        ORDER BY r.ord, r.position`;
}

/** How many tasks (or overdue tasks) are in scope as of the period: the length of the whole list. */
export async function countTasksAsOf(
  dataSource: DataSource,
  scope: AsOfScope,
  options: { overdueOnly: boolean },
): Promise<number> {
  const [{ total }] = await dataSource.query(
    `WITH plans AS (
       SELECT pl.id AS plan_id, $6::text AS period, $7::date AS period_end ${PLANS_IN_SCOPE}
     ),
     as_of AS (${asOfReportSql(COUNTED_STATUSES)})
     SELECT count(*)::int AS total
       FROM plans pl
       JOIN task t ON t.plan_id = pl.plan_id AND ($8::text IS NULL OR t.area_code = $8)
       ${
         options.overdueOnly
           ? `LEFT JOIN as_of a ON a.plan_id = pl.plan_id
              LEFT JOIN task_progress tp ON tp.report_id = a.report_id AND tp.task_id = t.id
              WHERE COALESCE(tp.status, 'NOT_STARTED') NOT IN ('COMPLETED', 'CANCELLED') AND t.due_on < pl.period_end`
           : ''
       }`,
    [...scopeParams(scope), scope.period.code, scope.period.end, scope.areaCode],
  );
  return total;
}

export type Attainment = 'MET' | 'NOT_MET' | 'NO_DATA';

export interface IndicatorAsOfRow extends PlanPlace {
  planId: number;
  areaCode: ReformAreaCode;
  ordinal: string;
  name: string;
  targetText: string;
  comparator: string | null;
  targetValue: number | null;
  targetMax: number | null;
  unit: string | null;
  actualValue: number | null;
  attainment: Attainment;
}

/**
 * The indicators of a batch of plans as of the period, in table order per plan: the as-of report's
 * actual value and MET / NOT_MET against the parsed target, NO_DATA without a value or a parsed
 * target (the roll-up's indicatorsMet, indicatorsNotMet, indicatorsNoData).
 */
export function indicatorRowsAsOf(
  dataSource: DataSource,
  batch: PlanBatch,
  scope: AsOfScope,
): Promise<IndicatorAsOfRow[]> {
  return withPlaces<IndicatorAsOfRow>(batch, (planIds) =>
    dataSource.query(
      indicatorRowsSql(
        BATCH_PARAMETERS,
        `pl.plan_id AS "planId", i.area_code AS "areaCode", i.ordinal, i.name, i.target_text AS "targetText",
         i.comparator, i.target_value::float8 AS "targetValue", i.target_max::float8 AS "targetMax", i.unit,
         v.actual_value::float8 AS "actualValue", ${ATTAINMENT} AS attainment`,
      ),
      [planIds, scope.period.code, scope.period.end, scope.areaCode],
    ),
  );
}

/** MET, NOT_MET or NO_DATA (over indicatorRowsSql's `m`). */
export const ATTAINMENT = `CASE WHEN m.met IS NULL THEN 'NO_DATA' WHEN m.met THEN 'MET' ELSE 'NOT_MET' END`;

/**
 * The statement of indicatorRowsAsOf, selecting `select` over `pl` (the batch's plans: plan_id),
 * `i` (the indicator), `v` (its value in the as-of report, if any) and `m` (met), after `joins`,
 * in the list's order. The export's lines select one finished line instead (export.lines.ts).
 */
export function indicatorRowsSql(values: BatchValues, select: string, joins = ''): string {
  return `${batchPlansSql(values)}
       SELECT ${select}
         FROM plans pl
         JOIN indicator i ON i.plan_id = pl.plan_id AND (${values.area}::text IS NULL OR i.area_code = ${values.area})
         LEFT JOIN as_of a ON a.plan_id = pl.plan_id
         LEFT JOIN indicator_value v ON v.report_id = a.report_id AND v.indicator_id = i.id
         -- The one definition of met, shared with plan_rollup and the indicator roll-ups (migration 1795520000000).
         CROSS JOIN LATERAL (SELECT indicator_met(i.comparator, i.target_value, i.target_max, v.actual_value) AS met) m
         ${joins}
        ORDER BY pl.ord, i.position`;
}

/** How many indicators are in scope: the length of the whole list. */
export async function countIndicatorsAsOf(dataSource: DataSource, scope: AsOfScope): Promise<number> {
  const [{ total }] = await dataSource.query(
    `SELECT count(*)::int AS total ${PLANS_IN_SCOPE.replace('FROM plan pl', 'FROM plan pl JOIN indicator i ON i.plan_id = pl.id')}
       AND ($6::text IS NULL OR i.area_code = $6)`,
    [...scopeParams(scope), scope.areaCode],
  );
  return total;
}
