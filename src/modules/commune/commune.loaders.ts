import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { oneByKey } from '../../db/sql';
import { Commune } from './commune.entity';
import { pagedLoader } from '../../graphql/paged-loader';
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
