import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useSyncExternalStore,
} from 'react';

/**
 * A small shared cache of fetched data for the Ads Manager content script, in place of
 * @tanstack/react-query (which the extension's own pages keep using). Why hand-written: the
 * content script is loaded into every Ads Manager tab and must stay under 100 kB gzip with
 * its CSS; react-query is about 9.5 kB of that, and the overlay needs only this much of it:
 * one entry per key shared by every component asking, a freshness time, single flight, one
 * retry, refetch, and invalidation by key prefix.
 */

export type ResourceKey = readonly unknown[];

export interface ResourceState<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
}

interface Entry {
  state: ResourceState<unknown>;
  fetchedAt: number;
  stale: boolean;
  inFlight: Promise<void> | null;
  fetcher: (() => Promise<unknown>) | null;
  listeners: Set<() => void>;
}

const PENDING: ResourceState<unknown> = {
  data: undefined,
  error: null,
  isPending: true,
  isSuccess: false,
  isError: false,
};

export class ResourceCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly retries = 1) {}

  entry(key: ResourceKey): Entry {
    const id = JSON.stringify(key);
    let entry = this.entries.get(id);
    if (!entry) {
      entry = {
        state: PENDING,
        fetchedAt: 0,
        stale: true,
        inFlight: null,
        fetcher: null,
        listeners: new Set(),
      };
      this.entries.set(id, entry);
    }
    return entry;
  }

  /** Fetch unless fresh or already under way; every caller shares the one request. */
  load(entry: Entry, freshForMs: number, force = false): Promise<void> {
    if (entry.inFlight) return entry.inFlight;
    const fresh = !entry.stale && Date.now() - entry.fetchedAt < freshForMs;
    if ((fresh && !force) || !entry.fetcher) return Promise.resolve();
    const fetcher = entry.fetcher;
    const attempt = (left: number): Promise<unknown> =>
      fetcher().catch((error: unknown) => (left > 0 ? attempt(left - 1) : Promise.reject(error)));
    entry.inFlight = attempt(this.retries).then(
      (data) =>
        this.settle(entry, {
          data,
          error: null,
          isPending: false,
          isSuccess: true,
          isError: false,
        }),
      (error: unknown) =>
        this.settle(entry, {
          // What was shown before stays shown next to the error.
          data: entry.state.data,
          error,
          isPending: false,
          isSuccess: false,
          isError: true,
        }),
    );
    return entry.inFlight;
  }

  /** Entries under this key prefix are stale: those someone is showing are fetched again. */
  invalidate(prefix: ResourceKey): void {
    const head = JSON.stringify(prefix).slice(0, -1);
    for (const [id, entry] of this.entries) {
      if (id !== `${head}]` && !id.startsWith(`${head},`)) continue;
      entry.stale = true;
      if (entry.listeners.size > 0) void this.load(entry, 0);
    }
  }

  private settle(entry: Entry, state: ResourceState<unknown>): void {
    entry.state = state;
    entry.inFlight = null;
    entry.stale = false;
    entry.fetchedAt = Date.now();
    for (const listener of entry.listeners) listener();
  }
}

const CacheContext = createContext<ResourceCache | null>(null);

export function ResourceCacheProvider(props: { cache: ResourceCache; children: ReactNode }) {
  return createElement(CacheContext.Provider, { value: props.cache }, props.children);
}

export function useResourceCache(): ResourceCache {
  const cache = useContext(CacheContext);
  if (!cache) throw new Error('useResource needs a ResourceCacheProvider above it.');
  return cache;
}

export function useResource<T>(
  key: ResourceKey,
  fetcher: () => Promise<T>,
  options: { freshForMs: number; enabled?: boolean },
): ResourceState<T> & { refetch: () => Promise<void> } {
  const cache = useResourceCache();
  const entry = cache.entry(key);
  const enabled = options.enabled ?? true;
  // The newest closure fetches: it carries the newest parameters of the same key.
  entry.fetcher = fetcher;
  const state = useSyncExternalStore(
    (listener) => {
      entry.listeners.add(listener);
      return () => entry.listeners.delete(listener);
    },
    () => entry.state,
  ) as ResourceState<T>;
  useEffect(() => {
    if (enabled) void cache.load(entry, options.freshForMs);
  }, [cache, entry, enabled, options.freshForMs]);
  const refetch = useCallback(() => cache.load(entry, 0, true), [cache, entry]);
  return { ...state, refetch };
}
