import type { RequestContext } from '../../core/request-context';
import { listReformAreas } from '../reform-area/reform-area.service';
import type { ReformAreaCode } from '../reform-area/reform-area.entity';
import { rollupConnection } from '../rollup/rollup.service';
import { ROLLUP_MAX_ROWS, RollupConnectionArgs } from '../rollup/rollup.type';
import type { RollupRow } from '../rollup/rollup.type';
import type { ExportRow } from './export.formats';
import { rollupColumns } from './export.kinds';
import type { ExportLang, ExportRequest, ExportTable, RollupExportParams } from './export.kinds';

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
    case 'INDICATORS':
    case 'REPORTING':
    case 'PLAN':
      throw new Error(`The ${request.kind} export is not written yet.`);
  }
}
