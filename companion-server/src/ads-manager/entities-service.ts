import type { ConnectionService } from '../connections/connection-service';
import type { EntityView, Level, listEntities } from '../contract/ads-manager';
import type { RouteResponse } from '../contract/route';
import { explainTikTokFailure } from '../errors';
import { SingleFlightCache } from '../lib/single-flight-cache';
import type { AdGroup } from '../marketing-api/ad-groups';
import type { Ad } from '../marketing-api/ads';
import type { Campaign } from '../marketing-api/campaigns';
import type { MarketingApiClient } from '../marketing-api/client';

/**
 * A level's entities (not deleted) for the side panel, read from TikTok's get endpoints.
 * Kept 30 seconds per ad account and level, and shared by identical requests in flight:
 * long enough that a page of overlays asking at once costs one listing, short enough that a
 * change made in Ads Manager shows up on the next look.
 */

export type LevelEntities = RouteResponse<typeof listEntities>;

export const ENTITIES_TTL_MS = 30_000;

const MAX_CACHE_ENTRIES = 500;

const LEVEL_PLURAL: Record<Level, string> = {
  campaign: 'campaigns',
  adgroup: 'ad groups',
  ad: 'ads',
};

interface FetchedEntities {
  entities: EntityView[];
  fetchedAt: Date;
}

export function campaignView(campaign: Campaign): EntityView {
  return {
    id: campaign.campaign_id,
    name: campaign.campaign_name,
    operationStatus: campaign.operation_status,
    secondaryStatus: campaign.secondary_status ?? null,
    budgetMode: campaign.budget_mode,
    budget: campaign.budget,
    parentId: null,
  };
}

/**
 * Under campaign budget optimization TikTok gives the ad group no budget of its own: it
 * reports an unlimited mode with 0, which is shown as "no budget here", not as a budget of 0.
 */
export function adGroupView(adGroup: AdGroup): EntityView {
  const budgetIsCampaigns = adGroup.budget_mode === 'BUDGET_MODE_INFINITE' && adGroup.budget === 0;
  return {
    id: adGroup.adgroup_id,
    name: adGroup.adgroup_name,
    operationStatus: adGroup.operation_status,
    secondaryStatus: adGroup.secondary_status ?? null,
    budgetMode: adGroup.budget_mode,
    budget: budgetIsCampaigns ? null : adGroup.budget,
    parentId: adGroup.campaign_id,
  };
}

export function adView(ad: Ad): EntityView {
  return {
    id: ad.ad_id,
    name: ad.ad_name,
    operationStatus: ad.operation_status,
    secondaryStatus: ad.secondary_status ?? null,
    budgetMode: null,
    budget: null,
    parentId: ad.adgroup_id,
  };
}

export interface EntitiesServiceDeps {
  connections: ConnectionService;
  marketingApi: MarketingApiClient;
  now: () => Date;
}

export class EntitiesService {
  readonly #deps: EntitiesServiceDeps;
  readonly #lists: SingleFlightCache<FetchedEntities>;

  constructor(deps: EntitiesServiceDeps) {
    this.#deps = deps;
    this.#lists = new SingleFlightCache({
      maxEntries: MAX_CACHE_ENTRIES,
      now: () => deps.now().getTime(),
    });
  }

  async listEntities(advertiserId: string, level: Level): Promise<LevelEntities> {
    const account = this.#deps.connections.adAccount(advertiserId);
    const load = () => this.#fetch(advertiserId, level);
    // A broken authorization is reported at once instead of being hidden behind a cached list.
    const fetched =
      account.health === 'ok'
        ? await this.#lists.get(`${advertiserId}|${level}`, ENTITIES_TTL_MS, load)
        : await load();
    return {
      advertiserId,
      level,
      currency: account.currency,
      fetchedAt: fetched.fetchedAt.toISOString(),
      entities: fetched.entities,
    };
  }

  /**
   * Every entity of the level, deleted ones included, kept like the lists. For Bayme's orders:
   * an account's are those of its campaigns, and an entity deleted today still has the orders
   * its clicks brought within the click window (the reports and exports count them).
   */
  async withDeleted(advertiserId: string, level: Level): Promise<EntityView[]> {
    const account = this.#deps.connections.adAccount(advertiserId);
    const load = () => this.#fetch(advertiserId, level, { includeDeleted: true });
    const fetched =
      account.health === 'ok'
        ? await this.#lists.get(`${advertiserId}|${level}|with deleted`, ENTITIES_TTL_MS, load)
        : await load();
    return fetched.entities;
  }

  /** Every campaign id of the account, deleted ones included (see withDeleted). */
  async allCampaignIds(advertiserId: string): Promise<string[]> {
    return (await this.withDeleted(advertiserId, 'campaign')).map((campaign) => campaign.id);
  }

  async #fetch(
    advertiserId: string,
    level: Level,
    options: { includeDeleted?: boolean } = {},
  ): Promise<FetchedEntities> {
    const { connections, marketingApi } = this.#deps;
    try {
      const entities = await connections.withAdvertiserToken(
        advertiserId,
        async (accessToken): Promise<EntityView[]> => {
          switch (level) {
            case 'campaign':
              return (
                await marketingApi.campaigns.list(accessToken, {
                  advertiserId,
                  includeDeleted: options.includeDeleted === true,
                })
              ).map(campaignView);
            case 'adgroup':
              return (
                await marketingApi.adGroups.list(accessToken, {
                  advertiserId,
                  includeDeleted: options.includeDeleted === true,
                })
              ).map(adGroupView);
            case 'ad':
              return (
                await marketingApi.ads.list(accessToken, {
                  advertiserId,
                  includeDeleted: options.includeDeleted === true,
                })
              ).map(adView);
          }
        },
      );
      return { entities, fetchedAt: this.#deps.now() };
    } catch (error) {
      throw explainTikTokFailure(error, advertiserId, `the list of ${LEVEL_PLURAL[level]}`);
    }
  }
}
