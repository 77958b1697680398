import type { Viewer } from '../../src/core/viewer';
import { GraphqlClient } from './graphql';
import { createTestDatabase } from './test-database';
import type { TestDatabase } from './test-database';

/** A seeded private database and a GraphQL client on it, for the tests of one describe block. */
export function useSeededGraphql() {
  let db: TestDatabase;
  let client: GraphqlClient;
  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    client = await GraphqlClient.create(db.dataSource);
  });
  afterAll(async () => {
    await client?.stop();
    await db?.drop();
  });
  return {
    db: () => db,
    data: (query: string, variables?: Record<string, unknown>, viewer?: Viewer) =>
      client.data(query, variables, viewer),
    execute: (query: string, variables?: Record<string, unknown>, viewer?: Viewer) =>
      client.execute(query, variables, viewer),
  };
}
