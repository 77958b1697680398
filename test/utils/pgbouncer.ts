import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** Debian's pgbouncer (apt-get install pgbouncer; .ci/run installs it), or PGBOUNCER_PATH. */
export const PGBOUNCER = process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer';

/** A free TCP port on 127.0.0.1 (bound and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The uid and gid of a system user, from /etc/passwd (null when there is none). */
function systemUser(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A PgBouncer process in front of a PostgreSQL server, in its own temporary directory: listening on
 * 127.0.0.1 on a free port, pool_mode as given (transaction by default), every database of the
 * server under its own name, logged into as the server URL's user (auth_type any: the client's
 * user and password are not checked, a throwaway test setup). `serverOptions` are added to each
 * database's connection line (e.g. connect_query).
 */
export class PgBouncer {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'cchc-pgbouncer-'));
  private child: ChildProcessWithoutNullStreams | null = null;
  output = '';
  port = 0;

  constructor(
    private readonly serverUrl: string,
    private readonly settings: { poolMode?: string; poolSize?: number; serverOptions?: string } = {},
  ) {}

  async start(): Promise<void> {
    const server = new URL(this.serverUrl);
    this.port = await freePort();
    const password = decodeURIComponent(server.password).replace(/'/g, "\\'");
    const ini = path.join(this.dir, 'pgbouncer.ini');
    writeFileSync(
      ini,
      [
        '[databases]',
        `* = host=${server.hostname} port=${server.port} user=${decodeURIComponent(server.username)} password='${password}' ${this.settings.serverOptions ?? ''}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${this.port}`,
        'unix_socket_dir =',
        'auth_type = any',
        `pool_mode = ${this.settings.poolMode ?? 'transaction'}`,
        // Few server connections: clients take turns on them, so state one leaves behind shows.
        `default_pool_size = ${this.settings.poolSize ?? 3}`,
        'max_client_conn = 200',
        `pidfile = ${path.join(this.dir, 'pgbouncer.pid')}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    // PgBouncer refuses to run as root: then it runs as the postgres user (as the embedded server does).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const postgres = systemUser('postgres');
      if (!postgres) throw new Error('Running as root, PgBouncer needs a "postgres" system user to run as.');
      chownSync(this.dir, postgres.uid, postgres.gid);
      chownSync(ini, postgres.uid, postgres.gid);
    }
    chmodSync(this.dir, 0o700);
    this.child = spawn(PGBOUNCER, [...(asRoot ? ['-u', 'postgres'] : []), ini]);
    this.child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    for (let attempt = 0; ; attempt++) {
      if (this.child.exitCode !== null) throw new Error(`pgbouncer exited:\n${this.output}`);
      const client = new Client({ connectionString: this.urlFor('postgres') });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch (error) {
        if (attempt >= 100) throw new Error(`pgbouncer did not answer: ${String(error)}\n${this.output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }

  /** The URL of `database` through PgBouncer. */
  urlFor(database: string): string {
    return `postgres://cchc@127.0.0.1:${this.port}/${encodeURIComponent(database)}`;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const HAVE_PGBOUNCER = existsSync(PGBOUNCER);
