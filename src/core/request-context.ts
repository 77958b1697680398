import type { DataSource } from 'typeorm';
import type { Viewer } from './viewer';

/**
 * This request's DataLoaders. Empty here on purpose: each feature module adds its own loaders to
 * this interface from its `<domain>.loaders.ts` (TypeScript declaration merging), so the core names
 * no module, and app/loaders.ts, which builds them all, does not compile while one is missing.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

/**
 * Caches a server shares between its requests, each a ListenedCache kept right by NOTIFY (declared
 * by the modules that use them, like Loaders). Only for data the same for every viewer; a command
 * without a server has none.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SharedCaches {}

/** What every resolver and service gets first: the database, the authenticated caller, the loaders. */
export interface RequestContext {
  dataSource: DataSource;
  viewer: Viewer;
  /** Fresh for each request: a loader shared between requests would cache across users. */
  loaders: Loaders;
  /** The server's shared caches (absent outside a server: every read goes to the database). */
  caches?: SharedCaches;
  /**
   * Set when `dataSource` is a read replica (app/read-replica.ts): the primary. The shared caches
   * are filled from it, since a lagging replica could store a row whose change was already announced.
   */
  primaryDataSource?: DataSource;
}
