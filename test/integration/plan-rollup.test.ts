import fc from 'fast-check';
import { Client } from 'pg';
import { ROLLUP_COLUMNS } from '../../migrations/1795560000000-rollup-relevant-updates';
import { PROVINCE_ROLLUP_DIFFERENCES_SQL, ROLLUP_DIFFERENCES_SQL } from '../utils/db-invariants';
import { createTestDatabase, databaseUrl } from '../utils/test-database';
import type { TestDatabase } from '../utils/test-database';

/**
 * plan_rollup is pre-aggregated and maintained by triggers; these tests prove that after every kind
 * of write, from any writer, in one transaction or concurrently, it equals what
 * cchc_plan_rollup_rows() computes from the raw rows at that moment. (That function's semantics
 * are checked against an independent in-memory computation in rollup.test.ts.)
 */
describe('plan_rollup stays equal to the figures computed from the raw rows', () => {
  let db: TestDatabase;
  const connect = async () => {
    const client = new Client({ connectionString: databaseUrl(db.name) });
    await client.connect();
    return client;
  };
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase('seeded');
    sql = await connect();
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  /**
   * Rows in the table but not in a fresh computation, and the other way round; the same for
   * province_rollup against plan_rollup summed per province.
   */
  async function differences() {
    const { rows } = await sql.query(ROLLUP_DIFFERENCES_SQL);
    const { rows: provinceRows } = await sql.query(PROVINCE_ROLLUP_DIFFERENCES_SQL);
    return [...rows, ...provinceRows];
  }

  /** A Gia Lai plan of 2025 with a submitted quarterly report and progress rows. */
  async function somePlan(offset = 0) {
    const { rows } = await sql.query(
      `SELECT p.id AS plan_id, r.id AS report_id
         FROM plan p JOIN commune c ON c.id = p.commune_id JOIN province v ON v.id = c.province_id
         JOIN status_report r ON r.plan_id = p.id AND r.period = '2025Q2' AND r.status IN ('SUBMITTED', 'APPROVED')
        WHERE v.code = '52' AND p.year = 2025 AND EXISTS (SELECT 1 FROM task_progress tp WHERE tp.report_id = r.id)
        ORDER BY p.id OFFSET $1 LIMIT 1`,
      [offset],
    );
    expect(rows).toHaveLength(1);
    return rows[0] as { plan_id: number; report_id: number };
  }

  it('holds for the seeded data, which has rows for both report scopes and all 17 periods', async () => {
    expect(await differences()).toEqual([]);
    const { rows } = await sql.query(
      `SELECT count(DISTINCT period)::int AS periods, count(DISTINCT approved_only)::int AS scopes,
              count(*)::int AS rows FROM plan_rollup pr JOIN plan p ON p.id = pr.plan_id WHERE p.year = 2025`,
    );
    expect(rows[0]).toMatchObject({ periods: 17, scopes: 2 });
    expect(rows[0].rows).toBeGreaterThan(1000);
    const { rows: provinces } = await sql.query(
      `SELECT count(DISTINCT province_id)::int AS provinces FROM province_rollup WHERE province_id > 0`,
    );
    expect(provinces[0].provinces).toBeGreaterThan(0);
  });

  const writes: [string, (plan: { plan_id: number; report_id: number }) => string][] = [
    [
      'a task progress status changes',
      (p) => `UPDATE task_progress SET status = 'COMPLETED', percent = 100 WHERE report_id = ${p.report_id}`,
    ],
    [
      'a progress row is deleted',
      (p) =>
        `DELETE FROM task_progress WHERE id = (SELECT min(id) FROM task_progress WHERE report_id = ${p.report_id})`,
    ],
    ['a report is returned', (p) => `UPDATE status_report SET status = 'RETURNED' WHERE id = ${p.report_id}`],
    [
      'a report is approved',
      (p) => `UPDATE status_report SET status = 'APPROVED' WHERE plan_id = ${p.plan_id}`,
    ],
    ['a report is deleted', (p) => `DELETE FROM status_report WHERE id = ${p.report_id}`],
    [
      'a new submitted report with progress arrives',
      (
        p,
      ) => `WITH r AS (INSERT INTO status_report (plan_id, period, period_start, period_end, status, submitted_at)
                VALUES (${p.plan_id}, '2025-11', '2025-11-01', '2025-11-30', 'SUBMITTED', now()) RETURNING id)
              INSERT INTO task_progress (report_id, task_id, status, percent)
              SELECT r.id, t.id, 'CANCELLED', 0 FROM r, task t WHERE t.plan_id = ${p.plan_id}`,
    ],
    ['task due dates move', (p) => `UPDATE task SET due_on = due_on + 40 WHERE plan_id = ${p.plan_id}`],
    [
      'a task changes area',
      (p) =>
        `UPDATE task SET area_code = 'DIRECTION' WHERE id = (SELECT max(id) FROM task WHERE plan_id = ${p.plan_id})`,
    ],
    [
      'a task is deleted',
      (p) => `DELETE FROM task WHERE id = (SELECT min(id) FROM task WHERE plan_id = ${p.plan_id})`,
    ],
    [
      'an indicator target changes',
      (p) => `UPDATE indicator SET comparator = 'LTE', target_value = 1 WHERE plan_id = ${p.plan_id}`,
    ],
    [
      'indicator values are written',
      (p) => `INSERT INTO indicator_value (report_id, indicator_id, actual_value)
              SELECT ${p.report_id}, i.id, 100 FROM indicator i WHERE i.plan_id = ${p.plan_id}
              ON CONFLICT (report_id, indicator_id) DO UPDATE SET actual_value = 0`,
    ],
    [
      'a draft report with progress is saved, then submitted with more progress in one transaction',
      (p) => `WITH r AS (INSERT INTO status_report (plan_id, period, period_start, period_end)
                VALUES (${p.plan_id}, '2025-12', '2025-12-01', '2025-12-31') RETURNING id)
              INSERT INTO task_progress (report_id, task_id, status, percent)
              SELECT r.id, t.id, 'COMPLETED', 100 FROM r, task t WHERE t.plan_id = ${p.plan_id};
              BEGIN;
              UPDATE task_progress SET status = 'IN_PROGRESS', percent = 40
               WHERE report_id = (SELECT id FROM status_report WHERE plan_id = ${p.plan_id} AND period = '2025-12')
                 AND task_id = (SELECT min(id) FROM task WHERE plan_id = ${p.plan_id});
              UPDATE status_report SET status = 'SUBMITTED', submitted_at = now()
               WHERE plan_id = ${p.plan_id} AND period = '2025-12';
              COMMIT`,
    ],
    [
      'progress of a returned report changes, and it is submitted again',
      (p) => `UPDATE status_report SET status = 'RETURNED' WHERE id = ${p.report_id};
              UPDATE task_progress SET status = 'NOT_STARTED', percent = 0 WHERE report_id = ${p.report_id};
              UPDATE status_report SET status = 'SUBMITTED' WHERE id = ${p.report_id}`,
    ],
    ['a plan is deleted', (p) => `DELETE FROM plan WHERE id = ${p.plan_id}`],
    // province_rollup places a plan by its commune's province: moves change two provinces.
    [
      'a plan moves to a commune of another province',
      (p) => `UPDATE plan SET commune_id = (
                SELECT c.id FROM commune c JOIN province v ON v.id = c.province_id
                 WHERE v.code <> '52' AND NOT EXISTS (SELECT 1 FROM plan x WHERE x.commune_id = c.id AND x.year = 2025)
                 ORDER BY c.id LIMIT 1)
               WHERE id = ${p.plan_id}`,
    ],
    [
      'a commune moves to another province',
      (
        p,
      ) => `UPDATE commune SET province_id = (SELECT id FROM province WHERE code <> '52' ORDER BY id LIMIT 1)
               WHERE id = (SELECT commune_id FROM plan WHERE id = ${p.plan_id})`,
    ],
    [
      'a commune loses its province',
      (p) =>
        `UPDATE commune SET province_id = NULL WHERE id = (SELECT commune_id FROM plan WHERE id = ${p.plan_id})`,
    ],
    [
      'plan_rollup is recomputed directly, as a bulk load does',
      (p) => `SELECT cchc_refresh_plan_rollups(ARRAY[${p.plan_id}])`,
    ],
  ];

  it.each(writes)('holds after %s', async (_what, write) => {
    const plan = await somePlan();
    const before = await sql.query('SELECT count(*)::int AS n FROM plan_rollup WHERE plan_id = $1', [
      plan.plan_id,
    ]);
    expect(before.rows[0].n).toBeGreaterThan(0);
    await sql.query(write(plan));
    expect(await differences()).toEqual([]);
    // Nothing is left queued once the transaction has committed.
    expect((await sql.query('SELECT count(*)::int AS n FROM plan_rollup_queue')).rows[0].n).toBe(0);
  });

  it('holds after several writes to several plans in one transaction, and a rolled-back one changes nothing', async () => {
    const [a, b] = [await somePlan(0), await somePlan(1)];
    await sql.query('BEGIN');
    await sql.query(`UPDATE task_progress SET status = 'IN_PROGRESS', percent = 50 WHERE report_id = $1`, [
      a.report_id,
    ]);
    await sql.query(`UPDATE task SET due_on = NULL WHERE plan_id = $1`, [b.plan_id]);
    await sql.query(`UPDATE status_report SET status = 'DRAFT' WHERE id = $1`, [b.report_id]);
    await sql.query('COMMIT');
    expect(await differences()).toEqual([]);

    const snapshot = (await sql.query('SELECT * FROM plan_rollup ORDER BY 1, 2, 3, 4')).rows;
    await sql.query('BEGIN');
    await sql.query(`DELETE FROM task WHERE plan_id = $1`, [a.plan_id]);
    await sql.query('ROLLBACK');
    expect((await sql.query('SELECT * FROM plan_rollup ORDER BY 1, 2, 3, 4')).rows).toEqual(snapshot);
  });

  it('holds when two transactions change the same plan concurrently and commit together', async () => {
    const plan = await somePlan(2);
    const [one, two] = [await connect(), await connect()];
    try {
      const tasks = await sql.query(
        'SELECT task_id FROM task_progress WHERE report_id = $1 ORDER BY task_id',
        [plan.report_id],
      );
      const [first, second] = [tasks.rows[0].task_id, tasks.rows.at(-1).task_id];
      // Each transaction writes, then both commit at once: neither saw the other's row when it wrote.
      for (let round = 0; round < 5; round++) {
        await one.query('BEGIN');
        await two.query('BEGIN');
        const status = round % 2 ? 'COMPLETED' : 'CANCELLED';
        await one.query(`UPDATE task_progress SET status = $3 WHERE report_id = $1 AND task_id = $2`, [
          plan.report_id,
          first,
          status,
        ]);
        await two.query(`UPDATE task_progress SET status = $3 WHERE report_id = $1 AND task_id = $2`, [
          plan.report_id,
          second,
          status,
        ]);
        await Promise.all([one.query('COMMIT'), two.query('COMMIT')]);
        expect(await differences()).toEqual([]);
      }
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
    // Five full comparisons of the table: ~10 s on a quiet machine, near a minute on a loaded one.
  }, 240_000);

  it('queues nothing for a draft save (drafts are not counted), and the plan for its submission', async () => {
    const plan = await somePlan(3);
    const queued = async () =>
      (
        await sql.query(
          'SELECT count(*)::int AS n FROM plan_rollup_queue WHERE transaction_id = txid_current()',
        )
      ).rows[0].n;
    const figures = () =>
      sql.query('SELECT * FROM plan_rollup WHERE plan_id = $1 ORDER BY 1, 2, 3, 4', [plan.plan_id]);
    const before = (await figures()).rows;

    await sql.query('BEGIN');
    const { rows } = await sql.query(
      `INSERT INTO status_report (plan_id, period, period_start, period_end)
       VALUES ($1, '2025-10', '2025-10-01', '2025-10-31') RETURNING id`,
      [plan.plan_id],
    );
    await sql.query(
      `INSERT INTO task_progress (report_id, task_id, status, percent)
       SELECT $1, t.id, 'COMPLETED', 100 FROM task t WHERE t.plan_id = $2`,
      [rows[0].id, plan.plan_id],
    );
    await sql.query(`UPDATE task_progress SET percent = 100 WHERE report_id = $1`, [rows[0].id]);
    expect(await queued()).toBe(0);
    await sql.query('COMMIT');
    expect((await figures()).rows).toEqual(before);

    await sql.query('BEGIN');
    await sql.query(`UPDATE status_report SET status = 'SUBMITTED', submitted_at = now() WHERE id = $1`, [
      rows[0].id,
    ]);
    expect(await queued()).toBeGreaterThan(0);
    await sql.query('COMMIT');
    // Every task completed in October: the year's, Q4's and October's figures change.
    expect((await figures()).rows).not.toEqual(before);

    // A submitted report going back to DRAFT, and its deletion, are counted changes again.
    await sql.query(`UPDATE status_report SET status = 'DRAFT' WHERE id = $1`, [rows[0].id]);
    expect((await figures()).rows).toEqual(before);
    await sql.query(`DELETE FROM status_report WHERE id = $1`, [rows[0].id]);
    expect(await differences()).toEqual([]);
  }, 240_000);

  /**
   * Migration 1795560000000: an UPDATE of a plan, task or indicator queues a recompute only when it
   * changes a column the roll-up reads. For every other column, changing it (in a transaction,
   * rolled back) queues nothing AND leaves a fresh cchc_plan_rollup_rows of the plan as it was: so
   * the lists leave out nothing the computation depends on. A change of each listed column queues
   * the plan; setting one to its own value queues nothing.
   */
  it('queues a plan only for updates of the columns the roll-up reads, and those are all it reads', async () => {
    const plan = await somePlan(5);
    const rowOf: Record<string, string> = {
      plan: `SELECT id FROM plan WHERE id = ${plan.plan_id}`,
      task: `SELECT id FROM task WHERE plan_id = ${plan.plan_id} AND due_on IS NOT NULL ORDER BY id LIMIT 1`,
      indicator: `SELECT id FROM indicator WHERE plan_id = ${plan.plan_id} AND target_value IS NOT NULL ORDER BY id LIMIT 1`,
    };
    // Entries for plan_rollup (those with plan_rollup = false ask only plan_indicator_rollup,
    // whose own column list is checked in plan-indicator-rollup.test.ts).
    const queued = async () =>
      (
        await sql.query(
          'SELECT count(*)::int AS n FROM plan_rollup_queue WHERE transaction_id = txid_current() AND plan_rollup',
        )
      ).rows[0].n as number;
    const fresh = async () =>
      (await sql.query('SELECT * FROM cchc_plan_rollup_rows($1) ORDER BY 1, 2, 3, 4', [[plan.plan_id]])).rows;
    /** A different value of the column's type (a few columns have no such value: they are skipped). */
    const changed = (column: string, type: string, nullable: boolean) => {
      if (nullable && type !== 'boolean') return 'NULL';
      if (/char|text/.test(type)) return `"${column}" || ' (sửa)'`;
      // Far off, so that a unique key with the column (a task's position in its plan) still holds.
      if (/int|numeric|real|double/.test(type)) return `"${column}" + 100000`;
      if (type === 'boolean') return `NOT COALESCE("${column}", false)`;
      if (type === 'date') return `"${column}" + 1`;
      if (/timestamp/.test(type)) return `"${column}" + interval '1 hour'`;
      if (type === 'jsonb') return `'[]'::jsonb`;
      return null;
    };
    /** A change of each listed column (plan_id: another plan of the same year). */
    const other = `(SELECT id FROM plan WHERE year = 2025 AND id <> ${plan.plan_id} ORDER BY id LIMIT 1)`;
    const LISTED_CHANGES: Record<string, string> = {
      'plan.year': 'year + 10',
      'task.plan_id': other,
      'task.area_code': `CASE WHEN area_code = 'DIRECTION' THEN 'PROCEDURES' ELSE 'DIRECTION' END`,
      'task.due_on': 'due_on + 1',
      'indicator.plan_id': other,
      'indicator.area_code': `CASE WHEN area_code = 'DIRECTION' THEN 'PROCEDURES' ELSE 'DIRECTION' END`,
      'indicator.comparator': `CASE WHEN comparator = 'GTE' THEN 'LTE' ELSE 'GTE' END`,
      'indicator.target_value': 'target_value + 1',
      'indicator.target_max': 'COALESCE(target_max, target_value) + 1',
    };
    const exercised: string[] = [];
    const skipped: string[] = [];
    for (const [table, listed] of Object.entries(ROLLUP_COLUMNS)) {
      const { rows: found } = await sql.query(rowOf[table]);
      expect(found).toHaveLength(1);
      const id = found[0].id as number;
      const { rows: columns } = await sql.query(
        `SELECT column_name AS name, data_type AS type, is_nullable = 'YES' AS nullable
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      for (const column of columns as { name: string; type: string; nullable: boolean }[]) {
        if (column.name === 'id') continue;
        await sql.query('BEGIN');
        try {
          if (listed.includes(column.name)) {
            await sql.query(`UPDATE "${table}" SET "${column.name}" = "${column.name}" WHERE id = $1`, [id]);
            expect({ column: `${table}.${column.name}`, unchanged: await queued() }).toEqual({
              column: `${table}.${column.name}`,
              unchanged: 0,
            });
          }
          const value = listed.includes(column.name)
            ? LISTED_CHANGES[`${table}.${column.name}`]
            : changed(column.name, column.type, column.nullable);
          // A task or indicator moved to another plan takes a free position there.
          const move = column.name === 'plan_id' ? ', "position" = "position" + 100000' : '';
          const before = await fresh();
          await sql.query('SAVEPOINT change');
          const ok = value
            ? await sql
                .query(`UPDATE "${table}" SET "${column.name}" = ${value}${move} WHERE id = $1`, [id])
                .then(
                  () => true,
                  () => false,
                )
            : false;
          if (!ok) {
            await sql.query('ROLLBACK TO SAVEPOINT change');
            skipped.push(`${table}.${column.name}`);
            continue;
          }
          if (listed.includes(column.name)) {
            expect({ column: `${table}.${column.name}`, queued: (await queued()) > 0 }).toEqual({
              column: `${table}.${column.name}`,
              queued: true,
            });
          } else {
            expect({ column: `${table}.${column.name}`, queued: await queued() }).toEqual({
              column: `${table}.${column.name}`,
              queued: 0,
            });
            expect(await fresh()).toEqual(before);
          }
          exercised.push(`${table}.${column.name}`);
        } finally {
          await sql.query('ROLLBACK');
        }
      }
    }
    // The unlisted columns that could not be given another value are few (constrained enums).
    expect(exercised.length).toBeGreaterThan(25);
    // Every listed column was changed; of the others, only constrained ones (a plan's owner and
    // source reference) could not be given another value.
    expect(
      skipped.filter((c) => ROLLUP_COLUMNS[c.split('.')[0] as 'plan'].includes(c.split('.')[1])),
    ).toEqual([]);
    expect(skipped.length).toBeLessThanOrEqual(6);
  }, 240_000);
  /** Differences between one plan's rows and a fresh computation of the whole plan (cheaper than all plans). */
  async function planDifferences(planId: number) {
    const { rows } = await sql.query(
      `WITH fresh AS (SELECT * FROM cchc_plan_rollup_rows(ARRAY[$1::int])),
            stored AS (SELECT * FROM plan_rollup WHERE plan_id = $1)
       SELECT 'stale' AS side, * FROM (SELECT * FROM stored EXCEPT ALL SELECT * FROM fresh) a
       UNION ALL SELECT 'missing', * FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM stored) b`,
      [planId],
    );
    return rows;
  }

  /** The start and end of a period code of the report table: "2025", "2025Q3" or "2025-07". */
  function periodDates(code: string): [string, string] {
    const year = Number(code.slice(0, 4));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const span = (month: number, months: number) => [
      iso(new Date(Date.UTC(year, month - 1, 1))),
      iso(new Date(Date.UTC(year, month - 1 + months, 0))),
    ];
    if (code.length === 4) return span(1, 12) as [string, string];
    if (code[4] === 'Q') return span(3 * Number(code[5]) - 2, 3) as [string, string];
    return span(Number(code.slice(5)), 1) as [string, string];
  }

  describe('only the periods and scopes a report can change are recomputed', () => {
    // A failed expectation inside BEGIN … COMMIT must not leave the next test in that transaction.
    afterEach(() => sql.query('ROLLBACK'));

    /** A plan of 2025 with tasks and indicators, with its reports deleted (a clean slate). */
    async function bareRow(offset: number) {
      const plan = await somePlan(offset);
      await sql.query('DELETE FROM status_report WHERE plan_id = $1', [plan.plan_id]);
      const tasks = (await sql.query('SELECT id FROM task WHERE plan_id = $1 ORDER BY id', [plan.plan_id]))
        .rows;
      const indicators = (
        await sql.query('SELECT id FROM indicator WHERE plan_id = $1 ORDER BY id', [plan.plan_id])
      ).rows;
      expect(tasks.length).toBeGreaterThan(3);
      return {
        planId: plan.plan_id,
        taskIds: tasks.map((t) => t.id as number),
        indicatorIds: indicators.map((i) => i.id as number),
      };
    }
    async function addReport(planId: number, period: string, status: string, progress: [number, string][]) {
      const [start, end] = periodDates(period);
      const { rows } = await sql.query(
        `INSERT INTO status_report (plan_id, period, period_start, period_end, status, submitted_at)
         VALUES ($1, $2, $3, $4, $5, CASE WHEN $5 <> 'DRAFT' THEN now() END) RETURNING id`,
        [planId, period, start, end, status],
      );
      for (const [taskId, taskStatus] of progress) {
        await sql.query(
          `INSERT INTO task_progress (report_id, task_id, status, percent)
           VALUES ($1, $2, $3, CASE $3 WHEN 'COMPLETED' THEN 100 WHEN 'IN_PROGRESS' THEN 50 ELSE 0 END)`,
          [rows[0].id, taskId, taskStatus],
        );
      }
      return rows[0].id as number;
    }
    const queue = async () =>
      (
        await sql.query(
          `SELECT plan_id, from_date::text AS "from", until_date::text AS until,
                  approved_scope FROM plan_rollup_queue WHERE transaction_id = txid_current()
            ORDER BY 1, 2, 3, 4`,
        )
      ).rows;

    it('queues a submission from its end to the next APPROVED report, all-reports scope only', async () => {
      const plan = await bareRow(4);
      await addReport(plan.planId, '2025Q1', 'APPROVED', [[plan.taskIds[0], 'IN_PROGRESS']]);
      await addReport(plan.planId, '2025Q2', 'SUBMITTED', [[plan.taskIds[0], 'IN_PROGRESS']]);
      await addReport(plan.planId, '2025Q3', 'APPROVED', [[plan.taskIds[0], 'IN_PROGRESS']]);
      const january = await addReport(plan.planId, '2025-01', 'DRAFT', [[plan.taskIds[1], 'IN_PROGRESS']]);
      const may = await addReport(plan.planId, '2025-05', 'DRAFT', [[plan.taskIds[1], 'COMPLETED']]);

      await sql.query('BEGIN');
      await sql.query(`UPDATE status_report SET status = 'SUBMITTED' WHERE id = $1`, [january]);
      // January's report is the as-of report of January and February only: March ends with Q1.
      expect(await queue()).toEqual([
        { plan_id: plan.planId, from: '2025-01-31', until: '2025-03-31', approved_scope: false },
      ]);
      await sql.query('COMMIT');
      expect(await planDifferences(plan.planId)).toEqual([]);

      await sql.query('BEGIN');
      await sql.query(`UPDATE status_report SET status = 'SUBMITTED' WHERE id = $1`, [may]);
      // May states a completion: every later period's first completions may change.
      expect(await queue()).toEqual([
        { plan_id: plan.planId, from: '2025-05-31', until: 'infinity', approved_scope: false },
      ]);
      await sql.query(`UPDATE status_report SET status = 'APPROVED' WHERE id = $1`, [january]);
      expect(await queue()).toContainEqual({
        plan_id: plan.planId,
        from: '2025-01-31',
        until: '2025-03-31',
        approved_scope: true,
      });
      await sql.query('COMMIT');
      expect(await planDifferences(plan.planId)).toEqual([]);
    });

    it('leaves the rows outside the queued periods untouched (the refresh is a delta)', async () => {
      const plan = await bareRow(5);
      await addReport(plan.planId, '2025Q1', 'APPROVED', [[plan.taskIds[0], 'IN_PROGRESS']]);
      const january = await addReport(plan.planId, '2025-01', 'DRAFT', [[plan.taskIds[1], 'CANCELLED']]);
      expect(await planDifferences(plan.planId)).toEqual([]);
      const rowsOf = (period: string, approvedOnly: boolean) =>
        sql.query(
          `SELECT * FROM plan_rollup WHERE plan_id = $1 AND period = $2 AND approved_only = $3 ORDER BY area_code`,
          [plan.planId, period, approvedOnly],
        );

      await sql.query('BEGIN');
      // Mark rows the submission cannot change; a whole-plan recompute would put them right.
      await sql.query(
        `UPDATE plan_rollup SET tasks = tasks + 1000
          WHERE plan_id = $1 AND (period IN ('2025-03', '2025Q1', '2025') OR approved_only)`,
        [plan.planId],
      );
      await sql.query(`UPDATE status_report SET status = 'SUBMITTED' WHERE id = $1`, [january]);
      await sql.query('SET CONSTRAINTS ALL IMMEDIATE'); // the commit's flush, now
      // January and February (all reports) are recomputed: a cancelled task there now.
      const [jan, feb] = [(await rowsOf('2025-01', false)).rows, (await rowsOf('2025-02', false)).rows];
      expect(jan.reduce((n, r) => n + r.cancelled, 0)).toBe(1);
      expect(feb.reduce((n, r) => n + r.cancelled, 0)).toBe(1);
      expect(jan.every((r) => r.tasks < 1000)).toBe(true);
      // The others were not rewritten.
      for (const [period, approvedOnly] of [
        ['2025-03', false],
        ['2025Q1', false],
        ['2025', false],
        ['2025-01', true],
      ] as const) {
        expect((await rowsOf(period, approvedOnly)).rows.every((r) => r.tasks >= 1000)).toBe(true);
      }
      await sql.query('ROLLBACK');
      await sql.query(`UPDATE status_report SET status = 'SUBMITTED' WHERE id = $1`, [january]);
      expect(await planDifferences(plan.planId)).toEqual([]);
    });

    it('holds after submissions, returns, approvals, reopenings and deletions of month, quarter and year reports', async () => {
      const plan = await bareRow(6);
      const [t0, t1, t2] = plan.taskIds;
      const steps: [string, () => Promise<unknown>][] = [
        [
          'a December report approved',
          () => addReport(plan.planId, '2025-12', 'APPROVED', [[t0, 'COMPLETED']]),
        ],
        ['a Q2 report submitted', () => addReport(plan.planId, '2025Q2', 'SUBMITTED', [[t1, 'COMPLETED']])],
        ['a year report submitted', () => addReport(plan.planId, '2025', 'SUBMITTED', [[t2, 'IN_PROGRESS']])],
        [
          'a Q4 report approved (ties the year on its end)',
          () => addReport(plan.planId, '2025Q4', 'APPROVED', [[t2, 'CANCELLED']]),
        ],
        [
          'a March report submitted',
          () => addReport(plan.planId, '2025-03', 'SUBMITTED', [[t0, 'IN_PROGRESS']]),
        ],
        [
          'Q2 approved',
          () =>
            sql.query(
              `UPDATE status_report SET status = 'APPROVED' WHERE plan_id = $1 AND period = '2025Q2'`,
              [plan.planId],
            ),
        ],
        [
          'March returned',
          () =>
            sql.query(
              `UPDATE status_report SET status = 'RETURNED' WHERE plan_id = $1 AND period = '2025-03'`,
              [plan.planId],
            ),
        ],
        [
          'Q2 reopened to DRAFT',
          () =>
            sql.query(`UPDATE status_report SET status = 'DRAFT' WHERE plan_id = $1 AND period = '2025Q2'`, [
              plan.planId,
            ]),
        ],
        [
          'March progress changed and submitted again',
          async () => {
            await sql.query(
              `UPDATE task_progress SET status = 'COMPLETED', percent = 100 WHERE report_id = (SELECT id FROM status_report WHERE plan_id = $1 AND period = '2025-03')`,
              [plan.planId],
            );
            await sql.query(
              `UPDATE status_report SET status = 'SUBMITTED' WHERE plan_id = $1 AND period = '2025-03'`,
              [plan.planId],
            );
          },
        ],
        [
          'the year report submitted later than Q4 (tie-break)',
          () =>
            sql.query(
              `UPDATE status_report SET submitted_at = now() + interval '1 day' WHERE plan_id = $1 AND period = '2025'`,
              [plan.planId],
            ),
        ],
        [
          'Q4 progress deleted',
          () =>
            sql.query(
              `DELETE FROM task_progress WHERE report_id = (SELECT id FROM status_report WHERE plan_id = $1 AND period = '2025Q4')`,
              [plan.planId],
            ),
        ],
        [
          'indicator values in the year report',
          () =>
            sql.query(
              `INSERT INTO indicator_value (report_id, indicator_id, actual_value) SELECT r.id, i.id, 50 FROM status_report r, indicator i WHERE r.plan_id = $1 AND r.period = '2025' AND i.plan_id = $1`,
              [plan.planId],
            ),
        ],
        [
          'December deleted',
          () =>
            sql.query(`DELETE FROM status_report WHERE plan_id = $1 AND period = '2025-12'`, [plan.planId]),
        ],
        [
          'the March report moved to April',
          () =>
            sql.query(
              `UPDATE status_report SET period = '2025-04', period_start = '2025-04-01', period_end = '2025-04-30' WHERE plan_id = $1 AND period = '2025-03'`,
              [plan.planId],
            ),
        ],
      ];
      for (const [what, step] of steps) {
        await step();
        expect({ what, differences: await planDifferences(plan.planId) }).toEqual({ what, differences: [] });
      }
      // The same again, all in one transaction, from a clean slate.
      await sql.query('DELETE FROM status_report WHERE plan_id = $1', [plan.planId]);
      await sql.query('BEGIN');
      for (const [, step] of steps) await step();
      await sql.query('COMMIT');
      expect(await planDifferences(plan.planId)).toEqual([]);
    });

    it('holds for any sequence of report writes, in any grouping into transactions (property)', async () => {
      const plan = await bareRow(7);
      const periods = [
        '2025',
        '2025Q1',
        '2025Q2',
        '2025Q3',
        '2025Q4',
        '2025-01',
        '2025-02',
        '2025-03',
        '2025-05',
        '2025-06',
        '2025-09',
        '2025-11',
        '2025-12',
      ];
      const statuses = ['DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED'];
      const taskStatuses = ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'];
      const task = fc.integer({ min: 0, max: Math.min(plan.taskIds.length, 4) - 1 });
      const write = fc.oneof(
        fc.record({
          kind: fc.constant('report' as const),
          period: fc.constantFrom(...periods),
          status: fc.constantFrom(...statuses),
          progress: fc.array(fc.tuple(task, fc.constantFrom(...taskStatuses)), { maxLength: 3 }),
        }),
        fc.record({
          kind: fc.constant('status' as const),
          period: fc.constantFrom(...periods),
          status: fc.constantFrom(...statuses),
        }),
        fc.record({
          kind: fc.constant('progress' as const),
          period: fc.constantFrom(...periods),
          task,
          status: fc.constantFrom(...taskStatuses),
        }),
        fc.record({
          kind: fc.constant('value' as const),
          period: fc.constantFrom(...periods),
          value: fc.integer({ min: 0, max: 120 }),
        }),
        fc.record({ kind: fc.constant('delete' as const), period: fc.constantFrom(...periods) }),
      );
      const apply = async (w: typeof write extends fc.Arbitrary<infer T> ? T : never) => {
        const reportId = `(SELECT id FROM status_report WHERE plan_id = ${plan.planId} AND period = '${w.period}')`;
        if (w.kind === 'report') {
          const [start, end] = periodDates(w.period);
          await sql.query(
            `INSERT INTO status_report (plan_id, period, period_start, period_end, status, submitted_at)
             VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (plan_id, period) DO UPDATE SET status = EXCLUDED.status`,
            [plan.planId, w.period, start, end, w.status],
          );
          for (const [i, status] of w.progress) {
            await sql.query(
              `INSERT INTO task_progress (report_id, task_id, status, percent) SELECT ${reportId}, $1, $2, 0
               ON CONFLICT (report_id, task_id) DO UPDATE SET status = EXCLUDED.status`,
              [plan.taskIds[i], status],
            );
          }
        } else if (w.kind === 'status') {
          await sql.query(`UPDATE status_report SET status = $1 WHERE id = ${reportId}`, [w.status]);
        } else if (w.kind === 'progress') {
          await sql.query(
            `INSERT INTO task_progress (report_id, task_id, status, percent) SELECT id, $1, $2, 0 FROM status_report
              WHERE id = ${reportId} ON CONFLICT (report_id, task_id) DO UPDATE SET status = EXCLUDED.status`,
            [plan.taskIds[w.task], w.status],
          );
        } else if (w.kind === 'value') {
          await sql.query(
            `INSERT INTO indicator_value (report_id, indicator_id, actual_value)
             SELECT r.id, i.id, $1 FROM status_report r, indicator i WHERE r.id = ${reportId} AND i.plan_id = $2
             ON CONFLICT (report_id, indicator_id) DO UPDATE SET actual_value = EXCLUDED.actual_value`,
            [w.value, plan.planId],
          );
        } else {
          await sql.query(`DELETE FROM status_report WHERE id = ${reportId}`);
        }
      };
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(write, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
          async (transactions) => {
            await sql.query('DELETE FROM status_report WHERE plan_id = $1', [plan.planId]);
            for (const writes of transactions) {
              await sql.query('BEGIN');
              for (const w of writes) await apply(w);
              await sql.query('COMMIT');
              expect(await planDifferences(plan.planId)).toEqual([]);
            }
          },
        ),
        { numRuns: 40 },
      );
      expect(await differences()).toEqual([]);
    }, 600_000);
  });
});
