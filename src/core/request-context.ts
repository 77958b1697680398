import type { DataSource } from 'typeorm';
import type { Viewer } from './viewer';

/**
 * This request's DataLoaders. Empty here on purpose: each feature module adds its own loaders to
 * this interface from its `<domain>.loaders.ts` (TypeScript declaration merging), so the core names
 * no module, and app/loaders.ts, which builds them all, does not compile while one is missing.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

/** What every resolver and service gets first: the database, the authenticated caller, the loaders. */
export interface RequestContext {
  dataSource: DataSource;
  viewer: Viewer;
  /** Fresh for each request: a loader shared between requests would cache across users. */
  loaders: Loaders;
}
