import type { DataSource } from 'typeorm';
import type { RequestContext, SharedCaches } from '../core/request-context';
import type { Viewer } from '../core/viewer';
import { createLoaders } from './loaders';

export type { RequestContext } from '../core/request-context';

/**
 * A fresh context per request: loaders must never be shared between requests (or users); a server
 * passes its shared caches (viewer-independent reference data only).
 */
export function createRequestContext(
  dataSource: DataSource,
  viewer: Viewer,
  caches?: SharedCaches,
): RequestContext {
  return { dataSource, viewer, loaders: createLoaders(dataSource), caches };
}
