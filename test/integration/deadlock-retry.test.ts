import { Client } from 'pg';
import { retryOnDeadlock } from '../../src/core/db/database-errors';
import { createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/**
 * retryOnDeadlock (core/db/database-errors.ts) on a real deadlock: two transactions lock two rows
 * in opposite orders; PostgreSQL ends one (40P01), which runs again and completes. Other errors,
 * and a deadlock on every attempt, are not swallowed.
 */
describe('retryOnDeadlock', () => {
  let db: TestDatabase;
  const clients: Client[] = [];
  const connect = async () => {
    const client = new Client({ connectionString: databaseUrl(db.name) });
    await client.connect();
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    db = await createTestDatabase('empty');
    await db.dataSource.query('CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL)');
    await db.dataSource.query('INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)');
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await db?.drop();
  });

  /** Locks `first`, says so, waits until the other side holds its row too, then wants `second`. */
  const crossing =
    (client: Client, first: number, second: number, holdsFirst: () => Promise<void>) => async () => {
      await client.query('BEGIN');
      try {
        await client.query('UPDATE deadlock_probe SET n = n + 1 WHERE id = $1', [first]);
        await holdsFirst();
        await client.query('UPDATE deadlock_probe SET n = n + 1 WHERE id = $1', [second]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    };

  it('runs the deadlock victim again, and both transactions commit', async () => {
    const [a, b] = [await connect(), await connect()];
    const attempts = { a: 0, b: 0 };
    // Both first attempts hold their first row before either asks for its second: a sure deadlock.
    let holding = 0;
    let release!: () => void;
    const bothHold = new Promise<void>((resolve) => (release = resolve));
    const holdsFirst = (side: 'a' | 'b') => async () => {
      if (attempts[side] > 1) return;
      if (++holding === 2) release();
      await bothHold;
    };
    await Promise.all([
      retryOnDeadlock(() => {
        attempts.a++;
        return crossing(a, 1, 2, holdsFirst('a'))();
      }),
      retryOnDeadlock(() => {
        attempts.b++;
        return crossing(b, 2, 1, holdsFirst('b'))();
      }),
    ]);
    // One of the two was the victim and ran once more.
    expect(attempts.a + attempts.b).toBe(3);
    const { rows } = await a.query('SELECT id, n FROM deadlock_probe ORDER BY id');
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('passes on other errors at once, and a deadlock after the last attempt', async () => {
    let calls = 0;
    const notDeadlock = Object.assign(new Error('duplicate key'), { code: '23505' });
    await expect(
      retryOnDeadlock(async () => {
        calls++;
        throw notDeadlock;
      }),
    ).rejects.toBe(notDeadlock);
    expect(calls).toBe(1);
    calls = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    await expect(
      retryOnDeadlock(async () => {
        calls++;
        throw deadlock;
      }, 3),
    ).rejects.toBe(deadlock);
    expect(calls).toBe(3);
  });
});
