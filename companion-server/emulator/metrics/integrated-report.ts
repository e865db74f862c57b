import {
  addDays,
  compareDates,
  type IsoDate,
  inclusiveDayCount,
  zonedDate,
  zonedDateTime,
} from '../../src/lib/time-zone';
import { compareIdsDescending } from '../core/ids';
import type { Ad, AdGroup, Advertiser, Campaign } from '../state/model';
import { isDeletedAt } from '../state/model';
import type { EmulatorState } from '../state/store';
import {
  type AdProfile,
  adProfile,
  C,
  COUNTERS,
  type Counter,
  type Counts,
  dayRates,
  deriveCounts,
  deriveHourlyCounts,
  type EventSelection,
  emptyCounts,
  eventsFor,
} from './delivery-counts';
import type { DeliverySimulator } from './delivery-simulator';
import type { MetricDefinition, ReportLevel, RowEntities } from './metric-catalog';
import {
  countersFor,
  formatMetric,
  METRICS_BY_NAME,
  type MetricValue,
  type RowCounts,
  type RowFormat,
  rowCounts,
  sortableMetric,
} from './report-metrics';

/**
 * Evaluates a BASIC synchronous report over the simulated delivery. Parameters arrive
 * validated (api/report-query.ts); this module computes the rows once — their counts, kept
 * compact, in their final order — and writes any page of them on demand, so that a report
 * paged 1,000 rows at a time is computed once (api/report-cache.ts keeps it), not per page.
 */

/** Sync reports cover at most this many ads (the newest by create time). */
export const SYNC_REPORT_AD_LIMIT = 20_000;

export type StatusScope = 'STATUS_NOT_DELETE' | 'STATUS_DELETE' | 'STATUS_ALL';

export interface ReportQuery {
  advertiser: Advertiser;
  /**
   * The accounts of a multi-advertiser report (advertiser_ids): rows then carry currency,
   * timezone and advertiser_id. Absent for a report on `advertiser` alone.
   */
  advertisers?: Advertiser[];
  /** Multi-advertiser reports only: UTC days and hours instead of each account's own. */
  utcTime?: boolean;
  level: ReportLevel;
  idDimension: 'advertiser_id' | 'campaign_id' | 'adgroup_id' | 'ad_id' | null;
  timeDimension: 'stat_time_day' | 'stat_time_hour' | null;
  metrics: string[];
  /** Inclusive dates in the account's time zone; lifetime queries: `lifetime` below. */
  startDate: IsoDate;
  endDate: IsoDate;
  /** From each account's creation to today (query_lifetime); the dates above are ignored. */
  lifetime?: boolean;
  idFilters: { campaign_ids?: string[]; adgroup_ids?: string[]; ad_ids?: string[] };
  statusScope: StatusScope;
  orderField: string | null;
  orderType: 'ASC' | 'DESC';
  enableTotalMetrics: boolean;
}

export interface ReportRow {
  dimensions: Record<string, string>;
  metrics: Record<string, MetricValue>;
}

/** One row's place in a computed report. */
interface RowSlot {
  entityId: string;
  timeKey: string;
  /** The account of the row (the first one for rows that mix accounts). */
  advertiser: Advertiser;
  /** Offset of the row's counters in `values`. */
  offset: number;
}

/** A report's rows, computed and ordered, ready to be written a page at a time. */
export interface ComputedReport {
  query: ReportQuery;
  rowCount: number;
  /** True when more than the sync limit of ads matched and the oldest were left out. */
  truncated: boolean;
  /** Writes rows [from, to) in report order. */
  rows(from: number, to: number): ReportRow[];
  /** The totals over every row, as TikTok's total_metrics; null unless asked for and allowed. */
  totalMetrics: Record<string, MetricValue> | null;
}

export interface ReportResult {
  rows: ReportRow[];
  totalMetrics: Record<string, MetricValue> | null;
  truncated: boolean;
}

/** Every row at once (report tasks, the Ads Manager replica). */
export function runIntegratedReport(
  query: ReportQuery,
  state: EmulatorState,
  simulator: DeliverySimulator,
  now: number,
  /** Ads a report may cover: TikTok's sync limit; async report tasks have none. */
  adLimit: number = SYNC_REPORT_AD_LIMIT,
): ReportResult {
  const report = computeReport(query, state, simulator, now, adLimit);
  return {
    rows: report.rows(0, report.rowCount),
    totalMetrics: report.totalMetrics,
    truncated: report.truncated,
  };
}

interface SelectedAd {
  ad: Ad;
  adGroup: AdGroup;
  campaign: Campaign;
  advertiser: Advertiser;
  profile: AdProfile;
  entityId: string;
}

export function computeReport(
  query: ReportQuery,
  state: EmulatorState,
  simulator: DeliverySimulator,
  now: number,
  adLimit: number = SYNC_REPORT_AD_LIMIT,
): ComputedReport {
  const advertisers = query.advertisers ?? [query.advertiser];
  const multiAdvertiser = query.advertisers !== undefined;
  const definitions = query.metrics
    .map((name) => METRICS_BY_NAME.get(name))
    .filter((metric): metric is MetricDefinition => metric !== undefined);
  const orderMetric = query.orderField ? (METRICS_BY_NAME.get(query.orderField) ?? null) : null;
  // Rows keep only the counters their metrics read: a few numbers each, in one array.
  const counters = countersFor(orderMetric ? [...definitions, orderMetric] : definitions);
  const width = counters.length;
  const counterIndex = Int16Array.from(counters, (counter) => C[counter]);
  const slotOf = new Int16Array(COUNTERS.length).fill(-1);
  counters.forEach((counter, slot) => {
    slotOf[C[counter]] = slot;
  });
  const slotFor = (counter: Counter): number => {
    const slot = slotOf[C[counter]] ?? -1;
    if (slot < 0) throw new Error(`The report did not keep the counter ${counter}.`);
    return slot;
  };

  const selection = selectAds(query, advertisers, state, now, adLimit);
  const { slots, values, total } = accumulate(query, advertisers, selection.ads, simulator, {
    now,
    width,
    counterIndex,
    events: eventsFor(counters),
  });
  const hourly = query.timeDimension === 'stat_time_hour';

  const rangeDays = query.lifetime
    ? Math.max(
        1,
        ...advertisers.map((a) =>
          inclusiveDayCount(zonedDate(a.create_time, a.timezone), zonedDate(now, a.timezone)),
        ),
      )
    : inclusiveDayCount(query.startDate, query.endDate);
  const rowDays = query.timeDimension ? 1 : rangeDays;
  const counterAt = (offset: number) => (counter: Counter) =>
    values[offset + slotFor(counter)] ?? 0;
  const countsOf = (slot: RowSlot): RowCounts =>
    rowCounts(
      counterAt(slot.offset),
      `${slot.entityId}|${slot.timeKey}|${query.startDate}|${query.endDate}`,
      rowDays,
    );
  /**
   * A row of one account, or (`null`) one that mixes the accounts of a multi-advertiser
   * report: TikTok writes "-" for the money of such rows. Totals mix them too; the emulator
   * adds their money up only when the accounts share a currency.
   */
  const currencies = new Set(advertisers.map((a) => a.currency));
  const rowFormat = (advertiser: Advertiser | null, costs = advertiser !== null): RowFormat => ({
    hourly,
    reportsPurchaseValue: advertiser
      ? advertiser.reportsPurchaseValue
      : advertisers.some((a) => a.reportsPurchaseValue),
    multiAdvertiser: multiAdvertiser ? { costs } : null,
  });
  const rowAccount = (slot: RowSlot): Advertiser | null =>
    multiAdvertiser && !query.idDimension ? null : slot.advertiser;
  const formats = new Map<Advertiser | null, RowFormat>();
  const formatOf = (slot: RowSlot): RowFormat => {
    const account = rowAccount(slot);
    let format = formats.get(account);
    if (!format) {
      format = rowFormat(account);
      formats.set(account, format);
    }
    return format;
  };

  // A row without delivery is no row (TikTok leaves out objects that spent and showed nothing).
  const kept = slots.filter((slot) => {
    const counts = counterAt(slot.offset);
    return counts('spend') !== 0 || counts('impressions') !== 0;
  });
  sortSlots(kept, query, orderMetric, countsOf, formatOf);

  const entitiesOf = (slot: RowSlot): RowEntities | null =>
    query.idDimension ? rowEntities(state, query.level, slot.entityId, slot.advertiser, now) : null;
  const writeRow = (slot: RowSlot): ReportRow => {
    const dimensions: Record<string, string> = {};
    if (query.idDimension) dimensions[query.idDimension] = slot.entityId;
    if (query.timeDimension === 'stat_time_day') {
      dimensions.stat_time_day = `${slot.timeKey} 00:00:00`;
    } else if (query.timeDimension === 'stat_time_hour') {
      dimensions.stat_time_hour = `${slot.timeKey}:00:00`;
    }
    const format = formatOf(slot);
    const counts = countsOf(slot);
    const entities = entitiesOf(slot);
    const metrics: Record<string, MetricValue> = {};
    for (const metric of definitions) {
      metrics[metric.name] = formatMetric(metric, counts, format, entities);
    }
    if (multiAdvertiser) Object.assign(metrics, accountMetrics(query, slot.advertiser));
    return { dimensions, metrics };
  };

  return {
    query,
    rowCount: kept.length,
    truncated: selection.truncated,
    rows: (from, to) => kept.slice(from, to).map(writeRow),
    totalMetrics: totalsAllowed(query)
      ? totalMetrics(
          query,
          definitions,
          (counter) => total[slotFor(counter)] ?? 0,
          rangeDays,
          multiAdvertiser ? rowFormat(null, currencies.size === 1) : rowFormat(query.advertiser),
        )
      : null,
  };
}

/** Rows' counters (kept ones only, `width` per row) and their totals, in order of first sight. */
function accumulate(
  query: ReportQuery,
  advertisers: readonly Advertiser[],
  ads: readonly SelectedAd[],
  simulator: DeliverySimulator,
  {
    now,
    width,
    counterIndex,
    events,
  }: { now: number; width: number; counterIndex: Int16Array; events: EventSelection },
): { slots: RowSlot[]; values: Float64Array; total: Float64Array } {
  const byAd = new Map(ads.map((selected) => [selected.ad.ad_id, selected]));
  const hourly = query.timeDimension === 'stat_time_hour';
  const utc = query.advertisers !== undefined && query.utcTime === true;
  const rowIndex = new Map<string, number>();
  const slots: RowSlot[] = [];
  let values = new Float64Array(Math.max(64, width * 256));
  const total = new Float64Array(width);

  const add = (selected: SelectedAd, timeKey: string, counts: Counts) => {
    const entityId = query.idDimension ? selected.entityId : '';
    const key = `${entityId}|${query.timeDimension ? timeKey : ''}`;
    let index = rowIndex.get(key);
    if (index === undefined) {
      index = slots.length;
      rowIndex.set(key, index);
      const offset = index * width;
      if (offset + width > values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      slots.push({
        entityId,
        timeKey: query.timeDimension ? timeKey : '',
        advertiser: selected.advertiser,
        offset,
      });
    }
    const offset = (slots[index] as RowSlot).offset;
    for (let slot = 0; slot < width; slot += 1) {
      const value = counts[counterIndex[slot] ?? 0] ?? 0;
      values[offset + slot] = (values[offset + slot] ?? 0) + value;
      total[slot] = (total[slot] ?? 0) + value;
    }
  };

  const scratch = emptyCounts();
  for (const advertiser of advertisers) {
    const zone = utc ? 'UTC' : advertiser.timezone;
    const [firstDate, lastDate] = query.lifetime
      ? [zonedDate(advertiser.create_time, zone), zonedDate(now, zone)]
      : [query.startDate, query.endDate];
    // In UTC, a UTC day overlaps two of the account's days: simulate both, keep its hours.
    const from = utc
      ? zonedDate(Date.parse(`${firstDate}T00:00:00Z`), advertiser.timezone)
      : firstDate;
    const to = utc
      ? zonedDate(Date.parse(`${lastDate}T00:00:00Z`) + 86_399_999, advertiser.timezone)
      : lastDate;
    const bucketed = hourly || utc;
    for (const campaign of campaignsWithSelectedAds(ads, advertiser)) {
      const first = maxDate(from, zonedDate(campaign.create_time, advertiser.timezone));
      const last =
        campaign.deletedAt === null
          ? to
          : minDate(to, zonedDate(campaign.deletedAt, advertiser.timezone));
      for (let date = first; compareDates(date, last) <= 0; date = addDays(date, 1)) {
        const day = simulator.campaignDay(campaign, date, { hourly: bucketed });
        for (const [adId, dayTotals] of day.ads) {
          const selected = byAd.get(adId);
          if (!selected) continue;
          const rates = dayRates(selected.profile, date);
          if (!bucketed) {
            add(selected, date, deriveCounts(dayTotals, selected.profile, rates, scratch, events));
            continue;
          }
          const perHour = deriveHourlyCounts(
            day.hourly?.get(adId) ?? [],
            selected.profile,
            rates,
            events,
          );
          perHour.forEach((counts, h) => {
            const stamp = zonedDateTime(day.hourStarts[h] ?? 0, zone);
            const hourDate = stamp.slice(0, 10);
            if (utc && (hourDate < firstDate || hourDate > lastDate)) return;
            add(selected, hourly ? stamp.slice(0, 13) : hourDate, counts);
          });
        }
      }
    }
  }
  return { slots, values, total };
}

/** TikTok totals reports whose dimensions are one ID dimension, with or without the day. */
function totalsAllowed(query: ReportQuery): boolean {
  return (
    query.enableTotalMetrics &&
    query.idDimension !== null &&
    query.timeDimension !== 'stat_time_hour'
  );
}

/** Totals over every row; attributes have no total ("-"), nor have the accounts' own fields. */
function totalMetrics(
  query: ReportQuery,
  definitions: readonly MetricDefinition[],
  counter: (counter: Counter) => number,
  rangeDays: number,
  format: RowFormat,
): Record<string, MetricValue> {
  const accounts = (query.advertisers ?? [query.advertiser]).map((a) => a.advertiser_id);
  const counts = rowCounts(
    counter,
    `${accounts.join(',')}|total|${query.startDate}|${query.endDate}`,
    rangeDays,
  );
  const metrics: Record<string, MetricValue> = {};
  for (const metric of definitions) {
    metrics[metric.name] = formatMetric(metric, counts, format, null);
  }
  if (format.multiAdvertiser) {
    Object.assign(metrics, { currency: '-', timezone: '-', advertiser_id: '-' });
  }
  return metrics;
}

/**
 * What every row of a multi-advertiser report carries. Rows without an ID dimension mix the
 * accounts; TikTok writes "0" for these then.
 */
function accountMetrics(query: ReportQuery, advertiser: Advertiser): Record<string, string> {
  if (!query.idDimension) return { currency: '0', timezone: '0', advertiser_id: '0' };
  return {
    currency: advertiser.currency,
    timezone: advertiser.timezone,
    advertiser_id: advertiser.advertiser_id,
  };
}

function campaignsWithSelectedAds(ads: readonly SelectedAd[], advertiser: Advertiser): Campaign[] {
  const campaigns = new Map<string, Campaign>();
  for (const { campaign } of ads) {
    if (campaign.advertiser_id === advertiser.advertiser_id) {
      campaigns.set(campaign.campaign_id, campaign);
    }
  }
  return [...campaigns.values()];
}

function selectAds(
  query: ReportQuery,
  advertisers: readonly Advertiser[],
  state: EmulatorState,
  now: number,
  adLimit: number,
): { ads: SelectedAd[]; truncated: boolean } {
  const { campaign_ids, adgroup_ids, ad_ids } = query.idFilters;
  const campaignFilter = campaign_ids ? new Set(campaign_ids) : null;
  const adGroupFilter = adgroup_ids ? new Set(adgroup_ids) : null;
  const adFilter = ad_ids ? new Set(ad_ids) : null;

  const inScope = (entity: Campaign | AdGroup | Ad): boolean => {
    const deleted = isDeletedAt(entity, now);
    if (query.statusScope === 'STATUS_ALL') return true;
    return query.statusScope === 'STATUS_DELETE' ? deleted : !deleted;
  };

  const ads: SelectedAd[] = [];
  for (const advertiser of advertisers) {
    for (const campaign of state.campaignsOf(advertiser.advertiser_id)) {
      if (campaignFilter && !campaignFilter.has(campaign.campaign_id)) continue;
      if (query.level === 'campaign' && !inScope(campaign)) continue;
      for (const adGroup of state.adGroupsOf(campaign.campaign_id)) {
        if (adGroupFilter && !adGroupFilter.has(adGroup.adgroup_id)) continue;
        if (query.level === 'adgroup' && !inScope(adGroup)) continue;
        for (const ad of state.adsOf(adGroup.adgroup_id)) {
          if (adFilter && !adFilter.has(ad.ad_id)) continue;
          if (query.level === 'ad' && !inScope(ad)) continue;
          ads.push({
            ad,
            adGroup,
            campaign,
            advertiser,
            profile: adProfile(advertiser, campaign, adGroup, ad),
            entityId: entityIdAt(query.level, ad, advertiser),
          });
        }
      }
    }
  }
  // TikTok documents the limit for the report as a whole, so it applies at every data level
  // and across the accounts of a multi-advertiser report.
  if (ads.length <= adLimit) return { ads, truncated: false };
  const newest = [...ads].sort((a, b) => b.ad.create_time - a.ad.create_time).slice(0, adLimit);
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

/** The objects a row with an ID dimension stands for, for its attribute metrics. */
function rowEntities(
  state: EmulatorState,
  level: ReportLevel,
  entityId: string,
  advertiser: Advertiser,
  now: number,
): RowEntities {
  if (level === 'ad') {
    const ad = state.ads.get(entityId);
    const adGroup = ad ? state.adGroups.get(ad.adgroup_id) : undefined;
    const campaign = ad ? state.campaigns.get(ad.campaign_id) : undefined;
    return {
      advertiser,
      now,
      ...(ad ? { ad } : {}),
      ...(adGroup ? { adGroup } : {}),
      ...(campaign ? { campaign } : {}),
    };
  }
  if (level === 'adgroup') {
    const adGroup = state.adGroups.get(entityId);
    const campaign = adGroup ? state.campaigns.get(adGroup.campaign_id) : undefined;
    return { advertiser, now, ...(adGroup ? { adGroup } : {}), ...(campaign ? { campaign } : {}) };
  }
  if (level === 'campaign') {
    const campaign = state.campaigns.get(entityId);
    return { advertiser, now, ...(campaign ? { campaign } : {}) };
  }
  return { advertiser, now };
}

function sortSlots(
  slots: RowSlot[],
  query: ReportQuery,
  orderMetric: MetricDefinition | null,
  rowCounts: (slot: RowSlot) => RowCounts,
  rowFormat: (slot: RowSlot) => RowFormat,
): void {
  const idKey = query.idDimension !== null;
  const timeKey = query.timeDimension !== null;
  const sortValue = new Map<RowSlot, number>();
  if (orderMetric) {
    for (const slot of slots) {
      sortValue.set(slot, sortableMetric(orderMetric, rowCounts(slot), rowFormat(slot)));
    }
  }
  slots.sort((a, b) => {
    if (orderMetric) {
      const diff = (sortValue.get(a) ?? 0) - (sortValue.get(b) ?? 0);
      if (diff !== 0 && !Number.isNaN(diff)) return query.orderType === 'ASC' ? diff : -diff;
    }
    if (timeKey && a.timeKey !== b.timeKey) return a.timeKey < b.timeKey ? -1 : 1;
    if (idKey) return compareIdsDescending(a.entityId, b.entityId);
    return 0;
  });
}

function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}
