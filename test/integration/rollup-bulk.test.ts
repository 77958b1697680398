import { randomBytes } from 'node:crypto';
import { createDataSource } from '../../src/app/data-source';
import { ROLLUP_TRIGGERS, withoutRollupTriggers } from '../../src/modules/rollup/rollup-bulk';
import { seedDatabase } from '../../src/modules/seed/seed';
import {
  INDICATOR_ROLLUP_DIFFERENCES_SQL,
  PROVINCE_ROLLUP_DIFFERENCES_SQL,
  ROLLUP_DIFFERENCES_SQL,
} from '../utils/db-invariants';
import { adminQuery, createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/**
 * Bulk loads switch the roll-up triggers off for their own transaction and recompute the plans
 * they wrote once (issue #15, part 4). These tests prove plan_rollup afterwards equals a fresh
 * computation from the raw rows, and equals what the triggers alone would have kept, and that the
 * triggers are on again for every later write, also when the load fails.
 */
// Each case seeds the demo province (30 communes) into a fresh database; the one with the
// triggers firing takes several times longer, and the CI machine's cores are shared.
jest.setTimeout(300_000);

describe('bulk loads without the roll-up triggers', () => {
  const databases: TestDatabase[] = [];
  const roles: string[] = [];
  const fresh = async () => {
    const db = await createTestDatabase('empty');
    databases.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of databases) await db.drop();
    for (const role of roles) await adminQuery(`DROP ROLE IF EXISTS "${role}"`);
  });

  /**
   * plan_rollup and plan_indicator_rollup against a fresh computation, and province_rollup against
   * plan_rollup summed.
   */
  const differences = async (db: TestDatabase) => [
    ...(await db.dataSource.query(ROLLUP_DIFFERENCES_SQL)),
    ...(await db.dataSource.query(PROVINCE_ROLLUP_DIFFERENCES_SQL)),
    ...(await db.dataSource.query(INDICATOR_ROLLUP_DIFFERENCES_SQL)),
  ];
  /** The roll-up triggers that are not enabled ('O': fires in normal sessions). */
  const triggersNotOn = async (db: TestDatabase) =>
    (
      await db.dataSource.query(
        `SELECT t.tgname FROM pg_trigger t WHERE t.tgname = ANY($1) AND t.tgenabled <> 'O'
         UNION ALL SELECT name FROM unnest($1::text[]) name WHERE NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = name)`,
        [ROLLUP_TRIGGERS.map((t) => t.trigger)],
      )
    ).map((r: { tgname: string }) => r.tgname);
  /** plan_rollup, and plan_indicator_rollup, as one digest each, independent of row order. */
  const rollupDigest = async (db: TestDatabase) => {
    const digest = async (table: string) =>
      (
        await db.dataSource.query(
          `SELECT count(*)::int AS n, md5(string_agg(r::text, '|' ORDER BY r::text)) AS md5
             FROM (SELECT pr.*, c.code FROM ${table} pr JOIN plan p ON p.id = pr.plan_id
                   LEFT JOIN commune c ON c.id = p.commune_id) r`,
        )
      )[0];
    return { ...(await digest('plan_rollup')), indicators: await digest('plan_indicator_rollup') };
  };

  let bulk: TestDatabase;
  let bulkDigest: { n: number; md5: string; indicators: { n: number; md5: string } };
  beforeAll(async () => {
    bulk = await fresh();
    await seedDatabase(bulk.dataSource, { scale: 'demo' });
    bulkDigest = await rollupDigest(bulk);
  });

  it('a seeded province equals a fresh computation, with rows for every generated plan', async () => {
    expect(await differences(bulk)).toEqual([]);
    const [{ plans, rolledUp }] = await bulk.dataSource.query(
      `SELECT count(*)::int AS plans, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM plan_rollup pr WHERE pr.plan_id = p.id))::int AS "rolledUp"
         FROM plan p JOIN commune c ON c.id = p.commune_id WHERE c.code ~ '^[0-9]{5}$'`,
    );
    expect(plans).toBe(60); // the demo province: 30 communes × 2 plan years
    expect(rolledUp).toBe(plans);
  });

  it('gives the same table as the same seed with the triggers firing', async () => {
    const firing = await fresh();
    await seedDatabase(firing.dataSource, { scale: 'demo', rollups: 'triggers' });
    expect(await differences(firing)).toEqual([]);
    expect(await rollupDigest(firing)).toEqual(bulkDigest);
    expect(bulkDigest.n).toBeGreaterThan(1000);
    expect(bulkDigest.indicators.n).toBeGreaterThan(1000);
  });

  it('leaves the triggers on: a later write is rolled up', async () => {
    expect(await triggersNotOn(bulk)).toEqual([]);
    await bulk.dataSource.query(
      `UPDATE task_progress SET status = 'COMPLETED', percent = 100
        WHERE id IN (SELECT id FROM task_progress WHERE status = 'IN_PROGRESS' ORDER BY id LIMIT 25)`,
    );
    await bulk.dataSource.query(`DELETE FROM task WHERE id = (SELECT max(id) FROM task)`);
    expect(await differences(bulk)).toEqual([]);
  });

  it('turns the triggers back on when the load fails, and keeps nothing of it', async () => {
    const db = await fresh();
    const [{ before }] = await db.dataSource.query('SELECT count(*)::int AS before FROM province');
    await expect(
      db.dataSource.transaction((manager) =>
        withoutRollupTriggers(manager, async () => {
          await manager.query(`INSERT INTO province (code, name, kind) VALUES ('zz', 'Bench', 'TINH')`);
          throw new Error('load failed');
        }),
      ),
    ).rejects.toThrow('load failed');
    expect(await triggersNotOn(db)).toEqual([]);
    const [{ after }] = await db.dataSource.query('SELECT count(*)::int AS after FROM province');
    expect(after).toBe(before);
  });

  it('refuses to run outside a transaction, where the triggers would be off for everyone', async () => {
    await expect(
      withoutRollupTriggers(bulk.dataSource.manager, async () => ({ result: 1, planIds: [] })),
    ).rejects.toThrow(/needs a transaction/);
    expect(await triggersNotOn(bulk)).toEqual([]);
  });

  it('a role that does not own the tables loads with the triggers on, to the same table', async () => {
    const db = await fresh();
    const role = `cchc_writer_${randomBytes(4).toString('hex')}`;
    roles.push(role);
    const password = randomBytes(12).toString('hex');
    await adminQuery(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
    const grant = createDataSource({ url: databaseUrl(db.name), poolSize: 1 });
    await grant.initialize();
    await grant.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO "${role}";
                       GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "${role}";
                       GRANT USAGE ON SCHEMA public TO "${role}"`);
    await grant.destroy();
    const url = new URL(databaseUrl(db.name));
    url.username = role;
    url.password = password;
    const asWriter = createDataSource({ url: url.toString(), poolSize: 2 });
    await asWriter.initialize();
    try {
      await seedDatabase(asWriter, { scale: 'demo' });
    } finally {
      await asWriter.destroy();
    }
    expect(await differences(db)).toEqual([]);
    expect(await rollupDigest(db)).toEqual(bulkDigest);
    expect(await triggersNotOn(db)).toEqual([]);
  });
});
