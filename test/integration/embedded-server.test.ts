import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const ROOT = path.join(__dirname, '..', '..');

/** Runs `npm run db:url`'s script the way a data steward would, with its own data directory. */
function dbUrl(dataDir: string): string {
  return execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
      '--transpile-only',
      path.join(ROOT, 'src', 'cli', 'db-url.ts'),
    ],
    {
      env: { ...process.env, CCHC_DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).trim();
}

describe('embedded PostgreSQL shared by commands', () => {
  it('starts the server of a data directory once; a second command connects to the same one and sees its data', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-embedded-'));
    chmodSync(dataDir, 0o755);
    const first = dbUrl(dataDir); // initialises the cluster and leaves the server running
    let client: Client | undefined;
    try {
      client = new Client({ connectionString: first });
      await client.connect();
      await client.query('CREATE TABLE kept (v text)');
      await client.query("INSERT INTO kept VALUES ('still here')");
      const second = dbUrl(dataDir); // while the first connection is open
      expect(second).toBe(first);
      const other = new Client({ connectionString: second });
      await other.connect();
      expect((await other.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
      await other.end();
    } finally {
      await client?.end();
      // Fast shutdown of the server the first command left running.
      execFileSync('sh', ['-c', `kill -INT $(head -1 '${path.join(dataDir, 'pg', 'postmaster.pid')}')`]);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('npm start (src/main.ts) serves the demo, and on Ctrl-C stops the PostgreSQL it started', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-start-'));
    chmodSync(dataDir, 0o755);
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
        '--transpile-only',
        path.join(ROOT, 'src', 'main.ts'),
      ],
      {
        env: { ...process.env, CCHC_DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = /ready at (\S+)/.exec(output);
          if (match && output.includes('demo-export')) {
            clearInterval(timer);
            resolve(match[1]);
          }
        }, 100);
        void exited.then(() => reject(new Error(`npm start exited early:\n${output}`)));
      });
      // The demo answers the token printed for it.
      const token = /demo-export\s.*\s(cchc_\S+)/.exec(output)![1];
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ province(code: "52") { communes(first: 1) { totalCount } } }' }),
      });
      const body = (await response.json()) as any;
      expect(body.data.province.communes.totalCount).toBeGreaterThan(30);
      expect(existsSync(pidFile)).toBe(true);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      // The server it started is gone: no postmaster.pid left behind.
      expect(existsSync(pidFile)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (existsSync(pidFile)) execFileSync('sh', ['-c', `kill -INT $(head -1 '${pidFile}')`]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
