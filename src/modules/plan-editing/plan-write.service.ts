import { entityColumns } from '../../core/db/sql';
import { changesOf, checkVersion, queryRows, writeTransaction } from '../../core/db/transaction';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import type { DeleteArgs } from '../../core/write.args';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { deleteAudited, updateAudited, writeAudit } from '../audit/audit.service';
import { authorize, canEditOwner, canSeeOwner, hideUnless } from '../auth/policy';
import type { Owner } from '../auth/policy';
import { Indicator } from '../indicator/indicator.entity';
import { Plan } from '../plan/plan.entity';
import { editablePlan } from '../plan/plan-write-guards';
import { IndicatorValue } from '../report/indicator-value.entity';
import { StatusReport } from '../report/status-report.entity';
import { TaskProgress } from '../report/task-progress.entity';
import { Task } from '../task/task.entity';
import { relinkPlans } from '../indicator-catalog/indicator-classification.service';
import { unlinkProvinceIndicators } from './indicator-write.service';
import type { CreatePlanInput, UpdatePlanArgs } from './plan.inputs';
import { assertOnlyDrafts } from './received-reports.service';

/** Creates an empty plan of a commune or a province (createPlan), in its own transaction. */
export function createPlan(ctx: RequestContext, input: CreatePlanInput): Promise<Plan> {
  const { viewer } = ctx;
  return writeTransaction(ctx.dataSource, async (manager) => {
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
    hideUnless(
      canSeeOwner(viewer, owner),
      input.communeCode ? 'Commune' : 'Province',
      (input.communeCode ?? input.provinceCode)!,
    );
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
  });
}

/** Changes a plan's own fields (updatePlan), in its own transaction. */
export function updatePlan(ctx: RequestContext, args: UpdatePlanArgs): Promise<Plan> {
  const { viewer } = ctx;
  const { version, input } = args;
  return writeTransaction(ctx.dataSource, async (manager) => {
    const { plan, scope } = await editablePlan(
      manager,
      viewer,
      Number(args.id),
      'FOR NO KEY UPDATE',
      'change plans',
    );
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
    return updateAudited(manager, viewer, scope, {
      entity: AuditEntity.PLAN,
      target: Plan,
      row: plan,
      version,
      changes,
      what: 'Plan',
    });
  });
}

/**
 * Deletes a plan entered by mistake, with its tasks and indicators (deletePlan); returns its id.
 * Refused (CONFLICT) once any report on it has been submitted (SUBMITTED, APPROVED or RETURNED):
 * the province has seen it. Unsent DRAFT reports go with the plan. Every deleted row is in the
 * audit log with its last values.
 */
export function deletePlan(ctx: RequestContext, args: DeleteArgs): Promise<string> {
  const { viewer } = ctx;
  const id = Number(args.id);
  return writeTransaction(ctx.dataSource, async (manager) => {
    // FOR UPDATE: no task, indicator or report can be added to the plan until this commits.
    const { plan, scope, label } = await editablePlan(manager, viewer, id, 'FOR UPDATE', 'delete plans');
    checkVersion(plan, args.version, 'Plan');
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
    const ofPlan = { where: 'plan_id = $1', params: [id] };
    const ofItsReports = {
      where: `report_id IN (SELECT id FROM status_report WHERE plan_id = $1)`,
      params: [id],
    };
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.TASK_PROGRESS,
      target: TaskProgress,
      ...ofItsReports,
    });
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.INDICATOR_VALUE,
      target: IndicatorValue,
      ...ofItsReports,
    });
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.STATUS_REPORT,
      target: StatusReport,
      ...ofPlan,
    });
    const linkedPlans = await unlinkProvinceIndicators(
      manager,
      viewer,
      `IN (SELECT id FROM indicator WHERE plan_id = $1)`,
      [id],
    );
    // Indicators before tasks, so that no indicator is silently unlinked from a deleted task.
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.INDICATOR,
      target: Indicator,
      ...ofPlan,
    });
    await deleteAudited(manager, viewer, scope, { entity: AuditEntity.TASK, target: Task, ...ofPlan });
    await manager.query('DELETE FROM plan_area WHERE plan_id = $1', [id]);
    await deleteAudited(manager, viewer, scope, {
      entity: AuditEntity.PLAN,
      target: Plan,
      where: 'id = $1',
      params: [id],
    });
    // Communes linked to a deleted province plan: their links are automatic again (now to nothing).
    await relinkPlans(manager, linkedPlans);
    return String(id);
  });
}
