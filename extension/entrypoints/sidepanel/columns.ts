import type { MetricKey } from '../../ads-manager/metrics-format';
import { OVERLAY_METRICS } from '../../lib/preferences';

/**
 * The side panel's metric columns: the metrics the buyer chose for the Ads Manager badges
 * (one preference for both), as many of them, in their order, as the panel's width holds
 * beside the name. Chrome opens the panel at about 360–420 px: three columns fit there.
 */

/** The tick box's column. */
export const CHECK_COLUMN_PX = 24;
/** The name column never gets narrower than this, however many metrics are chosen. */
export const NAME_MIN_PX = 100;
/** One metric column: a compact figure ($2.3K, 12.34%) and a short header ("Conv. ▼"). */
export const METRIC_COLUMN_PX = 58;
/** A column wide enough for the exact figure ($12,345.67, 1,234,567). */
export const WIDE_METRIC_COLUMN_PX = 96;
/** The name column's width before the figures are given their wide columns. */
export const WIDE_NAME_PX = 200;

/** Headers short enough for a narrow column; the full name is the header's tooltip. */
export const SHORT_METRIC_LABELS: Record<MetricKey, string> = {
  spend: 'Spend',
  impressions: 'Impr.',
  clicks: 'Clicks',
  ctr: 'CTR',
  cpc: 'CPC',
  conversions: 'Conv.',
  cpa: 'CPA',
  roas: 'ROAS',
};

/**
 * The chosen metrics that fit a table `width` px wide (without its scroll bar), in the
 * chosen order. At least one is always shown: a list without a figure tells the buyer
 * nothing, and the name column gives way first.
 */
export function metricColumnsThatFit(chosen: readonly MetricKey[], width: number): MetricKey[] {
  const room = width - CHECK_COLUMN_PX - NAME_MIN_PX;
  const fitting = Math.max(1, Math.floor(room / METRIC_COLUMN_PX));
  return chosen.slice(0, fitting);
}

/**
 * The metric columns at this width: the chosen ones that fit (metricColumnsThatFit), wide
 * with exact figures when every chosen one fits so beside a roomy name column (the panel
 * dragged wider, or opened in a tab), else narrow with compact figures.
 */
export function columnLayout(
  chosen: readonly MetricKey[],
  width: number,
): { metrics: MetricKey[]; wide: boolean } {
  const wide = width - CHECK_COLUMN_PX - WIDE_NAME_PX >= chosen.length * WIDE_METRIC_COLUMN_PX;
  return wide
    ? { metrics: [...chosen], wide }
    : { metrics: metricColumnsThatFit(chosen, width), wide };
}

/**
 * Tick or untick one metric in the preference. The list keeps the badges' canonical order
 * (as the options page writes it), and the last metric cannot be unticked: the preference
 * requires one.
 */
export function toggleMetric(chosen: readonly MetricKey[], metric: MetricKey): MetricKey[] {
  if (chosen.includes(metric)) {
    return chosen.length === 1 ? [...chosen] : chosen.filter((key) => key !== metric);
  }
  return OVERLAY_METRICS.filter((key) => key === metric || chosen.includes(key));
}
