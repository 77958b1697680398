import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { IndicatorCatalogEntry } from './indicator-catalog.entity';

export function indicatorCatalogLoaders(dataSource: DataSource) {
  // The catalogue is a few dozen rows: read whole, once per request.
  const indicatorCatalog = new DataLoader<'all', IndicatorCatalogEntry[]>(async (keys) => {
    const entries = await dataSource
      .getRepository(IndicatorCatalogEntry)
      .find({ order: { position: 'ASC' } });
    return keys.map(() => entries);
  });
  return {
    indicatorCatalog,
    catalogEntryByCode: new DataLoader<string, IndicatorCatalogEntry | null>(async (codes) => {
      const entries = await indicatorCatalog.load('all');
      return codes.map((code) => entries.find((entry) => entry.code === code) ?? null);
    }),
  };
}

export type IndicatorCatalogLoaders = ReturnType<typeof indicatorCatalogLoaders>;

// Adds these loaders to every request context's `loaders` (see core/request-context.ts).
declare module '../../core/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Loaders extends IndicatorCatalogLoaders {}
}
