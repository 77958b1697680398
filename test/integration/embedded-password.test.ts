import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedCluster } from '../utils/embedded-cluster';

const PASSWORD_FILE = 'pg-superuser-password';

async function canLogIn(url: string, password: string): Promise<boolean | string> {
  const target = new URL(url);
  target.password = password;
  const client = new Client({ connectionString: target.toString() });
  try {
    await client.connect();
    return true;
  } catch (error) {
    return (error as { code?: string }).code === '28P01' ? false : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function sql(url: string, text: string): Promise<any[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** The embedded PostgreSQL's network and superuser password (issue #10, item 9). */
describe('embedded PostgreSQL: 127.0.0.1 only, random superuser password', () => {
  const cluster = new EmbeddedCluster();
  const passwordFile = path.join(cluster.dataDir, PASSWORD_FILE);
  afterAll(() => cluster.remove());

  it('makes a new cluster with a random password kept in a 0600 file, listening on 127.0.0.1 only', async () => {
    const url = await cluster.start();
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(40);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(decodeURIComponent(new URL(url).password)).toBe(password);
    expect(await canLogIn(url, 'postgres')).toBe(false);
    expect(await sql(url, 'SHOW listen_addresses')).toEqual([{ listen_addresses: '127.0.0.1' }]);
    // db:url again (the server running): the same URL.
    expect(await cluster.start()).toBe(url);
  });

  it('moves a cluster made before (superuser password "postgres", no file) to a random password on its next start', async () => {
    const url = await cluster.start();
    await sql(url, "ALTER ROLE postgres PASSWORD 'postgres'"); // as clusters were made before
    rmSync(passwordFile);
    await cluster.stop();

    const migrated = await cluster.start();
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(password).not.toBe('postgres');
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(await canLogIn(migrated, password)).toBe(true);
    expect(await canLogIn(migrated, 'postgres')).toBe(false);
    expect(existsSync(`${passwordFile}.new`)).toBe(false);
  });

  it('finishes a move that was interrupted after the new password was set but before the file was renamed', async () => {
    const url = await cluster.start();
    const pending = 'pending-password-set-before-the-interruption';
    await sql(url, `ALTER ROLE postgres PASSWORD '${pending}'`);
    rmSync(passwordFile);
    writeFileSync(`${passwordFile}.new`, `${pending}\n`, { mode: 0o600 });

    const resumed = await cluster.start();
    expect(readFileSync(passwordFile, 'utf8').trim()).toBe(pending);
    expect(await canLogIn(resumed, pending)).toBe(true);
    expect(existsSync(`${passwordFile}.new`)).toBe(false);
  });
});
