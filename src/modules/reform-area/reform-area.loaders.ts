import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { oneByKey } from '../../db/sql';
import type { ReformArea, ReformAreaCode } from './reform-area.entity';
import { listReformAreas } from './reform-area.service';

export function reformAreaLoaders(dataSource: DataSource) {
  return {
    reformAreaByCode: new DataLoader<ReformAreaCode, ReformArea | null>(async (codes) =>
      // Seven rows: fetch them all once per request rather than filter.
      oneByKey(codes, await listReformAreas(dataSource), (area) => area.code),
    ),
  };
}
