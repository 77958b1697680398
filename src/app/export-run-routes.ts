import { createReadStream } from 'node:fs';
import { Router } from 'express';
import type { RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { exportRunFile } from '../modules/export-run/export-run.service';
import { asDomainError, errorLogEntry, RETRY_AFTER_SECONDS } from './graphql-errors';
import { createRequestContext } from './request-context';
import { jsonLog, requestIdOf } from './request-id';

/** The HTTP status of an error code on the plain-HTTP routes (GraphQL answers 200 with the code). */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.BAD_REQUEST:
    case ErrorCode.QUERY_TOO_COMPLEX:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    case ErrorCode.TIMEOUT:
      return 504;
    case ErrorCode.INTERNAL_SERVER_ERROR:
      return 500;
  }
}

/** `attachment; filename="…"` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/**
 * GET /exports/runs/<id>/file: the file of an export run, to whoever may see the run (its owner's
 * scope, as in GraphQL; NOT_FOUND worded as missing otherwise), with the bearer token that
 * `authenticate` checked. Headers give its length, type, name and SHA-256 (Repr-Digest, RFC 9530).
 */
export function exportRunRoutes(options: {
  dataSource: DataSource;
  exportDir: string;
  authenticate: RequestHandler;
  log?: (message: string) => void;
  sendError: (
    res: Response,
    status: number,
    code: string,
    message: string,
    extensions?: Record<string, unknown>,
  ) => void;
}): Router {
  const router = Router();
  router.get('/exports/runs/:id/file', options.authenticate, async (req, res) => {
    const viewer = res.locals.viewer as Viewer;
    try {
      const file = await exportRunFile(
        createRequestContext(options.dataSource, viewer),
        String(req.params.id),
        options.exportDir,
      );
      const stream = createReadStream(file.path);
      // A record whose file has gone from the disk: say so, do not send an empty body.
      await new Promise<void>((resolve, reject) =>
        stream.once('open', () => resolve()).once('error', reject),
      );
      res.set({
        'content-type': file.contentType,
        'content-length': String(file.bytes),
        'content-disposition': attachment(file.fileName),
        'repr-digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
        etag: `"${file.sha256}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      });
      stream.pipe(res);
      res.once('close', () => stream.destroy());
    } catch (error) {
      const known = asDomainError(error);
      const requestId = requestIdOf(req.headers);
      if (!known) {
        jsonLog(options.log)(errorLogEntry(requestId, ErrorCode.INTERNAL_SERVER_ERROR, error));
        const missing = (error as NodeJS.ErrnoException)?.code === 'ENOENT';
        return options.sendError(
          res,
          missing ? 404 : 500,
          missing ? ErrorCode.NOT_FOUND : ErrorCode.INTERNAL_SERVER_ERROR,
          missing
            ? 'The file of this export run is missing from the export directory; start the export again.'
            : 'Internal server error. It has been logged; try again later.',
          { requestId },
        );
      }
      if (known.code === ErrorCode.SERVICE_UNAVAILABLE) res.set('retry-after', String(RETRY_AFTER_SECONDS));
      options.sendError(res, httpStatusOf(known.code), known.code, known.message, { ...known.details });
    }
  });
  return router;
}
