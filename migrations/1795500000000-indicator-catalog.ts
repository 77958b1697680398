import type { MigrationInterface, QueryRunner } from 'typeorm';
import catalog from '../seeds/indicator-catalog.json';
import { INDICATOR_PHRASES } from '../src/parsing/indicator-phrases';

/**
 * The indicator catalogue (docs/INDICATORS.md): the national indicators plans set targets for, with
 * the phrases that name them; each plan indicator's classification (code, confidence, the phrase
 * that matched, AUTO or MANUAL); and the province → commune cascade: how a commune indicator's
 * province_indicator_id was set, and `relink_province_indicators(plan_id)`, which sets the AUTO links
 * of a plan (or, for a province plan, of its communes' plans of the same year).
 * Existing links were set by hand (nothing set them automatically before): they become MANUAL.
 */
const AUDIT_ENTITIES = ['PLAN', 'TASK', 'INDICATOR', 'STATUS_REPORT', 'TASK_PROGRESS', 'INDICATOR_VALUE'];

export class IndicatorCatalog1795500000000 implements MigrationInterface {
  name = 'IndicatorCatalog1795500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "indicator_catalog" (
        "code" text NOT NULL,
        "position" int NOT NULL,
        "name_vi" text NOT NULL,
        "name_en" text NOT NULL,
        "unit" text NOT NULL,
        "direction" text NOT NULL,
        "definition" text NOT NULL,
        "phrases" text[] NOT NULL,
        "version" int NOT NULL DEFAULT 1,
        CONSTRAINT "pk_indicator_catalog" PRIMARY KEY ("code"),
        CONSTRAINT "uq_indicator_catalog_position" UNIQUE ("position"),
        CONSTRAINT "ck_indicator_catalog_unit" CHECK (unit IN ('PERCENT', 'COUNT')),
        CONSTRAINT "ck_indicator_catalog_direction" CHECK (direction IN ('INCREASE', 'DECREASE')),
        CONSTRAINT "ck_indicator_catalog_code" CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
        CONSTRAINT "ck_indicator_catalog_version" CHECK (version >= 1)
      )`);
    for (const [index, entry] of catalog.entries()) {
      await q.query(
        `INSERT INTO "indicator_catalog" (code, position, name_vi, name_en, unit, direction, definition, phrases)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          entry.code,
          index + 1,
          entry.nameVi,
          entry.nameEn,
          entry.unit,
          entry.direction,
          entry.definition,
          INDICATOR_PHRASES[entry.code] ?? [],
        ],
      );
    }

    // Edits of the catalogue are audited; entity_id is the entry's position (audit ids are integers).
    await q.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "ck_audit_log_entity"`);
    await q.query(
      `ALTER TABLE "audit_log" ADD CONSTRAINT "ck_audit_log_entity" CHECK (entity IN (${[...AUDIT_ENTITIES, 'INDICATOR_CATALOG'].map((e) => `'${e}'`).join(', ')}))`,
    );

    await q.query(`ALTER TABLE "indicator" DISABLE TRIGGER "tr_indicator_rollup_update"`);
    await q.query(`ALTER TABLE "indicator" ADD "catalog_code" text`);
    await q.query(`ALTER TABLE "indicator" ADD "catalog_confidence" real`);
    await q.query(`ALTER TABLE "indicator" ADD "catalog_phrase" text`);
    await q.query(`ALTER TABLE "indicator" ADD "catalog_source" text`);
    await q.query(`ALTER TABLE "indicator" ADD "province_link_source" text`);
    await q.query(
      `ALTER TABLE "indicator" ADD CONSTRAINT "fk_indicator_catalog" FOREIGN KEY ("catalog_code") REFERENCES "indicator_catalog"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE INDEX "ix_indicator_catalog_code" ON "indicator" ("catalog_code")`);
    await q.query(
      `ALTER TABLE "indicator" ADD CONSTRAINT "ck_indicator_catalog_source" CHECK (catalog_source IN ('AUTO', 'MANUAL'))`,
    );
    // A code always says who set it; AUTO never sets "no code" (unclassified is NULL, NULL).
    await q.query(
      `ALTER TABLE "indicator" ADD CONSTRAINT "ck_indicator_catalog_classified" CHECK ((catalog_code IS NULL AND catalog_source IS DISTINCT FROM 'AUTO') OR (catalog_code IS NOT NULL AND catalog_source IS NOT NULL))`,
    );
    await q.query(
      `ALTER TABLE "indicator" ADD CONSTRAINT "ck_indicator_catalog_confidence" CHECK (catalog_confidence BETWEEN 0 AND 1)`,
    );
    await q.query(
      `ALTER TABLE "indicator" ADD CONSTRAINT "ck_indicator_province_link_source" CHECK (province_link_source IN ('AUTO', 'MANUAL'))`,
    );
    await q.query(
      `UPDATE "indicator" SET "province_link_source" = 'MANUAL' WHERE "province_indicator_id" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "indicator" ENABLE TRIGGER "tr_indicator_rollup_update"`);

    // An AUTO link whose province indicator was deleted (the foreign key sets it NULL) is picked up
    // again by the next relink of the province plan.
    // The AUTO links of the commune plans a change of plan $1 touches: $1 itself when it is a commune's,
    // every commune plan of the same province and year when it is a province's. A commune indicator
    // links to the first (by position) indicator of its province's plan of the same year with the same
    // catalogue code; MANUAL links (and links cleared by hand) stay. Only changed rows are written.
    // Returns how many rows changed.
    await q.query(`
      CREATE FUNCTION relink_province_indicators(p_plan_id int) RETURNS int LANGUAGE sql AS $$
        WITH commune_plans AS (
          SELECT p.id AS plan_id, c.province_id, p.year
            FROM plan p JOIN commune c ON c.id = p.commune_id
           WHERE p.id = p_plan_id
          UNION
          SELECT cp.id, pp.province_id, pp.year
            FROM plan pp
            JOIN commune c ON c.province_id = pp.province_id
            JOIN plan cp ON cp.commune_id = c.id AND cp.year = pp.year
           WHERE pp.id = p_plan_id
        ),
        wanted AS (
          SELECT i.id,
                 (SELECT pi.id FROM plan pp JOIN indicator pi ON pi.plan_id = pp.id
                   WHERE pp.province_id = cp.province_id AND pp.year = cp.year
                     AND pi.catalog_code = i.catalog_code
                   ORDER BY pi.position LIMIT 1) AS province_indicator_id
            FROM commune_plans cp JOIN indicator i ON i.plan_id = cp.plan_id
           WHERE i.province_link_source IS DISTINCT FROM 'MANUAL'
        ),
        changed AS (
          UPDATE indicator i
             SET province_indicator_id = w.province_indicator_id,
                 province_link_source = CASE WHEN w.province_indicator_id IS NULL THEN NULL ELSE 'AUTO' END
            FROM wanted w
           WHERE i.id = w.id AND i.province_indicator_id IS DISTINCT FROM w.province_indicator_id
          RETURNING 1
        )
        SELECT count(*)::int FROM changed
      $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION relink_province_indicators(int)`);
    await q.query(`ALTER TABLE "indicator" DROP CONSTRAINT "ck_indicator_province_link_source"`);
    await q.query(`ALTER TABLE "indicator" DROP CONSTRAINT "ck_indicator_catalog_confidence"`);
    await q.query(`ALTER TABLE "indicator" DROP CONSTRAINT "ck_indicator_catalog_classified"`);
    await q.query(`ALTER TABLE "indicator" DROP CONSTRAINT "ck_indicator_catalog_source"`);
    await q.query(`DROP INDEX "ix_indicator_catalog_code"`);
    await q.query(`ALTER TABLE "indicator" DROP CONSTRAINT "fk_indicator_catalog"`);
    for (const column of [
      'province_link_source',
      'catalog_source',
      'catalog_phrase',
      'catalog_confidence',
      'catalog_code',
    ]) {
      await q.query(`ALTER TABLE "indicator" DROP COLUMN "${column}"`);
    }
    await q.query(`DROP TABLE "indicator_catalog"`);
    await q.query(`DELETE FROM "audit_log" WHERE entity = 'INDICATOR_CATALOG'`);
    await q.query(`ALTER TABLE "audit_log" DROP CONSTRAINT "ck_audit_log_entity"`);
    await q.query(
      `ALTER TABLE "audit_log" ADD CONSTRAINT "ck_audit_log_entity" CHECK (entity IN (${AUDIT_ENTITIES.map((e) => `'${e}'`).join(', ')}))`,
    );
  }
}
