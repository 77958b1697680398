import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/app/data-source';

/** Set by test/global-setup.ts: a server URL (any database) and the migrated, seeded template. */
export const TEST_SERVER_URL = () => required('CCHC_TEST_SERVER_URL');
export const TEMPLATE_DATABASE = 'cchc_test_template';
export const EMPTY_TEMPLATE_DATABASE = 'cchc_test_empty';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (test/global-setup.ts).`);
  return value;
}

export function databaseUrl(database: string): string {
  const url = new URL(TEST_SERVER_URL());
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_SERVER_URL() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  dataSource: DataSource;
  name: string;
  drop(): Promise<void>;
}

/**
 * A private database for one test file, cloned from a template (seeded: the real plans and a
 * generated province; empty: migrated only; none: a blank database).
 */
export async function createTestDatabase(
  from: 'seeded' | 'empty' | 'none' = 'seeded',
): Promise<TestDatabase> {
  const name = `cchc_test_${randomBytes(6).toString('hex')}`;
  const template =
    from === 'seeded' ? TEMPLATE_DATABASE : from === 'empty' ? EMPTY_TEMPLATE_DATABASE : 'template0';
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const dataSource = createDataSource({ url: databaseUrl(name), poolSize: 5 });
  await dataSource.initialize();
  return {
    dataSource,
    name,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
