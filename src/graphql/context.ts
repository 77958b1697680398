import type { DataSource } from 'typeorm';
import { createLoaders } from './loaders';
import type { Loaders } from './loaders';

/** What every resolver gets: the database and this request's own DataLoaders. */
export interface RequestContext {
  dataSource: DataSource;
  loaders: Loaders;
}

/** A fresh context per request: loaders must never be shared between requests (or users). */
export function createRequestContext(dataSource: DataSource): RequestContext {
  return { dataSource, loaders: createLoaders(dataSource) };
}
