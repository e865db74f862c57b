import { LocalIdSchema, TikTokIdSchema } from '../../../companion-server/src/contract/common';

/** What the rules page shows: the rules, or the scheduled changes. */
export type RulesPageView = 'rules' | 'schedules';

/**
 * The rules page's address holds what it shows, so that the side panel can open it on an
 * account or a rule, and a reload or a shared link shows the same:
 * `rules.html?view=&advertiserId=&ruleId=&changeId=`, all optional. The view is written only
 * when it is the scheduled changes, so that the rules' addresses stay as they were.
 */
export interface RulesAddress {
  /** The ad account whose rules (or scheduled changes) are listed; null: every account's. */
  advertiserId: string | null;
  /** The rule opened; null: none. */
  ruleId: string | null;
  /** Rules when left out. */
  view?: RulesPageView;
  /** The scheduled change opened (in the scheduled changes' view); null: none. */
  changeId?: string | null;
}

export function parseRulesAddress(search: string): Required<RulesAddress> {
  const query = new URLSearchParams(search);
  const advertiserId = TikTokIdSchema.safeParse(query.get('advertiserId'));
  const ruleId = LocalIdSchema.safeParse(query.get('ruleId'));
  const changeId = LocalIdSchema.safeParse(query.get('changeId'));
  return {
    view: query.get('view') === 'schedules' ? 'schedules' : 'rules',
    advertiserId: advertiserId.success ? advertiserId.data : null,
    ruleId: ruleId.success ? ruleId.data : null,
    changeId: changeId.success ? changeId.data : null,
  };
}

export function rulesSearch(address: RulesAddress): string {
  const query = new URLSearchParams();
  if (address.view === 'schedules') query.set('view', 'schedules');
  if (address.advertiserId) query.set('advertiserId', address.advertiserId);
  if (address.ruleId) query.set('ruleId', address.ruleId);
  if (address.changeId) query.set('changeId', address.changeId);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The page's full address, from another extension page (the side panel, the dashboard). */
export function rulesPageUrl(address: RulesAddress): string {
  return `${location.origin}/rules.html${rulesSearch(address)}`;
}
