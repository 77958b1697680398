import type { DataSource } from 'typeorm';
import type { Period } from '../../core/period';
import type { CommuneScope } from '../auth/policy';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import { asOfReportSql, COUNTED_STATUSES } from '../rollup/rollup.service';
import type { MilestoneData } from '../../parsing/milestone';

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

export interface PlanBatch {
  planIds: number[];
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

/** The next `size` plans in scope after `after`, by province code (none last) then commune code. */
export async function planBatch(
  dataSource: DataSource,
  scope: AsOfScope,
  after: PlanKey | null,
  size: number,
): Promise<PlanBatch> {
  const rows: { id: number; provinceCode: string | null; communeCode: string }[] = await dataSource.query(
    `SELECT pl.id, v.code AS "provinceCode", c.code AS "communeCode" ${PLANS_IN_SCOPE}
       AND ($6::boolean IS FALSE OR (COALESCE(v.code, '~'), c.code) > (COALESCE($7, '~'), $8))
     ORDER BY COALESCE(v.code, '~'), c.code LIMIT $9`,
    [...scopeParams(scope), after !== null, after?.provinceCode ?? null, after?.communeCode ?? null, size],
  );
  const last = rows.at(-1);
  return {
    planIds: rows.map((r) => r.id),
    last: last ? { provinceCode: last.provinceCode, communeCode: last.communeCode } : null,
  };
}

/** The plans of a batch with their place, and the as-of report of each, for $1 ids, $2 period code, $3 end. */
const BATCH_PLANS = `
  WITH plans AS (
    SELECT pl.id AS plan_id, pl.year, $2::text AS period, $3::date AS period_end,
           v.code AS province_code, v.name AS province_name, c.code AS commune_code, c.name AS commune_name
      FROM plan pl JOIN commune c ON c.id = pl.commune_id LEFT JOIN province v ON v.id = c.province_id
     WHERE pl.id = ANY($1)
  ),
  as_of AS (${asOfReportSql(COUNTED_STATUSES)})`;

const PLACE_COLUMNS = `pl.province_code AS "provinceCode", pl.province_name AS "provinceName",
  pl.commune_code AS "communeCode", pl.commune_name AS "communeName", pl.year`;

export interface TaskAsOfRow {
  provinceCode: string | null;
  provinceName: string | null;
  communeCode: string;
  communeName: string;
  year: number;
  areaCode: ReformAreaCode;
  ordinal: string;
  name: string;
  leadUnit: string | null;
  timeText: string | null;
  milestones: MilestoneData[];
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
  planIds: number[],
  scope: AsOfScope,
  options: { overdueOnly: boolean },
): Promise<TaskAsOfRow[]> {
  return dataSource.query(
    `${BATCH_PLANS},
     rows AS (
       SELECT pl.*, t.position, t.area_code, t.ordinal, t.name, t.lead_unit, t.time_text, t.milestones, t.due_on,
              COALESCE(tp.status, 'NOT_STARTED') AS status, COALESCE(tp.percent, 0) AS percent
         FROM plans pl
         JOIN task t ON t.plan_id = pl.plan_id AND ($4::text IS NULL OR t.area_code = $4)
         LEFT JOIN as_of a ON a.plan_id = pl.plan_id
         LEFT JOIN task_progress tp ON tp.report_id = a.report_id AND tp.task_id = t.id
     )
     SELECT ${PLACE_COLUMNS}, pl.area_code AS "areaCode", pl.ordinal, pl.name, pl.lead_unit AS "leadUnit",
            pl.time_text AS "timeText", pl.milestones, pl.due_on::text AS "dueOn", pl.status, pl.percent, o.overdue,
            CASE WHEN o.overdue THEN pl.period_end - pl.due_on END AS "daysOverdue"
       FROM rows pl
       CROSS JOIN LATERAL (SELECT pl.status NOT IN ('COMPLETED', 'CANCELLED')
                                  AND COALESCE(pl.due_on < pl.period_end, false) AS overdue) o
      WHERE $5::boolean IS FALSE OR o.overdue
      ORDER BY COALESCE(pl.province_code, '~'), pl.commune_code, pl.position`,
    [planIds, scope.period.code, scope.period.end, scope.areaCode, options.overdueOnly],
  );
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

export interface IndicatorAsOfRow {
  provinceCode: string | null;
  provinceName: string | null;
  communeCode: string;
  communeName: string;
  year: number;
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
  planIds: number[],
  scope: AsOfScope,
): Promise<IndicatorAsOfRow[]> {
  return dataSource.query(
    `${BATCH_PLANS}
     SELECT ${PLACE_COLUMNS}, i.area_code AS "areaCode", i.ordinal, i.name, i.target_text AS "targetText",
            i.comparator, i.target_value::float8 AS "targetValue", i.target_max::float8 AS "targetMax", i.unit,
            v.actual_value::float8 AS "actualValue",
            CASE WHEN m.met IS NULL THEN 'NO_DATA' WHEN m.met THEN 'MET' ELSE 'NOT_MET' END AS attainment
       FROM plans pl
       JOIN indicator i ON i.plan_id = pl.plan_id AND ($4::text IS NULL OR i.area_code = $4)
       LEFT JOIN as_of a ON a.plan_id = pl.plan_id
       LEFT JOIN indicator_value v ON v.report_id = a.report_id AND v.indicator_id = i.id
       CROSS JOIN LATERAL (SELECT CASE WHEN v.actual_value IS NULL OR i.comparator IS NULL THEN NULL
                 ELSE CASE i.comparator
                   WHEN 'GTE' THEN v.actual_value >= i.target_value
                   WHEN 'GT' THEN v.actual_value > i.target_value
                   WHEN 'LTE' THEN v.actual_value <= i.target_value
                   WHEN 'LT' THEN v.actual_value < i.target_value
                   WHEN 'EQ' THEN v.actual_value = i.target_value
                   WHEN 'BETWEEN' THEN v.actual_value BETWEEN i.target_value AND i.target_max
                 END END AS met) m
      ORDER BY COALESCE(pl.province_code, '~'), pl.commune_code, i.position`,
    [planIds, scope.period.code, scope.period.end, scope.areaCode],
  );
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
