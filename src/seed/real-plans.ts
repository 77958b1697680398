import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { parseBudgetMillionVnd } from '../common/budget';
import { readTargets, readTimeCell } from '../parsing/plan-cells';
import { PROJECT_ROOT } from '../config/config';
import { bulkInsert, columns, nextId, syncIdSequence } from '../db/bulk-insert';
import type { RealPlanSeed } from './real-plan.format';
import { upsertProvinces } from './seed-provinces';

export const REAL_SEEDS_DIR = path.join(PROJECT_ROOT, 'seeds', 'real');

/** The transcribed real plans (seeds/real/*.json), in file order. */
export function readRealPlanSeeds(dir = REAL_SEEDS_DIR): RealPlanSeed[] {
  return readdirSync(dir)
    .filter((name) => /^\d{3}_[0-9a-f]+\.json$/.test(name))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as RealPlanSeed);
}

const sourceRef = (file: string, [firstLine, lastLine]: [number, number], description?: string) => ({
  file,
  firstLine,
  lastLine,
  ...(description ? { description } : {}),
});

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
      sourceRef(source.file, plan.sourceLines, source.description),
      owner.note,
    ],
  );

  // Area headings in the order the document first prints them.
  const headings = new Map<string, string | null>();
  for (const task of seed.tasks) if (!headings.has(task.area)) headings.set(task.area, task.areaHeading);
  await bulkInsert(
    manager,
    'plan_area',
    columns('plan_id:int area_code:text position:smallint heading:text'),
    [...headings].map(([area, heading], i) => [planId, area, i + 1, heading]),
  );

  const firstTaskId = await nextId(manager, 'task');
  const taskIdByOrdinal = new Map<string, number>();
  const taskRows = seed.tasks.map((t, i) => {
    const id = firstTaskId + i;
    const key = `${t.area}|${t.ordinal}`;
    if (!taskIdByOrdinal.has(key)) taskIdByOrdinal.set(key, id);
    if (!taskIdByOrdinal.has(t.ordinal)) taskIdByOrdinal.set(t.ordinal, id);
    const time = readTimeCell(t.timeText, plan.year);
    return [
      id,
      planId,
      t.area,
      i + 1,
      t.ordinal,
      t.objective,
      t.name,
      t.activities,
      t.outputs,
      t.leadUnit,
      t.coordinatingUnits,
      t.monitoringUnit,
      t.timeText,
      time.milestones,
      time.dueOn,
      t.budgetText,
      parseBudgetMillionVnd(t.budgetText),
      sourceRef(source.file, t.sourceLines),
      t.note,
      time.parseWarnings,
    ];
  });
  await bulkInsert(
    manager,
    'task',
    columns(
      'id:int plan_id:int area_code:text position:int ordinal:text objective:text name:text activities:text outputs:text lead_unit:text coordinating_units:text monitoring_unit:text time_text:text milestones:jsonb due_on:date budget_text:text budget_million_vnd:numeric source:jsonb note:text parse_warnings:jsonb',
    ),
    taskRows,
  );
  await syncIdSequence(manager, 'task');

  const targets = readTargets(seed.indicators);
  await bulkInsert(
    manager,
    'indicator',
    columns(
      'plan_id:int area_code:text position:int ordinal:text name:text target_text:text task_id:int source:jsonb note:text comparator:text target_value:numeric target_max:numeric unit:text unit_noun:text direction:text parse_warnings:jsonb',
    ),
    seed.indicators.map((x, i) => [
      planId,
      x.area,
      i + 1,
      x.ordinal,
      x.name,
      x.targetText,
      x.taskOrdinal
        ? (taskIdByOrdinal.get(`${x.area}|${x.taskOrdinal}`) ?? taskIdByOrdinal.get(x.taskOrdinal) ?? null)
        : null,
      sourceRef(source.file, x.sourceLines),
      x.note,
      targets[i].target?.comparator ?? null,
      targets[i].target?.value ?? null,
      targets[i].target?.max ?? null,
      targets[i].target?.unit ?? null,
      targets[i].target?.noun ?? null,
      targets[i].target?.direction ?? null,
      targets[i].parseWarnings,
    ]),
  );
  return true;
}
