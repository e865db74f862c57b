import { noiseBetween } from '../core/random';
import { C, type Counter, type Counts, emptyCounts } from './delivery-counts';
import {
  METRIC_CATALOG,
  type MetricDefinition,
  type QuantityMetric,
  type RowEntities,
  type Term,
} from './metric-catalog';

/**
 * Report metrics as TikTok returns them, from the catalog (metric-catalog.ts): every value a
 * string, counts as integers, money with three decimals (`"20.000"`), rates already in
 * percent (`"1.18"`), `"-"` where a metric does not apply and `null` where TikTok sends null.
 */

export const METRICS_BY_NAME: ReadonlyMap<string, MetricDefinition> = new Map(
  METRIC_CATALOG.map((metric) => [metric.name, metric]),
);

export const SUPPORTED_METRICS: readonly string[] = METRIC_CATALOG.map((metric) => metric.name);

export type MetricValue = string | null;

/** The counts of one row: summed counters, plus the row's estimated reach. */
export interface RowCounts {
  /** Σ of a counter over the row's ads (only counters the report keeps are asked for). */
  counter(counter: Counter): number;
  /** The row's estimated unique reach (see {@link rowCounts}). */
  reach(): number;
}

/**
 * A row's counts. `reachKey` keeps the row's estimated reach stable; `days` is how many days
 * the row covers (reach grows more slowly than impressions over a longer period).
 */
export function rowCounts(
  counter: (counter: Counter) => number,
  reachKey: string,
  days: number,
): RowCounts {
  let reach: number | null = null;
  return {
    counter,
    reach: () => {
      reach ??= estimatedReach(counter('impressions'), reachKey, days);
      return reach;
    },
  };
}

/** How the row's values are written, and what applies to it. */
export interface RowFormat {
  hourly: boolean;
  /** The account reports purchase value (ROAS); when not, those metrics are "-". */
  reportsPurchaseValue: boolean;
  /**
   * Reports over several advertisers (advertiser_ids) write money without decimals padding
   * ("100", not "100.000"), as TikTok documents; `costs: false` writes "-" for money, which
   * TikTok does when such a report mixes advertisers in one row (no ID dimension).
   */
  multiAdvertiser: { costs: boolean } | null;
}

/**
 * Estimated unique reach: impressions ÷ a frequency that is stable for the row (its key) and
 * grows with the days it covers. Never more than the impressions, at least 1 when there are any.
 */
function estimatedReach(impressions: number, reachKey: string, days: number): number {
  if (impressions <= 0) return 0;
  const frequency = noiseBetween(1.08, 1.45, reachKey) * (1 + 0.12 * Math.log(Math.max(1, days)));
  return Math.max(1, Math.min(impressions, Math.round(impressions / frequency)));
}

function termValue(row: RowCounts, term: Term): number {
  return term === 'reach' ? row.reach() : row.counter(term);
}

/** The metric as a number, or the "-"/null TikTok answers where it does not apply. */
function quantityOf(
  metric: QuantityMetric,
  row: RowCounts,
  format: RowFormat,
): number | '-' | null {
  const unless = metric.unless;
  if (unless) {
    if (unless.includes('null')) return null;
    if (format.hourly && unless.includes('not-hourly')) return '-';
    if (!format.reportsPurchaseValue && unless.includes('purchase-value')) return '-';
  }
  if (metric.kind === 'money' && format.multiAdvertiser?.costs === false) return '-';
  let numerator = 0;
  for (const term of metric.numerator) numerator += termValue(row, term);
  if (!metric.denominator) return numerator * metric.scale;
  let denominator = 0;
  for (const term of metric.denominator) denominator += termValue(row, term);
  return denominator > 0 ? (numerator / denominator) * metric.scale : 0;
}

function written(metric: QuantityMetric, value: number, format: RowFormat): string {
  if (metric.kind === 'money' && format.multiAdvertiser) {
    return String(Number(value.toFixed(metric.digits)));
  }
  return value.toFixed(metric.digits);
}

export function formatMetric(
  metric: MetricDefinition,
  row: RowCounts,
  format: RowFormat,
  entities: RowEntities | null,
): MetricValue {
  if (metric.kind === 'attribute') return entities ? metric.value(entities) : '-';
  const value = quantityOf(metric, row, format);
  return typeof value === 'number' ? written(metric, value, format) : value;
}

/** Numeric value of a metric for ordering rows; "-", null and attributes sort lowest. */
export function sortableMetric(
  metric: MetricDefinition,
  row: RowCounts,
  format: RowFormat,
): number {
  if (metric.kind === 'attribute') return Number.NEGATIVE_INFINITY;
  const value = quantityOf(metric, row, format);
  return typeof value === 'number' ? value : Number.NEGATIVE_INFINITY;
}

/** The counters a set of metrics reads (impressions too when one reads reach). */
export function countersFor(metrics: readonly MetricDefinition[]): Counter[] {
  const needed = new Set<Counter>(['spend', 'impressions']);
  for (const metric of metrics) {
    if (metric.kind === 'attribute') continue;
    for (const term of [...metric.numerator, ...(metric.denominator ?? [])]) {
      if (term !== 'reach') needed.add(term);
    }
  }
  return [...needed].sort((a, b) => C[a] - C[b]);
}

/** Counts of a row with no delivery. */
export function emptyRowTotals(): Counts {
  return emptyCounts();
}

/**
 * A row's metrics from its full counts, outside a computed report (the Ads Manager replica's
 * row for an object without delivery). Attribute metrics come from `attributes`.
 */
export function formatMetrics(
  counts: Counts,
  metrics: readonly string[],
  context: {
    reportsPurchaseValue: boolean;
    reachKey: string;
    attributes: Partial<Record<string, string>>;
  },
): Record<string, MetricValue> {
  const row = rowCounts((counter) => counts[C[counter]] ?? 0, context.reachKey, 1);
  const format: RowFormat = {
    hourly: false,
    reportsPurchaseValue: context.reportsPurchaseValue,
    multiAdvertiser: null,
  };
  const out: Record<string, MetricValue> = {};
  for (const name of metrics) {
    const metric = METRICS_BY_NAME.get(name);
    if (!metric) continue;
    out[name] =
      metric.kind === 'attribute'
        ? (context.attributes[name] ?? '-')
        : formatMetric(metric, row, format, null);
  }
  return out;
}
