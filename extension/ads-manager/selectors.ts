/**
 * What the extension has seen of Ads Manager's markup, as dated alternatives: the current
 * form first, older forms after. These are hints only. The table is found by its structure
 * (table-finder.ts) and rows by the ids the extension knows (id-search.ts); a hint breaks a
 * tie or raises confidence, and a page that matches none of them still works.
 *
 * The companion server can serve a newer list (layout-hints.ts) without a release; this one
 * is the built-in default. test/fixtures/ads-manager/ holds saved pages they are checked
 * against (selectors.test.ts).
 */
export interface SelectorHint {
  selector: string;
  /** When this form was seen on the page (YYYY-MM or YYYY-MM-DD). */
  seen: string;
  note?: string;
}

export const HINT_NAMES = ['table', 'scrollLayer', 'cell', 'nameLink', 'rowCheckbox'] as const;
export type HintName = (typeof HINT_NAMES)[number];

export const BUILTIN_SELECTORS: Record<HintName, SelectorHint[]> = {
  table: [
    { selector: 'ks-virtual-table', seen: '2026-05', note: 'custom element of the list table' },
    { selector: '[class*="ks-virtual-table"]', seen: '2026-05' },
    { selector: '[class*="VirtualTable"]', seen: '2026-05' },
    { selector: '[role="grid"]', seen: '2026-12', note: 'ARIA grids, any component library' },
  ],
  scrollLayer: [
    { selector: '.ks-vt-body', seen: '2026-05', note: 'moved by transform: translateY' },
    { selector: '[class*="vt-body"]', seen: '2026-05' },
  ],
  cell: [
    { selector: '.ks-vt-cell', seen: '2026-05', note: 'absolutely positioned, no row elements' },
    { selector: '[class*="vt-cell"]', seen: '2026-05' },
    { selector: '[role="gridcell"]', seen: '2026-12' },
  ],
  nameLink: [
    { selector: '[class*="KsLink--inherit"]', seen: '2026-05' },
    { selector: '[class*="KsLink"]', seen: '2026-05', note: 'upgrades drop the modifier' },
  ],
  rowCheckbox: [
    { selector: '.ks-checkbox input[type="checkbox"]', seen: '2026-05' },
    { selector: '.ks-checkbox', seen: '2026-05', note: 'the styled box around a hidden input' },
  ],
};

/** Prop keys seen holding a row's id: hints for people reading samples, never required. */
export const BUILTIN_ID_KEYS = {
  campaign: ['campaign_id', 'campaignId'],
  adgroup: ['adgroup_id', 'adgroupId', 'ad_group_id'],
  ad: ['ad_id', 'adId', 'creative_id'],
};

/** Address parts of the page's own API calls whose date range is the table's. */
export const BUILTIN_LIST_URL_SUBSTRINGS = ['/api/v2/i18n/', '/api/v3/i18n/'];

/** How many elements each alternative matches now: sent with a layout report to admins. */
export function selectorMatchCounts(
  root: ParentNode,
  selectors: Record<HintName, readonly SelectorHint[]>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of HINT_NAMES) {
    selectors[name].slice(0, 8).forEach((hint, index) => {
      try {
        counts[`${name}[${index}]`] = root.querySelectorAll(hint.selector).length;
      } catch {
        counts[`${name}[${index}]`] = 0;
      }
    });
  }
  return counts;
}
