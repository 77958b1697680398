import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { oneByKey } from '../../core/db/sql';
import { Commune } from './commune.entity';
import { pagedLoader } from '../../core/paged-loader';
import { communePages } from './commune.service';
import type { CommunePageRequest } from './commune.service';

export function communeLoaders(dataSource: DataSource) {
  return {
    communeById: new DataLoader<number, Commune | null>(async (ids) =>
      oneByKey(ids, await dataSource.getRepository(Commune).findBy({ id: In([...ids]) }), (c) => c.id),
    ),
    /** Province.communes: one statement per distinct (search, first, after) in the request. */
    communesByProvince: pagedLoader((provinceIds, request: CommunePageRequest) =>
      communePages(dataSource, provinceIds, request),
    ),
  };
}

export type CommuneLoaders = ReturnType<typeof communeLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends CommuneLoaders {}
}
