import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { changesOf, checkVersion, lockRow, queryRows } from '../../core/db/transaction';
import { BadUserInputError, ConflictError } from '../../core/errors';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { deleteAudited, updateAudited, writeAudit } from '../audit/audit.service';
import type { Viewer } from '../../core/viewer';
import {
  assertOnlyDrafts,
  editablePlan,
  shorten,
  unlinkProvinceIndicators,
  reportsReferring,
} from '../plan/plan-write.service';
import { readIndicatorTargets } from '../plan-import/plan-draft';
import { IndicatorValue } from '../report/indicator-value.entity';
import { Indicator } from './indicator.entity';
import type { CreateIndicatorInput, UpdateIndicatorInput } from './indicator.inputs';

/** The task a target is stated in must be a row of the same plan. */
async function checkTaskOfPlan(manager: EntityManager, taskId: string, planId: number): Promise<number> {
  const [task] = await manager.query('SELECT id FROM task WHERE id = $1 AND plan_id = $2', [
    Number(taskId),
    planId,
  ]);
  if (!task) {
    throw new BadUserInputError(
      `Task ${taskId} is not a task of plan ${planId}: link a task of the same plan.`,
      'input.taskId',
    );
  }
  return task.id;
}

/** A new indicator; its target sentence is read by the same parser as an import. */
export async function createIndicator(
  manager: EntityManager,
  viewer: Viewer,
  input: CreateIndicatorInput,
): Promise<Indicator> {
  const { plan, scope } = await editablePlan(
    manager,
    viewer,
    Number(input.planId),
    'FOR NO KEY UPDATE',
    'add indicators',
  );
  const taskId = input.taskId ? await checkTaskOfPlan(manager, input.taskId, plan.id) : null;
  const [{ position, place }] = await manager.query(
    'SELECT COALESCE(max(position), 0) + 1 AS position, count(*)::int + 1 AS place FROM indicator WHERE plan_id = $1',
    [plan.id],
  );
  const [target] = readIndicatorTargets([{ targetText: input.targetText }]);
  const [indicator] = await queryRows<Indicator>(
    manager,
    `INSERT INTO indicator (plan_id, area_code, position, ordinal, name, target_text, task_id, note, comparator,
                            target_value, target_max, unit, unit_noun, direction, parse_warnings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb)
     RETURNING ${entityColumns(manager.connection, Indicator, 'indicator')}`,
    [
      plan.id,
      input.areaCode,
      position,
      input.ordinal ?? String(place),
      input.name,
      input.targetText,
      taskId,
      input.note ?? null,
      target.comparator,
      target.targetValue,
      target.targetMax,
      target.unit,
      target.unitNoun,
      target.direction,
      JSON.stringify(target.parseWarnings),
    ],
  );
  await writeAudit(manager, viewer, scope, [
    { entity: AuditEntity.INDICATOR, entityId: indicator.id, action: AuditAction.CREATE, new: indicator },
  ]);
  return indicator;
}

/** Changes an indicator; a new target sentence is parsed again. */
export async function updateIndicator(
  manager: EntityManager,
  viewer: Viewer,
  id: number,
  version: number,
  input: UpdateIndicatorInput,
): Promise<Indicator> {
  const indicator = await lockRow(manager, Indicator, id, 'FOR NO KEY UPDATE', 'Indicator');
  const { plan, scope } = await editablePlan(manager, viewer, indicator.planId, '', 'change indicators');
  for (const field of ['areaCode', 'name', 'targetText', 'ordinal'] as const) {
    if (input[field] === null) {
      throw new BadUserInputError(`An indicator needs its ${field}: it cannot be cleared.`, `input.${field}`);
    }
  }
  const taskId =
    input.taskId === undefined
      ? undefined
      : input.taskId === null
        ? null
        : await checkTaskOfPlan(manager, input.taskId, plan.id);
  checkVersion(indicator, version, 'Indicator');
  const target = input.targetText ? readIndicatorTargets([{ targetText: input.targetText }])[0] : {};
  const changes = changesOf(indicator, {
    areaCode: input.areaCode ?? undefined,
    name: input.name ?? undefined,
    targetText: input.targetText ?? undefined,
    ordinal: input.ordinal ?? undefined,
    note: input.note,
    taskId,
    ...target,
  });
  if (!Object.keys(changes).length) return indicator;
  if (changes.unit !== undefined && indicator.unit !== null) {
    const [{ values }] = await manager.query(
      'SELECT count(*)::int AS values FROM indicator_value WHERE indicator_id = $1 AND actual_value IS NOT NULL',
      [id],
    );
    if (values > 0) {
      throw new ConflictError(
        `The new target of indicator ${id} is in ${changes.unit ?? 'no unit'} but ${values} report value(s) are in ${indicator.unit}; they would become wrong. Add a new indicator instead. Nothing was saved.`,
      );
    }
  }
  return updateAudited(
    manager,
    viewer,
    scope,
    AuditEntity.INDICATOR,
    Indicator,
    indicator,
    version,
    changes,
    'Indicator',
  );
}

/**
 * Deletes an indicator, on the same rule as a task: refused while a report the province has
 * received gives its value; its values in unsent drafts go with it, audited.
 */
export async function deleteIndicator(
  manager: EntityManager,
  viewer: Viewer,
  id: number,
  version: number,
): Promise<number> {
  const indicator = await lockRow(manager, Indicator, id, 'FOR UPDATE', 'Indicator');
  const { scope } = await editablePlan(manager, viewer, indicator.planId, '', 'delete indicators');
  checkVersion(indicator, version, 'Indicator');
  const reports = await reportsReferring(manager, { table: 'indicator_value', column: 'indicator_id' }, id);
  assertOnlyDrafts(
    reports,
    `Indicator ${id} ("${shorten(indicator.name)}")`,
    'Leave its value empty in later reports instead.',
  );
  await deleteAudited(
    manager,
    viewer,
    scope,
    AuditEntity.INDICATOR_VALUE,
    IndicatorValue,
    'indicator_id = $1',
    [id],
  );
  await unlinkProvinceIndicators(manager, viewer, '= $1', [id]);
  await deleteAudited(manager, viewer, scope, AuditEntity.INDICATOR, Indicator, 'id = $1', [id]);
  return id;
}
