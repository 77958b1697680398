import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Writes (issue #5): a version on every editable row for optimistic concurrency, the review fields
 * of the report workflow, the audit log, and the idempotency keys of retried submissions.
 *
 * Versions are per row on purpose: a draft save bumps only the task_progress / indicator_value rows
 * it changes, so many officers can fill in different tasks of one report at the same time.
 */
export class ReportWorkflow1795470000000 implements MigrationInterface {
  name = 'ReportWorkflow1795470000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const table of ['plan', 'task', 'indicator', 'task_progress', 'indicator_value']) {
      await q.query(`ALTER TABLE "${table}" ADD "version" integer NOT NULL DEFAULT '1'`);
      await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "ck_${table}_version" CHECK (version >= 1)`);
    }

    await q.query(`ALTER TABLE "status_report" ADD "reviewed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "status_report" ADD "reviewed_by" text`);
    await q.query(`ALTER TABLE "status_report" ADD "return_reason" text`);

    // Append-only; no foreign keys, so the record outlives what it describes (a deleted task's
    // last values stay readable). province_id scopes who may read it.
    await q.query(`CREATE TABLE "audit_log" (
      "id" SERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_name" text NOT NULL, "actor_role" text NOT NULL, "actor_token_id" integer,
      "province_id" integer, "commune_id" integer, "plan_id" integer,
      "entity" text NOT NULL, "entity_id" integer NOT NULL, "action" text NOT NULL,
      "old_values" jsonb, "new_values" jsonb, "reason" text,
      CONSTRAINT "pk_audit_log" PRIMARY KEY ("id"),
      CONSTRAINT "ck_audit_log_entity" CHECK (entity IN ('PLAN', 'TASK', 'INDICATOR', 'STATUS_REPORT', 'TASK_PROGRESS', 'INDICATOR_VALUE')),
      CONSTRAINT "ck_audit_log_action" CHECK (action IN ('CREATE', 'UPDATE', 'DELETE', 'IMPORT', 'SUBMIT', 'APPROVE', 'RETURN', 'REOPEN')))`);
    await q.query(`CREATE INDEX "ix_audit_log_province" ON "audit_log" ("province_id", "id")`);
    await q.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log" ("entity", "entity_id", "id")`);
    await q.query(`CREATE INDEX "ix_audit_log_plan" ON "audit_log" ("plan_id", "id")`);

    await q.query(`CREATE TABLE "idempotency_key" (
      "id" SERIAL NOT NULL, "actor" text NOT NULL, "key" text NOT NULL, "mutation" text NOT NULL,
      "request_hash" text NOT NULL, "result" jsonb,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_idempotency_key" PRIMARY KEY ("id"),
      CONSTRAINT "uq_idempotency_key_actor_key" UNIQUE ("actor", "key"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_key"`);
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`ALTER TABLE "status_report" DROP COLUMN "return_reason"`);
    await q.query(`ALTER TABLE "status_report" DROP COLUMN "reviewed_by"`);
    await q.query(`ALTER TABLE "status_report" DROP COLUMN "reviewed_at"`);
    for (const table of ['indicator_value', 'task_progress', 'indicator', 'task', 'plan']) {
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "ck_${table}_version"`);
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "version"`);
    }
  }
}
