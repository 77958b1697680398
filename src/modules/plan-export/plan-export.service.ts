import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../core/errors';
import type { PlanDraft } from '../plan-import/plan-draft';
import type { PlanOwnerRef } from '../plan-import/plan-import.service';
import { Plan } from '../plan/plan.entity';

/** A stored plan as a draft (areas in document order, tasks and indicators), for export. */
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
  const [areas, tasks, indicators] = await Promise.all([
    dataSource.query(
      'SELECT area_code AS "areaCode", heading FROM plan_area WHERE plan_id = $1 ORDER BY position',
      [plan.id],
    ),
    dataSource.query(
      `SELECT area_code AS "areaCode", ordinal, objective, name, activities, outputs, lead_unit AS "leadUnit",
              coordinating_units AS "coordinatingUnits", monitoring_unit AS "monitoringUnit", time_text AS "timeText",
              budget_text AS "budgetText" FROM task WHERE plan_id = $1 ORDER BY position`,
      [plan.id],
    ),
    dataSource.query(
      `SELECT i.area_code AS "areaCode", i.ordinal, i.name, i.target_text AS "targetText", t.ordinal AS "taskOrdinal"
         FROM indicator i LEFT JOIN task t ON t.id = i.task_id WHERE i.plan_id = $1 ORDER BY i.position`,
      [plan.id],
    ),
  ]);
  return { plan, draft: { areas, tasks, indicators } };
}
