import type { Ad, AdGroup, Campaign } from './model';
import { isDeletedAt, isEnabledAt, reviewAt } from './model';

/**
 * TikTok's derived statuses. `operation_status` is what the advertiser set (ENABLE or
 * DISABLE); `secondary_status` says why something does or does not deliver.
 *
 * Whether a deleted object reports `operation_status: "DELETE"` is not documented; the
 * emulator keeps the last ENABLE/DISABLE and marks deletion only in `secondary_status`, so
 * that clients learn to read deletion from there.
 */

export function campaignSecondaryStatus(
  campaign: Campaign,
  now: number,
  budgetExhausted: boolean,
): string {
  if (isDeletedAt(campaign, now)) return 'CAMPAIGN_STATUS_DELETE';
  if (!isEnabledAt(campaign, now)) return 'CAMPAIGN_STATUS_DISABLE';
  if (budgetExhausted) return 'CAMPAIGN_STATUS_BUDGET_EXCEED';
  return 'CAMPAIGN_STATUS_ENABLE';
}

export function adGroupSecondaryStatus(
  adGroup: AdGroup,
  campaign: Campaign,
  now: number,
  budgetExhausted: boolean,
): string {
  if (isDeletedAt(adGroup, now) || isDeletedAt(campaign, now)) return 'ADGROUP_STATUS_DELETE';
  if (!isEnabledAt(campaign, now)) return 'ADGROUP_STATUS_CAMPAIGN_DISABLE';
  if (!isEnabledAt(adGroup, now)) return 'ADGROUP_STATUS_DISABLE';
  if (now < adGroup.schedule_start_time) return 'ADGROUP_STATUS_NOT_START';
  if (now >= adGroup.schedule_end_time) return 'ADGROUP_STATUS_TIME_DONE';
  if (budgetExhausted) return 'ADGROUP_STATUS_BUDGET_EXCEED';
  return 'ADGROUP_STATUS_DELIVERY_OK';
}

export function adSecondaryStatus(
  ad: Ad,
  adGroup: AdGroup,
  campaign: Campaign,
  now: number,
): string {
  if (isDeletedAt(ad, now) || isDeletedAt(adGroup, now) || isDeletedAt(campaign, now)) {
    return 'AD_STATUS_DELETE';
  }
  // A review outranks the rest: it is what a buyer must wait for, or fix, before anything.
  const review = reviewAt(ad, now);
  if (review?.state === 'in_review') return 'AD_STATUS_REAUDIT';
  if (review?.state === 'rejected') return 'AD_STATUS_AUDIT_DENY';
  if (!isEnabledAt(campaign, now)) return 'AD_STATUS_CAMPAIGN_DISABLE';
  if (!isEnabledAt(adGroup, now)) return 'AD_STATUS_ADGROUP_DISABLE';
  if (!isEnabledAt(ad, now)) return 'AD_STATUS_DISABLE';
  if (now < adGroup.schedule_start_time) return 'AD_STATUS_NOT_START';
  if (now >= adGroup.schedule_end_time) return 'AD_STATUS_DONE';
  return 'AD_STATUS_DELIVERY_OK';
}

export const PRIMARY_STATUSES = [
  'STATUS_ALL',
  'STATUS_NOT_DELETE',
  'STATUS_DELETE',
  'STATUS_DELIVERY_OK',
  'STATUS_DISABLE',
  'STATUS_NOT_DELIVERY',
  'STATUS_TIME_DONE',
] as const;
export type PrimaryStatus = (typeof PRIMARY_STATUSES)[number];

const DELIVERING = new Set([
  'CAMPAIGN_STATUS_ENABLE',
  'ADGROUP_STATUS_DELIVERY_OK',
  'AD_STATUS_DELIVERY_OK',
]);

/** Whether an object with this secondary status matches a `primary_status` filter. */
export function matchesPrimaryStatus(
  filter: PrimaryStatus,
  secondaryStatus: string,
  ownStatusEnabled: boolean,
): boolean {
  const deleted = secondaryStatus.endsWith('_DELETE');
  switch (filter) {
    case 'STATUS_ALL':
      return true;
    case 'STATUS_NOT_DELETE':
      return !deleted;
    case 'STATUS_DELETE':
      return deleted;
    case 'STATUS_DELIVERY_OK':
      return DELIVERING.has(secondaryStatus);
    case 'STATUS_DISABLE':
      return !deleted && !ownStatusEnabled;
    case 'STATUS_NOT_DELIVERY':
      return !deleted && !DELIVERING.has(secondaryStatus);
    case 'STATUS_TIME_DONE':
      return secondaryStatus.endsWith('_TIME_DONE') || secondaryStatus === 'AD_STATUS_DONE';
  }
}

/** `secondary_status` filters: an exact status, or a level's `*_STATUS_ALL`. */
export function matchesSecondaryStatus(filter: string, secondaryStatus: string): boolean {
  return filter.endsWith('_STATUS_ALL') || filter === secondaryStatus;
}
