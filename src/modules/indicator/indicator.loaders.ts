import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { groupByKey, oneByKey } from '../../core/db/sql';
import { Indicator } from './indicator.entity';

export function indicatorLoaders(dataSource: DataSource) {
  const indicators = dataSource.getRepository(Indicator);
  return {
    indicatorById: new DataLoader<number, Indicator | null>(async (ids) =>
      oneByKey(ids, await indicators.findBy({ id: In([...ids]) }), (x) => x.id),
    ),
    /** Every indicator of each plan, in document order (filtered by area in the resolver). */
    indicatorsByPlanId: new DataLoader<number, Indicator[]>(async (ids) =>
      groupByKey(
        ids,
        await indicators.find({ where: { planId: In([...ids]) }, order: { planId: 'ASC', position: 'ASC' } }),
        (x) => x.planId,
      ),
    ),
  };
}

export type IndicatorLoaders = ReturnType<typeof indicatorLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends IndicatorLoaders {}
}
