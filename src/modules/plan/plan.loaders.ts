import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { entityColumns, groupByKey, oneByKey } from '../../core/db/sql';
import type { Owner } from '../auth/policy';
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
  // Plans with their owner's province (the commune's for a commune plan), for the read guard.
  const plansWhere = (condition: string, ids: readonly number[]): Promise<Plan[]> =>
    dataSource.query(
      `SELECT ${entityColumns(dataSource, Plan, 'p')}, COALESCE(p.province_id, c.province_id) AS "ownerProvinceId"
         FROM plan p LEFT JOIN commune c ON c.id = p.commune_id
        WHERE ${condition} ORDER BY p.year DESC`,
      [ids],
    );
  return {
    planById: new DataLoader<number, Plan | null>(async (ids) =>
      oneByKey(ids, await plansWhere('p.id = ANY($1)', ids), (p) => p.id),
    ),
    plansByCommuneId: new DataLoader<number, Plan[]>(async (ids) =>
      groupByKey(ids, await plansWhere('p.commune_id = ANY($1)', ids), (p) => p.communeId!),
    ),
    plansByProvinceId: new DataLoader<number, Plan[]>(async (ids) =>
      groupByKey(
        ids,
        await plans.find({ where: { provinceId: In([...ids]) }, order: { year: 'DESC' } }),
        (p) => p.provinceId!,
      ),
    ),
    /** Whose a plan is, for the read guard when it meets a plan it has not seen (Access). */
    planOwnerById: new DataLoader<number, Owner | null>(async (ids) =>
      oneByKey(
        ids,
        (await dataSource.query(
          `SELECT p.id, p.commune_id AS "communeId", COALESCE(p.province_id, c.province_id) AS "provinceId"
             FROM plan p LEFT JOIN commune c ON c.id = p.commune_id
            WHERE p.id = ANY($1)`,
          [ids],
        )) as (Owner & { id: number })[],
        (row) => row.id,
      ).map((row) => row && { provinceId: row.provinceId, communeId: row.communeId }),
    ),
    areasByPlanId: new DataLoader<number, PlanAreaView[]>(async (ids) => {
      const headings = await dataSource.getRepository(PlanArea).findBy({ planId: In([...ids]) });
      return groupByKey(ids, headings, (h) => h.planId).map((group, i) => sevenAreas(ids[i], group));
    }),
  };
}

export type PlanLoaders = ReturnType<typeof planLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends PlanLoaders {}
}
