import type { EntityManager } from 'typeorm';
import { FORMER_PROVINCES, PROVINCES } from './provinces';

/**
 * Makes sure the 34 provinces and the former ones real plans name exist (reference data); a code
 * outside that list is an error in the seed file, not a province to invent.
 */
export async function upsertProvinces(manager: EntityManager, requiredCodes: string[] = []): Promise<void> {
  const all = [...PROVINCES, ...FORMER_PROVINCES];
  const unknown = requiredCodes.filter((code) => !all.some((p) => p.code === code));
  if (unknown.length) throw new Error(`Unknown province code(s) in seed data: ${unknown.join(', ')}`);
  await manager.query(
    `INSERT INTO province (code, name, kind, abolished_on, successor_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[])
     ON CONFLICT ON CONSTRAINT uq_province_code DO NOTHING`,
    [
      all.map((p) => p.code),
      all.map((p) => p.name),
      all.map((p) => p.kind),
      all.map((p) => p.abolishedOn ?? null),
      all.map((p) => p.successorCode ?? null),
    ],
  );
}
