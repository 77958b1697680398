import path from 'node:path';
import { isLogLevel, LOG_LEVELS } from './logger';
import type { LogLevel } from './logger';
import { DEFAULT_MAX_CHARS } from './text-input';
import { Role } from './viewer';

/** CCHC_MAX_IMPORT_CHARS's default: 5 million characters, far beyond the largest real plan table. */
export const DEFAULT_MAX_IMPORT_CHARS = 5_000_000;

/** Runtime settings, read only from environment variables (all listed in README.md). */
export interface AppConfig {
  port: number;
  /** Set: use this PostgreSQL server. Unset: the embedded server in `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * DATABASE_LISTEN_URL: where servers LISTEN for notifications (token changes); unset: the API's
   * own database. Set it when DATABASE_URL goes through a pooler in transaction mode.
   */
  listenUrl: string | undefined;
  /**
   * DATABASE_POOL_MODE: `session` (PostgreSQL itself, or a pooler in session mode) or
   * `transaction` (PgBouncer in transaction mode: no session state; docs/SCALING.md).
   */
  poolMode: PoolMode;
  /**
   * DATABASE_READ_URL: a streaming replica of DATABASE_URL's database; GraphQL queries run there
   * (docs/READ-REPLICA.md). Unset: everything on the primary.
   */
  databaseReadUrl: string | undefined;
  /** CCHC_REPLICA_MAX_WAIT_MS: how long a read waits for the replica to replay the client's write. */
  replicaMaxWaitMs: number;
  /** Where the embedded PostgreSQL keeps its data between runs. */
  dataDir: string;
  nodeEnv: string;
  /** Verbose errors (stack traces) only in development. */
  isDevelopment: boolean;
  /** CCHC_ADMIN_TOKEN: the operator's own ADMIN bearer token; unset means there is none. */
  adminToken: string | undefined;
  /** HOST: the interface the API listens on (default loopback only). */
  host: string;
  /** CCHC_CORS_ORIGINS: origins allowed to call the API from a browser ('*': any; empty: none). */
  corsOrigins: string[];
  /** Limits checked before a request is parsed or an operation runs. */
  limits: RequestLimits;
  /** CCHC_MAX_STRING_CHARS: longest string argument or input field without a limit of its own. */
  maxStringChars: number;
  /** CCHC_MAX_IMPORT_CHARS: longest plan file (CSV text) importPlan accepts. */
  maxImportChars: number;
  // Availability (issue #10, item 3 and 6).
  /** CCHC_DB_CONNECT_TIMEOUT_MS: how long a request waits for a database connection before 503. */
  dbConnectTimeoutMs: number;
  /** CCHC_STATEMENT_TIMEOUT_MS: the longest any one SQL statement may run (0: no limit). */
  statementTimeoutMs: number;
  /** CCHC_SHUTDOWN_GRACE_MS: on SIGTERM/SIGINT, how long requests in flight may still finish. */
  shutdownGraceMs: number;
  /** Stored export runs and schedules (issue #12): where files go, the worker, retries, webhook. */
  exports: ExportSettings;
  /** LOG_LEVEL: the least severe level written to the log (default info). */
  logLevel: LogLevel;
  /** CCHC_METRICS: who may read GET /metrics (default: this machine only). */
  metricsAccess: MetricsAccess;
  /** CCHC_PERSISTED_ONLY_ROLES: viewers of these roles run only persisted operations (default none). */
  persistedOnlyRoles: Role[];
}

/** DATABASE_POOL_MODE's values: what DATABASE_URL leads to. */
export const POOL_MODES = ['session', 'transaction'] as const;
export type PoolMode = (typeof POOL_MODES)[number];

/**
 * CCHC_METRICS: `off` (no /metrics), `local` (only from 127.0.0.1 / ::1), `token` (an ADMIN
 * bearer token), `open` (anyone who reaches the port).
 */
export const METRICS_ACCESS = ['off', 'local', 'token', 'open'] as const;
export type MetricsAccess = (typeof METRICS_ACCESS)[number];

/** LOG_LEVEL and CCHC_METRICS (issue #13): a value outside the list is a startup error naming it. */
function loadOperationsConfig(env: NodeJS.ProcessEnv): Pick<AppConfig, 'logLevel' | 'metricsAccess'> {
  const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!isLogLevel(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}"`);
  }
  const metricsAccess = env.CCHC_METRICS?.trim().toLowerCase() || 'local';
  if (!(METRICS_ACCESS as readonly string[]).includes(metricsAccess)) {
    throw new Error(`CCHC_METRICS must be one of ${METRICS_ACCESS.join(', ')}; got "${env.CCHC_METRICS}"`);
  }
  return { logLevel, metricsAccess: metricsAccess as MetricsAccess };
}

/** The settings of stored export runs and their schedules (README, "Configuration"). */
export interface ExportSettings {
  /** CCHC_EXPORT_DIR: where run files are written (default `<CCHC_DATA_DIR>/exports`). */
  dir: string;
  /** CCHC_EXPORT_WORKER: run queued and scheduled exports in this process (default on). */
  worker: boolean;
  /** CCHC_EXPORT_RETRY_LIMIT: retries of a failed run after its first attempt. */
  retryLimit: number;
  /** CCHC_EXPORT_RETRY_SECONDS: delay before the first retry; each next one doubles (backoff). */
  retryDelaySeconds: number;
  /** CCHC_EXPORT_RETENTION_DAYS: files of finished runs older than this are removed. */
  retentionDays: number;
  /** CCHC_EXPORT_WEBHOOK_URL: POSTed the run record when a run ends (unset: no webhook). */
  webhookUrl: string | undefined;
  /** CCHC_EXPORT_WEBHOOK_SECRET: HMAC-SHA256 key of the webhook's signature header. */
  webhookSecret: string | undefined;
}

// ---- Request limits, HOST and CORS (issue #10 items 1, 2, 9) ----

/** What one request may ask for; each is an environment variable (README, "Configuration"). */
export interface RequestLimits {
  /** CCHC_MAX_DEPTH: nesting levels of fields in one operation. */
  maxDepth: number;
  /** CCHC_MAX_ALIASES: aliased fields in one operation. */
  maxAliases: number;
  /** CCHC_MAX_TOKENS: lexical tokens of the query text (names, punctuation, values). */
  maxTokens: number;
  /** CCHC_MAX_DIRECTIVES: directives (@include, @skip…) in one operation. */
  maxDirectives: number;
  /** CCHC_MAX_COST: estimated cost, each list field counting its `first` (or its cap) times its fields. */
  maxCost: number;
  /** CCHC_MAX_BODY_BYTES: largest request body. */
  maxBodyBytes: number;
  /** CCHC_MAX_IMPORT_BODY_BYTES: largest body of an importPlan mutation (its CSV text). */
  maxImportBodyBytes: number;
}

/**
 * Defaults: above every query of the README, the docs, the IDE and the tests (at most depth 9,
 * 3 aliases, 119 tokens, no directive; the largest cost, about 1,170,000, is 100 communes with
 * their plans, tasks, progress and reports in test/integration/dataloader.test.ts), below the
 * hostile ones of issue #10 (200 aliases; four levels of province → communes(first: 500); one
 * communes(first: 500) → plans → tasks(first: 500) costs 3,754,000).
 */
export const DEFAULT_LIMITS: RequestLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 20,
  maxCost: 2_000_000,
  maxBodyBytes: 1024 * 1024,
  // importPlan takes up to 5,000,000 characters of CSV: up to 3 bytes each in UTF-8, plus JSON.
  maxImportBodyBytes: 16 * 1024 * 1024,
});

const LIMIT_VARIABLES: Record<keyof RequestLimits, string> = {
  maxDepth: 'CCHC_MAX_DEPTH',
  maxAliases: 'CCHC_MAX_ALIASES',
  maxTokens: 'CCHC_MAX_TOKENS',
  maxDirectives: 'CCHC_MAX_DIRECTIVES',
  maxCost: 'CCHC_MAX_COST',
  maxBodyBytes: 'CCHC_MAX_BODY_BYTES',
  maxImportBodyBytes: 'CCHC_MAX_IMPORT_BODY_BYTES',
};

/** The environment variable that sets a limit (named in errors, so a person knows what to change). */
export const limitVariable = (limit: keyof RequestLimits): string => LIMIT_VARIABLES[limit];

/**
 * A whole-number setting within [min, max], or its default when unset. Digits only: "30s", "1e3"
 * and "2.5" are refused rather than read as something else.
 */
function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: { min: number; max: number; means: string },
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new Error(`${name} must be ${range.means}, got "${env[name]}"`);
  }
  return value;
}

const positiveInteger = (env: NodeJS.ProcessEnv, name: string, fallback: number) =>
  wholeNumber(env, name, fallback, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    means: 'a positive whole number',
  });

function loadLimits(env: NodeJS.ProcessEnv): RequestLimits {
  const limits = Object.fromEntries(
    (Object.keys(LIMIT_VARIABLES) as (keyof RequestLimits)[]).map((key) => [
      key,
      positiveInteger(env, LIMIT_VARIABLES[key], DEFAULT_LIMITS[key]),
    ]),
  ) as unknown as RequestLimits;
  return { ...limits, maxImportBodyBytes: Math.max(limits.maxImportBodyBytes, limits.maxBodyBytes) };
}

/** HOST: default 127.0.0.1 (this machine only); every interface only when asked (HOST=0.0.0.0). */
export const DEFAULT_HOST = '127.0.0.1';

function loadHost(env: NodeJS.ProcessEnv): string {
  const host = env.HOST?.trim() || DEFAULT_HOST;
  if (/[\s/]/.test(host)) throw new Error(`HOST must be an interface address or name, got "${env.HOST}"`);
  return host;
}

/**
 * CCHC_CORS_ORIGINS: comma-separated origins ("https://dashboard.example.gov.vn") a browser page
 * may call the API from, or "*" for any. Default none: the IDE is served from the API's own
 * origin and needs no CORS; other origins are opened only on purpose.
 */
function loadCorsOrigins(env: NodeJS.ProcessEnv): string[] {
  const origins = (env.CCHC_CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(
        `CCHC_CORS_ORIGINS must list origins such as "https://dashboard.example" (or "*"), got "${origin}"`,
      );
    }
  }
  return origins;
}

// ---- end of request limits, HOST and CORS ----

/** CCHC_REPLICA_MAX_WAIT_MS's default: a read waits this long for the replica, then uses the primary. */
export const DEFAULT_REPLICA_MAX_WAIT_MS = 500;

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
  const dataDir = path.resolve(PROJECT_ROOT, env.CCHC_DATA_DIR || '.data');
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    listenUrl: env.DATABASE_LISTEN_URL || undefined,
    poolMode: loadPoolMode(env),
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    replicaMaxWaitMs: milliseconds(env, 'CCHC_REPLICA_MAX_WAIT_MS', DEFAULT_REPLICA_MAX_WAIT_MS, 0),
    dataDir,
    nodeEnv,
    isDevelopment: nodeEnv === 'development',
    adminToken: adminToken?.trim(),
    host: loadHost(env),
    corsOrigins: loadCorsOrigins(env),
    limits: loadLimits(env),
    maxStringChars: positiveInteger(env, 'CCHC_MAX_STRING_CHARS', DEFAULT_MAX_CHARS),
    maxImportChars: positiveInteger(env, 'CCHC_MAX_IMPORT_CHARS', DEFAULT_MAX_IMPORT_CHARS),
    ...loadAvailabilityConfig(env),
    exports: loadExportSettings(env, dataDir),
    ...loadOperationsConfig(env),
    persistedOnlyRoles: loadPersistedOnlyRoles(env),
  };
}

/**
 * DATABASE_POOL_MODE (default session). `transaction` needs DATABASE_URL (the pooler) and
 * DATABASE_LISTEN_URL (PostgreSQL itself): a LISTEN through a transaction pooler hears nothing,
 * and the token cache would trust revoked tokens for its whole time to live.
 */
function loadPoolMode(env: NodeJS.ProcessEnv): PoolMode {
  const mode = env.DATABASE_POOL_MODE?.trim().toLowerCase() || 'session';
  if (!(POOL_MODES as readonly string[]).includes(mode)) {
    throw new Error(
      `DATABASE_POOL_MODE must be one of ${POOL_MODES.join(', ')}; got "${env.DATABASE_POOL_MODE}"`,
    );
  }
  if (mode === 'transaction' && !env.DATABASE_URL) {
    throw new Error(
      'DATABASE_POOL_MODE=transaction needs DATABASE_URL (the pooler); the embedded database has none.',
    );
  }
  if (mode === 'transaction' && !env.DATABASE_LISTEN_URL) {
    throw new Error(
      'DATABASE_POOL_MODE=transaction needs DATABASE_LISTEN_URL: a URL of PostgreSQL itself (not the pooler), where each server LISTENs for token, province and live changes.',
    );
  }
  return mode as PoolMode;
}

/** CCHC_PERSISTED_ONLY_ROLES: comma-separated role names (ADMIN, PROVINCE_ANALYST…); unset: none. */
function loadPersistedOnlyRoles(env: NodeJS.ProcessEnv): Role[] {
  const names = (env.CCHC_PERSISTED_ONLY_ROLES ?? '')
    .split(',')
    .map((name) => name.trim().toUpperCase())
    .filter(Boolean);
  const roles = Object.values(Role) as string[];
  const unknown = names.filter((name) => !roles.includes(name));
  if (unknown.length) {
    throw new Error(
      `CCHC_PERSISTED_ONLY_ROLES must list roles among ${roles.join(', ')}, got "${unknown.join('", "')}"`,
    );
  }
  return [...new Set(names)] as Role[];
}

/** Retries of a failed export run and the delay before the first (CCHC_EXPORT_RETRY_*'s defaults). */
export const DEFAULT_EXPORT_RETRY = Object.freeze({ limit: 3, delaySeconds: 60 });

/** A shorter CCHC_EXPORT_WEBHOOK_SECRET is refused: a guessable key makes signatures worthless. */
export const MIN_WEBHOOK_SECRET_LENGTH = 24;

/** The export settings; `dataDir` is CCHC_DATA_DIR, under which files go by default. */
function loadExportSettings(env: NodeJS.ProcessEnv, dataDir: string): ExportSettings {
  const worker = (env.CCHC_EXPORT_WORKER ?? '').trim().toLowerCase();
  if (!['', '1', 'true', 'on', '0', 'false', 'off'].includes(worker)) {
    throw new Error(
      `CCHC_EXPORT_WORKER must be 1 or 0 (true/false, on/off), got "${env.CCHC_EXPORT_WORKER}"`,
    );
  }
  const webhookUrl = env.CCHC_EXPORT_WEBHOOK_URL?.trim() || undefined;
  if (webhookUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(webhookUrl)) {
    throw new Error(`CCHC_EXPORT_WEBHOOK_URL must be an http(s) URL, got "${webhookUrl}"`);
  }
  const webhookSecret = env.CCHC_EXPORT_WEBHOOK_SECRET?.trim() || undefined;
  if (webhookUrl && (webhookSecret?.length ?? 0) < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new Error(
      `CCHC_EXPORT_WEBHOOK_URL needs CCHC_EXPORT_WEBHOOK_SECRET, at least ${MIN_WEBHOOK_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`): it signs every delivery.`,
    );
  }
  const range = (min: number, max: number, means: string) => ({ min, max, means });
  return {
    dir: env.CCHC_EXPORT_DIR?.trim()
      ? path.resolve(PROJECT_ROOT, env.CCHC_EXPORT_DIR.trim())
      : path.join(dataDir, 'exports'),
    worker: !['0', 'false', 'off'].includes(worker),
    retryLimit: wholeNumber(
      env,
      'CCHC_EXPORT_RETRY_LIMIT',
      DEFAULT_EXPORT_RETRY.limit,
      range(0, 20, 'a whole number from 0 to 20'),
    ),
    retryDelaySeconds: wholeNumber(
      env,
      'CCHC_EXPORT_RETRY_SECONDS',
      DEFAULT_EXPORT_RETRY.delaySeconds,
      range(1, 86_400, 'a whole number of seconds (1–86400)'),
    ),
    retentionDays: wholeNumber(
      env,
      'CCHC_EXPORT_RETENTION_DAYS',
      30,
      range(1, 3650, 'a whole number of days (1–3650)'),
    ),
    webhookUrl,
    webhookSecret: webhookUrl ? webhookSecret : undefined,
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

const milliseconds = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number) =>
  wholeNumber(env, name, fallback, {
    min,
    max: 86_400_000,
    means: `a whole number of milliseconds (${min}–86400000)`,
  });

/**
 * Tests only: CCHC_TEST_PAUSE_IN_SUBMIT_MS makes submitReport wait that long inside its
 * transaction, after its writes and before the commit, so a test can kill the process there. Read
 * only when NODE_ENV=test; 0 (no pause) otherwise.
 */
export function testPauseInSubmitMs(env: NodeJS.ProcessEnv = process.env): number {
  if (env.NODE_ENV !== 'test') return 0;
  return milliseconds(env, 'CCHC_TEST_PAUSE_IN_SUBMIT_MS', 0, 0);
}
