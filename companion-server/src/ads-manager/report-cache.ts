import type { AdAccountView } from '../contract/connections';
import { SingleFlightCache } from '../lib/single-flight-cache';
import { compareDates, type IsoDate } from '../lib/time-zone';

/** Today's figures keep growing, so a range that includes today is reused at most this long. */
export const TODAY_TTL_CAP_MS = 60_000;

const DEFAULT_MAX_ENTRIES = 500;

export interface ReportCacheOptions {
  /** How long a fetched report is reused (config METRICS_CACHE_TTL_SECONDS). */
  ttlMs: number;
  maxEntries?: number;
  now: () => number;
}

/**
 * TikTok reports shared by every staff member asking for the same figures: identical requests
 * in flight share one call, and a report is reused for the TTL, so that a page or dashboard
 * opened by many people costs TikTok one report at most once per TTL. A range that includes
 * today (in the ad account's time zone) is reused at most TODAY_TTL_CAP_MS.
 */
export class ReportCache<T> {
  readonly #ttlMs: number;
  readonly #reports: SingleFlightCache<T>;

  constructor(options: ReportCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#reports = new SingleFlightCache({
      maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      now: options.now,
    });
  }

  /**
   * The report for `key` (which must name the account and everything the report depends on),
   * for a range ending on `rangeEnd` while it is `today` in the account's time zone.
   */
  get(
    account: Pick<AdAccountView, 'health'>,
    key: string,
    range: { rangeEnd: IsoDate; today: IsoDate },
    load: () => Promise<T>,
  ): Promise<T> {
    // A broken authorization is reported at once instead of being hidden behind cached figures.
    if (account.health !== 'ok') return load();
    const ttlMs =
      compareDates(range.rangeEnd, range.today) >= 0
        ? Math.min(this.#ttlMs, TODAY_TTL_CAP_MS)
        : this.#ttlMs;
    return this.#reports.get(key, ttlMs, load);
  }
}
