import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { oneByKey } from '../../core/db/sql';
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

export type ReformAreaLoaders = ReturnType<typeof reformAreaLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends ReformAreaLoaders {}
}
