import type { DataSource } from 'typeorm';
import type { AppConfig } from '../core/config';
import { createDataSource } from './data-source';
import { ensureDatabase, ensureEmbeddedServer } from '../core/db/embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'cchc';

/** An open connection to the project database, and how to let go of it. */
export interface Database {
  dataSource: DataSource;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Resolves the database every command uses: DATABASE_URL when set, otherwise the embedded server
 * of CCHC_DATA_DIR (started here, or the one already running there).
 */
export async function resolveDatabaseUrl(
  config: AppConfig,
  log: (message: string) => void = () => undefined,
): Promise<{ url: string; release: () => Promise<void>; embedded: boolean }> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, release: async () => undefined, embedded: false };
  }
  const server = await ensureEmbeddedServer({ dataDir: config.dataDir, log });
  await ensureDatabase(server.urlFor('postgres'), EMBEDDED_DATABASE_NAME);
  return { url: server.urlFor(EMBEDDED_DATABASE_NAME), release: () => server.release(), embedded: true };
}

export async function openDatabase(
  config: AppConfig,
  options: { log?: (message: string) => void; runMigrations?: boolean; poolSize?: number } = {},
): Promise<Database> {
  const { url, release, embedded } = await resolveDatabaseUrl(config, options.log);
  const dataSource = createDataSource({
    url,
    poolSize: options.poolSize,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    // A transaction pooler refuses unknown startup parameters, and could not keep a SET on the
    // session: the timeout is then the pooler's or the role's (checked below).
    statementTimeoutMs: config.poolMode === 'transaction' ? undefined : config.statementTimeoutMs,
  });
  try {
    // Migrations may run long on a big database: they get their own pool, without statement timeout.
    if (options.runMigrations ?? true) await migrate(url, config, options.log);
    await dataSource.initialize();
    if (config.poolMode === 'transaction') {
      const warning = await statementTimeoutMismatch(dataSource, config.statementTimeoutMs);
      if (warning) options.log?.(warning);
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await release();
    throw error;
  }
  return {
    dataSource,
    url,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await release();
    },
  };
}

/**
 * Behind a transaction pooler the statement timeout is set by the pooler (PgBouncer's
 * `connect_query`) or the role (`ALTER ROLE … SET statement_timeout`); a warning when the one in
 * force is not CCHC_STATEMENT_TIMEOUT_MS, else null. docs/SCALING.md.
 */
export async function statementTimeoutMismatch(
  dataSource: DataSource,
  expectedMs: number,
): Promise<string | null> {
  const [{ ms }] = await dataSource.query(
    `SELECT (EXTRACT(EPOCH FROM current_setting('statement_timeout')::interval) * 1000)::bigint AS ms`,
  );
  if (Number(ms) === expectedMs) return null;
  return (
    `Warning: statement_timeout through the pooler is ${Number(ms)} ms, CCHC_STATEMENT_TIMEOUT_MS is ${expectedMs} ms. ` +
    `With DATABASE_POOL_MODE=transaction set it on the pooler (PgBouncer: connect_query='SET statement_timeout = ${expectedMs}') ` +
    `or on the role (ALTER ROLE … SET statement_timeout = ${expectedMs}).`
  );
}

async function migrate(url: string, config: AppConfig, log?: (message: string) => void): Promise<void> {
  const dataSource = createDataSource({ url, poolSize: 1, connectTimeoutMs: config.dbConnectTimeoutMs });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) log?.(`Applied ${applied.length} migration(s).`);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * DATABASE_READ_URL's pool (docs/READ-REPLICA.md), or null when unset. The replica must answer at
 * start (a wrong URL is a startup error, not a silent fall-back); later outages send reads to the
 * primary (read-replica.ts). No migrations: a replica replays the primary's.
 */
export async function openReadDataSource(
  config: AppConfig,
  options: { poolSize?: number } = {},
): Promise<DataSource | null> {
  if (!config.databaseReadUrl) return null;
  const dataSource = createDataSource({
    url: config.databaseReadUrl,
    poolSize: options.poolSize,
    applicationName: 'cchc-hub reads',
    connectTimeoutMs: config.dbConnectTimeoutMs,
    // As for the primary's pool: a transaction pooler refuses the startup parameter.
    statementTimeoutMs: config.poolMode === 'transaction' ? undefined : config.statementTimeoutMs,
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new Error(
      `DATABASE_READ_URL: cannot connect to the read replica (${error instanceof Error ? error.message : String(error)}). Fix the URL or unset it.`,
    );
  }
  return dataSource;
}
