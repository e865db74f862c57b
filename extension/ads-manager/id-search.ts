/**
 * Finding known entity ids in what the page attaches to a row's elements: React's props
 * objects, DOM attributes and link targets. Runs in the page's MAIN world, the only place
 * that can read React's `__reactProps$…` expandos.
 *
 * Nothing here depends on what TikTok can rename: not the key that holds the id, not how
 * deep the row record sits, not the component library. The search looks for *values equal
 * to an id the extension already knows* (from the companion server), breadth first, with a
 * visited set and a budget counted in nodes rather than a fixed depth. A number never
 * matches: ids exceed 2^53 and a rounded number could equal a neighbour's id.
 */

/** Objects visited per props object before giving up (deep trees are cut, cycles skipped). */
export const PROPS_NODE_BUDGET = 1_500;

export interface PropsSearch {
  /** Distinct known ids found, in the order met (shallowest first). */
  ids: string[];
  /** Where the first id was found, to re-check cheaply on the next render. */
  path: readonly string[] | null;
  /** The budget ran out before the whole graph was seen: more ids may lie deeper. */
  exhausted: boolean;
}

const EMPTY: PropsSearch = { ids: [], path: null, exhausted: false };

/** React internals and DOM nodes lead everywhere (fibers, owners, the whole document). */
function skippedKey(key: string): boolean {
  return key === '_owner' || key === '_store' || key === 'ref' || key.startsWith('__react');
}

function isDomNode(value: object): boolean {
  return typeof Node !== 'undefined' && value instanceof Node;
}

/**
 * Every known id reachable from `root` within the budget. Strings equal to a known id
 * match; so do strings that are a known id inside a larger value only when the caller
 * searches attributes (see idsInText), never here: a prop holding "123…|456…" is no id.
 */
export function searchProps(
  root: unknown,
  known: ReadonlySet<string>,
  budget = PROPS_NODE_BUDGET,
): PropsSearch {
  if (root === null || typeof root !== 'object' || known.size === 0) return EMPTY;
  const ids: string[] = [];
  let firstPath: string[] | null = null;
  const seen = new Set<object>();
  // Parallel arrays instead of objects per entry, and each entry's path as its parent's
  // index and its key (the path is spelled out only for the first id found): this runs for
  // every element of every row that comes into view.
  const queue: object[] = [root];
  const parents: number[] = [-1];
  const keys: string[] = [''];
  const pathTo = (index: number, last: string): string[] => {
    const path = [last];
    for (let at = index; at > 0; at = parents[at] as number) path.push(keys[at] as string);
    return path.reverse();
  };
  let head = 0;
  while (head < queue.length) {
    if (seen.size >= budget) return { ids, path: firstPath, exhausted: true };
    const index = head;
    const value = queue[head] as object;
    head += 1;
    if (seen.has(value) || isDomNode(value)) continue;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (skippedKey(key)) continue;
      let child: unknown;
      try {
        child = record[key];
      } catch {
        // A getter of the page's that throws: nothing to learn there.
        continue;
      }
      if (typeof child === 'string') {
        if (known.has(child) && !ids.includes(child)) {
          ids.push(child);
          firstPath ??= pathTo(index, key);
        }
      } else if (child !== null && typeof child === 'object' && !seen.has(child)) {
        queue.push(child);
        parents.push(index);
        keys.push(key);
      }
    }
  }
  return { ids, path: firstPath, exhausted: false };
}

/** The value at a key path, if it is a string (a cheap re-check of an earlier search). */
export function valueAtPath(root: unknown, path: readonly string[]): string | null {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return null;
    try {
      value = (value as Record<string, unknown>)[key];
    } catch {
      return null;
    }
  }
  return typeof value === 'string' ? value : null;
}

const DIGIT_RUN = /\d{10,20}/g;

/**
 * Known ids written into a text such as an attribute value or a link target
 * (`data-row-key="…"`, `href="…?campaign_id=…"`). Only whole digit runs count: a run that
 * merely contains an id is a different number.
 */
export function idsInText(text: string, known: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const id = match[0];
    const before = text[(match.index ?? 0) - 1] ?? '';
    const after = text[(match.index ?? 0) + id.length] ?? '';
    if (/\d/.test(before) || /\d/.test(after)) continue;
    if (known.has(id) && !found.includes(id)) found.push(id);
  }
  return found;
}

/** The React props expando of an element, whatever its random suffix. */
const propsKeys: string[] = [];

export function reactPropsOf(element: Element): unknown {
  const holder = element as unknown as Record<string, unknown>;
  // The suffix is the same for every element of one React root: try the ones seen first.
  for (const key of propsKeys) {
    if (key in holder) return holder[key];
  }
  for (const key of Object.keys(holder)) {
    if (key.startsWith('__reactProps$')) {
      if (propsKeys.length < 8) propsKeys.push(key);
      return holder[key];
    }
  }
  return undefined;
}
