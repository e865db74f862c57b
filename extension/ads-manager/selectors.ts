/**
 * Every selector the extension uses on Ads Manager, in one place. Each is a list of
 * alternatives tried in order: the current markup first, older markup after, with the
 * date each was seen. TikTok changes this page without notice; when a selector stops
 * matching, add the new form at the top and keep the old one while both exist.
 * test/fixtures/ads-manager/*.html are saved pages these are checked against.
 */
export const SELECTORS = {
  /** The list table: a custom element holding the cells (2026-05). */
  virtualTable: ['ks-virtual-table', '[class*="ks-virtual-table"]', '[class*="VirtualTable"]'],
  /** The visible window of the table; rows outside it are clipped. */
  tableViewport: ['.ks-vt-viewport', '[class*="vt-viewport"]'],
  /** The layer moved by `transform: translateY` when the table scrolls. */
  scrollLayer: ['.ks-vt-body', '[class*="vt-body"]', '[style*="translateY"]'],
  /** Cells: absolutely positioned, directly under the virtual table (no row elements). */
  cell: ['.ks-vt-cell', '[class*="vt-cell"]'],
  /** The entity's name link in a name cell (the modifier is dropped by some library versions). */
  nameLink: ['[class*="KsLink--inherit"]', '[class*="KsLink"]'],
  /** Ads Manager's own row selection checkbox. */
  rowCheckbox: ['.ks-checkbox input[type="checkbox"]', 'input[type="checkbox"]'],
} as const satisfies Record<string, readonly string[]>;

export type SelectorName = keyof typeof SELECTORS;

/** Elements matched by the first alternative that matches anything. */
export function queryAll(root: ParentNode, name: SelectorName): Element[] {
  for (const selector of SELECTORS[name]) {
    const found = root.querySelectorAll(selector);
    if (found.length > 0) return [...found];
  }
  return [];
}

export function queryFirst(root: ParentNode, name: SelectorName): Element | null {
  for (const selector of SELECTORS[name]) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** The closest ancestor (or self) matching a selector's first matching alternative. */
export function closestMatch(element: Element, name: SelectorName): Element | null {
  for (const selector of SELECTORS[name]) {
    const found = element.closest(selector);
    if (found) return found;
  }
  return null;
}

/** How many elements each alternative matches: sent with a layout-changed report. */
export function selectorMatchCounts(root: ParentNode): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, alternatives] of Object.entries(SELECTORS)) {
    alternatives.forEach((selector, index) => {
      counts[`${name}[${index}]`] = root.querySelectorAll(selector).length;
    });
  }
  return counts;
}
