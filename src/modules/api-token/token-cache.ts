import { ListenedCache } from '../../core/listened-cache';
import type { Viewer } from '../../core/viewer';

/** The channel migration TokenChangeNotify1795496000000 announces token changes on (payload: the id). */
export const TOKEN_CHANGED_CHANNEL = 'cchc_token_changed';

/** A cached token: its viewer, and when its last_used_at was last written. */
export interface CachedToken {
  viewer: Viewer;
  touchedAt: number;
}

/**
 * The viewers of recently seen tokens, by token hash, so that a request with a known token costs
 * no SQL statement. A ListenedCache: in use only while the server hears TOKEN_CHANGED_CHANNEL; a
 * change evicts the token at once, so revocation takes effect in every process within the time
 * NOTIFY takes to arrive.
 */
export class TokenCache extends ListenedCache<string, CachedToken> {
  /** Caches a viewer just read from the database (whose lookup also wrote last_used_at). */
  remember(tokenHash: string, viewer: Viewer, generation: number): void {
    this.set(tokenHash, { viewer, touchedAt: this.now() }, generation);
  }

  /**
   * Whether a request with this cached token should write its last_used_at now: at most once per
   * `everyMs`, as the uncached lookup does. Answering true counts as the write.
   */
  dueForTouch(cached: CachedToken, everyMs: number): boolean {
    const now = this.now();
    if (now - cached.touchedAt < everyMs) return false;
    cached.touchedAt = now;
    return true;
  }

  /** A token changed (NOTIFY payload: its id): drop it. An unreadable payload drops everything. */
  tokenChanged(payload: string): void {
    const id = Number(payload);
    if (!Number.isInteger(id)) return this.clear();
    this.evictWhere((cached) => cached.viewer.tokenId === id);
  }
}
