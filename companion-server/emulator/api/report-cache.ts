import { type ComputedReport, computeReport, type ReportQuery } from '../metrics/integrated-report';
import type { EmulatorRuntime } from '../runtime';
import type { EmulatorState } from '../state/store';

/**
 * Computed reports, kept so that paging through one computes it once: a client reads a big
 * report 1,000 rows at a time, and each page is then a slice of the same computation. An entry
 * is valid for the same query, the same state of the world (EmulatorState.version) and the
 * same minute of the emulator's clock (today's figures grow as the clock moves: a report keeps
 * them for at most a minute). Reports of a new world (reset) start a new cache.
 */

const MAX_REPORTS = 4;
/** Rows kept across reports: a 30-day report of 5,000 ads is 150,000 rows of a few numbers. */
const MAX_ROWS = 600_000;
const MINUTE_MS = 60_000;

class ReportCache {
  /** Insertion order is recency: a hit moves its entry to the end. */
  private readonly reports = new Map<string, ComputedReport>();

  get(key: string, compute: () => ComputedReport): ComputedReport {
    const cached = this.reports.get(key);
    if (cached) {
      this.reports.delete(key);
      this.reports.set(key, cached);
      return cached;
    }
    const report = compute();
    this.reports.set(key, report);
    this.evict();
    return report;
  }

  private evict(): void {
    let rows = 0;
    for (const report of this.reports.values()) rows += report.rowCount;
    for (const [key, report] of this.reports) {
      if (this.reports.size <= 1 || (this.reports.size <= MAX_REPORTS && rows <= MAX_ROWS)) break;
      this.reports.delete(key);
      rows -= report.rowCount;
    }
  }
}

const caches = new WeakMap<EmulatorState, ReportCache>();

function cacheOf(state: EmulatorState): ReportCache {
  let cache = caches.get(state);
  if (!cache) {
    cache = new ReportCache();
    caches.set(state, cache);
  }
  return cache;
}

function queryKey(query: ReportQuery): string {
  const { advertiser, advertisers, ...rest } = query;
  return JSON.stringify({
    ...rest,
    advertiser: advertiser.advertiser_id,
    advertisers: advertisers?.map((a) => a.advertiser_id) ?? null,
  });
}

/** The report for this query, computed now or earlier in the same minute and world state. */
export function cachedReport(
  runtime: EmulatorRuntime,
  query: ReportQuery,
  now: number,
  adLimit: number,
): ComputedReport {
  const { state, simulator } = runtime;
  const key = `${queryKey(query)}|${adLimit}|${state.version}|${Math.floor(now / MINUTE_MS)}`;
  return cacheOf(state).get(key, () => computeReport(query, state, simulator, now, adLimit));
}
