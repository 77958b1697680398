import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API servers cache the viewers of the tokens they have seen (api-token/token-cache.ts). Any change
 * that makes a cached viewer wrong (revocation, a new role or scope, deletion) is announced on the
 * channel cchc_token_changed with the token's id, delivered at commit to every server on the
 * database, whatever made it (the API, `cchc token revoke`, plain SQL). last_used_at is not such
 * a change and is not announced.
 */
export class TokenChangeNotify1795496000000 implements MigrationInterface {
  name = 'TokenChangeNotify1795496000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION cchc_notify_token_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR (NEW.revoked_at, NEW.role, NEW.province_id, NEW.commune_id, NEW.name, NEW.token_hash)
             IS DISTINCT FROM (OLD.revoked_at, OLD.role, OLD.province_id, OLD.commune_id, OLD.name, OLD.token_hash) THEN
          PERFORM pg_notify('cchc_token_changed', OLD.id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "tr_api_token_changed" AFTER UPDATE OR DELETE ON "api_token"
        FOR EACH ROW EXECUTE FUNCTION cchc_notify_token_changed()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_api_token_changed" ON "api_token"`);
    await q.query(`DROP FUNCTION cchc_notify_token_changed()`);
  }
}
