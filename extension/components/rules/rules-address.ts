import { LocalIdSchema, TikTokIdSchema } from '../../../companion-server/src/contract/common';

/**
 * The rules page's address holds what it shows, so that the side panel can open it on an
 * account or a rule, and a reload or a shared link shows the same:
 * `rules.html?advertiserId=&ruleId=`, both optional.
 */
export interface RulesAddress {
  /** The ad account whose rules are listed; null: every account's. */
  advertiserId: string | null;
  /** The rule opened; null: none. */
  ruleId: string | null;
}

export function parseRulesAddress(search: string): RulesAddress {
  const query = new URLSearchParams(search);
  const advertiserId = TikTokIdSchema.safeParse(query.get('advertiserId'));
  const ruleId = LocalIdSchema.safeParse(query.get('ruleId'));
  return {
    advertiserId: advertiserId.success ? advertiserId.data : null,
    ruleId: ruleId.success ? ruleId.data : null,
  };
}

export function rulesSearch(address: RulesAddress): string {
  const query = new URLSearchParams();
  if (address.advertiserId) query.set('advertiserId', address.advertiserId);
  if (address.ruleId) query.set('ruleId', address.ruleId);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The page's full address, from another extension page (the side panel, the dashboard). */
export function rulesPageUrl(address: RulesAddress): string {
  return `${location.origin}/rules.html${rulesSearch(address)}`;
}
