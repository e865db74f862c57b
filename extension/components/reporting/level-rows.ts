import type { EntityMetrics } from '../../../companion-server/src/contract/ads-manager';
import type { MetricKey } from '../../ads-manager/metrics-format';

/**
 * The level table's rows: sorted by any column, then filtered by name or id. Sorting is
 * done once per answer or column; typing in the filter only filters the sorted rows, which
 * keeps their order, so a keystroke costs one pass over the rows even with thousands.
 */

/** Bayme's figures of a row (the shop's orders attributed to it), where the server takes orders. */
export const BAYME_KEYS = ['bayme_revenue', 'bayme_orders', 'bayme_roas'] as const;
export type BaymeKey = (typeof BAYME_KEYS)[number];

export type LevelSortKey = 'name' | MetricKey | BaymeKey;

export interface LevelSort {
  sortKey: LevelSortKey;
  descending: boolean;
}

const label = (row: EntityMetrics) => (row.name ?? row.id).toLowerCase();
const byName = new Intl.Collator('en-US').compare;

/** A row's Bayme figure; null where the server takes no orders. */
export function baymeValue(row: EntityMetrics, key: BaymeKey): number | null {
  const bayme = row.bayme;
  if (!bayme) return null;
  if (key === 'bayme_revenue') return bayme.revenue;
  if (key === 'bayme_orders') return bayme.orders;
  return bayme.roas;
}

function sortValue(row: EntityMetrics, key: LevelSortKey): string | number | null {
  if (key === 'name') return label(row);
  if (key === 'bayme_revenue' || key === 'bayme_orders' || key === 'bayme_roas') {
    return baymeValue(row, key);
  }
  return row.current[key];
}

/** Missing figures sort last whichever the direction; ties go by name. */
export function sortLevelRows(rows: EntityMetrics[], sort: LevelSort): EntityMetrics[] {
  const direction = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.sortKey);
    const y = sortValue(b, sort.sortKey);
    if (x !== null && y === null) return -1;
    if (x === null && y !== null) return 1;
    if (x !== null && y !== null && x !== y) return x < y ? -direction : direction;
    return byName(label(a), label(b));
  });
}

/** The rows whose name or id holds the text (case and surrounding spaces ignored). */
export function filterLevelRows(rows: EntityMetrics[], text: string): EntityMetrics[] {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return rows;
  return rows.filter((row) => label(row).includes(wanted) || row.id.includes(wanted));
}

/** A click on a column's header: the same column flips, another one starts in its usual order. */
export function nextSort(current: LevelSort, clicked: LevelSortKey): LevelSort {
  if (clicked === current.sortKey) return { sortKey: clicked, descending: !current.descending };
  return { sortKey: clicked, descending: clicked !== 'name' };
}
