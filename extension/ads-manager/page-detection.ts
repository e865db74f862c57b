import type { Level } from '../../companion-server/src/contract/ads-manager';
import { isIsoDate } from '../../companion-server/src/lib/time-zone';

/**
 * Which Ads Manager list page a URL is: the level, the ad account and the date range.
 * Pure URL predicates, so they are tested with tables of URLs and follow in-app
 * navigation (the page changes its URL without reloading).
 *
 * Routes: /i18n/manage/{campaign|adgroup|creative} and the newer /i18n/perf/{…}; the ad
 * level is called `creative` in the URL; `aadvid` is the ad account; `st`/`et` the range.
 */
export interface AdsManagerPage {
  level: Level;
  advertiserId: string;
  /** The range shown by the page, when its URL says; otherwise the user's default applies. */
  range: { start: string; end: string } | null;
}

const LEVEL_SEGMENTS: Record<string, Level> = {
  campaign: 'campaign',
  adgroup: 'adgroup',
  creative: 'ad',
  ad: 'ad',
};
const LIST_PATH = /^\/i18n\/(?:manage|perf)\/(campaign|adgroup|creative|ad)\/?$/;
const ADVERTISER_ID = /^\d{10,20}$/;

export function parseAdsManagerUrl(url: string): AdsManagerPage | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const match = LIST_PATH.exec(parsed.pathname);
  const level = match?.[1] ? LEVEL_SEGMENTS[match[1]] : undefined;
  const advertiserId = parsed.searchParams.get('aadvid') ?? '';
  if (!level || !ADVERTISER_ID.test(advertiserId)) return null;
  const start = parsed.searchParams.get('st') ?? '';
  const end = parsed.searchParams.get('et') ?? '';
  const range = isIsoDate(start) && isIsoDate(end) && start <= end ? { start, end } : null;
  return { level, advertiserId, range };
}

export function samePage(a: AdsManagerPage | null, b: AdsManagerPage | null): boolean {
  return (
    a?.level === b?.level &&
    a?.advertiserId === b?.advertiserId &&
    a?.range?.start === b?.range?.start &&
    a?.range?.end === b?.range?.end
  );
}
