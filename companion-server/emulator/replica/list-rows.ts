import { compareIdsDescending } from '../core/ids';
import { runIntegratedReport } from '../metrics/integrated-report';
import { emptyRowTotals, formatMetrics } from '../metrics/report-metrics';
import type { EmulatorRuntime } from '../runtime';
import {
  type Ad,
  type AdGroup,
  type Advertiser,
  budgetAt,
  type Campaign,
  isDeletedAt,
  operationStatusAt,
} from '../state/model';
import type {
  AdGroupRow,
  AdRow,
  CampaignRow,
  Level,
  ListRow,
  RowStat,
  UnmappableRow,
} from './contract';

/**
 * The rows of an Ads Manager list: each entity of the level that is not deleted, newest id
 * first (as the Marketing API's `get` endpoints order them), with its figures for the range
 * taken from the emulator's own report, so the page and `report/integrated/get` always agree.
 */

const STAT_METRICS = ['spend', 'impressions', 'clicks', 'conversion'] as const;

export interface ListQuery {
  advertiser: Advertiser;
  level: Level;
  /** Inclusive dates in the account's time zone. */
  st: string;
  et: string;
  /** Narrow ad groups and ads to a campaign, or ads to an ad group (drilling down by name). */
  campaignId?: string | undefined;
  adGroupId?: string | undefined;
}

export function listRows(runtime: EmulatorRuntime, query: ListQuery): ListRow[] {
  const now = runtime.clock.now();
  const stats = statsById(runtime, query, now);
  const statOf = (id: string): RowStat => stats.get(id) ?? ZERO_STAT;
  const { state } = runtime;
  const live = (entity: Campaign | AdGroup | Ad) => !isDeletedAt(entity, now);

  const campaigns = state
    .campaignsOf(query.advertiser.advertiser_id)
    .filter((campaign) => !query.campaignId || campaign.campaign_id === query.campaignId);
  if (query.level === 'campaign') {
    return campaigns
      .filter(live)
      .sort((a, b) => compareIdsDescending(a.campaign_id, b.campaign_id))
      .map(
        (campaign): CampaignRow => ({
          campaign_id: campaign.campaign_id,
          campaign_name: campaign.campaign_name,
          ...common(campaign, now, statOf(campaign.campaign_id)),
        }),
      );
  }

  const adGroups = campaigns
    .flatMap((campaign) => state.adGroupsOf(campaign.campaign_id))
    .filter((adGroup) => !query.adGroupId || adGroup.adgroup_id === query.adGroupId);
  const campaignName = (id: string) => state.campaigns.get(id)?.campaign_name ?? '';
  if (query.level === 'adgroup') {
    return adGroups
      .filter(live)
      .sort((a, b) => compareIdsDescending(a.adgroup_id, b.adgroup_id))
      .map(
        (adGroup): AdGroupRow => ({
          adgroup_id: adGroup.adgroup_id,
          adgroup_name: adGroup.adgroup_name,
          campaign_id: adGroup.campaign_id,
          campaign_name: campaignName(adGroup.campaign_id),
          ...common(adGroup, now, statOf(adGroup.adgroup_id)),
        }),
      );
  }

  return adGroups
    .flatMap((adGroup) => state.adsOf(adGroup.adgroup_id))
    .filter(live)
    .sort((a, b) => compareIdsDescending(a.ad_id, b.ad_id))
    .map(
      (ad): AdRow => ({
        ad_id: ad.ad_id,
        ad_name: ad.ad_name,
        adgroup_id: ad.adgroup_id,
        adgroup_name: state.adGroups.get(ad.adgroup_id)?.adgroup_name ?? '',
        campaign_id: ad.campaign_id,
        campaign_name: campaignName(ad.campaign_id),
        status: operationStatusAt(ad, now),
        budget: null,
        budget_mode: null,
        stat: statOf(ad.ad_id),
      }),
    );
}

/** The unmappable variant's rows: the same data with the id and name renamed, parents dropped. */
export function toUnmappable(row: ListRow): UnmappableRow {
  const { status, budget, budget_mode, stat } = row;
  const [entity_ref, title] =
    'ad_id' in row
      ? [row.ad_id, row.ad_name]
      : 'adgroup_id' in row
        ? [row.adgroup_id, row.adgroup_name]
        : [row.campaign_id, row.campaign_name];
  return { entity_ref, title, status, budget, budget_mode, stat };
}

const ZERO_STAT: RowStat = (() => {
  const formatted = formatMetrics(emptyRowTotals(), STAT_METRICS, {
    reportsPurchaseValue: false,
    reachKey: '',
    attributes: {},
  });
  return {
    spend: formatted.spend ?? '0.000',
    impressions: formatted.impressions ?? '0',
    clicks: formatted.clicks ?? '0',
    conversion: formatted.conversion ?? '0',
  };
})();

function common(entity: Campaign | AdGroup, now: number, stat: RowStat) {
  // An unlimited budget is no budget: Ads Manager shows "-" for it, as for ad groups under CBO.
  const unlimited = entity.budget_mode === 'BUDGET_MODE_INFINITE';
  return {
    status: operationStatusAt(entity, now),
    budget: unlimited ? null : budgetAt(entity, now),
    budget_mode: unlimited ? null : entity.budget_mode,
    stat,
  };
}

/** The report's rows by entity id; entities without delivery have no row (the report drops them). */
function statsById(runtime: EmulatorRuntime, query: ListQuery, now: number): Map<string, RowStat> {
  const idDimension = `${query.level}_id` as const;
  const result = runIntegratedReport(
    {
      advertiser: query.advertiser,
      level: query.level,
      idDimension,
      timeDimension: null,
      metrics: [...STAT_METRICS],
      startDate: query.st,
      endDate: query.et,
      idFilters: {
        ...(query.campaignId ? { campaign_ids: [query.campaignId] } : {}),
        ...(query.adGroupId ? { adgroup_ids: [query.adGroupId] } : {}),
      },
      statusScope: 'STATUS_NOT_DELETE',
      orderField: null,
      orderType: 'DESC',
      enableTotalMetrics: false,
    },
    runtime.state,
    runtime.simulator,
    now,
  );
  const stats = new Map<string, RowStat>();
  for (const row of result.rows) {
    const id = row.dimensions[idDimension];
    if (id === undefined) continue;
    stats.set(id, {
      spend: row.metrics.spend ?? ZERO_STAT.spend,
      impressions: row.metrics.impressions ?? ZERO_STAT.impressions,
      clicks: row.metrics.clicks ?? ZERO_STAT.clicks,
      conversion: row.metrics.conversion ?? ZERO_STAT.conversion,
    });
  }
  return stats;
}
