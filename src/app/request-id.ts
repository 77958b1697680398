import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../core/errors';
import { logEntry } from '../core/logger';
import type { Logger } from '../core/logger';
import { errorLogEntry, LOGGED_CODES, RETRY_AFTER_SECONDS } from './graphql-errors';
import type { RequestContext } from './request-context';

/**
 * Request ids: every HTTP response carries X-Request-Id (the caller's own when it is a sane token,
 * else a new UUID); every masked, unavailable or timed-out error carries it in
 * `extensions.requestId`, and the log line with the full error carries it too.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `._:-`, 1–128 characters: safe to echo in a header and a log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Express middleware: fixes the request's id (request header rewritten) and sends it back. */
export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}

/** The id requestIdMiddleware gave the request (a new one when it did not run). */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const id = headers[REQUEST_ID_HEADER];
  return typeof id === 'string' && SANE_REQUEST_ID.test(id) ? id : randomUUID();
}

/**
 * Writes errorLogEntry's entries (request id, code, the error with its stack) to the logger, at
 * their level: one line each, stack traces included (never in a response).
 */
export function errorLog(logger: Logger): (entry: Record<string, unknown>) => void {
  return (entry) => logEntry(logger, entry, `error answered as ${String(entry.code)}`);
}

/**
 * Apollo plugin: after formatError has masked the errors, stamps the request id on the logged
 * kinds (INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE, TIMEOUT), logs each original error with it, and
 * turns a response with SERVICE_UNAVAILABLE into HTTP 503 with Retry-After.
 */
export function errorLogPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  const logError = errorLog(logger);
  return {
    async requestDidStart({ request }) {
      const requestId = request.http?.headers.get(REQUEST_ID_HEADER) ?? randomUUID();
      return {
        async willSendResponse({ response, errors }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          let unavailable = false;
          const stamped = response.body.singleResult.errors.map((formatted, index): GraphQLFormattedError => {
            const code = String(formatted.extensions?.code);
            if (!LOGGED_CODES.has(code)) return formatted;
            if (code === ErrorCode.SERVICE_UNAVAILABLE) unavailable = true;
            logError(errorLogEntry(requestId, code, errors?.[index]));
            return { ...formatted, extensions: { ...formatted.extensions, requestId } };
          });
          response.body.singleResult = { ...response.body.singleResult, errors: stamped };
          if (unavailable) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          }
        },
      };
    },
  };
}
