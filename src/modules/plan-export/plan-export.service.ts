import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../core/errors';
import type { RequestContext } from '../../core/request-context';
import { canReadOwner, canSeeCommune, canSeeProvince, hideUnless } from '../auth/policy';
import { getCommuneByCode } from '../commune/commune.service';
import { getProvinceByCode } from '../province/province.service';
import type { IndicatorDraft, PlanDraft, TaskDraft } from '../plan-import/plan-draft';
import type { PlanOwnerRef } from '../plan-import/plan-import.service';
import { Plan } from '../plan/plan.entity';

/**
 * A stored plan as a draft, everything an export writes: areas in document order with their
 * headings, tasks and indicators in table order with their notes and source references, each
 * indicator's task (by index) and the place its target is stated.
 */
export async function planDraftOf(
  dataSource: DataSource,
  owner: PlanOwnerRef,
  year: number,
): Promise<{ plan: Plan; draft: PlanDraft }> {
  const where = owner.communeCode
    ? 'p.commune_id = (SELECT id FROM commune WHERE code = $1)'
    : 'p.province_id = (SELECT id FROM province WHERE code = $1)';
  const code = owner.communeCode ?? owner.provinceCode ?? '';
  const plan = await dataSource
    .getRepository(Plan)
    .createQueryBuilder('p')
    .where(where.replace('$1', ':code'), { code })
    .andWhere('p.year = :year', { year })
    .getOne();
  if (!plan) throw new NotFoundError('Plan', `${code} ${year}`);
  const [areas, taskRows, indicatorRows] = await Promise.all([
    dataSource.query(
      'SELECT area_code AS "areaCode", heading FROM plan_area WHERE plan_id = $1 ORDER BY position',
      [plan.id],
    ),
    dataSource.query(
      `SELECT id, area_code AS "areaCode", ordinal, objective, name, activities, outputs, lead_unit AS "leadUnit",
              coordinating_units AS "coordinatingUnits", monitoring_unit AS "monitoringUnit", time_text AS "timeText",
              budget_text AS "budgetText", source, note FROM task WHERE plan_id = $1 ORDER BY position`,
      [plan.id],
    ),
    dataSource.query(
      `SELECT area_code AS "areaCode", ordinal, name, target_text AS "targetText", task_id AS "taskId",
              stated_in AS "statedIn", source, note FROM indicator WHERE plan_id = $1 ORDER BY position`,
      [plan.id],
    ),
  ]);
  const taskIndexById = new Map<number, number>(taskRows.map((t: { id: number }, i: number) => [t.id, i]));
  const tasks: TaskDraft[] = taskRows.map(({ id: _id, ...task }: TaskDraft & { id: number }) => task);
  const indicators: IndicatorDraft[] = indicatorRows.map(
    ({ taskId, ...indicator }: Omit<IndicatorDraft, 'taskIndex'> & { taskId: number | null }) => ({
      ...indicator,
      taskIndex: taskId === null ? null : taskIndexById.get(taskId)!,
    }),
  );
  return { plan, draft: { areas, tasks, indicators } };
}

/**
 * planDraftOf for a viewer: the commune (or the province, for its own plan) must be one the viewer
 * sees, and its plans ones it reads; otherwise NOT_FOUND, worded as missing, as the API answers
 * Commune.plan and Province.plan.
 */
export async function readablePlanDraft(
  ctx: RequestContext,
  owner: PlanOwnerRef,
  year: number,
): Promise<{ plan: Plan; draft: PlanDraft }> {
  if (owner.communeCode) {
    const commune = await getCommuneByCode(ctx, owner.communeCode);
    hideUnless(canSeeCommune(ctx.viewer, commune), 'Commune', commune.code);
    hideUnless(
      canReadOwner(ctx.viewer, { provinceId: commune.provinceId, communeId: commune.id }),
      'Plan',
      `${commune.code} ${year}`,
    );
  } else {
    const province = await getProvinceByCode(ctx, owner.provinceCode ?? '');
    hideUnless(canSeeProvince(ctx.viewer, province.id), 'Province', province.code);
    hideUnless(
      canReadOwner(ctx.viewer, { provinceId: province.id, communeId: null }),
      'Plan',
      `${province.code} ${year}`,
    );
  }
  return planDraftOf(ctx.dataSource, owner, year);
}
