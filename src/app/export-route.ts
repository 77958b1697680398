import type { RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '../core/errors';
import type { Viewer } from '../core/viewer';
import {
  CONTENT_TYPES,
  exportFileName,
  exportFormatOf,
  exportKindOf,
  exportLangOf,
  parseExportRequest,
  writeExport,
} from '../modules/export/export.service';
import { OutputClosedError } from '../modules/export/export.formats';
import { EXPORT_FORMATS, EXPORT_KINDS } from '../modules/export/export.kinds';
import {
  asDomainError,
  errorLogEntry,
  LOGGED_CODES,
  MASKED_MESSAGE,
  RETRY_AFTER_SECONDS,
} from './graphql-errors';
import { createRequestContext } from './request-context';
import type { Logger } from '../core/logger';
import { errorLog, requestIdOf } from './request-id';
import { LSN_HEADER } from './read-replica';
import type { ReadReplica } from './read-replica';

/** The HTTP status of an error code on /exports and /exports/runs/<id>/file (docs/EXPORTS.md). */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.TIMEOUT]: 504,
};

const EXPORT_PATH = /^([A-Za-z]+)\.([A-Za-z]+)$/;

/**
 * GET /exports/<kind>.<format>?<parameters>&lang=vi|en: an export (docs/EXPORTS.md) streamed to the
 * client as it is read, for the viewer the authentication step found (the same bearer tokens and
 * scope as the API). Until the first byte, every refusal is a JSON error with the API's code and
 * its HTTP status (400, 403, 404; 503 with Retry-After when the database is away); after it, a
 * failure aborts the response, so a client never takes a cut file for a whole one. A client that
 * goes away stops the export.
 */
export function exportHandler(options: {
  dataSource: DataSource;
  /** DATABASE_READ_URL: exports are reads, run on the replica when it may serve (read-replica.ts). */
  reads?: ReadReplica | null;
  logger: Logger;
  isDevelopment: boolean;
  send: (
    res: Response,
    status: number,
    code: string,
    message: string,
    extensions?: Record<string, unknown>,
  ) => void;
}): RequestHandler {
  const log = errorLog(options.logger);
  return async (req, res) => {
    const viewer = res.locals.viewer as Viewer;
    let dataSource = options.dataSource;
    const requestId = requestIdOf(req.headers);
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(new Error('The client closed the connection.'));
    });
    try {
      const match = EXPORT_PATH.exec(String(req.params.file));
      if (!match) {
        return options.send(
          res,
          404,
          ErrorCode.NOT_FOUND,
          `No export at ${req.path}: use /exports/<kind>.<format>, kind one of ${EXPORT_KINDS.map((k) => k.toLowerCase()).join(', ')}, format one of ${EXPORT_FORMATS.join(', ')}.`,
        );
      }
      const [kind, format] = [exportKindOf(match[1]), exportFormatOf(match[2])];
      const { lang, ...params } = req.query as Record<string, unknown>;
      const request = parseExportRequest(kind, params);
      res.set({
        'content-type': CONTENT_TYPES[format],
        'content-disposition': `attachment; filename="${exportFileName(request, format)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      if (options.reads) dataSource = await options.reads.sourceFor(viewer, req.get(LSN_HEADER));
      await writeExport(createRequestContext(dataSource, viewer), request, format, res, {
        lang: exportLangOf(Array.isArray(lang) ? lang[0] : lang),
        signal: abort.signal,
      });
    } catch (error) {
      options.reads?.failed(dataSource, error);
      const domain = asDomainError(error);
      const code = domain?.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
      // A client that went away is no error of ours; anything else that reaches here is logged.
      const clientGone = abort.signal.aborted || error instanceof OutputClosedError;
      if (LOGGED_CODES.has(code) && !clientGone) log(errorLogEntry(requestId, code, error));
      // Streaming had begun: writeExport has destroyed the response; nothing more can be said.
      if (res.headersSent || res.destroyed) return;
      for (const header of ['content-type', 'content-disposition']) res.removeHeader(header);
      if (code === ErrorCode.SERVICE_UNAVAILABLE) res.set('retry-after', String(RETRY_AFTER_SECONDS));
      const message =
        domain instanceof DomainError
          ? domain.message
          : options.isDevelopment
            ? String((error as Error)?.message ?? error)
            : MASKED_MESSAGE;
      options.send(res, HTTP_STATUS[code] ?? 500, code, message, {
        ...(domain?.details ?? {}),
        ...(LOGGED_CODES.has(code) ? { requestId } : {}),
      });
    }
  };
}
