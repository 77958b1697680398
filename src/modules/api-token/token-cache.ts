import type { Viewer } from '../../core/viewer';

/** The channel migration TokenChangeNotify1795496000000 announces token changes on (payload: the id). */
export const TOKEN_CHANGED_CHANNEL = 'cchc_token_changed';

export interface TokenCacheOptions {
  /** Most tokens kept; the least recently used goes first. */
  maxEntries?: number;
  /** How long an entry is trusted at most, even with no change announced (a safety net). */
  ttlMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

interface Entry {
  viewer: Viewer;
  expiresAt: number;
  /** When the token's last_used_at was last written (or read fresh from the database). */
  touchedAt: number;
}

/**
 * The viewers of recently seen tokens, by token hash, so that a request with a known token costs
 * no SQL statement. Correct only while the server hears every token change: the owner marks it
 * `listening` while its LISTEN connection on TOKEN_CHANGED_CHANNEL is up, and while it is not (not
 * yet connected, or dropped: changes may have been missed) the cache is emptied and answers
 * nothing, so every request goes to the database. A change evicts the token at once; revocation
 * thus takes effect in every process within the time NOTIFY takes to arrive.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private listening = false;
  /** Bumped by every eviction: a lookup that began before one must not store its (older) answer. */
  private generation = 0;

  constructor(options: TokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether the cache is in use: only while token changes are heard. */
  get active(): boolean {
    return this.listening;
  }

  /** The LISTEN connection is up (true) or down (false: forget everything, answer nothing). */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.clear();
  }

  /** A counter to pass back to set(): an eviction in between makes set() keep nothing. */
  begin(): number {
    return this.generation;
  }

  get(tokenHash: string): Viewer | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, entry);
    return entry.viewer;
  }

  set(tokenHash: string, viewer: Viewer, generation: number): void {
    if (!this.listening || generation !== this.generation) return;
    this.entries.delete(tokenHash);
    const now = this.now();
    this.entries.set(tokenHash, { viewer, expiresAt: now + this.ttlMs, touchedAt: now });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /**
   * Whether a request with this (cached) token should write its last_used_at now: at most once per
   * `everyMs`, as the uncached lookup does. Answering true counts as the write.
   */
  dueForTouch(tokenHash: string, everyMs: number): boolean {
    const entry = this.entries.get(tokenHash);
    const now = this.now();
    if (!entry || now - entry.touchedAt < everyMs) return false;
    entry.touchedAt = now;
    return true;
  }

  /** A token changed (NOTIFY payload: its id): drop it. An unreadable payload drops everything. */
  tokenChanged(payload: string): void {
    this.generation++;
    const id = Number(payload);
    if (!Number.isInteger(id)) return this.clear();
    for (const [hash, entry] of this.entries) {
      if (entry.viewer.tokenId === id) this.entries.delete(hash);
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
