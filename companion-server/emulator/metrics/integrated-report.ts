import {
  addDays,
  compareDates,
  type IsoDate,
  zonedDate,
  zonedDateTime,
} from '../../src/lib/time-zone';
import { compareIdsDescending } from '../core/ids';
import type { Ad, AdGroup, Advertiser, Campaign } from '../state/model';
import { isDeletedAt } from '../state/model';
import type { EmulatorState } from '../state/store';
import type { DeliverySimulator, DeliveryTotals } from './delivery-simulator';
import {
  emptyRowTotals,
  formatMetrics,
  type ReportLevel,
  type RowContext,
  type RowTotals,
  sortableMetric,
} from './report-metrics';

/**
 * Evaluates a BASIC synchronous report over the simulated delivery. Parameters arrive
 * validated (see api/report-routes.ts); this module only computes rows.
 */

/** Sync reports cover at most this many ads (the newest by create time). */
export const SYNC_REPORT_AD_LIMIT = 20_000;

export type StatusScope = 'STATUS_NOT_DELETE' | 'STATUS_DELETE' | 'STATUS_ALL';

export interface ReportQuery {
  advertiser: Advertiser;
  level: ReportLevel;
  idDimension: 'advertiser_id' | 'campaign_id' | 'adgroup_id' | 'ad_id' | null;
  timeDimension: 'stat_time_day' | 'stat_time_hour' | null;
  metrics: string[];
  /** Inclusive dates in the account's time zone; for lifetime queries, account creation to today. */
  startDate: IsoDate;
  endDate: IsoDate;
  idFilters: { campaign_ids?: string[]; adgroup_ids?: string[]; ad_ids?: string[] };
  statusScope: StatusScope;
  orderField: string | null;
  orderType: 'ASC' | 'DESC';
  enableTotalMetrics: boolean;
}

export interface ReportRow {
  dimensions: Record<string, string>;
  metrics: Record<string, string>;
}

export interface ReportResult {
  rows: ReportRow[];
  totalMetrics: Record<string, string> | null;
  /** True when more than the sync limit of ads matched and the oldest were left out. */
  truncated: boolean;
}

interface Accumulator {
  entityId: string;
  timeKey: string;
  totals: RowTotals;
}

export function runIntegratedReport(
  query: ReportQuery,
  state: EmulatorState,
  simulator: DeliverySimulator,
  now: number,
  /** Ads a report may cover: TikTok's sync limit; async report tasks have none. */
  adLimit: number = SYNC_REPORT_AD_LIMIT,
): ReportResult {
  const { advertiser } = query;
  const selection = selectAds(query, state, now, adLimit);
  const campaigns = new Map<string, Campaign>();
  for (const ad of selection.ads) {
    const campaign = state.campaigns.get(ad.campaign_id);
    if (campaign) campaigns.set(campaign.campaign_id, campaign);
  }
  const selectedAdIds = new Set(selection.ads.map((ad) => ad.ad_id));

  const accumulators = new Map<string, Accumulator>();
  const grand = emptyRowTotals();
  for (const campaign of campaigns.values()) {
    const firstDate = maxDate(
      query.startDate,
      zonedDate(campaign.create_time, advertiser.timezone),
    );
    const lastDate =
      campaign.deletedAt === null
        ? query.endDate
        : minDate(query.endDate, zonedDate(campaign.deletedAt, advertiser.timezone));
    for (let date = firstDate; compareDates(date, lastDate) <= 0; date = addDays(date, 1)) {
      const hourly = query.timeDimension === 'stat_time_hour';
      const day = simulator.campaignDay(campaign, date, { hourly });
      for (const [adId, dayTotals] of day.ads) {
        if (!selectedAdIds.has(adId)) continue;
        const ad = state.ads.get(adId);
        if (!ad) continue;
        const adGroup = state.adGroups.get(ad.adgroup_id);
        const entityId = entityIdAt(query.level, ad, advertiser);
        const slices: Array<{ timeKey: string; totals: DeliveryTotals }> = hourly
          ? (day.hourly?.get(adId) ?? []).map((totals, h) => ({
              timeKey: zonedDateTime(day.hourStarts[h] ?? 0, advertiser.timezone).slice(0, 13),
              totals,
            }))
          : [{ timeKey: date, totals: dayTotals }];
        for (const slice of slices) {
          const timeKey = query.timeDimension ? slice.timeKey : '';
          const key = `${query.idDimension ? entityId : ''}|${timeKey}`;
          let accumulator = accumulators.get(key);
          if (!accumulator) {
            accumulator = { entityId, timeKey, totals: emptyRowTotals() };
            accumulators.set(key, accumulator);
          }
          const results = resultCount(adGroup, slice.totals);
          addRow(accumulator.totals, slice.totals, results);
          addRow(grand, slice.totals, results);
        }
      }
    }
  }

  const rows: ReportRow[] = [];
  for (const accumulator of accumulators.values()) {
    if (accumulator.totals.spendHundredths === 0 && accumulator.totals.impressions === 0) continue;
    const dimensions: Record<string, string> = {};
    if (query.idDimension) dimensions[query.idDimension] = accumulator.entityId;
    if (query.timeDimension === 'stat_time_day') {
      dimensions.stat_time_day = `${accumulator.timeKey} 00:00:00`;
    } else if (query.timeDimension === 'stat_time_hour') {
      dimensions.stat_time_hour = `${accumulator.timeKey}:00:00`;
    }
    const context = rowContext(query, state, accumulator);
    rows.push({ dimensions, metrics: formatMetrics(accumulator.totals, query.metrics, context) });
  }

  sortRows(rows, query);
  const totalMetrics = query.enableTotalMetrics
    ? formatMetrics(
        grand,
        query.metrics.filter((metric) => !metric.endsWith('_name') && !metric.endsWith('_id')),
        {
          reportsPurchaseValue: advertiser.reportsPurchaseValue,
          reachKey: `${advertiser.advertiser_id}|total|${query.startDate}|${query.endDate}`,
          attributes: {},
        },
      )
    : null;
  return { rows, totalMetrics, truncated: selection.truncated };
}

function selectAds(
  query: ReportQuery,
  state: EmulatorState,
  now: number,
  adLimit: number,
): { ads: Ad[]; truncated: boolean } {
  const { campaign_ids, adgroup_ids, ad_ids } = query.idFilters;
  const campaignFilter = campaign_ids ? new Set(campaign_ids) : null;
  const adGroupFilter = adgroup_ids ? new Set(adgroup_ids) : null;
  const adFilter = ad_ids ? new Set(ad_ids) : null;

  const inScope = (entity: Campaign | AdGroup | Ad): boolean => {
    const deleted = isDeletedAt(entity, now);
    if (query.statusScope === 'STATUS_ALL') return true;
    return query.statusScope === 'STATUS_DELETE' ? deleted : !deleted;
  };

  const ads: Ad[] = [];
  for (const campaign of state.campaignsOf(query.advertiser.advertiser_id)) {
    if (campaignFilter && !campaignFilter.has(campaign.campaign_id)) continue;
    if (query.level === 'campaign' && !inScope(campaign)) continue;
    for (const adGroup of state.adGroupsOf(campaign.campaign_id)) {
      if (adGroupFilter && !adGroupFilter.has(adGroup.adgroup_id)) continue;
      if (query.level === 'adgroup' && !inScope(adGroup)) continue;
      for (const ad of state.adsOf(adGroup.adgroup_id)) {
        if (adFilter && !adFilter.has(ad.ad_id)) continue;
        if (query.level === 'ad' && !inScope(ad)) continue;
        ads.push(ad);
      }
    }
  }
  // TikTok documents the limit for the report as a whole, so it applies at every data level.
  if (ads.length <= adLimit) return { ads, truncated: false };
  const newest = [...ads].sort((a, b) => b.create_time - a.create_time).slice(0, adLimit);
  return { ads: newest, truncated: true };
}

function entityIdAt(level: ReportLevel, ad: Ad, advertiser: Advertiser): string {
  switch (level) {
    case 'ad':
      return ad.ad_id;
    case 'adgroup':
      return ad.adgroup_id;
    case 'campaign':
      return ad.campaign_id;
    default:
      return advertiser.advertiser_id;
  }
}

function resultCount(adGroup: AdGroup | undefined, totals: DeliveryTotals): number {
  switch (adGroup?.optimization_goal) {
    case 'CLICK':
      return totals.clicks;
    case 'VIDEO_VIEW':
      return totals.videoViews;
    case 'REACH':
    case 'SHOW':
      return totals.impressions;
    default:
      return totals.conversions;
  }
}

function addRow(target: RowTotals, source: DeliveryTotals, results: number): void {
  target.spendHundredths += source.spendHundredths;
  target.impressions += source.impressions;
  target.clicks += source.clicks;
  target.conversions += source.conversions;
  target.purchaseValueHundredths += source.purchaseValueHundredths;
  target.videoViews += source.videoViews;
  target.results += results;
}

function rowContext(query: ReportQuery, state: EmulatorState, row: Accumulator): RowContext {
  const attributes: RowContext['attributes'] = {};
  const id = query.idDimension ? row.entityId : null;
  if (id && query.level === 'ad') {
    const ad = state.ads.get(id);
    if (ad) {
      attributes.ad_name = ad.ad_name;
      attributes.ad_text = ad.ad_text;
      attributes.adgroup_id = ad.adgroup_id;
      attributes.adgroup_name = state.adGroups.get(ad.adgroup_id)?.adgroup_name;
      attributes.campaign_id = ad.campaign_id;
      attributes.campaign_name = state.campaigns.get(ad.campaign_id)?.campaign_name;
    }
  } else if (id && query.level === 'adgroup') {
    const adGroup = state.adGroups.get(id);
    if (adGroup) {
      attributes.adgroup_name = adGroup.adgroup_name;
      attributes.campaign_id = adGroup.campaign_id;
      attributes.campaign_name = state.campaigns.get(adGroup.campaign_id)?.campaign_name;
    }
  } else if (id && query.level === 'campaign') {
    attributes.campaign_name = state.campaigns.get(id)?.campaign_name;
  }
  return {
    reportsPurchaseValue: query.advertiser.reportsPurchaseValue,
    reachKey: `${row.entityId}|${row.timeKey}|${query.startDate}|${query.endDate}`,
    attributes,
  };
}

function sortRows(rows: ReportRow[], query: ReportQuery): void {
  const idKey = query.idDimension;
  const timeKey = query.timeDimension;
  rows.sort((a, b) => {
    if (query.orderField) {
      const diff =
        sortableMetric(a.metrics[query.orderField]) - sortableMetric(b.metrics[query.orderField]);
      if (diff !== 0) return query.orderType === 'ASC' ? diff : -diff;
    }
    if (timeKey) {
      const at = a.dimensions[timeKey] ?? '';
      const bt = b.dimensions[timeKey] ?? '';
      if (at !== bt) return at < bt ? -1 : 1;
    }
    if (idKey) return compareIdsDescending(a.dimensions[idKey] ?? '', b.dimensions[idKey] ?? '');
    return 0;
  });
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}
