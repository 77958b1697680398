import { BadUserInputError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import { createRowWriter } from './export.formats';
import type { ExportFormat, ExportLang, ExportRequest } from './export.kinds';
import { prepareSource } from './export.sources';

export { parseExportRequest, exportFormatOf, exportKindOf, exportLangOf } from './export.kinds';
export type { ExportFormat, ExportKind, ExportLang, ExportRequest } from './export.kinds';
export { CONTENT_TYPES } from './export.formats';

/** Rows of an XLSX sheet below its header: Excel's 1,048,576 rows, less one. */
export const XLSX_MAX_ROWS = 1_048_575;

export interface WriteExportOptions {
  /** Language of the headers (and of area names and yes/no cells): Vietnamese by default. */
  lang?: ExportLang;
  /** Called after every batch: rows written so far, and rows in all when known. */
  onProgress?: (rows: number, total: number | null) => void;
  /** Stops the export between two batches (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * Writes CSV and NDJSON from rows even where PostgreSQL builds the lines (the TASKS kind): the
   * path XLSX takes. For the test that holds the two byte for byte equal.
   */
  rowWriters?: boolean;
}

/**
 * Writes an export to `out`, reading through the API's services as the viewer of `ctx` (so it sees
 * exactly what the API shows that viewer) a batch at a time, writing with backpressure.
 *
 * - A refusal (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN…) comes before anything is written: `out` is
 *   then untouched, so an HTTP handler can still answer with an error.
 * - On success `out` is ended, and the promise resolves once it has flushed ('finish').
 * - A failure after writing began (database, abort, closed output) destroys `out` with the error and
 *   rejects with it: a half-written file never looks complete.
 */
export async function writeExport(
  ctx: RequestContext,
  request: ExportRequest,
  format: ExportFormat,
  out: NodeJS.WritableStream,
  options: WriteExportOptions = {},
): Promise<{ rows: number }> {
  const lang = options.lang ?? 'vi';
  options.signal?.throwIfAborted();
  const source = await prepareSource(ctx, request, lang);
  const total = source.tables.every((t) => t.total !== null)
    ? source.tables.reduce((sum, t) => sum + t.total!, 0)
    : null;
  if (format === 'xlsx' && total !== null && total > XLSX_MAX_ROWS) {
    throw new BadUserInputError(
      `This export has ${total} rows, more than an XLSX sheet holds (${XLSX_MAX_ROWS}): ask for csv or ndjson, or for less (a province, an area, one period).`,
      'format',
    );
  }
  let rows = 0;
  try {
    const writer = createRowWriter(format, out, { lang, multiTable: source.tables.length > 1 });
    options.onProgress?.(0, total);
    // Lines built in PostgreSQL where the kind has them (one table: NDJSON lines then need no "table").
    const lineFormat = format !== 'xlsx' && !options.rowWriters && source.tables.length === 1 ? format : null;
    for (const { table, batches, lines } of source.tables) {
      await writer.startTable(table);
      if (lineFormat && lines) {
        for await (const batch of lines(lineFormat)) {
          options.signal?.throwIfAborted();
          await writer.writeLines(batch.chunks);
          rows += batch.rows;
          options.onProgress?.(rows, total);
        }
        continue;
      }
      for await (const batch of batches) {
        options.signal?.throwIfAborted();
        await writer.writeRows(batch);
        rows += batch.length;
        options.onProgress?.(rows, total);
      }
    }
    await writer.finish();
    if (format !== 'xlsx') await endStream(out);
    return { rows };
  } catch (error) {
    (out as NodeJS.WritableStream & { destroy?: (error?: Error) => void }).destroy?.(error as Error);
    throw error;
  }
}

/** Ends a stream and waits until it has flushed. */
function endStream(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

/**
 * The file name of an export: "<kind>-<place>-<period>.<format>", the place being the commune, else
 * the province, else "all" (a plan: its year for the period), e.g. "tasks-79-2025Q3.csv".
 */
export function exportFileName(request: ExportRequest, format: ExportFormat): string {
  const { params } = request;
  const place = ('commune' in params && params.commune) || params.province || 'all';
  const period =
    request.kind === 'PLAN'
      ? String(request.params.year)
      : request.kind === 'ROLLUP' || request.kind === 'TASKS'
        ? request.params.periods.join('_')
        : request.params.period;
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${request.kind.toLowerCase()}-${safe(place)}-${safe(period)}.${format}`;
}
