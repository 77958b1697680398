import type { DataSource } from 'typeorm';
import type { RequestContext } from '../core/request-context';
import type { Viewer } from '../core/viewer';
import { createLoaders } from './loaders';

export type { RequestContext } from '../core/request-context';

/** A fresh context per request: loaders must never be shared between requests (or users). */
export function createRequestContext(dataSource: DataSource, viewer: Viewer): RequestContext {
  return { dataSource, viewer, loaders: createLoaders(dataSource) };
}
