import { createReadStream } from 'node:fs';
import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { exportRunFile } from '../modules/export-run/export-run.service';
import { exportHandler, HTTP_STATUS } from './export-route';
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

/** `attachment; filename="…"` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/**
 * GET /exports/runs/<id>/file: the file of an export run, to whoever may see the run (its owner's
 * scope, as in GraphQL; NOT_FOUND worded as missing otherwise), for the viewer the authentication
 * step found. Headers give its length, type, name and SHA-256 (Repr-Digest, RFC 9530; ETag).
 * Before it succeeded: 409 CONFLICT saying so; after the retention period removed it: 404.
 */
export function exportRunFileHandler(options: {
  dataSource: DataSource;
  exportDir: string;
  logger: Logger;
  send: Parameters<typeof exportHandler>[0]['send'];
}): RequestHandler {
  const log = errorLog(options.logger);
  return async (req, res) => {
    const viewer = res.locals.viewer as Viewer;
    try {
      const ctx = createRequestContext(options.dataSource, viewer);
      const file = await exportRunFile(ctx, String(req.params.id), options.exportDir);
      const stream = createReadStream(file.path);
      // Opened before the headers go: a file gone from the disk is an error, not an empty body.
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
      res.once('close', () => stream.destroy());
      stream.pipe(res);
    } catch (error) {
      const requestId = requestIdOf(req.headers);
      if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') {
        log(errorLogEntry(requestId, ErrorCode.NOT_FOUND, error));
        return options.send(
          res,
          404,
          ErrorCode.NOT_FOUND,
          'The file of this export run is missing from the export directory (CCHC_EXPORT_DIR); start the export again.',
        );
      }
      const domain = asDomainError(error);
      const code = domain?.code ?? ErrorCode.INTERNAL_SERVER_ERROR;
      if (LOGGED_CODES.has(code)) log(errorLogEntry(requestId, code, error));
      if (code === ErrorCode.SERVICE_UNAVAILABLE) res.set('retry-after', String(RETRY_AFTER_SECONDS));
      options.send(res, HTTP_STATUS[code] ?? 500, code, domain?.message ?? MASKED_MESSAGE, {
        ...(domain?.details ?? {}),
        ...(LOGGED_CODES.has(code) ? { requestId } : {}),
      });
    }
  };
}
