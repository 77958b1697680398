import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../core/errors';
import { INTEGER_KEY, decodeCursor, encodeCursor, toConnection } from '../../core/pagination';
import type { Connection } from '../../core/pagination';
import type { Period } from '../../core/period';
import { periodArgument, periodsArgument } from '../../core/period.args';
import { DEFAULT_TIME_ZONE } from '../../core/relative-period';
import type { RequestContext } from '../../core/request-context';
import { canSeeCommune, canSeeProvince, hideUnless, visibleCommuneScope } from '../auth/policy';
import type { Commune } from '../commune/commune.entity';
import type { Plan } from '../plan/plan.entity';
import type { Province } from '../province/province.entity';
import { getProvinceByCode } from '../province/province.service';
import { FILTER_OPERATORS, RollupDimension, SortDirection } from './rollup.enums';
import { measureColumn, measureSelectSql } from './rollup.measures';
import type { RollupMeasure } from './rollup.measures';
import { ROLLUP_MAX_ROWS } from './rollup.type';
import type {
  CommuneRankingArgs,
  RollupArgs,
  RollupConnectionArgs,
  RollupQueryArgs,
  RollupRow,
  RollupSummary,
} from './rollup.type';

/** Most periods in one Query.rollup. */
export const MAX_PERIODS = 24;
/** Most communes in one Province.communeRanking. */
const MAX_RANKED_COMMUNES = 500;

export interface RollupFilter<M extends string = RollupMeasure> {
  measure: M;
  op: keyof typeof FILTER_OPERATORS;
  value: number;
}

export interface RollupOrder<M extends string = RollupMeasure> {
  measure: M;
  descending: boolean;
}

/**
 * `having` as SQL conditions on a roll-up's result columns (all must hold). Measures (through
 * `column`, an allow-list) and operators come from allow-lists; the values are bound parameters
 * numbered from `firstParam` on, returned in that order.
 */
export function havingSql<M extends string>(
  having: readonly RollupFilter<M>[],
  column: (measure: M) => string,
  firstParam: number,
): { conditions: string[]; values: number[] } {
  return {
    conditions: having.map(
      (f, i) => `${column(f.measure)} ${FILTER_OPERATORS[f.op]} $${firstParam + i}::float8`,
    ),
    values: having.map((f) => f.value),
  };
}

/** `orderBy` as ORDER BY terms (nulls last either way); the caller appends its tie-breakers. */
export function orderBySql<M extends string>(
  orderBy: readonly RollupOrder<M>[],
  column: (measure: M) => string,
): string[] {
  return orderBy.map((o) => `${column(o.measure)} ${o.descending ? 'DESC' : 'ASC'} NULLS LAST`);
}

export interface RollupRequest {
  periods: Period[];
  /** Only communes of these provinces / these communes (null: no restriction). */
  provinceIds: number[] | null;
  communeIds: number[] | null;
  /** Only these plans, which may include province plans (for Plan.rollup); grouped by plan when set. */
  planIds?: number[] | null;
  /** Only these reform areas (null: all seven). */
  areaCodes?: string[] | null;
  groupBy: RollupDimension[];
  having: RollupFilter[];
  orderBy: RollupOrder[];
  first: number | null;
  /** Rows to skip (a page after a cursor). */
  offset?: number;
  /** Add the number of rows before LIMIT/OFFSET to every row, as "totalCount". */
  withTotal?: boolean;
  approvedOnly: boolean;
  /** Sum plan by plan even when province sums would do (tests compare the two paths). */
  fromPlans?: boolean;
}

/** A row as the roll-up statement returns it: RollupRow's fields, and the plan when grouped by plan. */
export type RollupSqlRow = RollupRow & { planId: number | null };

const DIMENSION_COLUMNS: Record<RollupDimension, string[]> = {
  PROVINCE: ['g.province_code', 'g.province_name'],
  COMMUNE: ['g.commune_code', 'g.commune_name'],
  AREA: ['g.area_code'],
  PERIOD: ['g.period'],
};

/** plan_rollup's count columns. */
const COUNTS = [
  'tasks',
  'completed',
  'in_progress',
  'not_started',
  'cancelled',
  'overdue',
  'due',
  'due_done',
  'done_with_due',
  'on_time',
  'met',
  'not_met',
  'no_data',
];

/** "g.province_code" → "province_code". */
const bare = (column: string) => column.slice(column.indexOf('.') + 1);

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
 * Whether a request is answered from province_rollup (plan_rollup summed per province, migration
 * ProvinceRollup1795550000000): no commune or plan in the filters or the groups, so every group is
 * a sum of whole provinces.
 */
export function provinceLevel(request: RollupRequest): boolean {
  return (
    !request.fromPlans &&
    !request.planIds &&
    request.communeIds === null &&
    !request.groupBy.includes(RollupDimension.COMMUNE)
  );
}

/**
 * The province path: the same `g` rows as planRollupCtes for a province-level request, one per
 * province (0: communes without one), period and area, from province_rollup, through
 * cchc_province_rollup_grid (migration ProvinceRollupGrid1795590000000), whose plan PostgreSQL
 * keeps per connection: planning the same CTEs here cost more than running them. $4 and $7
 * (communes, plans) are null on this path.
 */
function provinceRollupCtes(): string {
  return `
    WITH g AS (
      SELECT * FROM cchc_province_rollup_grid($1::text[], $2::int[], $3::int[], $5::text[], $6::boolean)
       WHERE $4::int[] IS NULL AND $7::int[] IS NULL
    )`;
}

/**
 * The general path: the `g` rows (one per group of the dimensions other than the area, crossed
 * with the areas asked for) summed from plan_rollup, plan by plan.
 */
function planRollupCtes(request: RollupRequest, placeColumns: string[]): string {
  const byPlan = Boolean(request.planIds);
  return `    WITH periods AS (
      SELECT * FROM unnest($1::text[], $2::int[]) AS p(period, year)
    ),
    plans AS (
      SELECT pl.id AS plan_id, per.period, c.code AS commune_code, c.name AS commune_name,
             pv.code AS province_code, pv.name AS province_name
        FROM periods per
        JOIN plan pl ON pl.year = per.year
        LEFT JOIN commune c ON c.id = pl.commune_id
        LEFT JOIN province pv ON pv.id = c.province_id
       WHERE ($3::int[] IS NULL OR c.province_id = ANY($3)) AND ($4::int[] IS NULL OR c.id = ANY($4))
         -- Roll-ups are over commune plans; a province's own plan only when asked for by id.
         AND ${byPlan ? 'pl.id = ANY($7)' : '$7::int[] IS NULL AND pl.commune_id IS NOT NULL'}
    ),
    -- Counts summed per group and area over the rows the plan_rollup triggers keep in step with the
    -- raw rows. period = ANY($1) repeats the join condition so the planner scans just those periods.
    cells AS (
      SELECT ${[...placeColumns, 'pr.area_code'].join(', ')}, ${COUNTS.map((c) => `sum(pr.${c}) AS ${c}`).join(', ')}
        FROM plans pl
        JOIN plan_rollup pr ON pr.approved_only = $6 AND pr.period = ANY($1) AND pr.period = pl.period
                           AND pr.plan_id = pl.plan_id
       WHERE ($5::text[] IS NULL OR pr.area_code = ANY($5))
       GROUP BY ${[...placeColumns, 'pr.area_code'].join(', ')}
    ),
    -- The grid: every group crossed with the areas asked for, so empty areas still appear as zeros.
    g AS (
      SELECT grid.*, ${COUNTS.map((c) => `COALESCE(c.${c}, 0) AS ${c}`).join(', ')}
        FROM (SELECT ${placeColumns.length ? placeColumns.join(', ') : 'NULL AS everything'}, ra.code AS area_code
                FROM (SELECT DISTINCT ${placeColumns.length ? placeColumns.join(', ') : '1'} FROM plans pl) pl
                JOIN reform_area ra ON ($5::text[] IS NULL OR ra.code = ANY($5))) grid
        LEFT JOIN cells c ON c.area_code = grid.area_code
                         ${placeColumns.map((col) => `AND COALESCE(c.${bare(col)}::text, '') = COALESCE(grid.${bare(col)}::text, '')`).join(' ')}
    )`;
}

/**
 * Completion of commune plans by province, commune, reform area and period, in one statement
 * (semantics in docs/ROLLUPS.md). For each plan of the period's year, the status of each task is
 * what the latest counted report ending by the end of the period says (no report: not started).
 * The per-plan counts come from plan_rollup, which database triggers recompute in the same
 * transaction as every write (migration PlanRollup1795450000000); this sums them, or, for a request
 * of whole provinces, their sums per province in province_rollup (kept by triggers on plan_rollup).
 * Groups are the full grid of the dimensions asked for, so empty areas come out as zeros.
 */
export async function rollupRows(dataSource: DataSource, request: RollupRequest): Promise<RollupSqlRow[]> {
  const dims = new Set(request.groupBy);
  const select = (d: RollupDimension, columns: string[], aliases: string[]) =>
    dims.has(d)
      ? columns.map((c, i) => `${c} AS "${aliases[i]}"`)
      : aliases.map((a) => `NULL::text AS "${a}"`);
  const groupColumns = request.groupBy.flatMap((d) => DIMENSION_COLUMNS[d]);
  // The group's columns other than the area, as columns of the plans CTE.
  const byPlan = Boolean(request.planIds);
  const placeColumns = [
    ...request.groupBy.filter((d) => d !== RollupDimension.AREA).flatMap((d) => DIMENSION_COLUMNS[d]),
    ...(byPlan ? ['g.plan_id'] : []),
  ].map((column) => `pl.${bare(column)}`);
  const sql = `
    ${provinceLevel(request) ? provinceRollupCtes() : planRollupCtes(request, placeColumns)}
    SELECT ${[
      ...select(RollupDimension.PROVINCE, DIMENSION_COLUMNS.PROVINCE, ['provinceCode', 'provinceName']),
      ...select(RollupDimension.COMMUNE, DIMENSION_COLUMNS.COMMUNE, ['communeCode', 'communeName']),
      ...select(RollupDimension.AREA, DIMENSION_COLUMNS.AREA, ['areaCode']),
      ...select(RollupDimension.PERIOD, DIMENSION_COLUMNS.PERIOD, ['period']),
      byPlan ? 'g.plan_id AS "planId"' : 'NULL::int AS "planId"',
    ].join(', ')},
      ${measureSelectSql()}
      FROM g ${groupColumns.length || byPlan ? `GROUP BY ${[...groupColumns, ...(byPlan ? ['g.plan_id'] : [])].join(', ')}` : ''}`;

  const { conditions: where, values: havingValues } = havingSql(request.having, measureColumn, 8);
  const order = [
    ...orderBySql(request.orderBy, measureColumn),
    `r."provinceCode"`,
    `r."communeCode"`,
    `r."period"`,
    `(SELECT position FROM reform_area WHERE code = r."areaCode")`,
  ];
  const outer = `SELECT r.*${request.withTotal ? ', count(*) OVER ()::int AS "totalCount"' : ''}
    FROM (${sql}) r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order.join(', ')} ${request.first !== null ? `LIMIT ${Number(request.first)}` : ''}
    ${request.offset ? `OFFSET ${Number(request.offset)}` : ''}`;
  const { periods } = request;
  return dataSource.query(outer, [
    periods.map((p) => p.code),
    periods.map((p) => p.year),
    request.provinceIds,
    request.communeIds,
    request.areaCodes ?? null,
    request.approvedOnly,
    request.planIds ?? null,
    ...havingValues,
  ]);
}

/**
 * Query.rollup: the places asked for (NOT_FOUND when missing or outside the viewer's scope), else
 * the communes the viewer sees, in the areas asked for; periods read against today in the
 * province's time zone. Without
 * `first`, every row as long as there are at most ROLLUP_MAX_ROWS (else BAD_USER_INPUT: a list is
 * never cut short without the caller asking).
 */
export async function rollup(ctx: RequestContext, args: RollupArgs): Promise<RollupSqlRow[]> {
  const request = await rollupRequest(ctx, args);
  if (args.first !== null && args.first !== undefined) {
    return rollupRows(ctx.dataSource, { ...request, first: args.first });
  }
  const rows = await rollupRows(ctx.dataSource, { ...request, first: ROLLUP_MAX_ROWS + 1 });
  if (rows.length > ROLLUP_MAX_ROWS) {
    throw new BadUserInputError(
      `This roll-up has more than ${ROLLUP_MAX_ROWS} rows: pass first (top-N with orderBy, at most ${ROLLUP_MAX_ROWS}), or page through rollupConnection(first, after).`,
      'first',
    );
  }
  return rows;
}

/** Query.rollupConnection: Query.rollup's rows a page at a time, with the number in all. */
export async function rollupConnection(
  ctx: RequestContext,
  args: RollupConnectionArgs,
): Promise<Connection<RollupRow>> {
  const offset = args.after ? Number(decodeCursor('rollup', args.after, INTEGER_KEY)) : 0;
  const request = await rollupRequest(ctx, args);
  const page = { ...request, first: args.first + 1, offset, withTotal: true };
  let rows = await rollupRows(ctx.dataSource, page);
  // Past the end there is no row to carry the count: ask again from the start for it.
  const counted = (rows[0] ?? (await rollupRows(ctx.dataSource, { ...page, first: 1, offset: 0 }))[0]) as
    | (RollupSqlRow & { totalCount: number })
    | undefined;
  rows = rows.map(({ totalCount: _count, ...row }: RollupSqlRow & { totalCount?: number }) => row);
  const positions = new Map(rows.map((row, index) => [row, offset + index + 1]));
  return toConnection(rows, args, counted?.totalCount ?? 0, (row) =>
    encodeCursor('rollup', positions.get(row)!),
  );
}

/** The RollupRequest of Query.rollup's arguments, checked against the viewer's scope. */
async function rollupRequest(
  ctx: RequestContext,
  args: RollupQueryArgs,
): Promise<Omit<RollupRequest, 'first'>> {
  const province = args.provinceCode ? await getProvinceByCode(ctx, args.provinceCode) : null;
  if (province) hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
  const communes = await communesOfCodes(ctx, args.communeCode ?? null, args.communeCodes ?? null);
  // Without an explicit place, only the communes the viewer sees are rolled up.
  const visible = visibleCommuneScope(ctx.viewer);
  const periods = periodsArgument(args.periods, province?.timeZone ?? DEFAULT_TIME_ZONE);
  if (!periods.length || periods.length > MAX_PERIODS) {
    throw new BadUserInputError(`Give between 1 and ${MAX_PERIODS} periods.`, 'periods');
  }
  return {
    periods,
    provinceIds: province ? [province.id] : visible.provinceIds,
    communeIds: communes ?? visible.communeIds,
    areaCodes: args.areaCodes ? [...new Set(args.areaCodes)] : null,
    groupBy: [...new Set(args.groupBy)],
    having: args.having,
    orderBy: args.orderBy.map((o) => ({
      measure: o.measure,
      descending: o.direction === SortDirection.DESC,
    })),
    approvedOnly: args.approvedOnly,
  };
}

/**
 * The ids of the communes that communeCode and communeCodes allow (both must hold), or null when
 * neither is given. Every code is checked like a commune asked for by code: one that does not
 * exist or that the viewer may not see is NOT_FOUND, worded alike, for the first such code
 * (communeCode, then communeCodes in the order given). One statement for all the codes.
 */
async function communesOfCodes(
  ctx: RequestContext,
  communeCode: string | null,
  communeCodes: string[] | null,
): Promise<number[] | null> {
  if (communeCode === null && communeCodes === null) return null;
  const codes = [...new Set([...(communeCode === null ? [] : [communeCode]), ...(communeCodes ?? [])])];
  const rows: { id: number; code: string; provinceId: number | null }[] = await ctx.dataSource.query(
    'SELECT id, code, province_id AS "provinceId" FROM commune WHERE code = ANY($1)',
    [codes],
  );
  const byCode = new Map(rows.map((row) => [row.code, row]));
  for (const code of codes) {
    const commune = byCode.get(code);
    hideUnless(commune !== undefined && canSeeCommune(ctx.viewer, commune), 'Commune', code);
  }
  const idOf = (code: string) => byCode.get(code)!.id;
  const listed = communeCodes === null ? null : new Set(communeCodes.map(idOf));
  if (communeCode === null) return [...listed!];
  return !listed || listed.has(idOf(communeCode)) ? [idOf(communeCode)] : [];
}

/** Province.communeRanking: the province's communes for a period, best completionRate first. */
export function communeRanking(
  ctx: RequestContext,
  province: Province,
  args: CommuneRankingArgs,
): Promise<RollupSqlRow[]> {
  if (args.first < 0 || args.first > MAX_RANKED_COMMUNES) {
    throw new BadUserInputError(`first must be between 0 and ${MAX_RANKED_COMMUNES}.`, 'first');
  }
  return rollupRows(ctx.dataSource, {
    periods: [periodArgument(args.period)],
    provinceIds: [province.id],
    communeIds: null,
    areaCodes: args.areaCode ? [args.areaCode] : null,
    groupBy: [RollupDimension.COMMUNE],
    having: [],
    orderBy: [{ measure: 'completionRate', descending: true }],
    first: args.first,
    approvedOnly: false,
  });
}

/** Province.rollup: the province's total and areas for a period, batched across provinces. */
export function provinceRollup(
  ctx: RequestContext,
  province: Province,
  period: string,
): Promise<RollupSummary> {
  return ctx.loaders.provinceRollup.load({
    id: province.id,
    code: province.code,
    period: periodArgument(period),
  });
}

/** Commune.rollup: the commune's total and areas for a period, batched across communes. */
export function communeRollup(ctx: RequestContext, commune: Commune, period: string): Promise<RollupSummary> {
  return ctx.loaders.communeRollup.load({
    id: commune.id,
    code: commune.code,
    period: periodArgument(period),
  });
}

/** Plan.rollup: the plan's total and areas for a period of its year (BAD_USER_INPUT otherwise). */
export function planRollup(ctx: RequestContext, plan: Plan, code: string): Promise<RollupSummary> {
  const period = periodArgument(code);
  if (period.year !== plan.year) {
    throw new BadUserInputError(
      `Period ${period.code} is outside the plan year ${plan.year}; ask for a period of ${plan.year}.`,
      'period',
    );
  }
  return ctx.loaders.planRollup.load({ id: plan.id, period });
}
