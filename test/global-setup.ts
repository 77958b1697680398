import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../src/app/data-source';
import { ensureEmbeddedServer } from '../src/core/db/embedded-postgres';
import { seedDatabase } from '../src/modules/seed/seed';
import { EMPTY_TEMPLATE_DATABASE, TEMPLATE_DATABASE } from './utils/test-database';

/**
 * Starts a throwaway embedded PostgreSQL (or uses TEST_DATABASE_URL) and prepares two template
 * databases the test files clone: one migrated, one migrated and seeded (real plans + the generated
 * "province" scale). Embedded-postgres is ESM-only, so it is started here, outside the test VMs.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-test-'));
    chmodSync(dataDir, 0o755); // the postgres user (when run as root) must reach the cluster inside
    const server = await ensureEmbeddedServer({
      dataDir,
      // A throwaway cluster: durability settings off for speed.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    serverUrl = server.urlFor('postgres');
    (globalThis as Record<string, unknown>).__CCHC_TEST_SERVER__ = server;
    (globalThis as Record<string, unknown>).__CCHC_TEST_DATA_DIR__ = dataDir;
  }
  process.env.CCHC_TEST_SERVER_URL = serverUrl;

  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  for (const name of [TEMPLATE_DATABASE, EMPTY_TEMPLATE_DATABASE]) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  }
  await admin.end();

  for (const [name, seeded] of [
    [EMPTY_TEMPLATE_DATABASE, false],
    [TEMPLATE_DATABASE, true],
  ] as const) {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const dataSource = createDataSource({ url: url.toString() });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    if (seeded) await seedDatabase(dataSource, { scale: 'province' });
    await dataSource.destroy();
  }
}
