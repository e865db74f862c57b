import type { MetricValues } from '../../companion-server/src/contract/ads-manager';

/** Figures as a media buyer reads them, in the ad account's currency. */

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let found = formatters.get(key);
  if (!found) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

export function formatMoney(value: number | null, currency: string, compact = false): string {
  if (value === null) return '–';
  return formatter(
    `money:${currency}:${compact}`,
    () =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
      }),
  ).format(value);
}

export function formatCount(value: number | null, compact = false): string {
  if (value === null) return '–';
  return formatter(
    `count:${compact}`,
    () =>
      new Intl.NumberFormat(
        'en-US',
        compact ? { notation: 'compact', maximumFractionDigits: 1 } : {},
      ),
  ).format(value);
}

export const formatPercent = (value: number | null) =>
  value === null ? '–' : `${value.toFixed(2)}%`;
export const formatRatio = (value: number | null) => (value === null ? '–' : value.toFixed(2));

export type MetricKey = keyof MetricValues;

export const METRIC_LABELS: Record<MetricKey, string> = {
  spend: 'Spend',
  impressions: 'Impressions',
  clicks: 'Clicks',
  ctr: 'CTR',
  cpc: 'CPC',
  conversions: 'Conversions',
  cpa: 'CPA',
  roas: 'ROAS',
};

/** Labels short enough for a badge; spend needs none (it is the money figure). */
export const METRIC_BADGE_LABELS: Record<MetricKey, string> = {
  spend: '',
  impressions: 'Impr.',
  clicks: 'Clicks',
  ctr: 'CTR',
  cpc: 'CPC',
  conversions: 'Conv.',
  cpa: 'CPA',
  roas: 'ROAS',
};

/** A figure as a badge shows it: compact where it is big ($2.3K, 164.5K). */
export function formatMetricCompact(
  key: MetricKey,
  value: number | null,
  currency: string,
): string {
  switch (key) {
    case 'spend':
    case 'cpc':
    case 'cpa':
      return formatMoney(value, currency, value !== null && Math.abs(value) >= 1_000);
    case 'impressions':
    case 'clicks':
    case 'conversions':
      return formatCount(value, value !== null && Math.abs(value) >= 10_000);
    default:
      return formatMetric(key, value, currency);
  }
}

export function formatMetric(key: MetricKey, value: number | null, currency: string): string {
  switch (key) {
    case 'spend':
    case 'cpc':
    case 'cpa':
      return formatMoney(value, currency);
    case 'impressions':
    case 'clicks':
    case 'conversions':
      return formatCount(value);
    case 'ctr':
      return formatPercent(value);
    case 'roas':
      return formatRatio(value);
  }
}

/** For costs, down is good; spend is neither good nor bad in itself; for the rest, up is. */
const LOWER_IS_BETTER = new Set<MetricKey>(['cpc', 'cpa']);
const NEITHER = new Set<MetricKey>(['spend']);

export interface Change {
  /** Relative change in percent, or null when there is nothing to compare with. */
  percent: number | null;
  tone: 'better' | 'worse' | 'neutral';
}

export function changeOf(key: MetricKey, current: number | null, previous: number | null): Change {
  if (current === null || previous === null || previous === 0)
    return { percent: null, tone: 'neutral' };
  const percent = ((current - previous) / Math.abs(previous)) * 100;
  if (Math.abs(percent) < 0.5 || NEITHER.has(key)) return { percent, tone: 'neutral' };
  const up = percent > 0;
  return { percent, tone: up !== LOWER_IS_BETTER.has(key) ? 'better' : 'worse' };
}

export function formatChange(change: Change): string {
  if (change.percent === null) return 'n/a';
  const sign = change.percent > 0 ? '▲' : change.percent < 0 ? '▼' : '';
  return `${sign}${Math.abs(change.percent).toFixed(Math.abs(change.percent) >= 10 ? 0 : 1)}%`;
}
