import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { groupByKey, oneByKey } from '../../db/sql';
import { ReformAreaCode } from '../reform-area/reform-area.entity';
import { PlanArea } from './plan-area.entity';
import { Plan } from './plan.entity';
import { PlanAreaView } from './plan.type';

const CANONICAL_ORDER = Object.values(ReformAreaCode);

/** All seven areas for a plan: those it heads in its own order, then the others in canonical order. */
function sevenAreas(planId: number, headings: PlanArea[]): PlanAreaView[] {
  const byCode = new Map(headings.map((h) => [h.areaCode, h]));
  const ordered = [
    ...[...headings].sort((a, b) => a.position - b.position).map((h) => h.areaCode),
    ...CANONICAL_ORDER.filter((code) => !byCode.has(code)),
  ];
  return ordered.map((areaCode) =>
    Object.assign(new PlanAreaView(), {
      planId,
      areaCode,
      position: byCode.get(areaCode)?.position ?? null,
      heading: byCode.get(areaCode)?.heading ?? null,
    }),
  );
}

export function planLoaders(dataSource: DataSource) {
  const plans = dataSource.getRepository(Plan);
  return {
    planById: new DataLoader<number, Plan | null>(async (ids) =>
      oneByKey(ids, await plans.findBy({ id: In([...ids]) }), (p) => p.id),
    ),
    plansByCommuneId: new DataLoader<number, Plan[]>(async (ids) =>
      groupByKey(
        ids,
        await plans.find({ where: { communeId: In([...ids]) }, order: { year: 'DESC' } }),
        (p) => p.communeId!,
      ),
    ),
    plansByProvinceId: new DataLoader<number, Plan[]>(async (ids) =>
      groupByKey(
        ids,
        await plans.find({ where: { provinceId: In([...ids]) }, order: { year: 'DESC' } }),
        (p) => p.provinceId!,
      ),
    ),
    areasByPlanId: new DataLoader<number, PlanAreaView[]>(async (ids) => {
      const headings = await dataSource.getRepository(PlanArea).findBy({ planId: In([...ids]) });
      return groupByKey(ids, headings, (h) => h.planId).map((group, i) => sevenAreas(ids[i], group));
    }),
  };
}
