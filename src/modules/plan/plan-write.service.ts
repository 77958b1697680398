import type { EntityManager } from 'typeorm';
import { entityColumns } from '../../core/db/sql';
import { changesOf, checkVersion, queryRows } from '../../core/db/transaction';
import type { RowLock } from '../../core/db/transaction';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { deleteAudited, updateAudited, writeAudit } from '../audit/audit.service';
import type { AuditScope } from '../audit/audit.service';
import { authorize, canEditOwner } from '../auth/policy';
import type { Owner } from '../auth/policy';
import type { Viewer } from '../../core/viewer';
import { Indicator } from '../indicator/indicator.entity';
import { IndicatorValue } from '../report/indicator-value.entity';
import { StatusReport } from '../report/status-report.entity';
import { TaskProgress } from '../report/task-progress.entity';
import { Task } from '../task/task.entity';
import { Plan } from './plan.entity';
import type { CreatePlanInput, UpdatePlanInput } from './plan.inputs';

/** A plan with what the write rules need: its owner (policy), audit scope and a label for messages. */
export interface PlanForWrite {
  plan: Plan;
  owner: Owner;
  scope: AuditScope;
  /** "commune 52001" / "province 52", for messages. */
  label: string;
}

/** Loads a plan (optionally locking its row) with its owner; NOT_FOUND if there is none. */
export async function planForWrite(
  manager: EntityManager,
  planId: number,
  lock: RowLock,
): Promise<PlanForWrite> {
  const [row] = await queryRows<Plan & { ownerProvinceId: number | null; ownerCode: string }>(
    manager,
    `SELECT ${entityColumns(manager.connection, Plan, 'p')},
            COALESCE(p.province_id, c.province_id) AS "ownerProvinceId",
            CASE WHEN p.commune_id IS NOT NULL THEN 'commune ' || c.code ELSE 'province ' || pv.code END AS "ownerCode"
       FROM plan p LEFT JOIN commune c ON c.id = p.commune_id LEFT JOIN province pv ON pv.id = p.province_id
      WHERE p.id = $1 ${lock ? `${lock} OF p` : ''}`,
    [planId],
  );
  if (!row) throw new NotFoundError('Plan', planId);
  const { ownerProvinceId, ownerCode, ...plan } = row;
  return {
    plan,
    owner: { provinceId: ownerProvinceId, communeId: plan.communeId },
    scope: { provinceId: ownerProvinceId, communeId: plan.communeId, planId: plan.id },
    label: ownerCode,
  };
}

/** A plan the viewer may edit: loaded, locked as asked, authorized (FORBIDDEN otherwise). */
export async function editablePlan(
  manager: EntityManager,
  viewer: Viewer,
  planId: number,
  lock: RowLock,
  what: string,
): Promise<PlanForWrite> {
  const target = await planForWrite(manager, planId, lock);
  authorize(canEditOwner(viewer, target.owner), `${what} of the ${target.plan.year} plan of ${target.label}`);
  return target;
}

export async function createPlan(
  manager: EntityManager,
  viewer: Viewer,
  input: CreatePlanInput,
): Promise<Plan> {
  if (Boolean(input.communeCode) === Boolean(input.provinceCode)) {
    throw new BadUserInputError(
      'Give exactly one owner: a commune code, or a province code for a province plan.',
      'input.communeCode',
    );
  }
  let owner: Owner;
  let label: string;
  if (input.communeCode) {
    const [commune] = await manager.query(
      'SELECT id, province_id AS "provinceId" FROM commune WHERE code = $1',
      [input.communeCode],
    );
    if (!commune) throw new NotFoundError('Commune', input.communeCode);
    owner = { provinceId: commune.provinceId, communeId: commune.id };
    label = `commune ${input.communeCode}`;
  } else {
    const [province] = await manager.query('SELECT id FROM province WHERE code = $1', [input.provinceCode]);
    if (!province) throw new NotFoundError('Province', input.provinceCode!);
    owner = { provinceId: province.id, communeId: null };
    label = `province ${input.provinceCode}`;
  }
  authorize(canEditOwner(viewer, owner), `create plans of ${label}`);

  const [plan] = await queryRows<Plan>(
    manager,
    `INSERT INTO plan (commune_id, province_id, year, title, document_number, issue_date, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
     RETURNING ${entityColumns(manager.connection, Plan, 'plan')}`,
    [
      owner.communeId,
      owner.communeId === null ? owner.provinceId : null,
      input.year,
      input.title,
      input.documentNumber ?? null,
      input.issueDate ?? null,
      input.note ?? null,
    ],
  );
  if (!plan) {
    const [existing] = await manager.query(
      `SELECT id FROM plan WHERE year = $1 AND (commune_id = $2 OR (commune_id IS NULL AND $2::int IS NULL AND province_id = $3))`,
      [input.year, owner.communeId, owner.provinceId],
    );
    throw new ConflictError(
      `The ${label} already has a plan for ${input.year} (plan id ${existing?.id}); change that one instead. Nothing was saved.`,
    );
  }
  await writeAudit(
    manager,
    viewer,
    { provinceId: owner.provinceId, communeId: owner.communeId, planId: plan.id },
    [{ entity: AuditEntity.PLAN, entityId: plan.id, action: AuditAction.CREATE, new: plan }],
  );
  return plan;
}

export async function updatePlan(
  manager: EntityManager,
  viewer: Viewer,
  id: number,
  version: number,
  input: UpdatePlanInput,
): Promise<Plan> {
  const { plan, scope } = await editablePlan(manager, viewer, id, 'FOR NO KEY UPDATE', 'change plans');
  checkVersion(plan, version, 'Plan');
  if (input.title === null) {
    throw new BadUserInputError('A plan needs a title: it cannot be cleared.', 'input.title');
  }
  const changes = changesOf(plan, {
    title: input.title,
    documentNumber: input.documentNumber,
    issueDate: input.issueDate,
    note: input.note,
  });
  if (!Object.keys(changes).length) return plan;
  return updateAudited(manager, viewer, scope, AuditEntity.PLAN, Plan, plan, version, changes, 'Plan');
}

/**
 * Deletes a plan entered by mistake, with its tasks and indicators. Refused (CONFLICT) once any
 * report on it has been submitted (SUBMITTED, APPROVED or RETURNED): the province has seen it.
 * Unsent DRAFT reports go with the plan. Every deleted row is in the audit log with its last values.
 */
export async function deletePlan(
  manager: EntityManager,
  viewer: Viewer,
  id: number,
  version: number,
): Promise<number> {
  // FOR UPDATE: no task, indicator or report can be added to the plan until this commits.
  const { plan, scope, label } = await editablePlan(manager, viewer, id, 'FOR UPDATE', 'delete plans');
  checkVersion(plan, version, 'Plan');
  // FOR UPDATE on its reports: none of them can be submitted meanwhile.
  const reports: { period: string; status: string }[] = await manager.query(
    'SELECT period, status FROM status_report WHERE plan_id = $1 ORDER BY period_end, period FOR UPDATE',
    [id],
  );
  assertOnlyDrafts(
    reports,
    `The ${plan.year} plan of ${label}`,
    'Correct it with updatePlan and the task mutations instead.',
  );
  const drafts = `report_id IN (SELECT id FROM status_report WHERE plan_id = $1)`;
  await deleteAudited(manager, viewer, scope, AuditEntity.TASK_PROGRESS, TaskProgress, drafts, [id]);
  await deleteAudited(manager, viewer, scope, AuditEntity.INDICATOR_VALUE, IndicatorValue, drafts, [id]);
  await deleteAudited(manager, viewer, scope, AuditEntity.STATUS_REPORT, StatusReport, 'plan_id = $1', [id]);
  await unlinkProvinceIndicators(manager, viewer, `IN (SELECT id FROM indicator WHERE plan_id = $1)`, [id]);
  // Indicators before tasks, so that no indicator is silently unlinked from a deleted task.
  await deleteAudited(manager, viewer, scope, AuditEntity.INDICATOR, Indicator, 'plan_id = $1', [id]);
  await deleteAudited(manager, viewer, scope, AuditEntity.TASK, Task, 'plan_id = $1', [id]);
  await manager.query('DELETE FROM plan_area WHERE plan_id = $1', [id]);
  await deleteAudited(manager, viewer, scope, AuditEntity.PLAN, Plan, 'id = $1', [id]);
  return id;
}

/**
 * Commune indicators that implement province indicators about to be deleted lose the link (the
 * foreign key would do it silently): done here, with a version bump and an audit entry in each
 * commune's own scope. Rare (only province plans are linked to), so row by row.
 */
export async function unlinkProvinceIndicators(
  manager: EntityManager,
  viewer: Viewer,
  idCondition: string,
  params: unknown[],
): Promise<void> {
  const linked = await queryRows<
    Indicator & { scopeProvinceId: number | null; scopeCommuneId: number | null }
  >(
    manager,
    `SELECT ${entityColumns(manager.connection, Indicator, 'i')},
            COALESCE(p.province_id, c.province_id) AS "scopeProvinceId", p.commune_id AS "scopeCommuneId"
       FROM indicator i JOIN plan p ON p.id = i.plan_id LEFT JOIN commune c ON c.id = p.commune_id
      WHERE i.province_indicator_id ${idCondition}
      ORDER BY i.id FOR NO KEY UPDATE OF i`,
    params,
  );
  for (const { scopeProvinceId, scopeCommuneId, ...indicator } of linked) {
    await updateAudited(
      manager,
      viewer,
      { provinceId: scopeProvinceId, communeId: scopeCommuneId, planId: indicator.planId },
      AuditEntity.INDICATOR,
      Indicator,
      indicator,
      indicator.version,
      { provinceIndicatorId: null },
      'Indicator',
    );
  }
}

/**
 * The reports that give a row (progress or value) for one task or indicator, share-locked so that
 * none of them can be submitted meanwhile.
 */
export function reportsReferring(
  manager: EntityManager,
  item: { table: 'task_progress'; column: 'task_id' } | { table: 'indicator_value'; column: 'indicator_id' },
  id: number,
): Promise<{ period: string; status: string }[]> {
  return manager.query(
    `SELECT period, status FROM status_report
      WHERE id IN (SELECT report_id FROM ${item.table} WHERE ${item.column} = $1)
      ORDER BY period_end, period FOR SHARE`,
    [id],
  );
}

/** CONFLICT when any of the reports that refer to a record has left the DRAFT state. */
export function assertOnlyDrafts(
  reports: { period: string; status: string }[],
  what: string,
  instead: string,
): void {
  const received = reports.filter((r) => r.status !== 'DRAFT');
  if (!received.length) return;
  const listed = received
    .slice(0, 4)
    .map((r) => `${r.period} ${r.status}`)
    .join(', ');
  throw new ConflictError(
    `${what} cannot be deleted: ${received.length} report(s) the province has received refer to it (${listed}${received.length > 4 ? ', …' : ''}), and they must keep saying what they said. ${instead} Nothing was deleted.`,
  );
}

export const shorten = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
