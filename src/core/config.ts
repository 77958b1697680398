import path from 'node:path';

/** Runtime settings, read only from environment variables (all listed in README.md). */
export interface AppConfig {
  port: number;
  /** Set: use this PostgreSQL server. Unset: the embedded server in `dataDir`. */
  databaseUrl: string | undefined;
  /** Where the embedded PostgreSQL keeps its data between runs. */
  dataDir: string;
  nodeEnv: string;
  /** Verbose errors (stack traces) only in development. */
  isDevelopment: boolean;
  /** CCHC_ADMIN_TOKEN: the operator's own ADMIN bearer token; unset means there is none. */
  adminToken: string | undefined;
  // Availability (issue #10, item 3 and 6).
  /** CCHC_DB_CONNECT_TIMEOUT_MS: how long a request waits for a database connection before 503. */
  dbConnectTimeoutMs: number;
  /** CCHC_STATEMENT_TIMEOUT_MS: the longest any one SQL statement may run (0: no limit). */
  statementTimeoutMs: number;
  /** CCHC_SHUTDOWN_GRACE_MS: on SIGTERM/SIGINT, how long requests in flight may still finish. */
  shutdownGraceMs: number;
}

/** A shorter CCHC_ADMIN_TOKEN is refused: it would be guessable. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

export const PROJECT_ROOT = path.resolve(
  __dirname,
  '..',
  '..',
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '',
);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 4000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  }
  const nodeEnv = env.NODE_ENV || 'production';
  const adminToken = env.CCHC_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.trim().length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new Error(
      `CCHC_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -base64 32\`), or unset.`,
    );
  }
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(PROJECT_ROOT, env.CCHC_DATA_DIR || '.data'),
    nodeEnv,
    isDevelopment: nodeEnv === 'development',
    adminToken: adminToken?.trim(),
    ...loadAvailabilityConfig(env),
  };
}

/** The availability settings: database timeouts and the shutdown grace period, in milliseconds. */
function loadAvailabilityConfig(
  env: NodeJS.ProcessEnv,
): Pick<AppConfig, 'dbConnectTimeoutMs' | 'statementTimeoutMs' | 'shutdownGraceMs'> {
  return {
    dbConnectTimeoutMs: milliseconds(env, 'CCHC_DB_CONNECT_TIMEOUT_MS', 5_000, 1),
    statementTimeoutMs: milliseconds(env, 'CCHC_STATEMENT_TIMEOUT_MS', 30_000, 0),
    shutdownGraceMs: milliseconds(env, 'CCHC_SHUTDOWN_GRACE_MS', 30_000, 0),
  };
}

function milliseconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 86_400_000) {
    throw new Error(`${name} must be a whole number of milliseconds (${min}–86400000), got "${raw}"`);
  }
  return value;
}

/**
 * Tests only: CCHC_TEST_PAUSE_IN_SUBMIT_MS makes submitReport wait that long inside its
 * transaction, after its writes and before the commit, so a test can kill the process there. Read
 * only when NODE_ENV=test; 0 (no pause) otherwise.
 */
export function testPauseInSubmitMs(env: NodeJS.ProcessEnv = process.env): number {
  if (env.NODE_ENV !== 'test') return 0;
  return milliseconds(env, 'CCHC_TEST_PAUSE_IN_SUBMIT_MS', 0, 0);
}
