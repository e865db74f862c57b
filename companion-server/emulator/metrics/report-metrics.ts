import { noiseBetween } from '../core/random';
import { type DeliveryTotals, emptyTotals } from './delivery-simulator';

/**
 * Report metrics as TikTok returns them: every value a string, money with three decimals
 * (`"20.000"`), counts as integers, `ctr` and `conversion_rate` already in percent (`"1.18"`),
 * and `"-"` where a metric does not apply to the row.
 */

export const PERFORMANCE_METRICS = [
  'spend',
  'cash_spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'cpm',
  'reach',
  'frequency',
  'conversion',
  'cost_per_conversion',
  'conversion_rate',
  'result',
  'cost_per_result',
  'complete_payment',
  'total_purchase_value',
  'complete_payment_roas',
  'video_play_actions',
] as const;

export const ATTRIBUTE_METRICS = [
  'campaign_name',
  'campaign_id',
  'adgroup_name',
  'adgroup_id',
  'ad_name',
  'ad_text',
] as const;

export const SUPPORTED_METRICS: readonly string[] = [...PERFORMANCE_METRICS, ...ATTRIBUTE_METRICS];

export type ReportLevel = 'advertiser' | 'campaign' | 'adgroup' | 'ad';

/** Base totals plus the "result" count, whose meaning depends on each ad group's goal. */
export interface RowTotals extends DeliveryTotals {
  results: number;
}

export interface RowContext {
  /** The account reports purchase value (ROAS); when false those metrics are "-". */
  reportsPurchaseValue: boolean;
  /** Stable key for the row's non-additive figures (reach, frequency). */
  reachKey: string;
  attributes: Partial<Record<(typeof ATTRIBUTE_METRICS)[number], string>>;
}

const money = (value: number): string => value.toFixed(3);
const ratio = (numerator: number, denominator: number): number =>
  denominator > 0 ? numerator / denominator : 0;

export function formatMetrics(
  totals: RowTotals,
  metrics: readonly string[],
  context: RowContext,
): Record<string, string> {
  const spend = totals.spendHundredths / 100;
  const frequency = totals.impressions > 0 ? noiseBetween(1.12, 1.85, context.reachKey) : 0;
  const reach = frequency > 0 ? Math.round(totals.impressions / frequency) : 0;
  const value = totals.purchaseValueHundredths / 100;

  const out: Record<string, string> = {};
  for (const metric of metrics) {
    switch (metric) {
      case 'spend':
      case 'cash_spend':
        out[metric] = money(spend);
        break;
      case 'impressions':
        out[metric] = String(totals.impressions);
        break;
      case 'clicks':
        out[metric] = String(totals.clicks);
        break;
      case 'ctr':
        out[metric] = (ratio(totals.clicks, totals.impressions) * 100).toFixed(2);
        break;
      case 'cpc':
        out[metric] = money(ratio(spend, totals.clicks));
        break;
      case 'cpm':
        out[metric] = money(ratio(spend, totals.impressions) * 1000);
        break;
      case 'reach':
        out[metric] = String(reach);
        break;
      case 'frequency':
        out[metric] = frequency.toFixed(2);
        break;
      case 'conversion':
        out[metric] = String(totals.conversions);
        break;
      case 'cost_per_conversion':
        out[metric] = money(ratio(spend, totals.conversions));
        break;
      case 'conversion_rate':
        out[metric] = (ratio(totals.conversions, totals.clicks) * 100).toFixed(2);
        break;
      case 'result':
        out[metric] = String(totals.results);
        break;
      case 'cost_per_result':
        out[metric] = money(ratio(spend, totals.results));
        break;
      case 'complete_payment':
        out[metric] = context.reportsPurchaseValue ? String(totals.conversions) : '-';
        break;
      case 'total_purchase_value':
        out[metric] = context.reportsPurchaseValue ? money(value) : '-';
        break;
      case 'complete_payment_roas':
        out[metric] = context.reportsPurchaseValue ? ratio(value, spend).toFixed(2) : '-';
        break;
      case 'video_play_actions':
        out[metric] = String(totals.videoViews);
        break;
      default:
        out[metric] = context.attributes[metric as keyof RowContext['attributes']] ?? '-';
    }
  }
  return out;
}

export function emptyRowTotals(): RowTotals {
  return { ...emptyTotals(), results: 0 };
}

/** Numeric value of a formatted metric, for ordering rows. "-" sorts as the lowest. */
export function sortableMetric(formatted: string | undefined): number {
  if (formatted === undefined || formatted === '-') return Number.NEGATIVE_INFINITY;
  const value = Number(formatted);
  return Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
}
