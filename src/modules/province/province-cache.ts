import { ListenedCache } from '../../core/listened-cache';
import type { Province } from './province.entity';

/** The channel migration ProvinceChangeNotify1795497000000 announces any change of `province` on. */
export const PROVINCE_CHANGED_CHANNEL = 'cchc_province_changed';

/** Provinces by code, shared by a server's requests (34 rows, changed only by a seed). */
export type ProvinceCache = ListenedCache<string, Province>;

declare module '../../core/request-context' {
  interface SharedCaches {
    provinces?: ProvinceCache;
  }
}

export function createProvinceCache(): ProvinceCache {
  return new ListenedCache<string, Province>({ maxEntries: 1_000, ttlMs: 10 * 60_000 });
}
