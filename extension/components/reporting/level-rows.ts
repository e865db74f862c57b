import type { EntityMetrics } from '../../../companion-server/src/contract/ads-manager';
import type { MetricKey } from '../../ads-manager/metrics-format';

/** The level table's rows: filtered by name or id, sorted by any column. */

export type LevelSortKey = 'name' | MetricKey;

export interface LevelRowOptions {
  text: string;
  sortKey: LevelSortKey;
  descending: boolean;
}

const label = (row: EntityMetrics) => (row.name ?? row.id).toLowerCase();

function sortValue(row: EntityMetrics, key: LevelSortKey): string | number | null {
  return key === 'name' ? label(row) : row.current[key];
}

/** Missing figures sort last whichever the direction; ties go by name. */
export function arrangeLevelRows(rows: EntityMetrics[], options: LevelRowOptions): EntityMetrics[] {
  const text = options.text.trim().toLowerCase();
  const shown = text
    ? rows.filter((row) => label(row).includes(text) || row.id.includes(text))
    : [...rows];
  const direction = options.descending ? -1 : 1;
  return shown.sort((a, b) => {
    const x = sortValue(a, options.sortKey);
    const y = sortValue(b, options.sortKey);
    if (x !== null && y === null) return -1;
    if (x === null && y !== null) return 1;
    if (x !== null && y !== null && x !== y) return x < y ? -direction : direction;
    return label(a).localeCompare(label(b));
  });
}

/** A click on a column's header: the same column flips, another one starts in its usual order. */
export function nextSort(
  current: { sortKey: LevelSortKey; descending: boolean },
  clicked: LevelSortKey,
): { sortKey: LevelSortKey; descending: boolean } {
  if (clicked === current.sortKey) return { sortKey: clicked, descending: !current.descending };
  return { sortKey: clicked, descending: clicked !== 'name' };
}
