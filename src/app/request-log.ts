import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../core/logger';
import type { Viewer } from '../core/viewer';
import type { ServerMetrics } from './metrics';
import type { RequestContext } from './request-context';
import { requestIdOf } from './request-id';

/**
 * One log line per HTTP request (docs/OPERATIONS.md, "Logs"): pino-http times the request and
 * writes the line when the response ends; the Apollo plugin below leaves the operation name and
 * the first error code in `res.locals` first, and sendHttpError leaves the code of an HTTP-level
 * refusal. The same outcome feeds the GraphQL metrics.
 */

/** What the Apollo plugin leaves on the response for the request line and the metrics. */
interface GraphqlOutcome {
  /** The operation's name; "anonymous" for an unnamed one; "other" when none was resolved. */
  operation: string;
  outcome: string;
}

/**
 * The response, on the request's context under a symbol: Apollo runs each operation on a shallow
 * copy of the context (own enumerable properties, symbols included), so a WeakMap would miss it.
 */
const RESPONSE = Symbol('http response');
type WithResponse = RequestContext & { [RESPONSE]?: Response };

/** Ties a request's context to its response, so the plugin can record its outcome there. */
export function attachResponse(context: RequestContext, res: Response): RequestContext {
  (context as WithResponse)[RESPONSE] = res;
  return context;
}

/** Records the HTTP-level error code a refusal was answered with (401, 403, 413…). */
export function recordErrorCode(res: Response, code: string): void {
  res.locals.errorCode = code;
}

/** Apollo plugin: the resolved operation's name and the first error code sent (or "ok"). */
export function graphqlOutcomePlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, operationName, response }) {
          const res = (contextValue as WithResponse)[RESPONSE];
          if (!res) return;
          const errors =
            response.body.kind === 'single'
              ? response.body.singleResult.errors
              : response.body.initialResult.errors;
          const code = errors?.[0]?.extensions?.code;
          const recorded: GraphqlOutcome = {
            operation: operation ? (operationName ?? 'anonymous') : 'other',
            outcome: errors?.length ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : 'ok',
          };
          res.locals.graphql = recorded;
        },
      };
    },
  };
}

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** Everything the request line says beyond pino-http's request id, status and duration. */
function describe(req: IncomingMessage, res: ServerResponse) {
  const request = req as Request;
  const locals = (res as Response).locals ?? {};
  const path = pathOf(request);
  const graphql = locals.graphql as GraphqlOutcome | undefined;
  const viewer = locals.viewer as Viewer | undefined;
  return {
    ...(graphql ? { operation: graphql.operation } : {}),
    route: path === '/graphql' ? path : (request.route?.path ?? path),
    outcome: outcomeOf(res),
    ...(viewer ? { viewer: { tokenId: viewer.tokenId, name: viewer.name, role: viewer.role } } : {}),
  };
}

/** "ok", the first error code, ABORTED for a response never finished, else HTTP_<status>. */
function outcomeOf(res: ServerResponse): string {
  const locals = (res as Response).locals ?? {};
  const graphql = locals.graphql as GraphqlOutcome | undefined;
  if (graphql && graphql.outcome !== 'ok') return graphql.outcome;
  if (typeof locals.errorCode === 'string') return locals.errorCode;
  if (!res.writableEnded) return 'ABORTED';
  return res.statusCode < 400 ? 'ok' : `HTTP_${res.statusCode}`;
}

/** The path without its query string (a GET query's text or a token never reaches the log). */
const pathOf = (req: IncomingMessage): string =>
  ((req as Request).originalUrl ?? req.url ?? '').split('?')[0].slice(0, 200);

/**
 * The request-line middleware: mount it right after requestIdMiddleware. Probes and /metrics log at
 * debug while they succeed; 4xx at warn, 5xx and masked internal errors at error, the rest at info. No header is logged.
 */
export function requestLogMiddleware(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req) => requestIdOf(req.headers),
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    serializers: {
      req: (req: { method: string; raw: IncomingMessage }) => ({ method: req.method, path: pathOf(req.raw) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, error) => {
      // A masked internal error answers GraphQL with HTTP 200: it is an error all the same.
      if (error || res.statusCode >= 500 || outcomeOf(res) === 'INTERNAL_SERVER_ERROR') return 'error';
      if (res.statusCode >= 400) return 'warn';
      return PROBES.has(pathOf(req)) ? 'debug' : 'info';
    },
    customSuccessObject: (req, res, fields) => ({ ...fields, ...describe(req, res) }),
    // The error (if any) was logged in full by the error log; the line keeps to the outcome.
    customErrorObject: (req, res, _error, fields) => ({
      res: fields.res,
      durationMs: fields.durationMs,
      ...describe(req, res),
    }),
    customSuccessMessage: (req, res) => requestMessage(req, res),
    customErrorMessage: (req, res) => requestMessage(req, res),
  }) as unknown as RequestHandler;
}

function requestMessage(req: IncomingMessage, res: ServerResponse): string {
  const { operation, route, outcome } = describe(req, res);
  return `${req.method} ${route}${operation ? ` ${operation}` : ''} ${res.statusCode} ${outcome}`;
}

/**
 * Feeds cchc_graphql_requests_total and _duration_seconds: every request to /graphql except the
 * IDE page and CORS preflights, counted when its response closes.
 */
export function graphqlMetricsMiddleware(metrics: ServerMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      const graphql = res.locals.graphql as GraphqlOutcome | undefined;
      if (!graphql && res.locals.errorCode === undefined && req.method !== 'POST') return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeGraphqlRequest(
        { operation: graphql?.operation ?? 'other', outcome: outcomeOf(res) },
        seconds,
      );
    });
    next();
  };
}
