import type { Level } from '../contract';
import type { Layout } from '../layout';

/**
 * The table's columns, in Ads Manager's order, with fixed widths: a virtual table positions
 * every cell absolutely, so each column's x offset is known in advance. With `fixed-columns`
 * they split into two panes, each with its own x offsets.
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

/** `reordered`: the name after status and budget, as a column-settings change would put it. */
const REORDERED_KEYS: readonly ColumnKey[] = [
  'checkbox',
  'status',
  'budget',
  'name',
  'spend',
  'impressions',
  'clicks',
  'conversions',
];

/** `fixed-columns`: the columns frozen at the left. */
const FIXED_KEYS: ReadonlySet<ColumnKey> = new Set(['checkbox', 'name']);
/** How much of the right pane shows: less than its columns, so that it scrolls sideways. */
const MAIN_PANE_VISIBLE_WIDTH = 560;

export function columnsFor(level: Level, layout: Layout = new Set()): Column[] {
  return positioned(level, layout.has('reordered') ? REORDERED_KEYS : COLUMN_KEYS);
}

function positioned(level: Level, keys: readonly ColumnKey[]): Column[] {
  let x = 0;
  return keys.map((key) => {
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

/** Cells that scroll together horizontally, with x offsets from the pane's left edge. */
export interface Pane {
  kind: 'single' | 'fixed' | 'main';
  columns: Column[];
  /** Width of all its columns. */
  width: number;
  /** Width on screen: less than `width` for the main pane of `fixed-columns`. */
  visibleWidth: number;
}

export function panesFor(level: Level, layout: Layout): Pane[] {
  const columns = columnsFor(level, layout);
  if (!layout.has('fixed-columns')) {
    return [{ kind: 'single', columns, width: TABLE_WIDTH, visibleWidth: TABLE_WIDTH }];
  }
  const fixed = positioned(
    level,
    columns.filter((column) => FIXED_KEYS.has(column.key)).map((column) => column.key),
  );
  const main = positioned(
    level,
    columns.filter((column) => !FIXED_KEYS.has(column.key)).map((column) => column.key),
  );
  const width = (pane: Column[]) => pane.reduce((sum, column) => sum + column.width, 0);
  return [
    { kind: 'fixed', columns: fixed, width: width(fixed), visibleWidth: width(fixed) },
    {
      kind: 'main',
      columns: main,
      width: width(main),
      visibleWidth: Math.min(width(main), MAIN_PANE_VISIBLE_WIDTH),
    },
  ];
}

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
