import type { Level } from '../../companion-server/src/contract/ads-manager';
import { closestMatch, queryAll, queryFirst } from './selectors';

/**
 * Finding the rows of the Ads Manager table. Runs in the page's MAIN world, the only place
 * that can read React's `__reactProps$…` expandos, where each cell's row record (and so its
 * id) lives. No DOM attribute holds an id, and there are no row elements: cells are grouped
 * into rows by the record they belong to.
 *
 * Everything found is handed to the isolated content script as plain data, and treated
 * there as untrusted (any page script could produce it).
 */

export interface ScannedRow {
  /** The entity id, or null when only the name could be read (the isolated side maps it). */
  id: string | null;
  name: string | null;
  /** Whether Ads Manager's own checkbox for the row is ticked (null if not found). */
  checked: boolean | null;
  /** Where the row's name cell is on screen (viewport coordinates). */
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface ScanResult {
  table: boolean;
  /** The visible window of the table; rows outside it are scrolled out of view. */
  viewport: { top: number; bottom: number; left: number; right: number } | null;
  rows: ScannedRow[];
}

const ID_KEYS: Record<Level, string[]> = {
  campaign: ['campaign_id', 'campaignId'],
  adgroup: ['adgroup_id', 'adgroupId', 'ad_group_id'],
  ad: ['ad_id', 'adId', 'creative_id'],
};
const NAME_KEYS: Record<Level, string[]> = {
  campaign: ['campaign_name', 'campaignName'],
  adgroup: ['adgroup_name', 'adgroupName', 'ad_group_name'],
  ad: ['ad_name', 'adName', 'creative_name'],
};
const ID_PATTERN = /^\d{10,20}$/;
const MAX_DEPTH = 8;
const MAX_VISITS = 400;

function reactProps(element: Element): unknown {
  for (const key of Object.keys(element)) {
    if (key.startsWith('__reactProps$'))
      return (element as unknown as Record<string, unknown>)[key];
  }
  return undefined;
}

/** The row record in a cell's React props: the object with this level's id, a few levels down. */
export function findRecord(
  props: unknown,
  level: Level,
): { id: string; name: string | null } | null {
  const queue: Array<{ value: unknown; depth: number }> = [{ value: props, depth: 0 }];
  const seen = new Set<unknown>();
  let visits = 0;
  while (queue.length > 0 && visits < MAX_VISITS) {
    const next = queue.shift();
    if (!next) break;
    const { value, depth } = next;
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    // DOM nodes and React internals (fibers, owners) lead everywhere; skip them.
    if (typeof Node !== 'undefined' && value instanceof Node) continue;
    seen.add(value);
    visits += 1;
    const record = value as Record<string, unknown>;
    for (const key of ID_KEYS[level]) {
      const id = record[key];
      if (typeof id === 'string' && ID_PATTERN.test(id)) {
        const nameKey = NAME_KEYS[level].find((k) => typeof record[k] === 'string');
        return { id, name: nameKey ? String(record[nameKey]) : null };
      }
    }
    if (depth >= MAX_DEPTH) continue;
    for (const [key, child] of Object.entries(record)) {
      if (key === '_owner' || key === '_store' || key.startsWith('__react')) continue;
      if (child !== null && typeof child === 'object')
        queue.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

function rectOf(element: Element) {
  const rect = element.getBoundingClientRect();
  return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
}

export function scanRows(document: Document, level: Level): ScanResult {
  const table = queryFirst(document, 'virtualTable');
  if (!table) return { table: false, viewport: null, rows: [] };
  const viewportElement = queryFirst(table, 'tableViewport');
  const viewport = viewportElement ? rectOf(viewportElement) : rectOf(table);

  const byKey = new Map<string, ScannedRow>();
  const checkboxTops = new Map<number, boolean>();
  for (const checkbox of queryAll(table, 'rowCheckbox')) {
    const cell = closestMatch(checkbox, 'cell');
    if (cell && checkbox instanceof HTMLInputElement) {
      checkboxTops.set(Math.round(cell.getBoundingClientRect().top), checkbox.checked);
    }
  }

  for (const link of queryAll(table, 'nameLink')) {
    const cell = closestMatch(link, 'cell') ?? link;
    const rect = rectOf(cell);
    // Rows outside the visible window are clipped by the page; they have no overlay.
    const middle = (rect.top + rect.bottom) / 2;
    if (middle < viewport.top || middle > viewport.bottom) continue;
    let record: { id: string; name: string | null } | null = null;
    for (let node: Element | null = link; node && record === null; node = node.parentElement) {
      record = findRecord(reactProps(node), level);
      if (node === cell) break;
    }
    const name = record?.name ?? link.textContent?.trim() ?? null;
    const key = record?.id ?? `name:${Math.round(rect.top)}`;
    byKey.set(key, {
      id: record?.id ?? null,
      name,
      checked: checkboxTops.get(Math.round(rect.top)) ?? null,
      ...rect,
    });
  }
  return { table: true, viewport, rows: [...byKey.values()] };
}

/**
 * Rows read from the page's own list responses (read-only), in case the props cannot be
 * read: an array of objects with this level's id and name, anywhere in the JSON.
 */
export function rowsInListResponse(
  json: unknown,
  level: Level,
): Array<{ id: string; name: string }> {
  const found: Array<{ id: string; name: string }> = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    const idKey = ID_KEYS[level].find(
      (k) => typeof record[k] === 'string' && ID_PATTERN.test(record[k] as string),
    );
    const nameKey = NAME_KEYS[level].find((k) => typeof record[k] === 'string');
    if (idKey && nameKey) {
      found.push({ id: record[idKey] as string, name: record[nameKey] as string });
      return;
    }
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(json, 0);
  return found;
}
