import { authenticateRequest } from '../modules/api-token/authenticate';
import { TOKEN_CHANGED_CHANNEL, TokenCache } from '../modules/api-token/token-cache';
import { listenForNotifications } from '../core/db/notification-listener';
import type { SharedCaches } from '../core/request-context';
import { createProvinceCache, PROVINCE_CHANGED_CHANNEL } from '../modules/province/province-cache';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { createRequestContext } from './request-context';
import type { RequestContext } from './request-context';
import { DEFAULT_HOST, DEFAULT_LIMITS } from '../core/config';
import type { MetricsAccess, RequestLimits } from '../core/config';
import { lineLogger } from '../core/logger';
import type { Logger } from '../core/logger';
import { ErrorCode, UnauthenticatedError } from '../core/errors';
import type { Role, Viewer } from '../core/viewer';
import { bodyLimitErrorResponse, createBodyReader } from './http-bodies';
import { contextFailure, errorLogEntry, formatError, toGraphQLError } from './graphql-errors';
import { exportHandler } from './export-route';
import { exportRunFileHandler } from './export-run-routes';
import { healthRouter } from './health';
import { errorLog, errorLogPlugin, requestIdMiddleware, requestIdOf } from './request-id';
import { createServerMetrics, metricsHandler } from './metrics';
import type { ServerMetrics } from './metrics';
import {
  attachResponse,
  graphqlMetricsMiddleware,
  graphqlOutcomePlugin,
  recordErrorCode,
  requestLogMiddleware,
} from './request-log';
import { ideRouter } from './ide/ide';
import { dashboardRouter } from './dashboard/dashboard-route';
import { persistedDocuments, readManifest } from './persisted-documents';
import type { PersistedManifest } from './persisted-documents';
import { queryLimitOptions } from './limits';
import { createSchema } from './schema';
import { createLiveEndpoint } from './live-route';
import { LSN_HEADER, ReadReplica, readReplicaPlugin, registerReplicaMetrics } from './read-replica';

export interface GraphqlServerOptions {
  dataSource: DataSource;
  port: number;
  isDevelopment: boolean;
  /** CCHC_ADMIN_TOKEN: accepted as an ADMIN bearer token (unset: no such token). */
  adminToken?: string;
  /** CCHC_SHUTDOWN_GRACE_MS: how long stop() lets requests in flight finish before cutting them. */
  shutdownGraceMs?: number;
  /** The process's logger (core/logger.ts): request lines and errors. */
  logger?: Logger;
  /** Without `logger`: each log line as one JSON string (tests collect them); neither: no log. */
  log?: (line: string) => void;
  /** CCHC_METRICS: who may read GET /metrics (default local: this machine only). */
  metricsAccess?: MetricsAccess;
  /** HOST: the interface to listen on (default 127.0.0.1). */
  host?: string;
  /** CCHC_CORS_ORIGINS: browser origins allowed ('*': any; default none). */
  corsOrigins?: string[];
  /** Query and body limits (default DEFAULT_LIMITS). */
  limits?: RequestLimits;
  /** CCHC_EXPORT_DIR: where export run files are served from (GET /exports/runs/<id>/file). */
  exportDir?: string;
  /**
   * Cache the viewers of seen tokens and the provinces (default true): kept right by LISTEN on
   * their changes, on a connection to `listenUrl` (DATABASE_LISTEN_URL; default the data source's URL).
   */
  caches?: boolean;
  /** Longest a cached token is trusted without news of a change (default 60 s; a safety net). */
  tokenCacheTtlMs?: number;
  listenUrl?: string;
  /** CCHC_PERSISTED_ONLY_ROLES: viewers of these roles run only persisted operations (default none). */
  persistedOnlyRoles?: Role[];
  /** The persisted operations (default: the committed schema/persisted-documents.json). */
  persistedManifest?: PersistedManifest;
  /** DATABASE_READ_URL's pool: GraphQL queries run there (read-replica.ts, docs/READ-REPLICA.md). */
  readDataSource?: DataSource;
  /** CCHC_REPLICA_MAX_WAIT_MS: how long a read waits for the replica to replay the client's write. */
  replicaMaxWaitMs?: number;
}

/** Apollo Server over the schema, each request with its own context and loaders. */
export async function createApolloServer(
  options: Pick<GraphqlServerOptions, 'isDevelopment' | 'log' | 'logger' | 'limits'> & {
    schema?: GraphQLSchema;
  },
  plugins: ApolloServerPlugin<RequestContext>[] = [],
) {
  // Depth, aliases, tokens, directives and cost are checked before anything runs (limits.ts).
  const limits = queryLimitOptions(options.limits ?? DEFAULT_LIMITS);
  return new ApolloServer<RequestContext>({
    schema: options.schema ?? (await createSchema()),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    introspection: true,
    // Only the committed manifest names persisted operations (persisted-documents.ts); Apollo's
    // automatic persisted queries would let any client register its own.
    persistedQueries: false,
    // main.ts owns shutdown (stop HTTP, close the pool, stop the embedded PostgreSQL it started);
    // Apollo's own signal handlers would re-raise the signal and end the process half-way.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: options.isDevelopment,
    // Masked errors are logged, with the request id, by errorLogPlugin.
    formatError: (formatted, error) =>
      formatError(formatted, error, { isDevelopment: options.isDevelopment }),
    // Apollo's landing pages load the IDE from a CDN, which this product must not depend on.
    // (ide/ide.ts serves GraphiQL from npm packages instead.)
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      errorLogPlugin(options.logger ?? lineLogger(options.log)),
      graphqlOutcomePlugin(),
      ...limits.plugins,
      ...plugins,
    ],
  });
}

/** The JSON error body every HTTP-level refusal gets: GraphQL-shaped, one error, a stable code. */
export function sendHttpError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  recordErrorCode(res, code);
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** Reads the viewer set by the authentication step (every GraphQL request passes it first). */
const viewerOf = (res: Response): Viewer | undefined => res.locals.viewer as Viewer | undefined;

/** The URL of the endpoint on `host` (an IPv6 address in brackets). */
export function graphqlUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
}

/** The one line printed when the port is taken. */
export function portInUseMessage(host: string, port: number): string {
  return `Port ${port} is already in use on ${host}; set PORT to a free port (or stop the program using it).`;
}

/** Binds and releases host:port, so a taken port is reported before the database is opened. */
export function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * Starts the HTTP server: the GraphQL endpoint at /graphql (POST, or GET for queries), the offline
 * GraphQL IDE for browsers at GET /graphql, exports at GET /exports/<kind>.<format>. Resolves with
 * the URL and a stop function that drains requests.
 *
 * Order on /graphql: CORS, the IDE page, then the bearer token (401 before a byte of the body is
 * read), then the body (JSON, size-limited: 413), then Apollo (query limits, then execution).
 * Every error on the way is answered as JSON, never as Express's HTML page.
 */
export async function startGraphqlServer(
  options: GraphqlServerOptions,
): Promise<{ url: string; stop: () => Promise<void>; metrics: ServerMetrics }> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const logger = options.logger ?? lineLogger(options.log);
  const metrics = createServerMetrics(options.dataSource);
  const host = options.host ?? DEFAULT_HOST;
  const app = express();
  // Express shows stack traces in its default error pages outside production.
  app.set('env', options.isDevelopment ? 'development' : 'production');
  const httpServer = http.createServer(app);
  // Tokens and provinces cached for every request, kept right by LISTEN (token-cache.ts, province-cache.ts).
  const useCaches = options.caches !== false;
  const tokenCache = useCaches ? new TokenCache({ ttlMs: options.tokenCacheTtlMs }) : undefined;
  const caches: SharedCaches = useCaches ? { provinces: createProvinceCache() } : {};
  const listener = useCaches
    ? listenForNotifications({
        url: options.listenUrl ?? String((options.dataSource.options as { url?: string }).url),
        channels: {
          [TOKEN_CHANGED_CHANNEL]: (payload) => tokenCache!.tokenChanged(payload),
          [PROVINCE_CHANGED_CHANNEL]: () => caches.provinces!.clear(),
        },
        onConnectionChange: (connected) => {
          tokenCache!.setListening(connected);
          caches.provinces!.setListening(connected);
        },
        log: (message) => logger.warn(message),
      })
    : null;
  const schema = await createSchema();
  // DATABASE_READ_URL: queries on the replica, chosen once the operation is known (read-replica.ts).
  const replica = options.readDataSource
    ? new ReadReplica({
        primary: options.dataSource,
        replica: options.readDataSource,
        maxWaitMs: options.replicaMaxWaitMs,
        log: (message) => logger.warn(message),
      })
    : null;
  if (replica) registerReplicaMetrics(metrics.registry, replica);
  const server = await createApolloServer({ ...options, logger, limits, schema }, [
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs }),
    ...(replica ? [readReplicaPlugin(replica)] : []),
  ]);
  await server.start();
  app.disable('x-powered-by');
  // One log line per request (request-log.ts), then the probes.
  app.use(requestIdMiddleware(), requestLogMiddleware(logger), healthRouter(options.dataSource));
  app.get('/', (_req, res) => res.redirect('/graphql'));

  // Authenticates from the header alone; without a valid token the body is never read.
  const authenticate: RequestHandler = async (req, res, next) => {
    try {
      res.locals.viewer = await authenticateRequest(
        options.dataSource,
        req.headers.authorization,
        options.adminToken,
        tokenCache,
      );
      next();
    } catch (error) {
      // A bad token is 401, a lost database 503 with Retry-After (logged with the request id),
      // anything else a masked 500; the unread body is discarded, never parsed.
      const failure = contextFailure(error, requestIdOf(req.headers), errorLog(logger));
      const { http, code, ...extensions } = failure.extensions as {
        http?: { status: number; headers: Map<string, string> };
        code: string;
      };
      res.set('connection', 'close');
      for (const [name, value] of http?.headers ?? []) res.set(name, value);
      sendHttpError(res, http?.status ?? 500, code, failure.message, extensions);
    }
  };

  // Last: whatever reached Express's error path is answered as JSON, with no stack or path.
  const jsonErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = bodyLimitErrorResponse(error, limits);
    if (known) return sendHttpError(res, known.status, known.code, known.message);
    // Anything else: logged in full under the request id; the client gets the id and nothing else.
    const requestId = requestIdOf(req.headers);
    errorLog(logger)(errorLogEntry(requestId, ErrorCode.INTERNAL_SERVER_ERROR, error));
    const message = options.isDevelopment
      ? String((error as Error)?.message ?? error)
      : 'Internal server error. It has been logged; try again later.';
    sendHttpError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, message, { requestId });
  };

  // Exports (docs/EXPORTS.md): the same token check, then the file streamed as it is read.
  app.get(
    '/exports/:file',
    cors(corsOptions(options.corsOrigins ?? [])),
    authenticate,
    exportHandler({ ...options, logger, send: sendHttpError, reads: replica }),
  );
  // Files of stored export runs (CCHC_EXPORT_DIR), to whoever may see the run.
  if (options.exportDir) {
    app.get(
      '/exports/runs/:id/file',
      cors(corsOptions(options.corsOrigins ?? [])),
      authenticate,
      exportRunFileHandler({ ...options, logger, exportDir: options.exportDir, send: sendHttpError }),
    );
  }

  // Prometheus metrics (metrics.ts), as CCHC_METRICS allows; `off`: no such route (404).
  const metricsAccess = options.metricsAccess ?? 'local';
  if (metricsAccess !== 'off') {
    app.get(
      '/metrics',
      ...(metricsAccess === 'token' ? [authenticate] : []),
      metricsHandler(metrics, metricsAccess, sendHttpError),
    );
  }

  const manifest = options.persistedManifest ?? readManifest();
  // Persisted operations by id, and CCHC_PERSISTED_ONLY_ROLES, on /graphql and /graphql/stream alike.
  const persisted = persistedDocuments({
    manifest,
    persistedOnlyRoles: options.persistedOnlyRoles ?? [],
    viewerOf,
    send: sendHttpError,
  });
  // The reference dashboard (docs/DASHBOARD.md): static files; its data comes from /graphql.
  app.use('/dashboard', dashboardRouter(manifest));
  // Subscriptions (docs/LIVE.md): graphql-sse, the same token check and limits; before /graphql,
  // whose prefix it shares.
  const live = createLiveEndpoint({ ...options, schema, limits, logger });
  metrics.countSubscriptionsWith(() => live.hub.size);
  app.use(
    '/graphql/stream',
    cors(corsOptions(options.corsOrigins ?? [])),
    authenticate,
    ...createBodyReader(limits),
    persisted,
    live.handler,
  );

  app.use(
    '/graphql',
    graphqlMetricsMiddleware(metrics),
    cors(corsOptions(options.corsOrigins ?? [])),
    ideRouter(),
    authenticate,
    ...createBodyReader(limits),
    persisted,
    expressMiddleware(server, {
      context: async ({ res }) => {
        const viewer = viewerOf(res);
        // Unreachable over HTTP (authenticate answers first); kept so no request runs without one.
        if (!viewer) throw toGraphQLError(new UnauthenticatedError('No API token was sent.'));
        return attachResponse(createRequestContext(options.dataSource, viewer, caches), res);
      },
    }),
  );
  app.use((_req, res) => sendHttpError(res, 404, ErrorCode.NOT_FOUND, 'Not found: the API is at /graphql.'));
  app.use(jsonErrors);
  await new Promise<void>((resolve, reject) => {
    // A port taken: the LISTEN connection is let go before the error is passed on.
    const failed = (error: Error) => void live.stop().finally(() => reject(error));
    httpServer.once('error', failed);
    httpServer.listen(options.port, host, () => {
      httpServer.off('error', failed);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  // Subscriptions end first (their streams complete, so draining does not wait on them), then the
  // LISTEN connections close, then requests in flight drain.
  const stop = async () => {
    await live.stop();
    await server.stop();
    await listener?.stop();
    replica?.stop();
  };
  return { url: graphqlUrl(host, port), stop, metrics };
}

/** CCHC_CORS_ORIGINS as the cors package wants it: '*', the listed origins, or none at all. */
function corsOptions(origins: string[]): cors.CorsOptions {
  // A browser client may read a mutation's WAL position, to send it back (docs/READ-REPLICA.md).
  if (origins.includes('*')) return { origin: '*', exposedHeaders: [LSN_HEADER] };
  return { origin: origins.length ? origins : false, exposedHeaders: [LSN_HEADER] };
}
