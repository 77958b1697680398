import { seedDatabase } from '../../src/modules/seed/seed';
import { createTestDatabase } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/** A digest of everything the generator writes, independent of row order. */
async function digest(db: TestDatabase): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    commune: 'SELECT code, name, kind, province_id FROM commune',
    plan: 'SELECT id, commune_id, year, document_number, issue_date, title FROM plan',
    task: 'SELECT id, plan_id, area_code, position, name, time_text, milestones::text, due_on FROM task',
    indicator: 'SELECT id, plan_id, target_text, comparator, target_value, target_max FROM indicator',
    status_report: 'SELECT id, plan_id, period, status, submitted_at FROM status_report',
    task_progress: 'SELECT report_id, task_id, status, percent FROM task_progress',
    indicator_value: 'SELECT report_id, indicator_id, actual_value FROM indicator_value',
  };
  const result: Record<string, string> = {};
  for (const [table, select] of Object.entries(tables)) {
    const [{ md5, n }] = await db.dataSource.query(
      `SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) AS md5, count(*)::int AS n FROM (${select}) r`,
    );
    result[table] = `${n}:${md5}`;
  }
  return result;
}

describe('generator', () => {
  it('writes the same data on every run, and a second run adds nothing', async () => {
    const a = await createTestDatabase('empty');
    const b = await createTestDatabase('empty');
    try {
      await seedDatabase(a.dataSource, { scale: 'demo' });
      await seedDatabase(b.dataSource, { scale: 'demo' });
      const first = await digest(a);
      expect(await digest(b)).toEqual(first);
      await seedDatabase(a.dataSource, { scale: 'demo' });
      expect(await digest(a)).toEqual(first);
    } finally {
      await a.drop();
      await b.drop();
    }
  });

  it('produces plausible plans: ~60 tasks and ~25 indicators per plan, late and missing reports, cancelled tasks', async () => {
    const db = await createTestDatabase('seeded');
    try {
      const [stats] = await db.dataSource.query(`
        SELECT (SELECT avg(n) FROM (SELECT count(*) n FROM task t JOIN plan p ON p.id = t.plan_id JOIN commune c ON c.id = p.commune_id WHERE c.code ~ '^[0-9]{5}$' GROUP BY t.plan_id) x)::float AS tasks_per_plan,
               (SELECT avg(n) FROM (SELECT count(*) n FROM indicator i JOIN plan p ON p.id = i.plan_id JOIN commune c ON c.id = p.commune_id WHERE c.code ~ '^[0-9]{5}$' GROUP BY i.plan_id) x)::float AS indicators_per_plan,
               (SELECT count(*) FROM task_progress WHERE status = 'CANCELLED')::int AS cancelled,
               (SELECT count(*) FROM status_report WHERE submitted_at > (period_end + 5 + 1)::timestamptz)::int AS late,
               (SELECT count(*) FROM plan p WHERE p.commune_id IS NOT NULL AND p.year = 2025 AND NOT EXISTS (SELECT 1 FROM status_report r WHERE r.plan_id = p.id))::int AS never_reported,
               (SELECT count(*) FROM task WHERE due_on IS NULL)::int AS undated`);
      expect(stats.tasks_per_plan).toBeGreaterThan(55);
      expect(stats.tasks_per_plan).toBeLessThan(65);
      expect(stats.indicators_per_plan).toBeGreaterThanOrEqual(24);
      expect(stats.cancelled).toBeGreaterThan(0);
      expect(stats.late).toBeGreaterThan(0);
      expect(stats.never_reported).toBeGreaterThan(0);
      expect(stats.undated).toBeGreaterThan(0);
    } finally {
      await db.drop();
    }
  });
});
