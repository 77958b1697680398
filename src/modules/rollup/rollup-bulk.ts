import type { EntityManager } from 'typeorm';

/**
 * Bulk loads without the roll-up triggers (issue #15, part 4). The triggers of
 * migrations/1795450000000-plan-rollup.ts enqueue each statement's plans from its transition
 * tables (for task progress, a join per row to status_report) and recompute them at commit; for a
 * load of a whole province that work is done once per statement chunk and then again at commit.
 * A bulk load instead switches them off for its own transaction, writes, and recomputes the plans
 * it wrote from cchc_plan_rollup_rows() in batches (recomputePlans), before it commits.
 *
 * How: `ALTER TABLE … DISABLE TRIGGER`, inside the load's transaction. It is transactional, so no
 * other session ever writes while the triggers are off: the ALTER takes a SHARE ROW EXCLUSIVE lock
 * on each table until commit, so concurrent writers wait for the load (readers do not), and a
 * rollback leaves the triggers as they were. It needs the tables' owner (the role that ran the
 * migrations: the embedded superuser, or a DATABASE_URL role that migrated). Not
 * `session_replication_role = replica`: that needs a superuser (or GRANT SET ON PARAMETER) and also
 * silences the foreign-key checks and task.milestones_text's trigger, which a load needs.
 */

/** The row triggers' tables and the statement triggers that enqueue their plans. */
export const ROLLUP_TRIGGERS: readonly { table: string; trigger: string }[] = [
  ['plan', ['update']],
  ['task', ['insert', 'update', 'delete']],
  ['indicator', ['insert', 'update', 'delete']],
  ['status_report', ['insert', 'update', 'delete']],
  ['task_progress', ['insert', 'update', 'delete']],
  ['indicator_value', ['insert', 'update', 'delete']],
]
  .flatMap(([table, events]) =>
    (events as string[]).map((event) => ({ table: table as string, trigger: `tr_${table}_rollup_${event}` })),
  )
  // plan_indicator_rollup's own entries, and its per-province aggregate, which recomputePlans
  // rebuilds once per province instead of once per batch (migrations/1795600000000-plan-indicator-rollup.ts).
  .concat([
    { table: 'indicator', trigger: 'tr_indicator_indicator_rollup_update' },
    ...['insert', 'update', 'delete'].map((event) => ({
      table: 'plan_indicator_rollup',
      trigger: `tr_plan_indicator_rollup_province_${event}`,
    })),
  ]);

/** True when this session's role owns every table whose roll-up triggers a bulk load switches off. */
export async function canSuspendRollupTriggers(manager: EntityManager): Promise<boolean> {
  const tables = [...new Set(ROLLUP_TRIGGERS.map((t) => t.table))];
  const [{ owner }] = await manager.query(
    `SELECT coalesce(bool_and(pg_has_role(c.relowner, 'USAGE')), false) AS owner
       FROM pg_class c WHERE c.oid = ANY(SELECT to_regclass(t) FROM unnest($1::text[]) t)`,
    [tables],
  );
  return owner === true;
}

async function setRollupTriggers(manager: EntityManager, state: 'DISABLE' | 'ENABLE'): Promise<void> {
  for (const { table, trigger } of ROLLUP_TRIGGERS) {
    await manager.query(`ALTER TABLE "${table}" ${state} TRIGGER "${trigger}"`);
  }
}

/**
 * Runs a bulk load in `manager`'s transaction with the roll-up triggers off, then recomputes the
 * plans it reports (all plans whose tasks, indicators, reports or their rows it wrote) and turns
 * the triggers back on, all before the transaction commits. (A load that changes a province plan's
 * targets must report the commune plans linked to them too: their comparisons change.) When the
 * role may not alter the tables, the load runs with the triggers on (slower, same result).
 */
export async function withoutRollupTriggers<T>(
  manager: EntityManager,
  load: () => Promise<{ result: T; planIds: number[] }>,
): Promise<T> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('withoutRollupTriggers needs a transaction: the triggers must be off for it alone.');
  }
  if (!(await canSuspendRollupTriggers(manager))) return (await load()).result;
  await setRollupTriggers(manager, 'DISABLE');
  const { result, planIds } = await load();
  if (planIds.length) await recomputePlans(manager, planIds);
  await setRollupTriggers(manager, 'ENABLE');
  return result;
}

/** Plans per recompute statement of a bulk load (see recomputePlans). */
export const BULK_RECOMPUTE_BATCH = 5;

/**
 * Recomputes these plans' plan_rollup and plan_indicator_rollup rows from scratch, in set-based
 * statements of BULK_RECOMPUTE_BATCH plans each, each planned for its own plans, then their
 * provinces' province_indicator_rollup rows once (~0.5 s a province on national data). Not
 * cchc_refresh_plan_rollups(): that one keeps one plan, made for the commit's one or two plans, and
 * writes the difference row by row. Small batches rather than one statement for the province: the planner estimates the
 * periods × tasks cross of many plans poorly; Gia Lai's seed measured 48 s with batches of 5, 54 s
 * of 2, 69–73 s of 20, 74 s of 1 (planning per plan) and 78 s in one statement (docs/BENCHMARKS.md,
 * "Seed"). No other transaction writes these plans meanwhile: the ALTER TABLE locks keep
 * writers out until this transaction commits.
 */
async function recomputePlans(manager: EntityManager, planIds: number[]): Promise<void> {
  // Fresh statistics first: on a first seed the planner would otherwise plan for empty tables.
  for (const table of ['task', 'indicator', 'status_report', 'task_progress', 'indicator_value']) {
    await manager.query(`ANALYZE "${table}"`);
  }
  await manager.query('DELETE FROM plan_rollup WHERE plan_id = ANY($1::int[])', [planIds]);
  await manager.query('DELETE FROM plan_indicator_rollup WHERE plan_id = ANY($1::int[])', [planIds]);
  for (let i = 0; i < planIds.length; i += BULK_RECOMPUTE_BATCH) {
    const batch = planIds.slice(i, i + BULK_RECOMPUTE_BATCH);
    await manager.query('INSERT INTO plan_rollup SELECT * FROM cchc_plan_rollup_rows($1::int[])', [batch]);
    await manager.query(
      'INSERT INTO plan_indicator_rollup SELECT * FROM cchc_plan_indicator_rollup_rows($1::int[])',
      [batch],
    );
  }
  await manager.query(
    `SELECT cchc_rebuild_province_indicator_rollups(ARRAY(
       SELECT DISTINCT COALESCE(c.province_id, 0) FROM plan p JOIN commune c ON c.id = p.commune_id
        WHERE p.id = ANY($1::int[])))`,
    [planIds],
  );
}
