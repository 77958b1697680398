import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../core/errors';
import type { Period } from '../../core/period';
import { periodsArgument } from '../../core/period.args';
import { DEFAULT_TIME_ZONE } from '../../core/relative-period';
import type { RequestContext } from '../../core/request-context';
import { canReadOwner, canSeeProvince, hideUnless, readableCommuneScope } from '../auth/policy';
import type { CommuneScope } from '../auth/policy';
import type { Comparator, IndicatorUnit } from '../indicator/indicator.enums';
import type { Province } from '../province/province.entity';
import { getProvinceByCode } from '../province/province.service';
import { columnOf, selectSqlOf } from '../rollup/rollup.measures';
import { SortDirection } from '../rollup/rollup.enums';
import { havingSql, MAX_PERIODS, orderBySql } from '../rollup/rollup.service';
import type { RollupFilter, RollupOrder } from '../rollup/rollup.service';
import { ROLLUP_MAX_ROWS } from '../rollup/rollup.type';
import { IndicatorAttainment, IndicatorRollupDimension } from './indicator-rollup.enums';
import { INDICATOR_ROLLUP_MEASURES, INDICATOR_ROLLUP_PROVINCE_SQL } from './indicator-rollup.measures';
import type { IndicatorRollupMeasure } from './indicator-rollup.measures';
import type {
  IndicatorLeagueArgs,
  IndicatorLeagueRow,
  IndicatorRollupArgs,
  IndicatorRollupRow,
  IndicatorTargetFigures,
} from './indicator-rollup.type';

/** Most communes in one Province.indicatorLeague. */
const MAX_LEAGUE_COMMUNES = 500;

/** A request for indicator roll-up rows, its arguments parsed and scoped. */
export interface IndicatorRollupRequest {
  periods: Period[];
  catalogCode: string;
  /** The place asked for, and the communes the viewer reads (null: no restriction). */
  place: CommuneScope;
  readable: CommuneScope;
  groupBy: IndicatorRollupDimension[];
  having: RollupFilter<IndicatorRollupMeasure>[];
  orderBy: RollupOrder<IndicatorRollupMeasure>[];
  first: number | null;
  approvedOnly: boolean;
  /** Read plan by plan even when the province rows would do (tests compare the two paths). */
  fromPlans?: boolean;
}

const DIMENSION_COLUMNS: Record<IndicatorRollupDimension, [string, string][]> = {
  PROVINCE: [
    ['d.province_code', 'provinceCode'],
    ['d.province_name', 'provinceName'],
  ],
  COMMUNE: [
    ['d.commune_code', 'communeCode'],
    ['d.commune_name', 'communeName'],
  ],
  PERIOD: [['d.period', 'period']],
};

/** A target's columns, read as IndicatorTargetFigures (prefix: the table alias's column prefix). */
const targetColumns = (alias: string, name: string) =>
  `${alias}.id::text AS "${name}Id", ${alias}.target_text AS "${name}Text", ${alias}.comparator AS "${name}Comparator",
   ${alias}.target_value::float8 AS "${name}Value", ${alias}.target_max::float8 AS "${name}Max", ${alias}.unit AS "${name}Unit"`;

type TargetSqlRow = Record<string, string | number | null>;

function targetOf(row: TargetSqlRow, name: string): IndicatorTargetFigures | null {
  if (row[`${name}Id`] === null || row[`${name}Id`] === undefined) return null;
  return {
    indicatorId: String(row[`${name}Id`]),
    text: row[`${name}Text`] as string,
    comparator: row[`${name}Comparator`] as Comparator | null,
    value: row[`${name}Value`] as number | null,
    max: row[`${name}Max`] as number | null,
    unit: row[`${name}Unit`] as IndicatorUnit | null,
  };
}

/**
 * The `d` rows of an indicator roll-up: one per commune plan in scope and period, with the plan's
 * indicator of the entry (the first by position; null when it has none), its actual value in the
 * as-of report (the same report as every roll-up), whether it is met (indicator_met), how its
 * target compares with the province target it is linked to (indicator_target_comparison), and the
 * province plan's own indicator of the entry for the year. The per-plan figures are read from
 * plan_indicator_rollup, which the roll-up triggers keep equal to cchc_plan_indicator_rollup_rows()
 * (migrations/1795600000000-plan-indicator-rollup.ts); the plans come from plan and commune, so a
 * plan without the indicator still counts as missing. Parameters: $1 period codes, $2 years, $3
 * period ends, $4–$7 place and readable scopes, $8 catalogue code.
 */
function indicatorRowsSql(approvedOnly: boolean): string {
  return `
    WITH periods AS (
      SELECT * FROM unnest($1::text[], $2::int[], $3::date[]) AS p(period, year, period_end)
    ),
    plans AS (
      SELECT pl.id AS plan_id, per.period, per.year, per.period_end, c.province_id,
             c.code AS commune_code, c.name AS commune_name, pv.code AS province_code, pv.name AS province_name
        FROM periods per
        JOIN plan pl ON pl.year = per.year
        JOIN commune c ON c.id = pl.commune_id
        LEFT JOIN province pv ON pv.id = c.province_id
       WHERE ($4::int[] IS NULL OR c.province_id = ANY($4)) AND ($5::int[] IS NULL OR c.id = ANY($5))
         AND ($6::int[] IS NULL OR c.province_id = ANY($6)) AND ($7::int[] IS NULL OR c.id = ANY($7))
    ),
    province_targets AS (
      SELECT DISTINCT ON (pp.province_id, pp.year) pp.province_id, pp.year, pi.id
        FROM plan pp JOIN indicator pi ON pi.plan_id = pp.id
       WHERE pp.province_id IS NOT NULL AND pp.year = ANY($2) AND pi.catalog_code = $8
       ORDER BY pp.province_id, pp.year, pi.position
    ),
    d AS (
      SELECT pl.*, r.indicator_id, r.actual::float8 AS actual, r.met, r.comparison,
             r.linked_id, pt.id AS province_indicator_id
        FROM plans pl
        LEFT JOIN plan_indicator_rollup r
               ON r.approved_only = ${approvedOnly ? 'true' : 'false'} AND r.catalog_code = $8
              AND r.period = pl.period AND r.plan_id = pl.plan_id
        LEFT JOIN province_targets pt ON pt.province_id = pl.province_id AND pt.year = pl.year
    )`;
}

const baseParams = (
  request: Pick<IndicatorRollupRequest, 'periods' | 'place' | 'readable' | 'catalogCode'>,
) => [
  request.periods.map((p) => p.code),
  request.periods.map((p) => p.year),
  request.periods.map((p) => p.end),
  request.place.provinceIds,
  request.place.communeIds,
  request.readable.provinceIds,
  request.readable.communeIds,
  request.catalogCode,
];

const measureColumn = (name: IndicatorRollupMeasure) => columnOf(INDICATOR_ROLLUP_MEASURES, name);

/** The SQL rows of an indicator roll-up, with the province target's owner for the read check. */
type IndicatorRollupSqlRow = IndicatorRollupRow & TargetSqlRow & { targetProvinceId: number | null };

/**
 * Can province_indicator_rollup answer? Only when each row is one province and one period and the
 * viewer reads whole provinces: quartiles of several provinces or periods cannot be merged from
 * theirs, and a commune scope needs the communes' own rows.
 */
export function readsProvinceRows(request: IndicatorRollupRequest): boolean {
  const dims = new Set(request.groupBy);
  const codes = request.periods.map((p) => p.code);
  return (
    !request.fromPlans &&
    dims.has(IndicatorRollupDimension.PROVINCE) &&
    !dims.has(IndicatorRollupDimension.COMMUNE) &&
    (dims.has(IndicatorRollupDimension.PERIOD) || codes.length === 1) &&
    // The same period asked twice counts twice in a plan-by-plan row.
    new Set(codes).size === codes.length &&
    request.place.communeIds === null &&
    request.readable.communeIds === null
  );
}

/**
 * The grouped rows from the plans (`d`: one per commune plan in scope and period), as
 * INDICATOR_ROLLUP_MEASURES defines them.
 */
function rowsFromPlans(request: IndicatorRollupRequest): string {
  const dims = new Set(request.groupBy);
  const keys = Object.values(IndicatorRollupDimension).flatMap((d) =>
    DIMENSION_COLUMNS[d].map(([column, alias]) =>
      dims.has(d) ? `${column} AS "${alias}"` : `NULL::text AS "${alias}"`,
    ),
  );
  const groupColumns = request.groupBy.flatMap((d) => DIMENSION_COLUMNS[d].map(([column]) => column));
  return `${indicatorRowsSql(request.approvedOnly)}
    SELECT ${keys.join(', ')}, $8::text AS "catalogCode",
           ${selectSqlOf(INDICATOR_ROLLUP_MEASURES)},
           -- The row's province target when all its communes share one (one province, one year).
           CASE WHEN count(DISTINCT d.province_indicator_id) = 1 AND count(d.province_indicator_id) = count(*)
                THEN min(d.province_indicator_id) END AS province_indicator_id
      FROM d ${groupColumns.length ? `GROUP BY ${groupColumns.join(', ')}` : ''}`;
}

/**
 * The same rows from province_indicator_rollup (`g`: one province and period, with its commune
 * plans counted in province_commune_plans), for a request readsProvinceRows() accepts: a row per
 * province with commune plans in the period's year, as from the plans.
 */
function rowsFromProvinces(request: IndicatorRollupRequest): string {
  const byPeriod = request.groupBy.includes(IndicatorRollupDimension.PERIOD);
  return `
    WITH periods AS (
      SELECT * FROM unnest($1::text[], $2::int[], $3::date[]) AS p(period, year, period_end)
    ),
    g AS (
      SELECT per.period, per.year, pc.province_id, pc.plans, pv.code AS province_code, pv.name AS province_name,
             pr.communes, pr.met, pr.not_met, pr.no_data, pr.looser, pr.actuals,
             -- The same aggregate as from the plans, over the stored values: the same doubles.
             (SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]::float8[]) WITHIN GROUP (ORDER BY v)
                FROM unnest(pr.actuals) v) AS quartiles
        FROM periods per
        JOIN province_commune_plans pc ON pc.year = per.year
        LEFT JOIN province pv ON pv.id = pc.province_id
        LEFT JOIN province_indicator_rollup pr
               ON pr.approved_only = ${request.approvedOnly ? 'true' : 'false'} AND pr.catalog_code = $8
              AND pr.period = per.period AND pr.province_id = pc.province_id
       WHERE ($4::int[] IS NULL OR pc.province_id = ANY($4)) AND ($6::int[] IS NULL OR pc.province_id = ANY($6))
         -- Place and readable scopes name no commune here ($5, $7): readsProvinceRows.
         AND $5::int[] IS NULL AND $7::int[] IS NULL
    )
    SELECT g.province_code AS "provinceCode", g.province_name AS "provinceName",
           NULL::text AS "communeCode", NULL::text AS "communeName",
           ${byPeriod ? 'g.period' : 'NULL::text'} AS "period", $8::text AS "catalogCode",
           ${Object.entries(INDICATOR_ROLLUP_PROVINCE_SQL)
             .map(([name, sql]) => `${sql} AS "${name}"`)
             .join(',\n           ')},
           (SELECT pi.id FROM plan pp JOIN indicator pi ON pi.plan_id = pp.id
             WHERE pp.province_id = g.province_id AND pp.year = g.year AND pi.catalog_code = $8
             ORDER BY pi.position LIMIT 1) AS province_indicator_id
      FROM g`;
}

/**
 * Indicator attainment across communes, grouped by province, commune and period, in one statement
 * (semantics: docs/ROLLUPS.md, "Indicator roll-ups"): whole provinces from
 * province_indicator_rollup, the rest from plan_indicator_rollup, both refreshed by a write before
 * it commits, so a submitted value shows in the next read. No row when the catalogue has no such
 * code (the caller tells that apart from an empty answer).
 */
export async function indicatorRollupRows(
  dataSource: DataSource,
  request: IndicatorRollupRequest,
): Promise<IndicatorRollupSqlRow[]> {
  const { conditions, values } = havingSql(request.having, measureColumn, 9);
  const order = [
    ...orderBySql(request.orderBy, measureColumn),
    'r."provinceCode"',
    'r."communeCode"',
    'r."period"',
  ];
  const sql = `
    SELECT r.*, ${targetColumns('t', 'provinceTarget')}, tp.province_id AS "targetProvinceId"
      FROM (${readsProvinceRows(request) ? rowsFromProvinces(request) : rowsFromPlans(request)}) r
      LEFT JOIN indicator t ON t.id = r.province_indicator_id
      LEFT JOIN plan tp ON tp.id = t.plan_id
     WHERE EXISTS (SELECT 1 FROM indicator_catalog WHERE code = $8)
           ${conditions.map((c) => `AND ${c}`).join(' ')}
     ORDER BY ${order.join(', ')} ${request.first !== null ? `LIMIT ${Number(request.first)}` : ''}`;
  return dataSource.query(sql, [...baseParams(request), ...values]);
}

/** The catalogue entry's direction, or BAD_USER_INPUT naming where the codes are listed. */
async function catalogDirection(ctx: RequestContext, code: string): Promise<string> {
  const [entry] = await ctx.dataSource.query('SELECT direction FROM indicator_catalog WHERE code = $1', [
    code,
  ]);
  if (!entry) {
    throw new BadUserInputError(
      `"${code}" is not a catalogue code: Query.indicatorCatalog lists them (e.g. ONLINE_PAYMENT).`,
      'catalogCode',
    );
  }
  return entry.direction;
}

/** May the viewer read the province plan a target comes from? Officers read only their commune's plans. */
const readsProvincePlan = (ctx: RequestContext, provinceId: number | null) =>
  provinceId !== null && canReadOwner(ctx.viewer, { provinceId, communeId: null });

/** Query.indicatorRollup: the arguments checked against the viewer's scope, then the rows. */
export async function indicatorRollup(
  ctx: RequestContext,
  args: IndicatorRollupArgs,
): Promise<IndicatorRollupRow[]> {
  const province = args.provinceCode ? await getProvinceByCode(ctx, args.provinceCode) : null;
  if (province) hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
  const periods = periodsArgument(args.periods, province?.timeZone ?? DEFAULT_TIME_ZONE);
  if (!periods.length || periods.length > MAX_PERIODS) {
    throw new BadUserInputError(`Give between 1 and ${MAX_PERIODS} periods.`, 'periods');
  }
  const request: IndicatorRollupRequest = {
    periods,
    catalogCode: args.catalogCode,
    place: { provinceIds: province ? [province.id] : null, communeIds: null },
    // Actual values are plan content: each viewer rolls up the communes whose plans it reads.
    readable: readableCommuneScope(ctx.viewer),
    groupBy: [...new Set(args.groupBy)],
    having: args.having,
    orderBy: args.orderBy.map((o) => ({
      measure: o.measure,
      descending: o.direction === SortDirection.DESC,
    })),
    first: args.first ?? ROLLUP_MAX_ROWS + 1,
    approvedOnly: args.approvedOnly,
  };
  const rows = await indicatorRollupRows(ctx.dataSource, request);
  // No row: an unknown code (a second statement tells), or nothing in scope.
  if (!rows.length) await catalogDirection(ctx, args.catalogCode);
  if (args.first === null || args.first === undefined) {
    if (rows.length > ROLLUP_MAX_ROWS) {
      throw new BadUserInputError(
        `This roll-up has more than ${ROLLUP_MAX_ROWS} rows: pass first (top-N with orderBy, at most ${ROLLUP_MAX_ROWS}) or group by fewer dimensions.`,
        'first',
      );
    }
  }
  return rows.map((row) => ({
    ...row,
    provinceTarget: readsProvincePlan(ctx, row.targetProvinceId) ? targetOf(row, 'provinceTarget') : null,
  }));
}

/**
 * Province.indicatorLeague: the province's communes whose plan names the entry, by their as-of
 * actual value, best first in the entry's direction (no value last, then commune code), with their
 * target, the province target they are linked to and the comparison.
 */
export async function indicatorLeague(
  ctx: RequestContext,
  province: Province,
  args: IndicatorLeagueArgs,
): Promise<IndicatorLeagueRow[]> {
  if (args.first < 0 || args.first > MAX_LEAGUE_COMMUNES) {
    throw new BadUserInputError(`first must be between 0 and ${MAX_LEAGUE_COMMUNES}.`, 'first');
  }
  const periods = periodsArgument([args.period], province.timeZone ?? DEFAULT_TIME_ZONE, 'period');
  if (periods.length !== 1) {
    throw new BadUserInputError(`"${args.period}" names ${periods.length} periods; give one.`, 'period');
  }
  const direction = await catalogDirection(ctx, args.catalogCode);
  const rows: (TargetSqlRow & {
    communeCode: string;
    communeName: string;
    actualValue: number | null;
    met: boolean | null;
    comparison: string;
    linkedProvinceId: number | null;
  })[] = await ctx.dataSource.query(
    `${indicatorRowsSql(false)}
     SELECT d.commune_code AS "communeCode", d.commune_name AS "communeName", d.actual AS "actualValue", d.met,
            d.comparison, ${targetColumns('ci', 'target')}, ${targetColumns('li', 'provinceTarget')},
            lp.province_id AS "linkedProvinceId"
       FROM d
       JOIN indicator ci ON ci.id = d.indicator_id
       LEFT JOIN indicator li ON li.id = d.linked_id
       LEFT JOIN plan lp ON lp.id = li.plan_id
      ORDER BY d.actual ${direction === 'DECREASE' ? 'ASC' : 'DESC'} NULLS LAST, d.commune_code
      LIMIT $9`,
    [
      ...baseParams({
        periods,
        catalogCode: args.catalogCode,
        place: { provinceIds: [province.id], communeIds: null },
        readable: readableCommuneScope(ctx.viewer),
      }),
      args.first,
    ],
  );
  return rows.map((row, index) => ({
    rank: index + 1,
    communeCode: row.communeCode,
    communeName: row.communeName,
    actualValue: row.actualValue,
    attainment:
      row.met === null
        ? IndicatorAttainment.NO_DATA
        : row.met
          ? IndicatorAttainment.MET
          : IndicatorAttainment.NOT_MET,
    target: targetOf(row, 'target')!,
    provinceTarget: readsProvincePlan(ctx, row.linkedProvinceId) ? targetOf(row, 'provinceTarget') : null,
    comparison: row.comparison,
  }));
}
