import { OPERATOR } from '../../src/core/viewer';
import type { Viewer } from '../../src/core/viewer';
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createRequestContext } from '../../src/app/request-context';
import type { RequestContext } from '../../src/app/request-context';
import { createApolloServer } from '../../src/app/server';

export interface GraphqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Runs operations through the real Apollo server (in process) against a test database. */
export class GraphqlClient {
  private constructor(
    private readonly server: ApolloServer<RequestContext>,
    private readonly dataSource: DataSource,
  ) {}

  static async create(
    dataSource: DataSource,
    options: { isDevelopment?: boolean } = {},
  ): Promise<GraphqlClient> {
    const server = await createApolloServer({ isDevelopment: options.isDevelopment ?? false });
    await server.start();
    return new GraphqlClient(server, dataSource);
  }

  /** Runs one operation as `viewer` (default: the operator, who may do everything). */
  async execute<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    viewer: Viewer = OPERATOR,
  ): Promise<GraphqlResult<T>> {
    const response = await this.server.executeOperation(
      { query, variables },
      { contextValue: createRequestContext(this.dataSource, viewer) },
    );
    if (response.body.kind !== 'single') throw new Error('Expected a single result');
    return response.body.singleResult as GraphqlResult<T>;
  }

  /** Like execute, but fails the test on any GraphQL error. */
  async data<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    viewer: Viewer = OPERATOR,
  ): Promise<T> {
    const result = await this.execute<T>(query, variables, viewer);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/**
 * Counts the SQL statements sent through the pg driver while `work` runs (every TypeORM query and
 * raw query goes through Client.prototype.query).
 */
export async function countStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text: string };
    statements.push(typeof config === 'string' ? config : config.text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await work(), statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}
