import type { Level } from '../contract/ads-manager';
import type { EditedField, FieldValue } from '../contract/bulk-edits';
import { canonicalDayparting } from '../contract/dayparting';
import type { AdGroup } from '../marketing-api/ad-groups';
import type { Ad } from '../marketing-api/ads';
import type { Campaign } from '../marketing-api/campaigns';
import type { MarketingApiClient } from '../marketing-api/client';
import { DATA_LEVEL_OF, metricNumber } from '../marketing-api/reports';
import { isDeletedEntity } from '../marketing-api/schemas';

/**
 * What the planner and the job runner need to know about an entity, read from TikTok: its
 * budget, status and bid, and what constrains them (parent campaign, spend so far).
 */
export interface EntitySnapshot {
  id: string;
  name: string;
  deleted: boolean;
  operationStatus: 'ENABLE' | 'DISABLE' | 'DELETE';
  /** Null for ads. */
  budgetMode: string | null;
  budget: number | null;
  /** Ad groups under a campaign with budget optimization (CBO): the campaign owns the budget. */
  budgetOwnedByCampaign: boolean;
  /** The campaign's budget, for ad groups whose campaign has one (a bid must stay below it). */
  campaignBudget: number | null;
  bidType: string | null;
  billingEvent: string | null;
  bidPrice: number | null;
  conversionBidPrice: number | null;
  objective: string | null;
  productSource: string | null;
  /** Days a lifetime ad group is scheduled for (its minimum scales with them). */
  scheduledDays: number;
  /** Ad groups' schedule (TikTok's UTC "YYYY-MM-DD HH:MM:SS"); null for the other levels. */
  scheduleType: string | null;
  scheduleStartTime: string | null;
  scheduleEndTime: string | null;
  /** Ad groups only: the dayparting grid as TikTok delivers on it (contract/dayparting.ts). */
  dayparting?: string;
  /** Ads only: what ad/update/ edits and what stands in its way. */
  ad?: AdFacts;
}

/** Where an ad stands in TikTok's review: approved (or never changed) is null. */
export type AdReviewState = 'in_review' | 'rejected' | null;

export interface AdFacts {
  adgroupId: string;
  landingPageUrl: string | null;
  adText: string | null;
  review: AdReviewState;
}

/**
 * The review an ad's secondary status tells: new (AUDIT) or changed (REAUDIT) and being
 * reviewed, or not approved (AUDIT_DENY).
 */
export function adReviewState(secondaryStatus: string | undefined): AdReviewState {
  if (secondaryStatus === 'AD_STATUS_AUDIT' || secondaryStatus === 'AD_STATUS_REAUDIT') {
    return 'in_review';
  }
  return secondaryStatus === 'AD_STATUS_AUDIT_DENY' ? 'rejected' : null;
}

/** The value of the edited field as the snapshot shows it. */
export function fieldValue(snapshot: EntitySnapshot, field: EditedField): FieldValue | null {
  switch (field) {
    case 'budget':
      return snapshot.budget;
    case 'operation_status':
      return snapshot.operationStatus;
    case 'bid_price':
      return snapshot.bidPrice;
    case 'conversion_bid_price':
      return snapshot.conversionBidPrice;
    case 'name':
      return snapshot.name;
    case 'schedule_end_time':
      return snapshot.scheduleEndTime;
    case 'schedule_start_time':
      return snapshot.scheduleStartTime;
    case 'dayparting':
      return snapshot.dayparting ?? null;
    case 'landing_page_url':
      return snapshot.ad?.landingPageUrl ?? null;
    case 'ad_text':
      return snapshot.ad?.adText ?? null;
  }
}

const DAY_MS = 86_400_000;

function tikTokTime(value: string | undefined): number | null {
  return value ? Date.parse(`${value.replace(' ', 'T')}Z`) : null;
}

function campaignSnapshot(campaign: Campaign): EntitySnapshot {
  return {
    id: campaign.campaign_id,
    name: campaign.campaign_name,
    deleted: isDeletedEntity(campaign),
    operationStatus: campaign.operation_status,
    budgetMode: campaign.budget_mode,
    budget: campaign.budget_mode === 'BUDGET_MODE_INFINITE' ? null : campaign.budget,
    budgetOwnedByCampaign: false,
    campaignBudget: null,
    bidType: null,
    billingEvent: null,
    bidPrice: null,
    conversionBidPrice: null,
    objective: campaign.objective_type,
    productSource: campaign.campaign_product_source ?? null,
    scheduledDays: 1,
    scheduleType: null,
    scheduleStartTime: null,
    scheduleEndTime: null,
  };
}

function adGroupSnapshot(adGroup: AdGroup, campaign: Campaign | undefined): EntitySnapshot {
  const cbo = campaign?.budget_optimize_on === true;
  const start = tikTokTime(adGroup.schedule_start_time);
  const end = tikTokTime(adGroup.schedule_end_time);
  return {
    id: adGroup.adgroup_id,
    name: adGroup.adgroup_name,
    deleted: isDeletedEntity(adGroup) || (campaign ? isDeletedEntity(campaign) : false),
    operationStatus: adGroup.operation_status,
    budgetMode: adGroup.budget_mode,
    budget: cbo || adGroup.budget_mode === 'BUDGET_MODE_INFINITE' ? null : adGroup.budget,
    budgetOwnedByCampaign: cbo,
    campaignBudget:
      campaign && campaign.budget_mode !== 'BUDGET_MODE_INFINITE' ? campaign.budget : null,
    bidType: adGroup.bid_type,
    billingEvent: adGroup.billing_event,
    bidPrice: adGroup.bid_price ?? null,
    conversionBidPrice: adGroup.conversion_bid_price ?? null,
    objective: campaign?.objective_type ?? null,
    productSource: adGroup.product_source ?? null,
    scheduledDays:
      start !== null && end !== null ? Math.max(1, Math.ceil((end - start) / DAY_MS)) : 1,
    scheduleType: adGroup.schedule_type,
    scheduleStartTime: adGroup.schedule_start_time,
    scheduleEndTime: adGroup.schedule_end_time ?? null,
    dayparting: canonicalDayparting(adGroup.dayparting),
  };
}

function adSnapshot(ad: Ad): EntitySnapshot {
  return adSnapshotOf(
    {
      id: ad.ad_id,
      name: ad.ad_name,
      deleted: isDeletedEntity(ad),
      operationStatus: ad.operation_status,
    },
    {
      adgroupId: ad.adgroup_id,
      landingPageUrl: ad.landing_page_url ?? null,
      adText: ad.ad_text ?? null,
      review: adReviewState(ad.secondary_status),
    },
  );
}

/** An ad's snapshot from what it has: an ad has no budget, bid or schedule of its own. */
export function adSnapshotOf(
  entity: Pick<EntitySnapshot, 'id' | 'name' | 'deleted' | 'operationStatus'>,
  facts: AdFacts,
): EntitySnapshot {
  return {
    ad: facts,
    ...entity,
    budgetMode: null,
    budget: null,
    budgetOwnedByCampaign: false,
    campaignBudget: null,
    bidType: null,
    billingEvent: null,
    bidPrice: null,
    conversionBidPrice: null,
    objective: null,
    productSource: null,
    scheduledDays: 1,
    scheduleType: null,
    scheduleStartTime: null,
    scheduleEndTime: null,
  };
}

/**
 * Read the entities (deleted ones included, so that they can be reported as such) with
 * the id filter of 100 per call. Ad groups also need their campaigns (budget optimization,
 * the campaign's budget), read the same way. Ids TikTok does not know are absent.
 */
export async function readSnapshots(
  api: MarketingApiClient,
  accessToken: string,
  advertiserId: string,
  level: Level,
  ids: readonly string[],
  options: { withParents: boolean },
): Promise<Map<string, EntitySnapshot>> {
  const snapshots = new Map<string, EntitySnapshot>();
  if (level === 'campaign') {
    const campaigns = await api.campaigns.list(accessToken, {
      advertiserId,
      campaignIds: ids,
      includeDeleted: true,
    });
    for (const campaign of campaigns)
      snapshots.set(campaign.campaign_id, campaignSnapshot(campaign));
  } else if (level === 'adgroup') {
    const adGroups = await api.adGroups.list(accessToken, {
      advertiserId,
      adgroupIds: ids,
      includeDeleted: true,
    });
    const campaigns = new Map<string, Campaign>();
    const parentIds = [...new Set(adGroups.map((g) => g.campaign_id))];
    if (options.withParents && parentIds.length > 0) {
      for (const campaign of await api.campaigns.list(accessToken, {
        advertiserId,
        campaignIds: parentIds,
        includeDeleted: true,
      })) {
        campaigns.set(campaign.campaign_id, campaign);
      }
    }
    for (const adGroup of adGroups) {
      snapshots.set(
        adGroup.adgroup_id,
        adGroupSnapshot(adGroup, campaigns.get(adGroup.campaign_id)),
      );
    }
  } else {
    const ads = await api.ads.list(accessToken, { advertiserId, adIds: ids, includeDeleted: true });
    for (const ad of ads) snapshots.set(ad.ad_id, adSnapshot(ad));
  }
  return snapshots;
}

/**
 * Spend per entity, today (account time zone) or over its lifetime: what a new budget must
 * stay at or above 105% of. Up to 100 ids are filtered by id (one call); more read the
 * whole level, which is one call per 1,000 rows instead of one per 100 ids.
 */
export async function readSpend(
  api: MarketingApiClient,
  accessToken: string,
  advertiserId: string,
  level: 'campaign' | 'adgroup',
  ids: readonly string[],
  range: { startDate: string; endDate: string } | 'lifetime',
): Promise<Map<string, number>> {
  const idField = `${level}_id`;
  const filterKey = level === 'campaign' ? 'campaignIds' : 'adgroupIds';
  const result = await api.reports.integrated(accessToken, {
    advertiserId,
    dataLevel: DATA_LEVEL_OF[level],
    dimensions: [idField],
    metrics: ['spend'],
    range,
    filters: { status: 'STATUS_ALL', ...(ids.length <= 100 ? { [filterKey]: ids } : {}) },
  });
  const spend = new Map<string, number>();
  for (const row of result.rows) {
    const id = row.dimensions[idField];
    if (id !== undefined) spend.set(id, metricNumber(row.metrics.spend) ?? 0);
  }
  return spend;
}
