import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
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
});
