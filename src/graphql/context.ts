import type { DataSource } from 'typeorm';
import { Access } from '../modules/auth/access';
import type { Viewer } from '../modules/auth/viewer';
import { createLoaders } from './loaders';
import type { Loaders } from './loaders';

/** What every resolver gets: the database, the authenticated caller and this request's DataLoaders. */
export interface RequestContext {
  dataSource: DataSource;
  viewer: Viewer;
  loaders: Loaders;
  /** What the viewer may read, as the read guard asks it (modules/auth/read-guard.ts). */
  access: Access;
}

/** A fresh context per request: loaders must never be shared between requests (or users). */
export function createRequestContext(dataSource: DataSource, viewer: Viewer): RequestContext {
  const loaders = createLoaders(dataSource);
  return { dataSource, viewer, loaders, access: new Access(viewer, loaders) };
}
