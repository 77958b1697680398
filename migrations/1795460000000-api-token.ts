import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens (issue #5): a role bound to a province or commune, stored only as the SHA-256 of the
 * token. CHECKs tie each role to its scope; a name is unique among the live tokens.
 */
export class ApiToken1795460000000 implements MigrationInterface {
  name = 'ApiToken1795460000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_token" (
      "id" SERIAL NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "province_id" integer,
      "commune_id" integer, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_api_token" PRIMARY KEY ("id"),
      CONSTRAINT "uq_api_token_token_hash" UNIQUE ("token_hash"),
      CONSTRAINT "ck_api_token_name" CHECK (length(name) BETWEEN 1 AND 100),
      CONSTRAINT "ck_api_token_role" CHECK (role IN ('ADMIN', 'PROVINCE_ANALYST', 'COMMUNE_OFFICER', 'EXPORT_JOB')),
      CONSTRAINT "ck_api_token_scope" CHECK ((role = 'ADMIN' AND province_id IS NULL AND commune_id IS NULL)
        OR (role = 'PROVINCE_ANALYST' AND province_id IS NOT NULL AND commune_id IS NULL)
        OR (role = 'COMMUNE_OFFICER' AND province_id IS NULL AND commune_id IS NOT NULL)
        OR (role = 'EXPORT_JOB' AND commune_id IS NULL)),
      CONSTRAINT "ck_api_token_token_hash" CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      CONSTRAINT "fk_api_token_province" FOREIGN KEY ("province_id") REFERENCES "province"("id") ON DELETE RESTRICT,
      CONSTRAINT "fk_api_token_commune" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT)`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_api_token_active_name" ON "api_token" ("name") WHERE revoked_at IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "api_token"`);
  }
}
