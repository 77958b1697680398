import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { oneByKey } from '../../db/sql';
import { Province } from './province.entity';

export function provinceLoaders(dataSource: DataSource) {
  return {
    provinceById: new DataLoader<number, Province | null>(async (ids) =>
      oneByKey(ids, await dataSource.getRepository(Province).findBy({ id: In([...ids]) }), (p) => p.id),
    ),
  };
}
