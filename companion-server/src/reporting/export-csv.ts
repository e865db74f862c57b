import { currencyDigits } from '../contract/currency';
import {
  EXPORT_BAYME_COLUMNS,
  EXPORT_METRIC_COLUMNS,
  type ExportQuery,
} from '../contract/reporting';
import { csvLine } from '../lib/csv-writer';
import { formatMicros } from '../orders/money';
import { type BaymeFigures, baymeRoas } from '../orders/order-figures';
import type { ExportBaymeReader } from './export-bayme';
import type { ExportPlan, ExportRow } from './export-plan';

/**
 * An export as CSV for people and spreadsheets: every figure column states its unit in its
 * header ("Spend (USD)", "CTR (%)"), money has the account currency's precision in TikTok's
 * terms (none for JPY, HUF, TWD…), and rates are percents with two decimals. Bayme's
 * columns follow TikTok's when the server takes orders (EXPORT_BAYME_COLUMNS).
 */

type MetricColumn = (typeof EXPORT_METRIC_COLUMNS)[number];

type Unit = 'money' | 'count' | 'percent' | 'ratio';

const COLUMNS: Record<MetricColumn, { label: string; unit: Unit }> = {
  spend: { label: 'Spend', unit: 'money' },
  impressions: { label: 'Impressions', unit: 'count' },
  clicks: { label: 'Clicks', unit: 'count' },
  // TikTok reports CTR as a percent already (1.25 is 1.25%), and totals derive it likewise.
  ctr: { label: 'CTR', unit: 'percent' },
  cpc: { label: 'CPC', unit: 'money' },
  conversions: { label: 'Conversions', unit: 'count' },
  cpa: { label: 'CPA', unit: 'money' },
  roas: { label: 'ROAS', unit: 'ratio' },
};

/** Decimals of percents and ratios: TikTok's own. */
const RATE_DIGITS = 2;

function headerOf(column: MetricColumn, currency: string): string {
  const { label, unit } = COLUMNS[column];
  if (unit === 'money') return `${label} (${currency})`;
  if (unit === 'percent') return `${label} (%)`;
  // Purchase value per unit of spend: a multiple, written as such.
  if (unit === 'ratio') return `${label} (x)`;
  return label;
}

type BaymeColumn = (typeof EXPORT_BAYME_COLUMNS)[number];

function baymeHeaderOf(column: BaymeColumn, currency: string): string {
  switch (column) {
    case 'bayme_orders':
      return 'Bayme orders';
    case 'bayme_revenue':
      return `Bayme revenue (${currency})`;
    case 'bayme_roas':
      return 'Bayme ROAS (x)';
    case 'bayme_revenue_not_converted':
      return 'Bayme revenue not converted';
  }
}

export function exportHeader(query: ExportQuery, currency: string, withBayme = false): string[] {
  return [
    `${query.level}_id`,
    `${query.level}_name`,
    ...(query.breakdown === 'daily' ? ['date'] : []),
    ...EXPORT_METRIC_COLUMNS.map((column) => headerOf(column, currency)),
    ...(withBayme ? EXPORT_BAYME_COLUMNS.map((column) => baymeHeaderOf(column, currency)) : []),
    'currency',
  ];
}

const MICROS = 1_000_000;

/** An amount as the orders keep it (whole micro-units) in a currency's precision. */
const money = (amount: number, currency: string) =>
  formatMicros(Math.round(amount * MICROS), currencyDigits(currency));

/**
 * Bayme's cells of a row: orders, revenue with the account currency's precision, ROAS over
 * the row's TikTok spend (empty without spend), and revenue with no rate to the account's
 * currency, each in its own currency's precision ("EUR 12.50; GBP 3.00"; empty when none).
 */
export function baymeCells(
  figures: BaymeFigures,
  spend: number | null,
  currency: string,
): Array<string | number> {
  const roas = baymeRoas(figures, spend);
  return [
    figures.orders,
    money(figures.revenue, currency),
    roas === null ? '' : fixed(roas, RATE_DIGITS),
    figures.unconverted.map((u) => `${u.currency} ${money(u.revenue, u.currency)}`).join('; '),
  ];
}

/**
 * A figure with a fixed number of decimals ("12.50", "1234"), so a column reads the same on
 * every row. Float noise is dropped before rounding, so 1.005 dollars are written 1.01.
 */
function fixed(value: number, digits: number): string {
  const scale = 10 ** digits;
  return (Math.round(Number((value * scale).toPrecision(12))) / scale).toFixed(digits);
}

/** How each metric column writes its value for an account's currency (no delivery: empty). */
function metricWriters(
  currency: string,
): Array<(values: ExportRow['figures']['values']) => string | number | null> {
  const moneyDigits = currencyDigits(currency);
  return EXPORT_METRIC_COLUMNS.map((column) => {
    const { unit } = COLUMNS[column];
    const digits = unit === 'money' ? moneyDigits : unit === 'count' ? null : RATE_DIGITS;
    return (values) => {
      const value = values[column];
      return value === null || digits === null ? value : fixed(value, digits);
    };
  });
}

/**
 * The CSV text of an export, a chunk per page of rows (a byte-order mark first, for Excel).
 * `bayme` reads Bayme's figures of each page when the plan has their columns.
 */
export async function* csvLines(
  plan: ExportPlan,
  pages: AsyncIterable<ExportRow[]>,
  bayme: ExportBaymeReader | null = null,
): AsyncGenerator<string> {
  const { account, query } = plan;
  if (plan.bayme && !bayme) throw new Error('An export with Bayme columns needs their figures.');
  const daily = query.breakdown === 'daily';
  const metrics = metricWriters(account.currency);
  const line = (row: ExportRow, figures: BaymeFigures | undefined) =>
    csvLine([
      row.id,
      query.level === 'advertiser' ? account.name : row.name,
      ...(daily ? [row.date] : []),
      ...metrics.map((write) => write(row.figures.values)),
      ...(figures ? baymeCells(figures, row.figures.values.spend, account.currency) : []),
      account.currency,
    ]);
  const withBayme = plan.bayme ? bayme : null;
  await withBayme?.ready();
  yield `\ufeff${csvLine(plan.header)}`;
  for await (const rows of pages) {
    const baymeFigures = withBayme ? await withBayme.read(rows) : null;
    let text = '';
    for (const [i, row] of rows.entries()) text += line(row, baymeFigures?.[i]);
    if (text) yield text;
  }
  // Entities and days with orders but no delivery: after TikTok's rows, with no spend.
  if (withBayme) {
    let text = '';
    for (const { row, figures } of await withBayme.extraRows()) text += line(row, figures);
    if (text) yield text;
  }
}
