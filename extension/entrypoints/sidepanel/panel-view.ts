import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import { defaultRange } from '../../ads-manager/date-range';
import type { ReportRange } from '../../components/reporting/report-range';
import type { Preferences } from '../../lib/preferences';
import { type PageContext, PageContextSchema } from '../../lib/protocol';
import type { StoredPageContexts } from '../../lib/session-state';

/**
 * Which view the side panel shows. It follows an Ads Manager tab whose overlay reported its
 * view, unless the buyer unpinned it; otherwise (no such tab, unpinned, or a view given in
 * the panel's address) it shows the buyer's own choice of ad account, level and range.
 */

/** The Ads Manager tab the panel follows, and the view it reported. */
export interface FollowedTab {
  tabId: number;
  context: PageContext;
}

/**
 * The buyer's own choice. No account yet: the first connected one. No range: the buyer's
 * default range (the badges' preference) in the account's own days.
 */
export interface OwnChoice {
  advertiserId: string | null;
  level: Level;
  range: ReportRange | null;
}

export type PanelView =
  | { source: 'tab'; tabId: number; context: PageContext }
  | { source: 'own'; context: PageContext };

/**
 * The tab to follow: the window's active tab when it shows an Ads Manager list, else the
 * tab that reported its view last (the buyer went to another tab and still works on that
 * list). Null when no tab reported one.
 */
export function tabToFollow(
  contexts: StoredPageContexts,
  activeTabId: number | null,
): FollowedTab | null {
  const reported = Object.entries(contexts).flatMap(([key, stored]) => {
    const tabId = Number(key);
    const parsed = PageContextSchema.safeParse(stored);
    return parsed.success && Number.isInteger(tabId)
      ? [{ tabId, context: parsed.data, reportedAt: stored.reportedAt }]
      : [];
  });
  const active = reported.find((entry) => entry.tabId === activeTabId);
  const latest = [...reported].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))[0];
  const chosen = active ?? latest;
  return chosen ? { tabId: chosen.tabId, context: chosen.context } : null;
}

/**
 * The view to show, or null while it cannot be told yet (the connected accounts are needed
 * and not loaded) or there is nothing to show (no account connected).
 */
export function panelView(input: {
  following: boolean;
  followed: FollowedTab | null;
  own: OwnChoice;
  accounts: AdAccountView[] | undefined;
  /** Undefined while the preferences are read. */
  defaultDateRange: Preferences['defaultDateRange'] | undefined;
  now?: number;
}): PanelView | null {
  const { followed, own } = input;
  if (input.following && followed) {
    return { source: 'tab', tabId: followed.tabId, context: followed.context };
  }
  const account = own.advertiserId
    ? input.accounts?.find((a) => a.advertiserId === own.advertiserId)
    : (input.accounts?.find((a) => a.health === 'ok') ?? input.accounts?.[0]);
  const advertiserId = own.advertiserId ?? account?.advertiserId;
  if (!advertiserId) return null;
  // A range given (in the address, or picked) needs no account; the default range needs the
  // account's time zone.
  const range =
    own.range ??
    (account && input.defaultDateRange
      ? defaultRange(input.defaultDateRange, account.timezone, input.now)
      : null);
  if (!range) return null;
  return { source: 'own', context: { advertiserId, level: own.level, ...range } };
}

/** The view the panel's address names (`?advertiserId=&level=&start=&end=`), if any. */
export function contextInAddress(search: string): PageContext | null {
  const query = new URLSearchParams(search);
  const parsed = PageContextSchema.safeParse({
    advertiserId: query.get('advertiserId'),
    level: query.get('level'),
    start: query.get('start'),
    end: query.get('end'),
  });
  return parsed.success ? parsed.data : null;
}
