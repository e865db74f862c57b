import type { ConnectionService } from '../connections/connection-service';
import {
  type AdLackingTracking,
  MAX_TRACKING_CHECK_ADS,
  type trackingCheck,
} from '../contract/orders-settings';
import type { RouteResponse } from '../contract/route';
import { explainTikTokFailure } from '../errors';
import type { Ad } from '../marketing-api/ads';
import type { MarketingApiClient } from '../marketing-api/client';
import { lacksTrackingTemplate } from './attribution';

/**
 * The ads of an ad account whose landing page lacks any of the tracking template's
 * parameters: orders from their clicks cannot be attributed to them. The side panel lists
 * them, active ones first, and a bulk edit of landing URLs adds the parameters.
 */

export type TrackingCheck = RouteResponse<typeof trackingCheck>;

export interface LackingAds {
  ads: AdLackingTracking[];
  withoutLandingUrl: number;
}

/**
 * Pure: the ads lacking parameters, active (ENABLE) ones first, TikTok's order otherwise.
 * Deleted ads are left out; an ad with no landing page is counted apart (nothing to add to).
 */
export function adsLackingTemplate(ads: readonly Ad[], template: string): LackingAds {
  const lacking: AdLackingTracking[] = [];
  let withoutLandingUrl = 0;
  for (const ad of ads) {
    if (ad.operation_status === 'DELETE') continue;
    const landingUrl = ad.landing_page_url?.trim() ?? '';
    if (landingUrl === '') {
      withoutLandingUrl += 1;
      continue;
    }
    const missing = lacksTrackingTemplate(landingUrl, template);
    if (missing.length === 0) continue;
    lacking.push({
      adId: ad.ad_id,
      adName: ad.ad_name,
      adgroupId: ad.adgroup_id,
      campaignId: ad.campaign_id,
      operationStatus: ad.operation_status,
      landingUrl,
      missing,
    });
  }
  const active = lacking.filter((ad) => ad.operationStatus === 'ENABLE');
  const paused = lacking.filter((ad) => ad.operationStatus !== 'ENABLE');
  return { ads: [...active, ...paused], withoutLandingUrl };
}

export interface TrackingCheckDeps {
  connections: ConnectionService;
  marketingApi: MarketingApiClient;
  /** The settings' template, read at each check. */
  trackingTemplate: () => string;
  now: () => Date;
}

/** One listing of the account's ads per check: a person asks for it, and wants it current. */
export async function checkTracking(
  deps: TrackingCheckDeps,
  advertiserId: string,
): Promise<TrackingCheck> {
  deps.connections.adAccount(advertiserId);
  const template = deps.trackingTemplate();
  let ads: Ad[];
  try {
    ads = await deps.connections.withAdvertiserToken(advertiserId, (token) =>
      deps.marketingApi.ads.list(token, { advertiserId }),
    );
  } catch (error) {
    throw explainTikTokFailure(error, advertiserId, 'the ad list');
  }
  const found = adsLackingTemplate(ads, template);
  return {
    advertiserId,
    trackingTemplate: template,
    checkedAt: deps.now().toISOString(),
    adsChecked: ads.filter((ad) => ad.operation_status !== 'DELETE').length,
    withoutLandingUrl: found.withoutLandingUrl,
    lacking: found.ads.length,
    lackingActive: found.ads.filter((ad) => ad.operationStatus === 'ENABLE').length,
    ads: found.ads.slice(0, MAX_TRACKING_CHECK_ADS),
  };
}
