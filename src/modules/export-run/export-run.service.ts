import path from 'node:path';
import type { SelectQueryBuilder } from 'typeorm';
import { writeTransaction } from '../../core/db/transaction';
import { ConflictError, DomainError, ErrorCode, NotFoundError } from '../../core/errors';
import { parseId } from '../../core/ids';
import { INTEGER_KEY, decodeCursor, encodeCursor, toConnection } from '../../core/pagination';
import type { Connection } from '../../core/pagination';
import type { RequestContext } from '../../core/request-context';
import type { Viewer } from '../../core/viewer';
import { canSeeExportsOf, hideUnless } from '../auth/policy';
import { CONTENT_TYPES } from '../export/export.service';
import type { Province } from '../province/province.entity';
import { checkExportRequest, requesterOf } from './export-request';
import { ExportRun } from './export-run.entity';
import { ExportRunStatus } from './export-run.enums';
import type { ExportRequestArgs, ExportRunsArgs } from './export-run.type';
import { enqueueRun } from './export-queue';

/** The record a missing or hidden run answers with: 'Export run "12" was not found.' */
export const EXPORT_RUN = 'Export run';

/**
 * Mutation.startExport: checks the request, then stores the run (QUEUED) and its pg-boss job in
 * one transaction, so that a run is never recorded without its job nor queued without its record.
 * The worker of any server on this database writes the file; it survives a restart.
 */
export async function startExport(ctx: RequestContext, args: ExportRequestArgs): Promise<ExportRun> {
  const { params } = await checkExportRequest(ctx, args, 'start an export');
  return writeTransaction(ctx.dataSource, async (manager) => {
    const run = await manager.getRepository(ExportRun).save(
      Object.assign(new ExportRun(), {
        kind: args.kind,
        params,
        format: args.format,
        lang: args.lang,
        status: ExportRunStatus.QUEUED,
        ...requesterOf(ctx.viewer),
      }),
    );
    await enqueueRun(manager, run.id);
    return manager.getRepository(ExportRun).findOneByOrFail({ id: run.id });
  });
}

/**
 * The export records a viewer may see, as a filter on their scope column (province_id): every
 * scope for whoever sees the runs of every province, its own province's for a token bound to one
 * (if it may see those), else none. Asked of policy.ts, so lists agree with single reads.
 */
export function exportScopeFilter<T extends { provinceId: number | null }>(
  query: SelectQueryBuilder<T>,
  viewer: Viewer,
): SelectQueryBuilder<T> {
  const alias = query.alias;
  if (canSeeExportsOf(viewer, null)) return query;
  if (viewer.provinceId !== null && canSeeExportsOf(viewer, viewer.provinceId)) {
    return query.andWhere(`${alias}.provinceId = :scopeProvinceId`, { scopeProvinceId: viewer.provinceId });
  }
  return query.andWhere('false');
}

const CURSOR_LIST = 'export-run';

/** Query.exportRuns: the runs the viewer may see, newest first; other scopes' runs are simply absent. */
export async function exportRuns(ctx: RequestContext, args: ExportRunsArgs): Promise<Connection<ExportRun>> {
  const query = exportScopeFilter(
    ctx.dataSource.getRepository(ExportRun).createQueryBuilder('r'),
    ctx.viewer,
  );
  if (args.status?.length) query.andWhere('r.status IN (:...statuses)', { statuses: args.status });
  if (args.kind) query.andWhere('r.kind = :kind', { kind: args.kind });
  if (args.scheduleId) query.andWhere('r.scheduleId = :scheduleId', { scheduleId: Number(args.scheduleId) });
  const total = await query.getCount();
  if (args.after) {
    const afterId = Number(decodeCursor(CURSOR_LIST, args.after, INTEGER_KEY));
    query.andWhere('r.id < :afterId', { afterId });
  }
  const rows = await query
    .orderBy('r.id', 'DESC')
    .take(args.first + 1)
    .getMany();
  return toConnection(rows, args, total, (run) => encodeCursor(CURSOR_LIST, run.id));
}

/** Query.exportRun: one run, NOT_FOUND when missing or outside the viewer's scope (worded alike). */
export async function exportRun(ctx: RequestContext, id: string): Promise<ExportRun> {
  const runId = parseId(id, 'id', 'export run');
  const run = await ctx.dataSource.getRepository(ExportRun).findOneBy({ id: runId });
  if (!run) throw new NotFoundError(EXPORT_RUN, id);
  hideUnless(canSeeExportsOf(ctx.viewer, run.provinceId), EXPORT_RUN, id);
  return run;
}

/** Where a succeeded run's file is served: GET <this path> with the bearer token. */
export const downloadPath = (runId: number) => `/exports/runs/${runId}/file`;

/** ExportRun.downloadUrl: the download path once the file is written, null before and after removal. */
export function downloadUrl(run: ExportRun): string | null {
  return run.status === ExportRunStatus.SUCCEEDED && run.fileName ? downloadPath(run.id) : null;
}

/** ExportRun.province and ExportSchedule.province: the owner's scope (null: every province). */
export function exportScopeProvince(
  ctx: RequestContext,
  run: { provinceId: number | null },
): Promise<Province | null> | null {
  return run.provinceId === null ? null : ctx.loaders.provinceById.load(run.provinceId);
}

/** A run's file that the retention period removed: NOT_FOUND, saying so. */
export class FileRemovedError extends DomainError {
  readonly code = ErrorCode.NOT_FOUND;
}

/** What the download route serves. */
export interface ExportRunFile {
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
  contentType: string;
}

/**
 * GET /exports/runs/<id>/file: the file of a run the viewer may see (NOT_FOUND otherwise, worded as
 * missing), once it succeeded (CONFLICT before: the status says when to come back) and until the
 * retention period removed it (NOT_FOUND saying so).
 */
export async function exportRunFile(ctx: RequestContext, id: string, dir: string): Promise<ExportRunFile> {
  const run = await exportRun(ctx, id);
  if (run.status !== ExportRunStatus.SUCCEEDED) {
    throw new ConflictError(
      `Export run ${run.id} is ${run.status}: its file can be downloaded once its status is SUCCEEDED` +
        (run.status === ExportRunStatus.FAILED ? ` (it failed: ${run.error ?? 'see its error'}).` : '.'),
    );
  }
  if (!run.fileName) {
    throw new FileRemovedError(
      `The file of export run ${run.id} was removed at the end of its retention period (CCHC_EXPORT_RETENTION_DAYS); start the export again.`,
    );
  }
  return {
    // basename: a stored name never leads out of the export directory.
    path: path.join(dir, path.basename(run.fileName)),
    fileName: run.fileName,
    bytes: run.bytes!,
    sha256: run.sha256!,
    contentType: CONTENT_TYPES[run.format],
  };
}
