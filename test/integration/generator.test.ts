import { GENERATED_NOTE, GENERATED_YEARS } from '../../src/modules/seed/generator';
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
    // Three demo seeds (real plans, 30 communes, the catalogue pass) on 2 shared cores.
  }, 240_000);

  it('produces plausible plans: ~60 tasks and ~24 indicators per plan, late and missing reports, cancelled tasks', async () => {
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
      // 25 templates; a commune plan leaves out each catalogued one (14) with probability 0.08.
      expect(stats.indicators_per_plan).toBeGreaterThan(23);
      expect(stats.indicators_per_plan).toBeLessThan(25);
      expect(stats.cancelled).toBeGreaterThan(0);
      expect(stats.late).toBeGreaterThan(0);
      expect(stats.never_reported).toBeGreaterThan(0);
      expect(stats.undated).toBeGreaterThan(0);
    } finally {
      await db.drop();
    }
  });

  describe('on the seeded province (52)', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase('seeded');
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('never repeats a task text within a plan area, and no task name carries a numbering', async () => {
      const duplicates = await db.dataSource.query(
        `SELECT t.plan_id, t.area_code, t.name, count(*)::int AS n FROM task t
          WHERE t.plan_id IN (SELECT p.id FROM plan p LEFT JOIN commune c ON c.id = p.commune_id
                               WHERE c.note = $1
                                  OR p.province_id IN (SELECT province_id FROM commune WHERE note = $1))
          GROUP BY 1, 2, 3 HAVING count(*) > 1`,
        [GENERATED_NOTE],
      );
      expect(duplicates).toEqual([]);
      const numbered = await db.dataSource.query(
        `SELECT t.name FROM task t JOIN plan p ON p.id = t.plan_id JOIN commune c ON c.id = p.commune_id
          WHERE c.note = $1 AND t.name ~* '^\\s*([0-9]+(\\.[0-9]+)*\\s*[.:)]|[0-9]+(\\.[0-9]+)+\\s|[ivx]+\\.|nhiệm vụ\\s+[0-9])' LIMIT 5`,
        [GENERATED_NOTE],
      );
      expect(numbered).toEqual([]);
      // The demo commune the new user looked at.
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM task t JOIN plan p ON p.id = t.plan_id JOIN commune c ON c.id = p.commune_id
          WHERE c.code = '52001' AND t.area_code = 'PROCEDURES'`,
      );
      expect(n).toBeGreaterThan(10);
    });

    it('gives the province its own plan for each year, with catalogue targets the communes take over', async () => {
      const provincePlans = await db.dataSource.query(
        `SELECT p.year, count(i.id)::int AS indicators, count(i.catalog_code)::int AS catalogued
           FROM plan p JOIN province v ON v.id = p.province_id LEFT JOIN indicator i ON i.plan_id = p.id
          WHERE v.code = '52' GROUP BY p.year ORDER BY p.year`,
      );
      expect(provincePlans).toEqual(
        GENERATED_YEARS.map((year) => ({ year, indicators: 14, catalogued: 14 })),
      );
      // How each commune indicator's target compares with the province's it is linked to.
      const comparisons: { comparison: string; n: number }[] = await db.dataSource.query(
        `SELECT indicator_target_comparison(true, i.comparator, i.target_value, i.target_max, i.unit, i.direction,
                  pi.comparator, pi.target_value, pi.target_max, pi.unit, pi.direction, e.direction) AS comparison,
                count(*)::int AS n
           FROM indicator i JOIN indicator pi ON pi.id = i.province_indicator_id
           JOIN indicator_catalog e ON e.code = i.catalog_code
           JOIN plan p ON p.id = i.plan_id JOIN commune c ON c.id = p.commune_id
          WHERE c.note = $1 GROUP BY 1`,
        [GENERATED_NOTE],
      );
      const share = Object.fromEntries(comparisons.map((c) => [c.comparison, c.n]));
      const linked = comparisons.reduce((sum, c) => sum + c.n, 0);
      expect(share.STRICTER / linked).toBeGreaterThan(0.45);
      expect(share.SAME / linked).toBeGreaterThan(0.15);
      expect(share.LOOSER / linked).toBeGreaterThan(0.02);
      expect(share.LOOSER / linked).toBeLessThan(0.15);
      expect(share.STRICTER).toBeGreaterThan(share.SAME);
      expect(share.SAME).toBeGreaterThan(share.LOOSER);
      // Some communes leave a catalogued indicator out.
      const [{ missing }] = await db.dataSource.query(
        `SELECT count(*)::int AS missing FROM plan p JOIN commune c ON c.id = p.commune_id
          WHERE c.note = $1 AND (SELECT count(*) FROM indicator i WHERE i.plan_id = p.id AND i.catalog_code IS NOT NULL) < 14`,
        [GENERATED_NOTE],
      );
      expect(missing).toBeGreaterThan(0);
      // The generator's links are the cascade's: relinking every commune plan changes nothing.
      const [{ changed }] = await db.dataSource.query(
        `SELECT sum(relink_province_indicators(p.id))::int AS changed FROM plan p JOIN commune c ON c.id = p.commune_id
          WHERE c.note = $1`,
        [GENERATED_NOTE],
      );
      expect(changed).toBe(0);
    });

    it('reports quarterly values that climb: no value goes down from one quarter to the next within a year', async () => {
      const [{ pairs, falls, rises }] = await db.dataSource.query(
        `WITH v AS (
           SELECT iv.indicator_id, r.period_end, iv.actual_value,
                  lag(iv.actual_value) OVER (PARTITION BY iv.indicator_id ORDER BY r.period_end) AS previous
             FROM indicator_value iv JOIN status_report r ON r.id = iv.report_id
             JOIN plan p ON p.id = r.plan_id JOIN commune c ON c.id = p.commune_id
            WHERE c.note = $1)
         SELECT count(previous)::int AS pairs, count(*) FILTER (WHERE actual_value < previous)::int AS falls,
                count(*) FILTER (WHERE actual_value > previous)::int AS rises FROM v`,
        [GENERATED_NOTE],
      );
      expect(pairs).toBeGreaterThan(1000);
      expect(falls).toBe(0);
      expect(rises / pairs).toBeGreaterThan(0.5);
    });
  });
});
