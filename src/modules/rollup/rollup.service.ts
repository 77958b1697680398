import type { DataSource } from 'typeorm';
import type { Period } from '../../common/period';

export enum RollupDimension {
  PROVINCE = 'PROVINCE',
  COMMUNE = 'COMMUNE',
  AREA = 'AREA',
  PERIOD = 'PERIOD',
}

export const ROLLUP_MEASURES = [
  'taskCount',
  'completedCount',
  'inProgressCount',
  'notStartedCount',
  'cancelledCount',
  'overdueCount',
  'completionRate',
  'dueCompletionRate',
  'onTimeRate',
  'indicatorsMet',
  'indicatorsNotMet',
  'indicatorsNoData',
] as const;
export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];

export interface RollupFilter {
  measure: RollupMeasure;
  op: keyof typeof FILTER_OPERATORS;
  value: number;
}

export interface RollupOrder {
  measure: RollupMeasure;
  descending: boolean;
}

export interface RollupRequest {
  periods: Period[];
  /** Only communes of these provinces / these communes (null: no restriction). */
  provinceIds: number[] | null;
  communeIds: number[] | null;
  /** Only these reform areas (null: all seven). */
  areaCodes?: string[] | null;
  groupBy: RollupDimension[];
  having: RollupFilter[];
  orderBy: RollupOrder[];
  first: number | null;
  approvedOnly: boolean;
}

type RateMeasure = 'completionRate' | 'dueCompletionRate' | 'onTimeRate';

export type RollupRow = Record<Exclude<RollupMeasure, RateMeasure>, number> &
  Record<RateMeasure, number | null> & {
    provinceCode: string | null;
    provinceName: string | null;
    communeCode: string | null;
    communeName: string | null;
    areaCode: string | null;
    period: string | null;
  };

const DIMENSION_COLUMNS: Record<RollupDimension, string[]> = {
  PROVINCE: ['g.province_code', 'g.province_name'],
  COMMUNE: ['g.commune_code', 'g.commune_name'],
  AREA: ['g.area_code'],
  PERIOD: ['g.period'],
};

/** Filter operators of `having`, and their SQL. */
export const FILTER_OPERATORS = { LT: '<', LTE: '<=', GT: '>', GTE: '>=', EQ: '=' } as const;

/**
 * The as-of report of each row of a \`plans\` CTE (plan_id, period, period_end): the latest counted
 * report ending by the end of the period; ties go to the longer period, then the later submission.
 */
export function asOfReportSql(statuses: string): string {
  return `
      SELECT DISTINCT ON (pl.plan_id, pl.period) pl.plan_id, pl.period, r.id AS report_id
        FROM plans pl JOIN status_report r ON r.plan_id = pl.plan_id
       WHERE r.status IN ${statuses} AND r.period_end <= pl.period_end
       ORDER BY pl.plan_id, pl.period, r.period_end DESC, r.period_start ASC, r.submitted_at DESC NULLS LAST`;
}

export const COUNTED_STATUSES = `('SUBMITTED', 'APPROVED')`;

/**
 * Completion of commune plans by province, commune, reform area and period, in one statement
 * (semantics in docs/ROLLUPS.md). For each plan of the period's year, the status of each task is
 * what the latest counted report ending by the end of the period says (no report: not started).
 * The per-plan counts come from plan_rollup, which database triggers recompute in the same
 * transaction as every write (migration PlanRollup1795450000000); this sums them. Groups are the
 * full grid of the dimensions asked for, so empty areas come out as zeros.
 */
export async function rollup(dataSource: DataSource, request: RollupRequest): Promise<RollupRow[]> {
  const dims = new Set(request.groupBy);
  const select = (d: RollupDimension, columns: string[], aliases: string[]) =>
    dims.has(d)
      ? columns.map((c, i) => `${c} AS "${aliases[i]}"`)
      : aliases.map((a) => `NULL::text AS "${a}"`);
  const groupColumns = request.groupBy.flatMap((d) => DIMENSION_COLUMNS[d]);
  const measures = `
      sum(g.tasks)::int AS "taskCount",
      sum(g.completed)::int AS "completedCount",
      sum(g.in_progress)::int AS "inProgressCount",
      sum(g.not_started)::int AS "notStartedCount",
      sum(g.cancelled)::int AS "cancelledCount",
      sum(g.overdue)::int AS "overdueCount",
      sum(g.completed)::float / NULLIF(sum(g.tasks) - sum(g.cancelled), 0) AS "completionRate",
      sum(g.due_done)::float / NULLIF(sum(g.due), 0) AS "dueCompletionRate",
      sum(g.on_time)::float / NULLIF(sum(g.done_with_due), 0) AS "onTimeRate",
      sum(g.met)::int AS "indicatorsMet",
      sum(g.not_met)::int AS "indicatorsNotMet",
      sum(g.no_data)::int AS "indicatorsNoData"`;

  const sql = `
    WITH periods AS (
      SELECT * FROM unnest($1::text[], $2::int[]) AS p(period, year)
    ),
    plans AS (
      SELECT pl.id AS plan_id, per.period, c.code AS commune_code, c.name AS commune_name,
             pv.code AS province_code, pv.name AS province_name
        FROM periods per
        JOIN plan pl ON pl.year = per.year AND pl.commune_id IS NOT NULL
        JOIN commune c ON c.id = pl.commune_id
        LEFT JOIN province pv ON pv.id = c.province_id
       WHERE ($3::int[] IS NULL OR c.province_id = ANY($3)) AND ($4::int[] IS NULL OR c.id = ANY($4))
    ),
    -- The grid: every plan and period crossed with the areas asked for, so empty areas still appear,
    -- with the counts that the plan_rollup triggers keep in step with the raw rows.
    g AS (
      SELECT pl.*, ra.code AS area_code,
             COALESCE(pr.tasks, 0) AS tasks, COALESCE(pr.completed, 0) AS completed,
             COALESCE(pr.in_progress, 0) AS in_progress, COALESCE(pr.not_started, 0) AS not_started,
             COALESCE(pr.cancelled, 0) AS cancelled, COALESCE(pr.overdue, 0) AS overdue, COALESCE(pr.due, 0) AS due,
             COALESCE(pr.due_done, 0) AS due_done, COALESCE(pr.done_with_due, 0) AS done_with_due,
             COALESCE(pr.on_time, 0) AS on_time, COALESCE(pr.met, 0) AS met, COALESCE(pr.not_met, 0) AS not_met,
             COALESCE(pr.no_data, 0) AS no_data
        FROM plans pl JOIN reform_area ra ON ($5::text[] IS NULL OR ra.code = ANY($5))
        -- period = ANY($1) repeats the join condition so the planner can scan just those periods.
        LEFT JOIN plan_rollup pr ON pr.approved_only = $6 AND pr.period = ANY($1) AND pr.period = pl.period
                                AND pr.plan_id = pl.plan_id AND pr.area_code = ra.code
    )
    SELECT ${[
      ...select(RollupDimension.PROVINCE, DIMENSION_COLUMNS.PROVINCE, ['provinceCode', 'provinceName']),
      ...select(RollupDimension.COMMUNE, DIMENSION_COLUMNS.COMMUNE, ['communeCode', 'communeName']),
      ...select(RollupDimension.AREA, DIMENSION_COLUMNS.AREA, ['areaCode']),
      ...select(RollupDimension.PERIOD, DIMENSION_COLUMNS.PERIOD, ['period']),
    ].join(', ')}, ${measures}
      FROM g ${groupColumns.length ? `GROUP BY ${groupColumns.join(', ')}` : ''}`;

  const measureOf = (m: RollupMeasure) => `r."${m}"`;
  const where = request.having.map(
    (f) => `${measureOf(f.measure)} ${FILTER_OPERATORS[f.op]} ${Number(f.value)}`,
  );
  const order = [
    ...request.orderBy.map((o) => `${measureOf(o.measure)} ${o.descending ? 'DESC' : 'ASC'} NULLS LAST`),
    `r."provinceCode"`,
    `r."communeCode"`,
    `r."period"`,
    `(SELECT position FROM reform_area WHERE code = r."areaCode")`,
  ];
  const outer = `SELECT r.* FROM (${sql}) r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order.join(', ')} ${request.first !== null ? `LIMIT ${Number(request.first)}` : ''}`;
  const { periods } = request;
  return dataSource.query(outer, [
    periods.map((p) => p.code),
    periods.map((p) => p.year),
    request.provinceIds,
    request.communeIds,
    request.areaCodes ?? null,
    request.approvedOnly,
  ]);
}
