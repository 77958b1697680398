import { BadUserInputError, NotFoundError } from '../../core/errors';
import type { Period } from '../../core/period';
import { periodsArgument } from '../../core/period.args';
import { DEFAULT_TIME_ZONE } from '../../core/relative-period';
import type { RequestContext } from '../../core/request-context';
import {
  canReadOwner,
  canSeeCommune,
  canSeeProvince,
  hideUnless,
  readableCommuneScope,
  visibleCommuneScope,
} from '../auth/policy';
import type { CommuneScope } from '../auth/policy';
import type { Commune } from '../commune/commune.entity';
import { getCommuneByCode } from '../commune/commune.service';
import {
  countIndicatorsAsOf,
  countTasksAsOf,
  indicatorRowsAsOf,
  taskRowsAsOf,
} from '../overdue/as-of.service';
import type { AsOfScope, PlanBatch } from '../overdue/as-of.service';
import { readablePlanDraft } from '../plan-export/plan-export.service';
import { planTables } from '../plan-export/plan-table-writer';
import { getProvinceByCode, listProvinces } from '../province/province.service';
import { listReformAreas } from '../reform-area/reform-area.service';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import { communeReporting } from '../reporting/reporting.service';
import { rollupConnection } from '../rollup/rollup.service';
import { ROLLUP_MAX_ROWS, RollupConnectionArgs } from '../rollup/rollup.type';
import type { RollupRow } from '../rollup/rollup.type';
import type { LineBatch } from '../../core/db/copy-lines';
import { planBatches } from './export.batches';
import type { ExportRow, LineFormat } from './export.formats';
import {
  INDICATOR_EXPORT_COLUMNS,
  REPORTING_EXPORT_COLUMNS,
  rollupColumns,
  TASK_EXPORT_COLUMNS,
} from './export.kinds';
import type {
  ExportLang,
  ExportRequest,
  ExportTable,
  IndicatorExportParams,
  PlanExportParams,
  ReportingExportParams,
  RollupExportParams,
  TaskExportParams,
} from './export.kinds';
import { indicatorLineBatches, taskLineBatches } from './export.lines';
import { planExportTables } from './export.plan';

/**
 * Where each kind's rows come from: the API's own services, called with the viewer's context, so
 * that an export sees exactly what the API shows that viewer. A source is prepared first (places,
 * periods and scope checked, the first batch read) so that a refusal comes before a byte is
 * written; then its batches are read one at a time, never the whole list at once.
 */

export interface SourceTable {
  table: ExportTable;
  /** Rows in all when known in advance (for progress), else null. */
  total: number | null;
  /** The rows, a batch at a time. */
  batches: AsyncIterable<ExportRow[]>;
  /**
   * The same rows as finished CSV or NDJSON lines built in PostgreSQL (export.lines.ts), a batch
   * at a time: the bytes the row writers would write for them. Only for kinds that have them.
   */
  lines?: (format: LineFormat) => AsyncIterable<LineBatch>;
}

export interface PreparedSource {
  tables: SourceTable[];
}

/** Area names by code, in the export's language. */
async function areaNames(ctx: RequestContext, lang: ExportLang): Promise<Map<string, string>> {
  const areas = await listReformAreas(ctx.dataSource);
  return new Map(areas.map((a) => [a.code, lang === 'vi' ? a.nameVi : a.nameEn]));
}

/** An async iterable of the first batch, then what `next` reads after it, until it returns null. */
function batchesFrom<T>(
  first: T[],
  more: boolean,
  next: (previous: T[]) => Promise<{ rows: T[]; more: boolean }>,
  toRow: (row: T) => ExportRow,
): AsyncIterable<ExportRow[]> {
  return {
    async *[Symbol.asyncIterator]() {
      let rows = first;
      let hasMore = more;
      for (;;) {
        if (rows.length) yield rows.map(toRow);
        if (!hasMore) return;
        ({ rows, more: hasMore } = await next(rows));
      }
    },
  };
}

// ---- ROLLUP ------------------------------------------------------------------------------------

/** Query.rollupConnection's arguments for an export's parameters, a page of ROLLUP_MAX_ROWS. */
function rollupArgs(params: RollupExportParams, after: string | null): RollupConnectionArgs {
  return Object.assign(new RollupConnectionArgs(), {
    periods: params.periods,
    provinceCode: params.province,
    communeCode: params.commune,
    // Absent from requests stored before these parameters existed.
    communeCodes: params.communes ?? null,
    areaCodes: params.areas ?? null,
    groupBy: params.groupBy,
    having: [],
    orderBy: [],
    approvedOnly: params.approvedOnly,
    first: ROLLUP_MAX_ROWS,
    after,
  });
}

/** The roll-up through Query.rollupConnection, a page of up to ROLLUP_MAX_ROWS rows at a time. */
async function rollupSource(
  ctx: RequestContext,
  params: RollupExportParams,
  lang: ExportLang,
): Promise<PreparedSource> {
  const first = await rollupConnection(ctx, rollupArgs(params, null));
  const names = await areaNames(ctx, lang);
  let cursor = first.pageInfo.endCursor;
  const toRow = (row: RollupRow): ExportRow => ({
    ...row,
    areaName: row.areaCode ? (names.get(row.areaCode as ReformAreaCode) ?? null) : null,
  });
  return {
    tables: [
      {
        table: { key: 'rollup', vi: 'Tổng hợp', en: 'Roll-up', columns: rollupColumns(params.groupBy) },
        total: first.totalCount,
        batches: batchesFrom(
          first.edges.map((e) => e.node),
          first.pageInfo.hasNextPage,
          async () => {
            const page = await rollupConnection(ctx, rollupArgs(params, cursor));
            cursor = page.pageInfo.endCursor;
            return { rows: page.edges.map((e) => e.node), more: page.pageInfo.hasNextPage };
          },
          toRow,
        ),
      },
    ],
  };
}

// ---- places and periods ------------------------------------------------------------------------

/**
 * The place of an export as a commune filter, checked as the API checks Query.rollup's place: a
 * province or commune the viewer may not see is NOT_FOUND, worded as missing. The time zone is the
 * province's (the commune's province's), for relative periods.
 */
async function placeOf(
  ctx: RequestContext,
  params: { province: string | null; commune?: string | null },
): Promise<{ place: CommuneScope; timeZone: string; commune: Commune | null }> {
  const province = params.province ? await getProvinceByCode(ctx, params.province) : null;
  if (province) hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
  const commune = params.commune ? await getCommuneByCode(ctx, params.commune) : null;
  if (commune) hideUnless(canSeeCommune(ctx.viewer, commune), 'Commune', commune.code);
  const communeProvince =
    commune?.provinceId && !province ? await ctx.loaders.provinceById.load(commune.provinceId) : null;
  return {
    place: { provinceIds: province ? [province.id] : null, communeIds: commune ? [commune.id] : null },
    timeZone: province?.timeZone ?? communeProvince?.timeZone ?? DEFAULT_TIME_ZONE,
    commune,
  };
}

/** One period (a code or a relative name naming one period), read in the place's time zone. */
function onePeriod(code: string, timeZone: string): Period {
  const periods = periodsArgument([code], timeZone, 'period');
  if (periods.length !== 1) {
    throw new BadUserInputError(
      `"${code}" names ${periods.length} periods; this export takes one (e.g. 2025Q3 or LAST_QUARTER).`,
      'period',
    );
  }
  return periods[0];
}

/** Most periods in one task list (as in Query.rollup). */
const MAX_PERIODS = 24;

/**
 * The scopes of a list of tasks or indicators, one per period: the place asked for, within the
 * communes whose plans the viewer reads (as Province.overdueTasks). A commune the viewer sees but
 * whose plan it may not read is NOT_FOUND, as its Commune.plan is in the API.
 */
async function asOfScopesOf(
  ctx: RequestContext,
  params: { province: string | null; commune: string | null; area: AsOfScope['areaCode'] },
  periodsOf: (timeZone: string) => Period[],
): Promise<AsOfScope[]> {
  const { place, timeZone, commune } = await placeOf(ctx, params);
  const periods = periodsOf(timeZone);
  if (commune && !canReadOwner(ctx.viewer, { provinceId: commune.provinceId, communeId: commune.id })) {
    throw new NotFoundError('Plan', `${commune.code} ${periods[0].year}`);
  }
  const readable = readableCommuneScope(ctx.viewer);
  return periods.map((period) => ({ period, place, readable, areaCode: params.area }));
}

/** Adds its area's name to a row, in place (a national list is hundreds of thousands of rows). */
const withAreaName =
  (names: Map<string, string>) =>
  <T extends { areaCode: string }>(row: T): ExportRow => {
    (row as T & { areaName: string | null }).areaName = names.get(row.areaCode) ?? null;
    return row as unknown as ExportRow;
  };

/** The rows of a list, plan batch by plan batch (export.batches.ts), each row made an ExportRow. */
function planRowBatches<T>(
  ctx: RequestContext,
  scope: AsOfScope,
  rowsOf: (batch: PlanBatch) => Promise<T[]>,
  toRow: (row: T) => ExportRow,
): AsyncIterable<ExportRow[]> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const rows of planBatches(ctx, scope, rowsOf, (rows) => rows.length)) yield rows.map(toRow);
    },
  };
}

// ---- TASKS and INDICATORS ----------------------------------------------------------------------

/**
 * Tasks as of a period, with status, milestones, overdue flag, commune and area; with several
 * periods, the list of each period after the other (a period column says which).
 */
async function taskSource(
  ctx: RequestContext,
  params: TaskExportParams,
  lang: ExportLang,
): Promise<PreparedSource> {
  const scopes = await asOfScopesOf(ctx, params, (timeZone) => {
    const periods = periodsArgument(params.periods, timeZone, 'period');
    if (periods.length > MAX_PERIODS) {
      throw new BadUserInputError(
        `Give at most ${MAX_PERIODS} periods; these name ${periods.length}.`,
        'period',
      );
    }
    return periods;
  });
  const options = { overdueOnly: params.overdueOnly };
  const [totals, names] = await Promise.all([
    Promise.all(scopes.map((scope) => countTasksAsOf(ctx.dataSource, scope, options))),
    areaNames(ctx, lang),
  ]);
  const addAreaName = withAreaName(names);
  return {
    tables: [
      {
        table: { key: 'tasks', vi: 'Nhiệm vụ', en: 'Tasks', columns: TASK_EXPORT_COLUMNS },
        total: totals.reduce((sum, n) => sum + n, 0),
        batches: {
          async *[Symbol.asyncIterator]() {
            for (const scope of scopes) {
              yield* planRowBatches(
                ctx,
                scope,
                (batch) => taskRowsAsOf(ctx.dataSource, batch, scope, options),
                (row) => {
                  (row as typeof row & { period: string }).period = scope.period.code;
                  return addAreaName(row);
                },
              );
            }
          },
        },
        lines: (format) => ({
          async *[Symbol.asyncIterator]() {
            for (const scope of scopes) yield* taskLineBatches(ctx, scope, options, format, lang, names);
          },
        }),
      },
    ],
  };
}

/** Indicators as of a period: target, actual value, and MET / NOT_MET / NO_DATA. */
async function indicatorSource(
  ctx: RequestContext,
  params: IndicatorExportParams,
  lang: ExportLang,
): Promise<PreparedSource> {
  const [scope] = await asOfScopesOf(ctx, params, (timeZone) => [onePeriod(params.period, timeZone)]);
  const [total, names] = await Promise.all([
    countIndicatorsAsOf(ctx.dataSource, scope),
    areaNames(ctx, lang),
  ]);
  return {
    tables: [
      {
        table: { key: 'indicators', vi: 'Chỉ tiêu', en: 'Indicators', columns: INDICATOR_EXPORT_COLUMNS },
        total,
        batches: planRowBatches(
          ctx,
          scope,
          (batch) => indicatorRowsAsOf(ctx.dataSource, batch, scope),
          withAreaName(names),
        ),
        lines: (format) => indicatorLineBatches(ctx, scope, format, lang, names),
      },
    ],
  };
}

// ---- REPORTING ---------------------------------------------------------------------------------

/**
 * Reporting completeness per commune (the rows Province.reporting counts), province by province:
 * the province asked for (NOT_FOUND if the viewer may not see it), else every province whose
 * figures the viewer reads.
 */
async function reportingSource(ctx: RequestContext, params: ReportingExportParams): Promise<PreparedSource> {
  const { place, timeZone } = await placeOf(ctx, params);
  const period = onePeriod(params.period, timeZone);
  const visible = visibleCommuneScope(ctx.viewer);
  const provinces = (await listProvinces(ctx)).filter(
    (p) =>
      (place.provinceIds?.includes(p.id) ?? true) &&
      (visible.provinceIds?.includes(p.id) ?? true) &&
      canSeeProvince(ctx.viewer, p.id),
  );
  provinces.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return {
    tables: [
      {
        table: {
          key: 'reporting',
          vi: 'Tình hình báo cáo',
          en: 'Reporting',
          columns: REPORTING_EXPORT_COLUMNS,
        },
        total: null,
        batches: {
          async *[Symbol.asyncIterator]() {
            for (const province of provinces) {
              const rows = await communeReporting(ctx.dataSource, [province.id], period);
              yield rows
                .filter((c) => visible.communeIds?.includes(c.id) ?? true)
                .map((c) => ({
                  provinceCode: province.code,
                  provinceName: province.name,
                  communeCode: c.code,
                  communeName: c.name,
                  period: period.code,
                  submitted: c.submitted,
                  onTime: c.onTime,
                  missing: !c.submitted,
                  submittedOn: c.submittedOn,
                  dueOn: c.dueOn,
                  status: c.status,
                }));
            }
          },
        },
      },
    ],
  };
}

// ---- PLAN --------------------------------------------------------------------------------------

/** A whole plan in the plan-file layout (docs/PLAN-FILES.md): its task table and indicator table. */
async function planSource(ctx: RequestContext, params: PlanExportParams): Promise<PreparedSource> {
  const owner = params.commune ? { communeCode: params.commune } : { provinceCode: params.province };
  const { draft } = await readablePlanDraft(ctx, owner, params.year);
  return {
    tables: planExportTables(planTables(draft)).map(({ table, rows }) => ({
      table,
      total: rows.length,
      batches: batchesFrom(
        rows,
        false,
        () => Promise.resolve({ rows: [], more: false }),
        (row) => row,
      ),
    })),
  };
}

/** Reads what an export writes, checked against the viewer (throws before anything is written). */
export async function prepareSource(
  ctx: RequestContext,
  request: ExportRequest,
  lang: ExportLang,
): Promise<PreparedSource> {
  switch (request.kind) {
    case 'ROLLUP':
      return rollupSource(ctx, request.params, lang);
    case 'TASKS':
      return taskSource(ctx, request.params, lang);
    case 'INDICATORS':
      return indicatorSource(ctx, request.params, lang);
    case 'REPORTING':
      return reportingSource(ctx, request.params);
    case 'PLAN':
      return planSource(ctx, request.params);
  }
}
