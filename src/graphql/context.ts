import type { DataSource } from 'typeorm';
import type { Viewer } from '../modules/auth/viewer';
import { createLoaders } from './loaders';
import type { Loaders } from './loaders';

/** What every resolver gets: the database, the authenticated caller and this request's DataLoaders. */
export interface RequestContext {
  dataSource: DataSource;
  viewer: Viewer;
  loaders: Loaders;
}

/** A fresh context per request: loaders must never be shared between requests (or users). */
export function createRequestContext(dataSource: DataSource, viewer: Viewer): RequestContext {
  return { dataSource, viewer, loaders: createLoaders(dataSource) };
}
