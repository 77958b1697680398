import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Draft saves stop recomputing roll-ups (issue #15, part 3). plan_rollup counts only SUBMITTED and
 * APPROVED reports (cchc_plan_rollup_rows' `counted`), so rows of a DRAFT or RETURNED report, and a
 * report that is neither counted before nor after a write, cannot change a figure. The bench found
 * the commit's whole-plan recompute to be nearly all of a save's cost (docs/BENCHMARKS.md,
 * "Writes"); now the enqueue triggers of status_report, task_progress and indicator_value queue a
 * plan only when a counted report is involved. A submission (DRAFT → SUBMITTED) still queues it:
 * the new row is counted. Status is read at statement time; a report whose status changes later in
 * the same transaction queues its plan by that UPDATE.
 */
export class RollupCountedOnly1795500200000 implements MigrationInterface {
  name = 'RollupCountedOnly1795500200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      enqueue('status_report', (rows) => `SELECT plan_id FROM ${rows} WHERE ${COUNTED('status')}`),
    );
    for (const table of ['task_progress', 'indicator_value']) {
      await q.query(
        enqueue(
          table,
          (rows) =>
            `SELECT r.plan_id FROM ${rows} x JOIN status_report r ON r.id = x.report_id WHERE ${COUNTED('r.status')}`,
        ),
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(enqueue('status_report', (rows) => `SELECT plan_id FROM ${rows}`));
    for (const table of ['task_progress', 'indicator_value']) {
      await q.query(
        enqueue(
          table,
          (rows) => `SELECT r.plan_id FROM ${rows} x JOIN status_report r ON r.id = x.report_id`,
        ),
      );
    }
  }
}

const COUNTED = (status: string) => `${status} IN ('SUBMITTED', 'APPROVED')`;

/** The enqueue function of migrations/1795450000000-plan-rollup.ts, with `planOf` choosing the plans. */
const enqueue = (table: string, planOf: (rows: string) => string) => `
  CREATE OR REPLACE FUNCTION cchc_enqueue_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO plan_rollup_queue (plan_id) SELECT DISTINCT plan_id FROM (${planOf('new_rows')}) x WHERE plan_id IS NOT NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      INSERT INTO plan_rollup_queue (plan_id) SELECT DISTINCT plan_id FROM (${planOf('old_rows')}) x WHERE plan_id IS NOT NULL;
    END IF;
    RETURN NULL;
  END $$`;
