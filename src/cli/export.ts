// `cchc export <kind>`: an export (docs/EXPORTS.md) written to a file through the API's services,
// as the viewer of an API token, with a progress bar on a terminal.
import cliProgress from 'cli-progress';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { createRequestContext } from '../app/request-context';
import { loadConfig } from '../core/config';
import { DomainError, ErrorCode, UnauthenticatedError } from '../core/errors';
import { OPERATOR } from '../core/viewer';
import type { Viewer } from '../core/viewer';
import { openDatabase } from '../app/database';
import { viewerOfBearer } from '../modules/api-token/api-token.service';
import { HOW_TO_GET_A_TOKEN } from '../modules/api-token/authenticate';
import {
  exportFileName,
  exportFormatOf,
  exportKindOf,
  exportLangOf,
  parseExportRequest,
  writeExport,
} from '../modules/export/export.service';
import type { ExportFormat, ExportRequest } from '../modules/export/export.service';

export { EXPORT_EXIT, EXPORT_USAGE, ExportCliError } from './command-texts';
import { EXPORT_EXIT, ExportCliError } from './command-texts';

export const OPTIONS = {
  province: { type: 'string' },
  commune: { type: 'string' },
  period: { type: 'string', multiple: true },
  'group-by': { type: 'string' },
  area: { type: 'string' },
  year: { type: 'string' },
  'approved-only': { type: 'boolean' },
  'overdue-only': { type: 'boolean' },
  format: { type: 'string' },
  lang: { type: 'string' },
  out: { type: 'string' },
  token: { type: 'string' },
} as const;

/** The export's parameters from the options given (absent ones left out, so a kind refuses extras). */
export function paramsOf(values: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {
    province: values.province,
    commune: values.commune,
    period: values.period,
    groupBy: values['group-by'],
    area: values.area,
    year: values.year,
    approvedOnly: values['approved-only'],
    overdueOnly: values['overdue-only'],
  };
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}

/** The format: --format, else the --out file's extension, else csv. */
function formatOf(format: string | undefined, out: string | undefined): ExportFormat {
  if (format) return exportFormatOf(format);
  const extension = out ? path.extname(out).slice(1).toLowerCase() : '';
  return extension ? exportFormatOf(extension) : 'csv';
}

/** The export's request, format and language from the command line; BAD_USER_INPUT as exit 2. */
export function exportArguments(args: string[]): {
  request: ExportRequest;
  format: ExportFormat;
  lang: 'vi' | 'en';
  out: string | undefined;
  token: string | undefined;
} {
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    if (positionals.length !== 1) {
      throw new ExportCliError(
        `export needs one kind (rollup, tasks, indicators, reporting or plan), got ${positionals.length ? positionals.join(' ') : 'none'}.`,
        EXPORT_EXIT.badInput,
      );
    }
    const kind = exportKindOf(positionals[0]);
    const format = formatOf(values.format, values.out);
    if (format === 'xlsx' && !values.out) {
      throw new ExportCliError('An XLSX export needs --out <file>.', EXPORT_EXIT.badInput);
    }
    return {
      request: parseExportRequest(kind, paramsOf(values)),
      format,
      lang: exportLangOf(values.lang),
      out: values.out,
      token: values.token ?? (process.env.CCHC_TOKEN || undefined),
    };
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      throw new ExportCliError((error as Error).message, EXPORT_EXIT.badInput);
    }
    throw asCliError(error);
  }
}

/** A domain error as the exit code that says what kind of failure it is. */
export function asCliError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const exitCode =
    error.code === ErrorCode.BAD_USER_INPUT
      ? EXPORT_EXIT.badInput
      : error.code === ErrorCode.UNAUTHENTICATED
        ? EXPORT_EXIT.unauthenticated
        : error.code === ErrorCode.NOT_FOUND || error.code === ErrorCode.FORBIDDEN
          ? EXPORT_EXIT.refused
          : EXPORT_EXIT.failed;
  return new ExportCliError(error.message, exitCode);
}

/** A cli-progress bar on stderr when both stdout and stderr are terminals; nothing otherwise. */
function progressBar(label: string): {
  update: (rows: number, total: number | null) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY || !process.stdout.isTTY) return { update: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(rows, total) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format:
              total === null
                ? `${label} {value} rows | {duration_formatted}`
                : `${label} [{bar}] {percentage}% | {value}/{total} rows | ETA {eta_formatted}`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total ?? 0, rows);
      }
      bar.update(rows);
    },
    stop: () => bar?.stop(),
  };
}

export async function viewerOfToken(
  dataSource: Parameters<typeof viewerOfBearer>[0],
  token: string | undefined,
  adminToken: string | undefined,
): Promise<Viewer> {
  if (token === undefined) return OPERATOR;
  const viewer = await viewerOfBearer(dataSource, token.trim(), adminToken);
  if (!viewer) {
    throw new UnauthenticatedError(
      `The API token (--token or CCHC_TOKEN) is unknown or has been revoked. ${HOW_TO_GET_A_TOKEN}`,
    );
  }
  return viewer;
}

/**
 * Runs `cchc export`: the file is written beside --out under a temporary name and renamed when
 * complete, so a failed export leaves no partial file; without --out, CSV and NDJSON go to stdout.
 * Messages go to stderr. Resolves with the number of rows.
 */
export async function exportCommand(args: string[]): Promise<{ rows: number; file: string | null }> {
  const { request, format, lang, out, token } = exportArguments(args);
  const config = loadConfig();
  const database = await openDatabase(config, { log: (m) => console.error(m) });
  const partial = out ? path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.part`) : null;
  const bar = progressBar(exportFileName(request, format));
  let file: ReturnType<typeof createWriteStream> | null = null;
  try {
    const viewer = await viewerOfToken(database.dataSource, token, config.adminToken);
    const ctx = createRequestContext(database.dataSource, viewer);
    let stream: NodeJS.WritableStream;
    if (partial) {
      stream = file = createWriteStream(partial);
    } else {
      // stdout is never ended: the export ends a pass-through piped into it.
      const pass = new PassThrough();
      pass.pipe(process.stdout, { end: false });
      stream = pass;
    }
    const { rows } = await writeExport(ctx, request, format, stream, { lang, onProgress: bar.update });
    bar.stop();
    if (partial && out) renameSync(partial, out);
    return { rows, file: out ?? null };
  } catch (error) {
    bar.stop();
    // The file is opened asynchronously: wait until it is closed, or it may appear after the rm.
    const opened = file;
    if (opened && !opened.closed) {
      await new Promise<void>((resolve) => opened.once('close', () => resolve()).destroy());
    }
    if (partial) rmSync(partial, { force: true });
    throw asCliError(error);
  } finally {
    await database.close();
  }
}
