import path from 'node:path';
import { DEFAULT_MAX_CHARS } from './text-input';

/** CCHC_MAX_IMPORT_CHARS's default: 5 million characters, far beyond the largest real plan table. */
export const DEFAULT_MAX_IMPORT_CHARS = 5_000_000;

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
  /** CCHC_MAX_STRING_CHARS: longest string argument or input field without a limit of its own. */
  maxStringChars: number;
  /** CCHC_MAX_IMPORT_CHARS: longest plan file (CSV text) importPlan accepts. */
  maxImportChars: number;
}

/** A shorter CCHC_ADMIN_TOKEN is refused: it would be guessable. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

export const PROJECT_ROOT = path.resolve(
  __dirname,
  '..',
  '..',
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '',
);

/** A positive whole-number setting, or its default when unset. */
function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of 1 or more, got "${raw}"`);
  }
  return value;
}

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
    maxStringChars: positiveInteger(env, 'CCHC_MAX_STRING_CHARS', DEFAULT_MAX_CHARS),
    maxImportChars: positiveInteger(env, 'CCHC_MAX_IMPORT_CHARS', DEFAULT_MAX_IMPORT_CHARS),
  };
}
