import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Diacritic- and case-insensitive commune search ("dak doa" finds "Đak Đoa"): a stored, generated
 * lower-case unaccented name with a trigram index, so `LIKE '%…%'` stays an index scan.
 * unaccent() is only STABLE (it reads a dictionary), so a generated column needs an IMMUTABLE
 * wrapper that names the dictionary explicitly.
 */
export class CommuneSearch1795424600000 implements MigrationInterface {
  name = 'CommuneSearch1795424600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE FUNCTION cchc_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      RETURN public.unaccent('public.unaccent'::regdictionary, $1)`);
    await q.query(`ALTER TABLE "commune"
      ADD "search_name" text GENERATED ALWAYS AS (lower(cchc_unaccent(name))) STORED NOT NULL`);
    await q.query(
      `CREATE INDEX "ix_commune_search_name_trgm" ON "commune" USING gin ("search_name" gin_trgm_ops)`,
    );
    // TypeORM's own record of generated columns, so its schema diff (the drift test) sees the entity.
    await q.query(`CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar,
      "schema" varchar, "table" varchar, "name" varchar, "value" text)`);
    await q.query(`INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
      VALUES (current_database(), current_schema(), 'commune', 'GENERATED_COLUMN', 'search_name', 'lower(cchc_unaccent(name))')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "typeorm_metadata" WHERE "table" = 'commune' AND "name" = 'search_name'`);
    await q.query(`DROP INDEX "ix_commune_search_name_trgm"`);
    await q.query(`ALTER TABLE "commune" DROP COLUMN "search_name"`);
    await q.query(`DROP FUNCTION cchc_unaccent(text)`);
  }
}
