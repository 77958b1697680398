import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored export runs and their schedules (issue #12). The job queue itself is pg-boss's, in its own
 * schema (pgboss), which pg-boss creates and migrates when it starts; these tables are the records
 * the API shows: what was asked, by whom (the token the run reads as, and its scope), and the file.
 */
export class ExportRuns1795490300000 implements MigrationInterface {
  name = 'ExportRuns1795490300000';

  public async up(q: QueryRunner): Promise<void> {
    const roles = `role IN ('ADMIN', 'PROVINCE_ANALYST', 'COMMUNE_OFFICER', 'EXPORT_JOB')`;
    await q.query(`CREATE TABLE "export_schedule" (
      "id" SERIAL NOT NULL, "kind" text NOT NULL, "params" jsonb NOT NULL, "format" text NOT NULL,
      "lang" text NOT NULL, "cron" text NOT NULL, "time_zone" text NOT NULL,
      "status" text NOT NULL DEFAULT 'ACTIVE', "requested_by" text NOT NULL, "token_id" integer,
      "role" text NOT NULL, "province_id" integer, "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_run_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" text,
      CONSTRAINT "pk_export_schedule" PRIMARY KEY ("id"),
      CONSTRAINT "ck_export_schedule_status" CHECK (status IN ('ACTIVE', 'CANCELLED')),
      CONSTRAINT "ck_export_schedule_cancelled" CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)),
      CONSTRAINT "ck_export_schedule_format" CHECK (format IN ('csv', 'xlsx', 'ndjson')),
      CONSTRAINT "ck_export_schedule_lang" CHECK (lang IN ('vi', 'en')),
      CONSTRAINT "ck_export_schedule_role" CHECK (${roles}),
      CONSTRAINT "fk_export_schedule_token" FOREIGN KEY ("token_id") REFERENCES "api_token"("id") ON DELETE RESTRICT,
      CONSTRAINT "fk_export_schedule_province" FOREIGN KEY ("province_id") REFERENCES "province"("id") ON DELETE RESTRICT)`);
    await q.query(
      `CREATE INDEX "ix_export_schedule_due" ON "export_schedule" ("next_run_at") WHERE status = 'ACTIVE'`,
    );
    await q.query(`CREATE INDEX "ix_export_schedule_province" ON "export_schedule" ("province_id", "id")`);

    await q.query(`CREATE TABLE "export_run" (
      "id" SERIAL NOT NULL, "kind" text NOT NULL, "params" jsonb NOT NULL, "format" text NOT NULL,
      "lang" text NOT NULL, "status" text NOT NULL DEFAULT 'QUEUED', "requested_by" text NOT NULL,
      "token_id" integer, "role" text NOT NULL, "province_id" integer, "schedule_id" integer,
      "scheduled_for" TIMESTAMP WITH TIME ZONE, "row_count" integer, "bytes" bigint, "sha256" text,
      "file_name" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE,
      "file_removed_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT 0, "error" text,
      CONSTRAINT "pk_export_run" PRIMARY KEY ("id"),
      CONSTRAINT "uq_export_run_schedule_time" UNIQUE ("schedule_id", "scheduled_for"),
      CONSTRAINT "ck_export_run_status" CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
      CONSTRAINT "ck_export_run_format" CHECK (format IN ('csv', 'xlsx', 'ndjson')),
      CONSTRAINT "ck_export_run_lang" CHECK (lang IN ('vi', 'en')),
      CONSTRAINT "ck_export_run_role" CHECK (${roles}),
      CONSTRAINT "ck_export_run_sha256" CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      CONSTRAINT "ck_export_run_succeeded" CHECK (status <> 'SUCCEEDED' OR (row_count IS NOT NULL AND bytes IS NOT NULL AND sha256 IS NOT NULL AND finished_at IS NOT NULL)),
      CONSTRAINT "fk_export_run_token" FOREIGN KEY ("token_id") REFERENCES "api_token"("id") ON DELETE RESTRICT,
      CONSTRAINT "fk_export_run_province" FOREIGN KEY ("province_id") REFERENCES "province"("id") ON DELETE RESTRICT,
      CONSTRAINT "fk_export_run_schedule" FOREIGN KEY ("schedule_id") REFERENCES "export_schedule"("id") ON DELETE RESTRICT)`);
    await q.query(`CREATE INDEX "ix_export_run_province" ON "export_run" ("province_id", "id")`);
    await q.query(`CREATE INDEX "ix_export_run_schedule" ON "export_run" ("schedule_id", "id")`);
    await q.query(
      `CREATE INDEX "ix_export_run_file" ON "export_run" ("finished_at") WHERE file_name IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "export_run"`);
    await q.query(`DROP TABLE "export_schedule"`);
  }
}
