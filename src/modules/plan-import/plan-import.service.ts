import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../core/request-context';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { Commune } from '../commune/commune.entity';
import { Plan } from '../plan/plan.entity';
import { Province } from '../province/province.entity';
import { AuditAction, AuditEntity } from '../audit/audit.enums';
import { writeAudit } from '../audit/audit.service';
import { authorize, canEditOwner, canSeeOwner, hideUnless } from '../auth/policy';
import type { Owner } from '../auth/policy';
import { OPERATOR } from '../../core/viewer';
import type { Viewer } from '../../core/viewer';
import { takeManualChoices } from '../indicator-catalog/indicator-classification.service';
import type { ManualChoices } from '../indicator-catalog/indicator-classification.service';
import { insertPlanContent } from './plan-draft';
import type { PlanDraft } from './plan-draft';
import type { ImportPlanInput } from './plan-import.inputs';
import { readCsv } from './plan-file';
import { draftOfTable } from './plan-source';
import { PlanImportError } from './table-cells';

export interface PlanOwnerRef {
  communeCode?: string | null;
  provinceCode?: string | null;
}

export interface ImportPlanRequest extends PlanOwnerRef {
  year: number;
  /** Who imports (authorized like any plan edit, and audited); default: the operator. */
  viewer?: Viewer;
  draft: PlanDraft;
  title?: string | null;
  /** Where the content came from, e.g. the file name. */
  sourceName?: string | null;
}

/** The owner a plan import names, as the policy sees it (for canEditOwner before anything is read). */
export async function findPlanOwner(dataSource: DataSource, ref: PlanOwnerRef): Promise<Owner> {
  if (Boolean(ref.communeCode) === Boolean(ref.provinceCode)) {
    throw new BadUserInputError('Give exactly one owner: a commune code or a province code.', 'communeCode');
  }
  if (ref.communeCode) {
    const commune = await dataSource.getRepository(Commune).findOneBy({ code: ref.communeCode });
    if (!commune) throw new NotFoundError('Commune', ref.communeCode);
    return { provinceId: commune.provinceId, communeId: commune.id };
  }
  const province = await dataSource.getRepository(Province).findOneBy({ code: ref.provinceCode! });
  if (!province) throw new NotFoundError('Province', ref.provinceCode!);
  return { provinceId: province.id, communeId: null };
}

/**
 * Imports a plan for a commune or province and year in one transaction. A new plan is created; an
 * existing one has its areas, tasks and indicators replaced, unless a status report already
 * refers to them (then nothing changes and CONFLICT says why).
 */
export async function importPlan(dataSource: DataSource, request: ImportPlanRequest): Promise<Plan> {
  if (Boolean(request.communeCode) === Boolean(request.provinceCode)) {
    throw new BadUserInputError('Give exactly one owner: a commune code or a province code.', 'communeCode');
  }
  if (!Number.isInteger(request.year) || request.year < 2000 || request.year > 2100) {
    throw new BadUserInputError(`"${request.year}" is not a plan year (2000–2100).`, 'year');
  }
  if (!request.draft.tasks.length) {
    throw new PlanImportError([{ row: 1, column: 'Nhiệm vụ', message: 'The table has no task rows.' }]);
  }

  return dataSource.transaction(async (manager) => {
    const owner = request.communeCode
      ? {
          column: 'communeId' as const,
          entity: await manager.findOneBy(Commune, { code: request.communeCode }),
          what: 'Commune',
          code: request.communeCode,
        }
      : {
          column: 'provinceId' as const,
          entity: await manager.findOneBy(Province, { code: request.provinceCode! }),
          what: 'Province',
          code: request.provinceCode!,
        };
    if (!owner.entity) throw new NotFoundError(owner.what, owner.code);
    const viewer = request.viewer ?? OPERATOR;
    const policyOwner: Owner =
      owner.entity instanceof Commune
        ? { provinceId: owner.entity.provinceId, communeId: owner.entity.id }
        : { provinceId: owner.entity.id, communeId: null };
    hideUnless(canSeeOwner(viewer, policyOwner), owner.what, owner.code);
    authorize(canEditOwner(viewer, policyOwner), `import plans of ${owner.what.toLowerCase()} ${owner.code}`);

    const plans = manager.getRepository(Plan);
    let plan = await plans.findOne({
      where: { [owner.column]: owner.entity.id, year: request.year },
      lock: { mode: 'pessimistic_write' },
    });
    const before = plan ? { ...plan, ...(await contentCounts(manager, plan.id)) } : null;
    let manual: ManualChoices | undefined;
    if (plan) {
      const [{ reports }] = await manager.query(
        `SELECT count(DISTINCT r.id)::int AS reports FROM status_report r
          WHERE r.plan_id = $1 AND (EXISTS (SELECT 1 FROM task_progress tp WHERE tp.report_id = r.id)
             OR EXISTS (SELECT 1 FROM indicator_value v WHERE v.report_id = r.id))`,
        [plan.id],
      );
      if (reports > 0) {
        throw new ConflictError(
          `The ${request.year} plan of ${owner.what.toLowerCase()} ${owner.code} already has ${reports} status report(s) on its tasks or indicators; ` +
            're-importing would replace the tasks they report on. Nothing was changed.',
        );
      }
      // Classifications and province links set by hand survive the re-import (docs/INDICATORS.md).
      manual = await takeManualChoices(manager, plan.id);
      for (const table of ['indicator', 'task', 'plan_area']) {
        await manager.query(`DELETE FROM ${table} WHERE plan_id = $1`, [plan.id]);
      }
      // Replacing the content is a change of the plan: its version moves on.
      await manager.query(
        'UPDATE plan SET version = version + 1, title = COALESCE($2, title) WHERE id = $1',
        [plan.id, request.title ?? null],
      );
    } else {
      plan = await plans.save(
        plans.create({
          [owner.column]: owner.entity.id,
          year: request.year,
          title: request.title ?? `Kế hoạch cải cách hành chính năm ${request.year}`,
          note: request.sourceName ? `Imported from ${request.sourceName}` : null,
        }),
      );
    }
    await insertPlanContent(manager, plan.id, request.year, request.draft, manual);
    const after = (await plans.findOneBy({ id: plan.id }))!;
    await writeAudit(manager, viewer, { ...policyOwner, planId: plan.id }, [
      {
        entity: AuditEntity.PLAN,
        entityId: plan.id,
        action: AuditAction.IMPORT,
        old: before,
        new: {
          ...after,
          ...(await contentCounts(manager, plan.id)),
          importedFrom: request.sourceName ?? null,
        },
      },
    ]);
    return after;
  });
}

/** How many task and indicator rows a plan has (what an import replaces, for the audit log). */
async function contentCounts(manager: EntityManager, planId: number) {
  const [counts] = await manager.query(
    `SELECT (SELECT count(*)::int FROM task WHERE plan_id = $1) AS "taskCount",
            (SELECT count(*)::int FROM indicator WHERE plan_id = $1) AS "indicatorCount"`,
    [planId],
  );
  return counts as { taskCount: number; indicatorCount: number };
}

/**
 * The importPlan mutation: the caller must be allowed to edit the named owner's plans, checked
 * before the CSV is even read; then the table is read and imported as the caller.
 */
export async function importPlanCsv(ctx: RequestContext, input: ImportPlanInput): Promise<Plan> {
  const owner = await findPlanOwner(ctx.dataSource, input);
  hideUnless(
    canSeeOwner(ctx.viewer, owner),
    input.communeCode ? 'Commune' : 'Province',
    (input.communeCode ?? input.provinceCode)!,
  );
  authorize(canEditOwner(ctx.viewer, owner), `import plans for ${input.communeCode ?? input.provinceCode}`);
  return importPlan(ctx.dataSource, {
    ...input,
    draft: draftOfTable(readCsv(input.csv, 'input.csv')),
    sourceName: 'importPlan mutation',
    viewer: ctx.viewer,
  });
}
