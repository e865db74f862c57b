import { isWindowed, type MetricRef, type RuleWindow } from '../contract/rules';
import { addDays, type IsoDate } from '../lib/time-zone';

/**
 * A rule's windows as keys (for the run log's `values`), as date ranges (for the reports)
 * and as words (for people). Days are the ad account's: the caller computes `today` in its
 * time zone (lib/time-zone.ts zonedDate), so nothing here depends on the machine's zone.
 */

/** A short key that is the same for equal windows: "today", "last_7d", "last_7d_today". */
export function windowKey(window: RuleWindow): string {
  switch (window.kind) {
    case 'today':
    case 'yesterday':
    case 'lifetime':
      return window.kind;
    case 'last_days':
      return `last_${window.days}d${window.includeToday ? '_today' : ''}`;
  }
}

/**
 * "cpa@last_3d", or just "budget" for an entity's own figures: the contract stores their
 * window as null, and a window given anyway would not change the value, so it is left out
 * of the key rather than making two keys for one value.
 */
export function refKey(ref: MetricRef): string {
  return isWindowed(ref.metric) && ref.window !== null
    ? `${ref.metric}@${windowKey(ref.window)}`
    : ref.metric;
}

/**
 * The days a window covers, both ends included. "Last N days" ends today when it includes
 * today, yesterday otherwise, and is N days long either way. Lifetime has no range of its
 * own: TikTok's lifetime report covers it.
 */
export function windowRange(
  window: RuleWindow,
  today: IsoDate,
): { start: IsoDate; end: IsoDate } | 'lifetime' {
  switch (window.kind) {
    case 'today':
      return { start: today, end: today };
    case 'yesterday': {
      const yesterday = addDays(today, -1);
      return { start: yesterday, end: yesterday };
    }
    case 'last_days': {
      const end = window.includeToday ? today : addDays(today, -1);
      return { start: addDays(end, -(window.days - 1)), end };
    }
    case 'lifetime':
      return 'lifetime';
  }
}

/** "today", "yesterday", "last 3 days", "last 3 days incl. today", "lifetime". */
export function windowLabel(window: RuleWindow): string {
  switch (window.kind) {
    case 'today':
    case 'yesterday':
    case 'lifetime':
      return window.kind;
    case 'last_days': {
      const days = window.days === 1 ? 'last day' : `last ${window.days} days`;
      return window.includeToday ? `${days} incl. today` : days;
    }
  }
}
