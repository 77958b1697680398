import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicator roll-ups look up "the plan's indicator of this catalogue entry, first by position" for
 * every province plan of the year (the province target) and every commune plan in scope. On national
 * data the catalogue-code index alone made the province lookup AND a 6,000-row bitmap with the plan
 * index 35 times over (~100 ms of a ~300 ms roll-up, docs/BENCHMARKS.md); (catalog_code, plan_id,
 * position) answers each lookup from one index range, in the order DISTINCT ON wants. It replaces
 * the single-column index, whose lookups it also serves (same leading column).
 */
export class IndicatorCatalogPlanIndex1795560100000 implements MigrationInterface {
  name = 'IndicatorCatalogPlanIndex1795560100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_indicator_catalog_plan" ON "indicator" ("catalog_code", "plan_id", "position")`,
    );
    await q.query(`DROP INDEX "ix_indicator_catalog_code"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_indicator_catalog_code" ON "indicator" ("catalog_code")`);
    await q.query(`DROP INDEX "ix_indicator_catalog_plan"`);
  }
}
