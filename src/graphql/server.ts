import { authenticateRequest } from '../modules/auth/authenticate';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { DataSource } from 'typeorm';
import { createRequestContext } from './context';
import type { RequestContext } from './context';
import { formatError } from './errors';
import { createSchema } from './schema';

export interface GraphqlServerOptions {
  dataSource: DataSource;
  port: number;
  isDevelopment: boolean;
  /** CCHC_ADMIN_TOKEN: accepted as an ADMIN bearer token (unset: no such token). */
  adminToken?: string;
  log?: (message: string) => void;
}

/** Apollo Server over the schema, each request with its own context and loaders. */
export async function createApolloServer(options: Pick<GraphqlServerOptions, 'isDevelopment' | 'log'>) {
  return new ApolloServer<RequestContext>({
    schema: await createSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: options.isDevelopment,
    formatError: (formatted, error) =>
      formatError(formatted, error, {
        isDevelopment: options.isDevelopment,
        log: (e) => options.log?.(`GraphQL error: ${String((e as Error)?.stack ?? e)}`),
      }),
    // Apollo's landing pages load the IDE from a CDN, which this product must not depend on.
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
}

/** Starts the HTTP server; resolves with its URL and a stop function that drains requests. */
export async function startGraphqlServer(
  options: GraphqlServerOptions,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = await createApolloServer(options);
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port },
    // Every request needs a valid bearer token: a thrown UNAUTHENTICATED (401) is all it gets otherwise.
    context: async ({ req }) =>
      createRequestContext(
        options.dataSource,
        await authenticateRequest(options.dataSource, req.headers.authorization, options.adminToken),
      ),
  });
  return { url: new URL('/graphql', url).toString(), stop: () => server.stop() };
}
