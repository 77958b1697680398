import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import {
  NO_LOCK,
  changesOf,
  checkVersion,
  lockRow,
  queryRows,
  writeTransaction,
} from '../../core/db/transaction';
import { BadUserInputError, ConflictError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import type { Viewer } from '../../core/viewer';
import type { DeleteArgs } from '../../core/write.args';
import { readIndicatorTargets } from '../../parsing/plan-cells';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { deleteAudited, updateAudited, writeAudit } from '../audit/audit.service';
import { Indicator } from '../indicator/indicator.entity';
import { IndicatorCell } from '../indicator/indicator.enums';
import { classifyAndLinkPlans, relinkPlans } from '../indicator-catalog/indicator-classification.service';
import { editablePlan } from '../plan/plan-write-guards';
import { IndicatorValue } from '../report/indicator-value.entity';
import type { CreateIndicatorInput, UpdateIndicatorArgs } from './indicator.inputs';
import { assertOnlyDrafts, reportsReferring, shorten } from './received-reports.service';

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

/**
 * Where a target is stated, checked against its task: a cell of the task row needs a task, the
 * key-indicator section has none. `given` undefined keeps what follows from the task link.
 */
function statedInFor(
  taskId: number | null,
  given: IndicatorCell | null | undefined,
  current: IndicatorCell | null,
): IndicatorCell | null {
  if (taskId === null) {
    if (given && given !== IndicatorCell.KEY_INDICATORS) {
      throw new BadUserInputError(
        `A target stated in the ${given} cell of a task row needs its taskId: link the task, or say KEY_INDICATORS.`,
        'input.statedIn',
      );
    }
    return IndicatorCell.KEY_INDICATORS;
  }
  if (given === IndicatorCell.KEY_INDICATORS) {
    throw new BadUserInputError(
      'A target of the key-indicator section has no task row: leave taskId out, or name the cell it is stated in.',
      'input.statedIn',
    );
  }
  if (given !== undefined) return given;
  return current === IndicatorCell.KEY_INDICATORS ? null : current;
}

/** Adds an indicator to a plan (createIndicator); its target sentence is read by the same parser as an import. */
export function createIndicator(ctx: RequestContext, input: CreateIndicatorInput): Promise<Indicator> {
  const { viewer } = ctx;
  return writeTransaction(ctx.dataSource, async (manager) => {
    const { plan, scope } = await editablePlan(
      manager,
      viewer,
      Number(input.planId),
      'FOR NO KEY UPDATE',
      'add indicators',
    );
    const taskId = input.taskId ? await checkTaskOfPlan(manager, input.taskId, plan.id) : null;
    const statedIn = statedInFor(taskId, input.statedIn, null);
    const [{ position, place }] = await manager.query(
      'SELECT COALESCE(max(position), 0) + 1 AS position, count(*)::int + 1 AS place FROM indicator WHERE plan_id = $1',
      [plan.id],
    );
    const [target] = readIndicatorTargets([{ targetText: input.targetText }]);
    const [indicator] = await queryRows<Indicator>(
      manager,
      `INSERT INTO indicator (plan_id, area_code, position, ordinal, name, target_text, task_id, stated_in, note,
                              comparator, target_value, target_max, unit, unit_noun, direction, parse_warnings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb)
       RETURNING ${entityColumns(manager.connection, Indicator, 'indicator')}`,
      [
        plan.id,
        input.areaCode,
        position,
        input.ordinal ?? String(place),
        input.name,
        input.targetText,
        taskId,
        statedIn,
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
    await classifyAndLinkPlans(manager, [plan.id], [indicator.id]);
    const stored = await reloadIndicator(manager, indicator.id);
    await writeAudit(manager, viewer, scope, [
      { entity: AuditEntity.INDICATOR, entityId: stored.id, action: AuditAction.CREATE, new: stored },
    ]);
    return stored;
  });
}

/** Changes an indicator (updateIndicator); a new target sentence is parsed again. */
export function updateIndicator(ctx: RequestContext, args: UpdateIndicatorArgs): Promise<Indicator> {
  const { viewer } = ctx;
  const { version, input } = args;
  const id = Number(args.id);
  return writeTransaction(ctx.dataSource, async (manager) => {
    const indicator = await lockRow(manager, Indicator, id, 'FOR NO KEY UPDATE', 'Indicator');
    // The indicator's row lock serialises the change; the plan is only read.
    const { plan, scope } = await editablePlan(
      manager,
      viewer,
      indicator.planId,
      NO_LOCK,
      'change indicators',
      { what: 'Indicator', key: indicator.id },
    );
    for (const field of ['areaCode', 'name', 'targetText', 'ordinal'] as const) {
      if (input[field] === null) {
        throw new BadUserInputError(
          `An indicator needs its ${field}: it cannot be cleared.`,
          `input.${field}`,
        );
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
      statedIn: statedInFor(
        taskId === undefined ? indicator.taskId : taskId,
        input.statedIn,
        indicator.statedIn,
      ),
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
    await updateAudited(manager, viewer, scope, {
      entity: AuditEntity.INDICATOR,
      target: Indicator,
      row: indicator,
      version,
      changes,
      what: 'Indicator',
    });
    // A new text may name another catalogue entry; the plan's links follow (docs/INDICATORS.md).
    await classifyAndLinkPlans(manager, [plan.id], [id]);
    return reloadIndicator(manager, id);
  });
}

/** The indicator as stored now (after classification and relinking changed its row). */
async function reloadIndicator(manager: EntityManager, id: number): Promise<Indicator> {
  const [row] = await queryRows<Indicator>(
    manager,
    `SELECT ${entityColumns(manager.connection, Indicator, 'indicator')} FROM indicator WHERE id = $1`,
    [id],
  );
  return row;
}

/**
 * Deletes an indicator (deleteIndicator) on the same rule as a task; returns its id. Refused while
 * a report the province has received gives its value; its values in unsent drafts go with it,
 * audited.
 */
export function deleteIndicator(ctx: RequestContext, args: DeleteArgs): Promise<string> {
  const { viewer } = ctx;
  const id = Number(args.id);
  return writeTransaction(ctx.dataSource, async (manager) => {
    const indicator = await lockRow(manager, Indicator, id, 'FOR UPDATE', 'Indicator');
    const { scope } = await editablePlan(manager, viewer, indicator.planId, NO_LOCK, 'delete indicators', {
      what: 'Indicator',
      key: id,
    });
    checkVersion(indicator, args.version, 'Indicator');
    const reports = await reportsReferring(manager, { table: 'indicator_value', column: 'indicator_id' }, id);
    assertOnlyDrafts(
      reports,
      `Indicator ${id} ("${shorten(indicator.name)}")`,
      'Leave its value empty in later reports instead.',
    );
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.INDICATOR_VALUE,
      target: IndicatorValue,
      where: 'indicator_id = $1',
      params: [id],
    });
    const linkedPlans = await unlinkProvinceIndicators(manager, viewer, '= $1', [id]);
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.INDICATOR,
      target: Indicator,
      where: 'id = $1',
      params: [id],
    });
    await relinkPlans(manager, [indicator.planId, ...linkedPlans]);
    return String(id);
  });
}

/**
 * Commune indicators that implement province indicators about to be deleted lose the link (the
 * foreign key would do it silently): links made by hand are cut here, with a version bump and an
 * audit entry in each commune's own scope, and become automatic again. Rare (only province plans are
 * linked to), so row by row. AUTO links are left to the foreign key and the relink after the delete.
 * `idCondition` is SQL on the province indicator's id with $n parameters. Returns the commune plans
 * that had links there: relink them (relinkPlans) once the province indicators are gone.
 */
export async function unlinkProvinceIndicators(
  manager: EntityManager,
  viewer: Viewer,
  idCondition: string,
  params: unknown[],
): Promise<number[]> {
  const linkedPlans: { planId: number }[] = await manager.query(
    `SELECT DISTINCT plan_id AS "planId" FROM indicator WHERE province_indicator_id ${idCondition}`,
    params,
  );
  const linked = await queryRows<
    Indicator & { scopeProvinceId: number | null; scopeCommuneId: number | null }
  >(
    manager,
    `SELECT ${entityColumns(manager.connection, Indicator, 'i')},
            COALESCE(p.province_id, c.province_id) AS "scopeProvinceId", p.commune_id AS "scopeCommuneId"
       FROM indicator i JOIN plan p ON p.id = i.plan_id LEFT JOIN commune c ON c.id = p.commune_id
      WHERE i.province_indicator_id ${idCondition} AND i.province_link_source IS DISTINCT FROM 'AUTO'
      ORDER BY i.id FOR NO KEY UPDATE OF i`,
    params,
  );
  for (const { scopeProvinceId, scopeCommuneId, ...indicator } of linked) {
    await updateAudited(
      manager,
      viewer,
      { provinceId: scopeProvinceId, communeId: scopeCommuneId, planId: indicator.planId },
      {
        entity: AuditEntity.INDICATOR,
        target: Indicator,
        row: indicator,
        version: indicator.version,
        changes: { provinceIndicatorId: null, provinceLinkSource: null },
        what: 'Indicator',
      },
    );
  }
  return linkedPlans.map((row) => row.planId);
}
