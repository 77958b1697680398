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

  /** Locks `first`, waits for the other side to hold its row, then wants `second`. */
  const crossing =
    (client: Client, first: number, second: number, bothHold: Promise<unknown>) => async () => {
      await client.query('BEGIN');
      try {
        await client.query('UPDATE deadlock_probe SET n = n + 1 WHERE id = $1', [first]);
        await bothHold;
        await client.query('UPDATE deadlock_probe SET n = n + 1 WHERE id = $1', [second]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    };

  it('runs the deadlock victim again, and both transactions commit', async () => {
    const [a, b] = [await connect(), await connect()];
    let attemptsA = 0;
    let attemptsB = 0;
    let held = 0;
    let release!: () => void;
    const bothHold = new Promise<void>((resolve) => (release = resolve));
    const holding = () => {
      held++;
      if (held === 2) release();
    };
    // Only the first attempts cross; a retry finds the other side done or waiting its turn.
    await Promise.all([
      retryOnDeadlock(() => {
        attemptsA++;
        return crossing(a, 1, 2, attemptsA === 1 ? (holding(), bothHold) : Promise.resolve())();
      }),
      retryOnDeadlock(() => {
        attemptsB++;
        return crossing(b, 2, 1, attemptsB === 1 ? (holding(), bothHold) : Promise.resolve())();
      }),
    ]);
    expect(attemptsA + attemptsB).toBe(3);
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
