import type { MetricValues } from '../contract/ads-manager';
import { metricNumber } from '../marketing-api/reports';

/**
 * Turning TikTok's report metrics into our figures, and adding figures up. Ratios are never
 * added: totals add spend, impressions, clicks, conversions and purchase value, and derive
 * CTR, CPC, CPA and ROAS from the sums, as TikTok does for a report's own totals.
 */

export const REPORT_METRICS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'conversion',
  'cost_per_conversion',
  'complete_payment_roas',
] as const;

export interface Figures {
  values: MetricValues;
  /** spend × ROAS: what ROAS totals are recomputed from; null without purchase value. */
  purchaseValue: number | null;
}

export function figuresOf(metrics: Record<string, string | null>): Figures {
  const values = withUndefinedRatiosAsNull({
    spend: metricNumber(metrics.spend),
    impressions: metricNumber(metrics.impressions),
    clicks: metricNumber(metrics.clicks),
    ctr: metricNumber(metrics.ctr),
    cpc: metricNumber(metrics.cpc),
    conversions: metricNumber(metrics.conversion),
    cpa: metricNumber(metrics.cost_per_conversion),
    roas: metricNumber(metrics.complete_payment_roas),
  });
  const roas = metricNumber(metrics.complete_payment_roas);
  return {
    values,
    purchaseValue: roas === null ? null : roas * (values.spend ?? 0),
  };
}

/** The figures of an entity that had no delivery: nothing spent, and no ratio to speak of. */
export const ZERO_FIGURES: Figures = {
  values: {
    spend: 0,
    impressions: 0,
    clicks: 0,
    ctr: null,
    cpc: null,
    conversions: 0,
    cpa: null,
    roas: null,
  },
  purchaseValue: null,
};

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * The sum of several figures. Purchase value (hence ROAS) is only summed when every part
 * reports it: a total that silently left out some accounts' value would understate ROAS.
 */
export function sumFigures(parts: readonly Figures[]): Figures {
  const add = (pick: (values: MetricValues) => number | null) =>
    parts.reduce((sum, part) => sum + (pick(part.values) ?? 0), 0);
  const spend = round(
    add((v) => v.spend),
    2,
  );
  const impressions = add((v) => v.impressions);
  const clicks = add((v) => v.clicks);
  const conversions = add((v) => v.conversions);
  const withValue = parts.filter((part) => part.purchaseValue !== null);
  const purchaseValue =
    parts.length > 0 && withValue.length === parts.length
      ? withValue.reduce((sum, part) => sum + (part.purchaseValue ?? 0), 0)
      : null;
  return {
    values: {
      spend,
      impressions,
      clicks,
      ctr: impressions > 0 ? round((clicks / impressions) * 100, 2) : null,
      cpc: clicks > 0 ? round(spend / clicks, 2) : null,
      conversions,
      cpa: conversions > 0 ? round(spend / conversions, 2) : null,
      roas: purchaseValue !== null && spend > 0 ? round(purchaseValue / spend, 2) : null,
    },
    purchaseValue: purchaseValue === null ? null : round(purchaseValue, 2),
  };
}

/**
 * TikTok writes a ratio with a zero denominator as 0 ("cost_per_conversion": "0.000" with
 * no conversion). A CPA of $0.00 would read as free conversions: such ratios become null.
 */
export function withUndefinedRatiosAsNull(values: MetricValues): MetricValues {
  const zero = (value: number | null) => value === null || value === 0;
  return {
    ...values,
    ctr: zero(values.impressions) ? null : values.ctr,
    cpc: zero(values.clicks) ? null : values.cpc,
    cpa: zero(values.conversions) ? null : values.cpa,
    roas: zero(values.spend) ? null : values.roas,
  };
}
