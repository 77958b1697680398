import { GraphQLError, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import type { RequestHandler, Response as ExpressResponse } from 'express';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { DataSource } from 'typeorm';
import type { RequestLimits } from '../core/config';
import { ErrorCode } from '../core/errors';
import type { DomainError } from '../core/errors';
import type { Viewer } from '../core/viewer';
import { LiveHub } from '../modules/live/live.hub';
import { startLiveListener } from '../modules/live/live.listener';
import type { LiveListener } from '../modules/live/live.listener';
import type { LiveRequestContext } from '../modules/live/live.service';
import { errorLogEntry, formatError, toGraphQLError } from './graphql-errors';
import { operationCostError, queryLimitOptions, tokenLimitError } from './limits';
import { createRequestContext } from './request-context';
import { errorLog, requestIdOf } from './request-id';
import type { Logger } from '../core/logger';

export interface LiveEndpointOptions {
  schema: GraphQLSchema;
  dataSource: DataSource;
  limits: RequestLimits;
  isDevelopment: boolean;
  logger: Logger;
  /** DATABASE_LISTEN_URL: where to LISTEN (default the data source's URL; a pooler in transaction mode cannot LISTEN). */
  listenUrl?: string;
}

/** The subscriptions endpoint of one server: its handler, its hub, its LISTEN connection. */
export interface LiveEndpoint {
  handler: RequestHandler;
  hub: LiveHub;
  listener: LiveListener;
  /** Ends every subscription (their streams complete) and closes the LISTEN connection. */
  stop: () => Promise<void>;
}

type Refusal = [string, { status: number; statusText: string; headers: Record<string, string> }];

/** A refusal before anything runs: HTTP 400 and the JSON body /graphql would answer with. */
function refusal(message: string, extensions: Record<string, unknown>): Refusal {
  return [
    JSON.stringify({ errors: [{ message, extensions }] }),
    {
      status: 400,
      statusText: 'Bad Request',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    },
  ];
}

function domainRefusal(error: DomainError): Refusal {
  const { http: _http, ...extensions } = toGraphQLError(error).extensions;
  return refusal(error.message, extensions);
}

/**
 * GraphQL subscriptions over server-sent events (graphql-sse, "distinct connections" mode: the
 * client POSTs one operation with `Accept: text/event-stream` and reads its events). The bearer
 * token was checked before (server.ts, 401 before the body); the query limits of /graphql apply
 * (tokens at parse, depth/aliases/directives at validation, cost before subscribing); errors
 * carry the same extensions.code. Events come from PostgreSQL NOTIFY (docs/LIVE.md).
 */
export function createLiveEndpoint(options: LiveEndpointOptions): LiveEndpoint {
  const { schema, dataSource, limits, isDevelopment } = options;
  const hub = new LiveHub();
  const url = options.listenUrl ?? (dataSource.options as { url?: string }).url;
  if (!url) throw new Error('Live updates need the database URL of the data source.');
  const listener = startLiveListener({
    url,
    onEvent: (event) => hub.publish(event),
    log: (message) => options.logger.warn(message),
  });
  const { validationRules, parseOptions } = queryLimitOptions(limits);
  const log = errorLog(options.logger);

  const handle = createHandler<LiveRequestContext & Record<PropertyKey, unknown>>({
    schema,
    // Distinct connections only: no stream reservations (PUT) to keep track of per token.
    authenticate: () => null,
    // Coded as Apollo codes them on /graphql; a limit's refusal keeps its own error (QUERY_TOO_COMPLEX).
    validate: (validatedSchema, document) =>
      validate(validatedSchema, document, [...specifiedRules, ...validationRules]).map((error) =>
        error.originalError ? error : withCode(error, 'GRAPHQL_VALIDATION_FAILED'),
      ),
    onSubscribe: (req, params) => {
      let document: DocumentNode;
      try {
        document = parse(params.query, parseOptions);
      } catch (error) {
        const tooMany = tokenLimitError(error);
        if (tooMany) return domainRefusal(tooMany);
        const message = error instanceof GraphQLError ? error.message : 'The query could not be parsed.';
        return refusal(message, { code: 'GRAPHQL_PARSE_FAILED' });
      }
      const operation = getOperationAST(document, params.operationName);
      if (operation && operation.operation !== 'subscription') {
        return refusal(
          `/graphql/stream serves subscriptions only; send ${operation.operation === 'query' ? 'queries' : 'mutations'} to /graphql.`,
          { code: ErrorCode.BAD_REQUEST },
        );
      }
      const tooCostly = operationCostError(limits, {
        schema,
        document,
        operationName: params.operationName,
        variables: params.variables,
      });
      if (tooCostly) return domainRefusal(tooCostly);
      const viewer = viewerOf(req.context.res);
      return {
        schema,
        document,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue: { ...createRequestContext(dataSource, viewer), liveHub: hub },
      };
    },
    // Every error leaves as /graphql's do: a stable extensions.code, nothing internal.
    onNext: (_ctx, req, result) => {
      const { errors } = result as ExecutionResult;
      if (!errors?.length) return undefined;
      const requestId = requestIdOf(req.raw.headers);
      // Errors of the request itself (variables that do not fit their types) have neither a path
      // nor a cause: BAD_USER_INPUT, as on /graphql.
      const coded = errors.map((error) =>
        error.extensions?.code || error.originalError || error.path
          ? error
          : withCode(error, ErrorCode.BAD_USER_INPUT),
      );
      const formatted = coded.map((error) =>
        formatError(error.toJSON(), error, {
          isDevelopment,
          log: (unknown) => log(errorLogEntry(requestId, ErrorCode.INTERNAL_SERVER_ERROR, unknown)),
        }),
      );
      return { ...result, errors: formatted } as unknown as ExecutionResult;
    },
  });

  const handler: RequestHandler = (req, res, next) => {
    handle(req, res).catch(next);
  };
  return {
    handler,
    hub,
    listener,
    stop: async () => {
      hub.close();
      await listener.stop();
    },
  };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}

/** The viewer the authentication step left on the response (it runs before this handler). */
function viewerOf(res: ExpressResponse): Viewer {
  const viewer = res.locals.viewer as Viewer | undefined;
  if (!viewer) throw new Error('The live endpoint was reached without authentication.');
  return viewer;
}
