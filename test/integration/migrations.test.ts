import { MIGRATIONS } from '../../migrations';
import { createDataSource } from '../../src/app/data-source';
import { createTestDatabase, databaseUrl } from '../utils/test-database';

describe('migrations', () => {
  it('run forward on an empty database, match the entities, and revert cleanly', async () => {
    const db = await createTestDatabase('none');
    try {
      const applied = await db.dataSource.runMigrations({ transaction: 'each' });
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
      // The entities and the hand-written SQL describe the same schema: TypeORM finds nothing to change.
      const pending = await db.dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      const [{ count }] = await db.dataSource.query('SELECT count(*)::int AS count FROM reform_area');
      expect(count).toBe(7);

      for (let i = 0; i < MIGRATIONS.length; i++) {
        await db.dataSource.undoLastMigration({ transaction: 'each' });
      }
      const tables = await db.dataSource.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('migrations', 'typeorm_metadata')",
      );
      expect(tables).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('run forward on a database that already holds data', async () => {
    const db = await createTestDatabase('none');
    try {
      // Apply the first migration only, add data, then the rest.
      const first = createDataSource({ url: databaseUrl(db.name) });
      (first.options as { migrations: unknown[] }).migrations = [MIGRATIONS[0]];
      await first.initialize();
      await first.runMigrations();
      await first.query(`INSERT INTO province (code, name, kind) VALUES ('52', 'Gia Lai', 'TINH')`);
      await first.query(
        `INSERT INTO commune (code, name, kind, province_id) SELECT 'dak-doa', 'Đak Đoa', 'XA', id FROM province`,
      );
      await first.destroy();

      await db.dataSource.runMigrations({ transaction: 'each' });
      const rows = await db.dataSource.query('SELECT name, search_name FROM commune');
      expect(rows).toEqual([{ name: 'Đak Đoa', search_name: 'dak doa' }]);
    } finally {
      await db.drop();
    }
  });

  it('enforces the invariants in the database itself', async () => {
    const db = await createTestDatabase('seeded');
    try {
      const [{ id: reportId, plan_id: planId }] = await db.dataSource.query(
        'SELECT id, plan_id FROM status_report LIMIT 1',
      );
      const [{ id: taskId }] = await db.dataSource.query('SELECT id FROM task WHERE plan_id = $1 LIMIT 1', [
        planId,
      ]);
      const violations: [string, string, unknown[]][] = [
        ['percent above 100', 'UPDATE task_progress SET percent = 101 WHERE report_id = $1', [reportId]],
        [
          'a second report for the same plan and period',
          'INSERT INTO status_report (plan_id, period, period_start, period_end) SELECT plan_id, period, period_start, period_end FROM status_report WHERE id = $1',
          [reportId],
        ],
        [
          'the same task twice in a report',
          'INSERT INTO task_progress (report_id, task_id, status) SELECT report_id, task_id, status FROM task_progress WHERE report_id = $1 LIMIT 1',
          [reportId],
        ],
        ['a malformed period', "UPDATE status_report SET period = '2025Q5' WHERE id = $1", [reportId]],
        [
          'an unknown task status',
          "UPDATE task_progress SET status = 'DONE' WHERE report_id = $1",
          [reportId],
        ],
        [
          'a plan with two owners',
          'UPDATE plan SET province_id = (SELECT min(id) FROM province) WHERE id = $1',
          [planId],
        ],
        [
          'progress of a task that does not exist',
          "INSERT INTO task_progress (report_id, task_id, status) VALUES ($1, -1, 'COMPLETED')",
          [reportId],
        ],
        ['a task of an unknown area', "UPDATE task SET area_code = 'OTHER' WHERE id = $1", [taskId]],
      ];
      for (const [label, sql, params] of violations) {
        await expect(db.dataSource.query(sql, params)).rejects.toThrow(/violates|constraint/);
        void label;
      }
    } finally {
      await db.drop();
    }
  });
});
