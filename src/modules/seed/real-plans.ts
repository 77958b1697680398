import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { PROJECT_ROOT } from '../../core/config';
import { insertPlanContent } from '../plan-import/plan-draft';
import { draftOfSeed, seedSourceRef } from '../plan-import/real-plan-seed';
import type { RealPlanSeed } from '../plan-import/real-plan-seed';
import { upsertProvinces } from './seed-provinces';

export const REAL_SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds', 'real');

/** The transcribed real plans (seeds/real/*.json), in file order. */
export function readRealPlanSeeds(dir = REAL_SEEDS_DIR): RealPlanSeed[] {
  return readdirSync(dir)
    .filter((name) => /^\d{3}_[0-9a-f]+\.json$/.test(name))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as RealPlanSeed);
}

/**
 * Loads the real plans, each in its own transaction. A plan already present for its owner and year
 * is left as it is (seeding twice changes nothing). Returns how many plans were loaded.
 */
export async function loadRealPlans(
  dataSource: DataSource,
  log: (message: string) => void = () => undefined,
): Promise<number> {
  let loaded = 0;
  for (const seed of readRealPlanSeeds()) {
    const inserted = await dataSource.transaction((manager) => insertRealPlan(manager, seed));
    if (inserted) loaded++;
    log(
      `${inserted ? 'Loaded' : 'Already present:'} ${seed.source.file} (${seed.tasks.length} tasks, ${seed.indicators.length} indicators)`,
    );
  }
  return loaded;
}

async function insertRealPlan(manager: EntityManager, seed: RealPlanSeed): Promise<boolean> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['cchc-seed']);
  const { owner, plan, source } = seed;
  await upsertProvinces(manager, owner.province ? [owner.province.code] : []);
  const [province] = owner.province
    ? await manager.query('SELECT id FROM province WHERE code = $1', [owner.province.code])
    : [null];
  let communeId: number | null = null;
  if (owner.commune) {
    const { code, name, kind } = owner.commune;
    const [row] = await manager.query(
      `INSERT INTO commune (code, name, kind, province_id, note) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_commune_code DO UPDATE SET note = EXCLUDED.note RETURNING id`,
      [code, name, kind, province?.id ?? null, owner.note],
    );
    communeId = row.id;
  }
  const ownerColumn = communeId !== null ? 'commune_id' : 'province_id';
  const ownerId = communeId ?? province.id;
  const existing = await manager.query(`SELECT id FROM plan WHERE ${ownerColumn} = $1 AND year = $2`, [
    ownerId,
    plan.year,
  ]);
  if (existing.length) return false;

  const [{ id: planId }] = await manager.query(
    `INSERT INTO plan (commune_id, province_id, year, document_number, issue_date, title, source, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      communeId,
      communeId === null ? province.id : null,
      plan.year,
      plan.documentNumber,
      plan.issueDate,
      plan.title,
      seedSourceRef(source.file, plan.sourceLines, source.description),
      owner.note,
    ],
  );

  await insertPlanContent(manager, planId, plan.year, draftOfSeed(seed));
  return true;
}
