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

/** Filter by text (name or id) and status, then sort; missing values always sort last. */
export function arrangeLines(
  lines: EntityLine[],
  options: { text: string; status: StatusFilter; sortKey: SortKey; descending: boolean },
): EntityLine[] {
  const text = options.text.trim().toLowerCase();
  const filtered = lines.filter((line) => {
    if (text && !line.entity.name.toLowerCase().includes(text) && !line.entity.id.includes(text))
      return false;
    if (options.status === 'active' && line.entity.operationStatus !== 'ENABLE') return false;
    if (options.status === 'paused' && line.entity.operationStatus !== 'DISABLE') return false;
    return true;
  });
  const direction = options.descending ? -1 : 1;
  return filtered.sort((a, b) => {
    const x = sortValue(a, options.sortKey);
    const y = sortValue(b, options.sortKey);
    if (x === null && y === null) return a.entity.name.localeCompare(b.entity.name);
    if (x === null) return 1;
    if (y === null) return -1;
    if (x < y) return -direction;
    if (x > y) return direction;
    return a.entity.name.localeCompare(b.entity.name);
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
