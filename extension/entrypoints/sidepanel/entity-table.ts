import type { EntityMetrics, EntityView } from '../../../companion-server/src/contract/ads-manager';
import type { MetricKey } from '../../ads-manager/metrics-format';

/** One line of the side panel: an entity and its figures (null when it had no delivery). */
export interface EntityLine {
  entity: EntityView;
  metrics: EntityMetrics | null;
}

export type SortKey = 'name' | 'status' | 'budget' | MetricKey;
export type StatusFilter = 'all' | 'active' | 'paused';

export function joinLines(entities: EntityView[], metrics: EntityMetrics[]): EntityLine[] {
  const byId = new Map(metrics.map((row) => [row.id, row]));
  return entities.map((entity) => ({ entity, metrics: byId.get(entity.id) ?? null }));
}

function sortValue(line: EntityLine, key: SortKey): string | number | null {
  switch (key) {
    case 'name':
      return line.entity.name.toLowerCase();
    case 'status':
      return line.entity.operationStatus;
    case 'budget':
      return line.entity.budget;
    default:
      return line.metrics?.current[key] ?? null;
  }
}

const byName = new Intl.Collator('en-US').compare;

/**
 * Sorted by any column; missing values always sort last, ties go by name. Done once per
 * answer or column: the filter then keeps this order (see filterLines).
 */
export function sortLines(
  lines: EntityLine[],
  sort: { sortKey: SortKey; descending: boolean },
): EntityLine[] {
  const direction = sort.descending ? -1 : 1;
  return [...lines].sort((a, b) => {
    const x = sortValue(a, sort.sortKey);
    const y = sortValue(b, sort.sortKey);
    if (x === null && y === null) return byName(a.entity.name, b.entity.name);
    if (x === null) return 1;
    if (y === null) return -1;
    if (x < y) return -direction;
    if (x > y) return direction;
    return byName(a.entity.name, b.entity.name);
  });
}

/**
 * The lines whose name or id holds the text, of the status asked for, in the order given:
 * a keystroke in the filter is one pass over the sorted lines, even with thousands.
 */
export function filterLines(
  lines: EntityLine[],
  filter: { text: string; status: StatusFilter },
): EntityLine[] {
  const text = filter.text.trim().toLowerCase();
  if (!text && filter.status === 'all') return lines;
  return lines.filter((line) => {
    if (text && !line.entity.name.toLowerCase().includes(text) && !line.entity.id.includes(text))
      return false;
    if (filter.status === 'active' && line.entity.operationStatus !== 'ENABLE') return false;
    if (filter.status === 'paused' && line.entity.operationStatus !== 'DISABLE') return false;
    return true;
  });
}

/** Tick or untick one entity. */
export function toggleOne(selected: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** How many of the shown entities are ticked, for the header's checkbox. */
export function selectionOf(
  selected: ReadonlySet<string>,
  shown: string[],
): 'none' | 'some' | 'all' {
  const ticked = shown.filter((id) => selected.has(id)).length;
  if (ticked === 0) return 'none';
  return ticked === shown.length ? 'all' : 'some';
}

/**
 * The header's checkbox: untick the shown entities if all are ticked, else tick them all.
 * Entities hidden by the filter keep their state.
 */
export function toggleShown(selected: ReadonlySet<string>, shown: string[]): ReadonlySet<string> {
  const next = new Set(selected);
  if (selectionOf(selected, shown) === 'all') for (const id of shown) next.delete(id);
  else for (const id of shown) next.add(id);
  return next;
}
