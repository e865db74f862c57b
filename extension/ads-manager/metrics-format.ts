import type { MetricValues } from '../../companion-server/src/contract/ads-manager';
import {
  currencyDigits,
  formatMoney as writeMoney,
} from '../../companion-server/src/contract/currency';

/** Figures as a media buyer reads them, in the ad account's currency and TikTok's precision. */

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let found = formatters.get(key);
  if (!found) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

/** "$1,234.50", "¥152,340", "HUF 20,000"; compact, as a badge writes it ($2.3K, £90). */
export function formatMoney(value: number | null, currency: string, compact = false): string {
  if (value === null) return '–';
  return compact ? formatMoneyCompact(value, currency) : writeMoney(value, currency);
}

/**
 * An amount in few characters: K, M and B from a thousand ($2.3K, $152K, $1.2M); below that,
 * no ".00" on a whole amount (£90), and whole units from `wholeFrom` up ($323 for 323.40),
 * where cents are noise. Costs per click or result keep their cents below a thousand
 * (`wholeFrom` Infinity): buyers compare them to the cent ($1.07 against $1.12).
 */
export function formatMoneyCompact(value: number, currency: string, wholeFrom = 100): string {
  if (Math.abs(value) >= 1_000) return writeMoney(value, currency, { compact: true });
  const digits = currencyDigits(currency);
  const cents = Math.round(Math.abs(value) * 10 ** digits) % 10 ** digits;
  const whole = digits === 0 || cents === 0 || Math.abs(value) >= wholeFrom;
  return writeMoney(value, currency, { fractionDigits: whole ? 0 : digits });
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

/** A figure as a badge shows it: compact where it is big ($2.3K, 164.5K), $323 not $323.40. */
export function formatMetricCompact(
  key: MetricKey,
  value: number | null,
  currency: string,
): string {
  switch (key) {
    case 'spend':
      return value === null ? '–' : formatMoneyCompact(value, currency);
    case 'cpc':
    case 'cpa':
      return value === null ? '–' : formatMoneyCompact(value, currency, Number.POSITIVE_INFINITY);
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
