import type { EditedField, PlanRow } from '../contract/bulk-edits';
import { MAX_AD_NAME_LENGTH, tikTokTextLength } from './ad-text-rules';
import type { EntitySnapshot } from './entity-snapshots';

/**
 * What every ad edit shares, whatever field it changes: TikTok's ad/update/ takes the ad
 * group's whole list of ads (adgroup_id + creatives, at most 20; the official SDK's body).
 * Whether an ad left out of that list is deleted is not documented, so the safer reading is
 * taken: the job reads every ad of the group right before the call and sends them all back
 * unchanged but for the edit. The preview says so, and checks per row what TikTok refuses or
 * what follows: an ad in review cannot be edited; an edit its viewers see sends it back to
 * review; a group of more than 20 ads cannot be sent whole.
 */

/** The fields ad/update/ changes (the rest of an ad-level edit, status, has its own route). */
export const AD_UPDATE_FIELDS: readonly EditedField[] = ['name', 'landing_page_url', 'ad_text'];

/** Fields whose change puts the ad back in TikTok's review (its name is not shown to viewers). */
const REVIEWED_FIELDS: readonly EditedField[] = ['landing_page_url', 'ad_text'];

/** The most creatives one ad/update/ call takes: the whole group must fit in it. */
export const MAX_ADS_PER_UPDATE = 20;

/** An ad group's live ads, as the plan read them. */
export interface AdGroupAds {
  /** Ads not deleted. */
  live: number;
  /** Of those, the ids of ads in TikTok's review. */
  inReview: readonly string[];
}

export function isAdUpdateField(field: EditedField): boolean {
  return AD_UPDATE_FIELDS.includes(field);
}

/**
 * An ad row already planned for its field (its new value, its field's rules): blocked here
 * if TikTok would refuse the call for the ad's sake, and with a warning when it goes ahead.
 */
export function checkAdUpdate(
  row: PlanRow,
  entity: EntitySnapshot,
  adGroupAds: ReadonlyMap<string, AdGroupAds>,
): PlanRow {
  const ad = entity.ad;
  if (!ad || (row.verdict !== 'ok' && row.verdict !== 'adjusted')) return row;
  const blocked = (code: PlanRow['reasonCode'], reason: string): PlanRow => ({
    ...row,
    verdict: 'blocked',
    reasonCode: code,
    reason,
    warning: null,
  });
  if (row.field === 'name' && typeof row.after === 'string') {
    const length = tikTokTextLength(row.after);
    if (length > MAX_AD_NAME_LENGTH) {
      return blocked(
        'name_too_long',
        `The new name counts ${length} characters (Chinese and Japanese count twice): TikTok allows at most ${MAX_AD_NAME_LENGTH} for ads.`,
      );
    }
  }
  if (ad.review === 'in_review') {
    return blocked(
      'ad_in_review',
      "In TikTok's review: TikTok refuses edits until the review ends (usually within 24 hours). Try again once it is reviewed.",
    );
  }
  const group = adGroupAds.get(ad.adgroupId);
  if (group && group.live > MAX_ADS_PER_UPDATE) {
    return blocked(
      'too_many_ads',
      `Its ad group has ${group.live} ads: TikTok's ad/update/ takes the group's whole list, at most ${MAX_ADS_PER_UPDATE}, so the others could be lost. Edit it in Ads Manager.`,
    );
  }
  // The field's own warning (an unknown URL macro) comes first.
  const warnings: string[] = row.warning ? [row.warning] : [];
  if (REVIEWED_FIELDS.includes(row.field)) {
    warnings.push(
      ad.review === 'rejected'
        ? "Rejected in TikTok's review: this edit sends it to be reviewed again; it does not deliver until approved."
        : "Goes back to TikTok's review: it does not deliver until approved (usually within 24 hours).",
    );
  } else if (ad.review === 'rejected') {
    warnings.push("Rejected in TikTok's review: a new name does not change that.");
  }
  const reviewedSiblings = (group?.inReview ?? []).filter((id) => id !== row.entityId);
  if (reviewedSiblings.length > 0) {
    warnings.push(
      `${reviewedSiblings.length === 1 ? `Ad ${reviewedSiblings[0]}` : `${reviewedSiblings.length} ads`} of its ad group ${reviewedSiblings.length === 1 ? 'is' : 'are'} in review: sent back unchanged with this edit.`,
    );
  }
  return { ...row, warning: warnings.length > 0 ? warnings.join(' ') : null };
}

/**
 * The plan's notice for ad edits: which ad groups are sent whole, and how many other ads go
 * back to TikTok unchanged.
 */
export function adUpdateNotice(
  rows: readonly PlanRow[],
  adGroupOf: (adId: string) => string | null,
  adGroupAds: ReadonlyMap<string, AdGroupAds>,
): string | null {
  const edited = new Map<string, number>();
  for (const row of rows) {
    if (row.verdict !== 'ok' && row.verdict !== 'adjusted') continue;
    const group = adGroupOf(row.entityId);
    if (group) edited.set(group, (edited.get(group) ?? 0) + 1);
  }
  if (edited.size === 0) return null;
  let others = 0;
  for (const [group, count] of edited)
    others += Math.max(0, (adGroupAds.get(group)?.live ?? count) - count);
  const groups = `${edited.size} ad group${edited.size === 1 ? '' : 's'}`;
  return `TikTok's ad/update/ takes an ad group's whole list of ads: for each of the ${groups}, every ad is read right before the call and sent back unchanged but for these edits (${others} other ad${others === 1 ? '' : 's'} resent as they are).`;
}
