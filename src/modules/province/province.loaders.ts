import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { oneByKey } from '../../core/db/sql';
import { Province } from './province.entity';

export function provinceLoaders(dataSource: DataSource) {
  return {
    provinceById: new DataLoader<number, Province | null>(async (ids) =>
      oneByKey(ids, await dataSource.getRepository(Province).findBy({ id: In([...ids]) }), (p) => p.id),
    ),
  };
}

export type ProvinceLoaders = ReturnType<typeof provinceLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ProvinceLoaders {}
}
