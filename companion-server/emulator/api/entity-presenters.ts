import { utcDateTime } from '../../src/lib/time-zone';
import type { EmulatorRuntime } from '../runtime';
import type { Ad, AdGroup, Campaign } from '../state/model';
import { budgetAt, isEnabledAt, operationStatusAt, pendingBudget } from '../state/model';
import {
  adGroupSecondaryStatus,
  adSecondaryStatus,
  campaignSecondaryStatus,
} from '../state/status';

/**
 * Entities as the campaign, ad group and ad `get` endpoints return them: ids as strings, times as
 * `YYYY-MM-DD HH:MM:SS` in UTC, budgets as numbers (0 when unlimited).
 */

export const CAMPAIGN_FIELDS = [
  'campaign_id',
  'campaign_name',
  'advertiser_id',
  'objective_type',
  'objective',
  'campaign_type',
  'budget_mode',
  'budget',
  'budget_optimize_on',
  'operation_status',
  'secondary_status',
  'bid_type',
  'deep_bid_type',
  'roas_bid',
  'optimization_goal',
  'campaign_product_source',
  'is_new_structure',
  'create_time',
  'modify_time',
] as const;

export const ADGROUP_FIELDS = [
  'adgroup_id',
  'adgroup_name',
  'campaign_id',
  'campaign_name',
  'advertiser_id',
  'operation_status',
  'secondary_status',
  'budget_mode',
  'budget',
  'scheduled_budget',
  'bid_type',
  'bid_price',
  'conversion_bid_price',
  'deep_bid_type',
  'deep_cpa_bid',
  'roas_bid',
  'billing_event',
  'optimization_goal',
  'optimization_event',
  'pacing',
  'schedule_type',
  'schedule_start_time',
  'schedule_end_time',
  'dayparting',
  'placement_type',
  'placements',
  'location_ids',
  'age_groups',
  'gender',
  'languages',
  'promotion_type',
  'product_source',
  'create_time',
  'modify_time',
] as const;

export const AD_FIELDS = [
  'ad_id',
  'ad_name',
  'adgroup_id',
  'adgroup_name',
  'campaign_id',
  'campaign_name',
  'advertiser_id',
  'operation_status',
  'secondary_status',
  'ad_format',
  'ad_text',
  'call_to_action',
  'landing_page_url',
  'video_id',
  'image_ids',
  'identity_id',
  'identity_type',
  'display_name',
  'is_aco',
  'create_time',
  'modify_time',
] as const;

type Presented = Record<string, unknown>;

/** True when a daily budget has been spent in full today. */
export function exhaustedDailyBudget(
  runtime: EmulatorRuntime,
  level: 'campaign' | 'adgroup',
  entity: Campaign | AdGroup,
  now: number,
): boolean {
  if (entity.budget_mode !== 'BUDGET_MODE_DAY' || !isEnabledAt(entity, now)) return false;
  const budget = budgetAt(entity, now);
  return budget > 0 && runtime.simulator.spendToday(level, entity) >= budget - 0.005;
}

export function presentCampaign(
  runtime: EmulatorRuntime,
  campaign: Campaign,
  now: number,
): Presented {
  const presented: Presented = {
    campaign_id: campaign.campaign_id,
    campaign_name: campaign.campaign_name,
    advertiser_id: campaign.advertiser_id,
    objective_type: campaign.objective_type,
    objective: 'LANDING_PAGE',
    campaign_type: campaign.campaign_type,
    budget_mode: campaign.budget_mode,
    budget: budgetAt(campaign, now),
    operation_status: operationStatusAt(campaign, now),
    bid_type: campaign.budget_optimize_on ? 'BID_TYPE_NO_BID' : null,
    deep_bid_type: null,
    roas_bid: 0,
    optimization_goal: null,
    campaign_product_source: campaign.campaign_product_source,
    is_new_structure: true,
    create_time: utcDateTime(campaign.create_time),
    modify_time: utcDateTime(campaign.modify_time),
  };
  // TikTok returns budget_optimize_on only when it is on.
  if (campaign.budget_optimize_on) presented.budget_optimize_on = true;
  if (!runtime.options.sandbox) {
    presented.secondary_status = campaignSecondaryStatus(
      campaign,
      now,
      exhaustedDailyBudget(runtime, 'campaign', campaign, now),
    );
  }
  return presented;
}

export function presentAdGroup(
  runtime: EmulatorRuntime,
  adGroup: AdGroup,
  campaign: Campaign,
  now: number,
): Presented {
  const pending = pendingBudget(adGroup, now);
  const presented: Presented = {
    adgroup_id: adGroup.adgroup_id,
    adgroup_name: adGroup.adgroup_name,
    campaign_id: adGroup.campaign_id,
    campaign_name: campaign.campaign_name,
    advertiser_id: adGroup.advertiser_id,
    operation_status: operationStatusAt(adGroup, now),
    budget_mode: adGroup.budget_mode,
    budget: budgetAt(adGroup, now),
    scheduled_budget: pending?.budget ?? 0,
    bid_type: adGroup.bid_type,
    bid_price: adGroup.bid_price,
    conversion_bid_price: adGroup.conversion_bid_price,
    deep_bid_type: null,
    deep_cpa_bid: 0,
    roas_bid: 0,
    billing_event: adGroup.billing_event,
    optimization_goal: adGroup.optimization_goal,
    optimization_event: adGroup.optimization_event,
    pacing: adGroup.pacing,
    schedule_type: adGroup.schedule_type,
    schedule_start_time: utcDateTime(adGroup.schedule_start_time),
    schedule_end_time: utcDateTime(adGroup.schedule_end_time),
    dayparting: adGroup.dayparting ?? null,
    placement_type: adGroup.placement_type,
    placements: adGroup.placements,
    location_ids: adGroup.location_ids,
    age_groups: adGroup.age_groups,
    gender: adGroup.gender,
    languages: adGroup.languages,
    promotion_type: adGroup.promotion_type,
    product_source: adGroup.product_source,
    create_time: utcDateTime(adGroup.create_time),
    modify_time: utcDateTime(adGroup.modify_time),
  };
  if (!runtime.options.sandbox) {
    presented.secondary_status = adGroupSecondaryStatus(
      adGroup,
      campaign,
      now,
      exhaustedDailyBudget(runtime, 'adgroup', adGroup, now),
    );
  }
  return presented;
}

export function presentAd(
  runtime: EmulatorRuntime,
  ad: Ad,
  adGroup: AdGroup,
  campaign: Campaign,
  now: number,
): Presented {
  const presented: Presented = {
    ad_id: ad.ad_id,
    ad_name: ad.ad_name,
    adgroup_id: ad.adgroup_id,
    adgroup_name: adGroup.adgroup_name,
    campaign_id: ad.campaign_id,
    campaign_name: campaign.campaign_name,
    advertiser_id: ad.advertiser_id,
    operation_status: operationStatusAt(ad, now),
    ad_format: ad.ad_format,
    ad_text: ad.ad_text,
    call_to_action: ad.call_to_action,
    landing_page_url: ad.landing_page_url,
    video_id: ad.video_id,
    image_ids: ad.image_ids,
    identity_id: ad.identity_id,
    identity_type: ad.identity_type,
    display_name: ad.display_name,
    is_aco: false,
    create_time: utcDateTime(ad.create_time),
    modify_time: utcDateTime(ad.modify_time),
  };
  if (!runtime.options.sandbox) {
    presented.secondary_status = adSecondaryStatus(ad, adGroup, campaign, now);
  }
  return presented;
}

/** Keep only the requested fields, and drop nulls when asked to. */
export function selectFields(
  presented: Presented,
  fields: readonly string[] | undefined,
  dropNulls: boolean,
): Presented {
  const keys = fields ?? Object.keys(presented);
  const selected: Presented = {};
  for (const key of keys) {
    if (!(key in presented)) continue;
    const value = presented[key];
    if (dropNulls && value === null) continue;
    selected[key] = value;
  }
  return selected;
}
