import type { Level } from '../contract';

/**
 * The table's columns, in Ads Manager's order, with fixed widths: a virtual table positions
 * every cell absolutely, so each column's x offset is known in advance.
 */

export const COLUMN_KEYS = [
  'checkbox',
  'name',
  'status',
  'budget',
  'spend',
  'impressions',
  'clicks',
  'conversions',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export interface Column {
  key: ColumnKey;
  title: string;
  width: number;
  x: number;
  numeric: boolean;
}

const WIDTHS: Record<ColumnKey, number> = {
  checkbox: 48,
  name: 300,
  status: 130,
  budget: 150,
  spend: 130,
  impressions: 130,
  clicks: 110,
  conversions: 130,
};

const NAME_TITLES: Record<Level, string> = {
  campaign: 'Campaign name',
  adgroup: 'Ad group name',
  ad: 'Ad name',
};

/** Ads Manager's own titles: spend is "Cost" there. */
const TITLES: Record<Exclude<ColumnKey, 'name'>, string> = {
  checkbox: '',
  status: 'Status',
  budget: 'Budget',
  spend: 'Cost',
  impressions: 'Impressions',
  clicks: 'Clicks',
  conversions: 'Conversions',
};

const NUMERIC = new Set<ColumnKey>(['budget', 'spend', 'impressions', 'clicks', 'conversions']);

export function columnsFor(level: Level): Column[] {
  let x = 0;
  return COLUMN_KEYS.map((key) => {
    const column = {
      key,
      title: key === 'name' ? NAME_TITLES[level] : TITLES[key],
      width: WIDTHS[key],
      x,
      numeric: NUMERIC.has(key),
    };
    x += column.width;
    return column;
  });
}

export const TABLE_WIDTH = COLUMN_KEYS.reduce((sum, key) => sum + WIDTHS[key], 0);

export interface Formats {
  money(amount: number): string;
  count(value: number): string;
}

/** Money in the account's currency (JPY has no decimals, Intl knows); fixed locale for stable fixtures. */
export function formatsFor(currency: string): Formats {
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return {
    money: (amount) => money.format(amount),
    count: (value) => count.format(value),
  };
}

const BUDGET_MODE_LABELS: Record<string, string> = {
  BUDGET_MODE_DAY: 'Daily',
  BUDGET_MODE_DYNAMIC_DAILY_BUDGET: 'Daily (dynamic)',
  BUDGET_MODE_TOTAL: 'Lifetime',
};

export function budgetModeLabel(mode: string | null): string {
  return mode ? (BUDGET_MODE_LABELS[mode] ?? '') : '';
}
