/**
 * A cache of database rows kept right by notifications (NOTIFY at commit, heard on a LISTEN
 * connection: core/db/notification-listener.ts). It answers only while its owner says the LISTEN
 * connection is up: before that, and from the moment it drops (a change may have been missed),
 * it is empty and answers nothing, so every read goes to the database. A lookup that began before
 * an eviction does not store its (possibly older) answer.
 */
export interface ListenedCacheOptions {
  /** Most entries kept; the least recently used goes first. */
  maxEntries?: number;
  /** How long an entry is trusted at most, even with no change heard (a safety net). */
  ttlMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class ListenedCache<K, V> {
  protected readonly entries = new Map<K, Entry<V>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  protected readonly now: () => number;
  private listening = false;
  private generation = 0;

  constructor(options: ListenedCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether the cache is in use: only while changes are heard. */
  get active(): boolean {
    return this.listening;
  }

  /** The LISTEN connection is up (true) or down (false): either way, start empty. */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.clear();
  }

  /** Call before reading the database; pass the result to set(). */
  begin(): number {
    return this.generation;
  }

  get(key: K): V | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last: a Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, generation: number): void {
    if (!this.listening || generation !== this.generation) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops the entries whose value matches (and fences lookups in flight). */
  evictWhere(matches: (value: V) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) {
      if (matches(entry.value)) this.entries.delete(key);
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
