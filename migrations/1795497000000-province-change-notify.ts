import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Servers cache provinces by code (province/province-cache.ts): every change of the province table
 * is announced on cchc_province_changed (NOTIFY, delivered at commit; one per statement), and every
 * server drops its cache.
 */
export class ProvinceChangeNotify1795497000000 implements MigrationInterface {
  name = 'ProvinceChangeNotify1795497000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION cchc_notify_province_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('cchc_province_changed', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_province_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "province"
        FOR EACH STATEMENT EXECUTE FUNCTION cchc_notify_province_changed()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_province_changed" ON "province"`);
    await q.query(`DROP FUNCTION cchc_notify_province_changed()`);
  }
}
