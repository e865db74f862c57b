interface CacheEntry<T> {
  value: Promise<T>;
  /** Null while the load is in flight: identical requests then share it. */
  expiresAt: number | null;
}

/**
 * A bounded cache of loads (TikTok calls) with single flight: a key's value is loaded once,
 * callers asking while it loads share the same promise, and the value is kept for a TTL
 * counted from when the load finished. A failed load is dropped at once, so the next caller
 * tries again. Beyond `maxEntries`, expired entries go first, then the oldest.
 */
export class SingleFlightCache<T> {
  readonly #entries = new Map<string, CacheEntry<T>>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { maxEntries: number; now: () => number }) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    this.#maxEntries = options.maxEntries;
    this.#now = options.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const existing = this.#entries.get(key);
    if (existing && (existing.expiresAt === null || existing.expiresAt > this.#now())) {
      return existing.value;
    }
    // The async wrapper turns a synchronous throw into a rejection, handled like any other.
    const entry: CacheEntry<T> = { value: (async () => load())(), expiresAt: null };
    // Re-inserting moves the key to the end, so the map's order is the order of loading.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#evictBeyondLimit();
    entry.value.then(
      () => {
        entry.expiresAt = this.#now() + ttlMs;
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry.value;
  }

  #evictBeyondLimit(): void {
    if (this.#entries.size <= this.#maxEntries) return;
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) this.#entries.delete(key);
    }
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) return;
      this.#entries.delete(key);
    }
  }
}
