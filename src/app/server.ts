import { authenticateRequest } from '../modules/api-token/authenticate';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createRequestContext } from './request-context';
import type { RequestContext } from './request-context';
import { contextFailure, formatError } from './graphql-errors';
import { healthRouter } from './health';
import { errorLogPlugin, jsonLog, requestIdMiddleware, requestIdOf } from './request-id';
import { ideRouter } from './ide/ide';
import { createSchema } from './schema';

export interface GraphqlServerOptions {
  dataSource: DataSource;
  port: number;
  isDevelopment: boolean;
  /** CCHC_ADMIN_TOKEN: accepted as an ADMIN bearer token (unset: no such token). */
  adminToken?: string;
  /** CCHC_SHUTDOWN_GRACE_MS: how long stop() lets requests in flight finish before cutting them. */
  shutdownGraceMs?: number;
  log?: (message: string) => void;
}

/** Apollo Server over the schema, each request with its own context and loaders. */
export async function createApolloServer(
  options: Pick<GraphqlServerOptions, 'isDevelopment' | 'log'>,
  plugins: ApolloServerPlugin<RequestContext>[] = [],
) {
  return new ApolloServer<RequestContext>({
    schema: await createSchema(),
    introspection: true,
    // main.ts owns shutdown (stop HTTP, close the pool, stop the embedded PostgreSQL it started);
    // Apollo's own signal handlers would re-raise the signal and end the process half-way.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: options.isDevelopment,
    // Masked errors are logged, with the request id, by errorLogPlugin.
    formatError: (formatted, error) =>
      formatError(formatted, error, { isDevelopment: options.isDevelopment }),
    // Apollo's landing pages load the IDE from a CDN, which this product must not depend on.
    // (ide/ide.ts serves GraphiQL from npm packages instead.)
    plugins: [ApolloServerPluginLandingPageDisabled(), errorLogPlugin(options.log), ...plugins],
  });
}

/**
 * Starts the HTTP server: the GraphQL endpoint at /graphql (POST, or GET for queries), the offline
 * GraphQL IDE for browsers at GET /graphql. Resolves with the URL and a stop function that drains
 * requests.
 */
export async function startGraphqlServer(
  options: GraphqlServerOptions,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = express();
  const httpServer = http.createServer(app);
  const server = await createApolloServer(options, [
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs }),
  ]);
  await server.start();
  app.disable('x-powered-by');
  app.use(requestIdMiddleware(), healthRouter(options.dataSource));
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.use(
    '/graphql',
    cors(),
    ideRouter(),
    // Plans are imported as CSV text in a mutation: allow large bodies.
    express.json({ limit: '50mb' }),
    expressMiddleware(server, {
      // Every request needs a valid bearer token: a thrown UNAUTHENTICATED (401) is all it gets otherwise.
      context: async ({ req }) => {
        try {
          const viewer = await authenticateRequest(
            options.dataSource,
            req.headers.authorization,
            options.adminToken,
          );
          return createRequestContext(options.dataSource, viewer);
        } catch (error) {
          // Apollo sends a context failure as is only when it is a GraphQLError (else a 500).
          throw contextFailure(error, requestIdOf(req.headers), jsonLog(options.log));
        }
      },
    }),
  );
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://localhost:${port}/graphql`, stop: () => server.stop() };
}
