/**
 * Layout flags of the replica's pages (`?layout=grid,dense`): each reproduces one way a redesign
 * of Ads Manager's list could break an extension that reads the page, and they combine. The
 * server validates them (an unknown flag or an impossible combination is a 400 page) and the
 * browser app renders them. Plain constants, so the client bundle pulls in nothing else.
 */

export const LAYOUT_FLAGS = {
  renamed: 'every class name, custom element name and input id differs from the standard page',
  grid: 'the table is a plain <div role="grid"> with role="row", "columnheader" and "gridcell"',
  'deep-props': "the row record sits 14 object hops down the cells' React props, ids renamed",
  'native-scroll': 'the viewport scrolls natively (overflow:auto) with a 30-row overscan',
  'window-scroll': 'no inner viewport: the window scrolls a full-height table',
  'row-wrappers': 'the cells of each row sit in a positioned <div role="row">',
  dense: 'rows are 32 px high and the viewport shows 24 of them',
  late: 'the table appears 2.5 s after its data, remounts 1 s later and then every 2 s',
  'no-ids': 'no id anywhere: props carry a row index, the list API is list_v2 (variant=unmappable)',
  'ids-in-attributes': 'props carry a row index; each cell has data-row-key="<id>"',
  'ids-in-links': "props carry a row index; the name link's href carries the id",
  'role-checkbox': 'checkboxes are <span role="checkbox" aria-checked> without an <input>',
  'fixed-columns': 'checkbox and name sit in a frozen left pane, the other columns in a right pane',
  'sticky-columns':
    'rows are <div role="row"> elements (as with row-wrappers) whose checkbox and name cells stick to the left (position: sticky)',
  'no-select-all': 'the header has no "select all" checkbox (tables that offer it in a menu)',
  'flow-rows':
    'rows are <div role="row"> elements in the normal flow below a spacer as tall as the rows not rendered above them (no row or cell is positioned)',
  reordered: 'the name is the 4th column (after status and budget)',
  rtl: 'the table is laid out right to left (as in an Arabic or Hebrew interface): checkboxes at the right, the name beside them',
  'no-url-range': 'the app removes st and et from the URL after reading them',
  'duplicate-names':
    'renames ad groups and ads in the emulator so that 3 of the first 7 rows share a name',
  'total-row': 'a summary row without a checkbox or id is the first row of the table body',
  'shadow-root': "the table renders inside an open shadow root, out of the document's reach",
} as const;

export type LayoutFlag = keyof typeof LAYOUT_FLAGS;

export const LAYOUT_FLAG_NAMES = Object.keys(LAYOUT_FLAGS) as LayoutFlag[];

/** The flags of one page, in LAYOUT_FLAG_NAMES order. */
export type Layout = ReadonlySet<LayoutFlag>;

/** Flags that describe the same thing in incompatible ways: at most one of each group. */
const EXCLUSIVE: Array<{ flags: LayoutFlag[]; why: string }> = [
  {
    flags: ['deep-props', 'no-ids', 'ids-in-attributes', 'ids-in-links'],
    why: 'each of them puts the row ids in a different place (or nowhere)',
  },
  {
    flags: ['native-scroll', 'window-scroll'],
    why: 'the table scrolls either inside its own viewport or with the window, not both',
  },
  {
    flags: ['fixed-columns', 'reordered'],
    why: 'fixed-columns freezes the checkbox and the name as the first two columns, so the name cannot also be 4th',
  },
  {
    flags: ['sticky-columns', 'reordered'],
    why: 'sticky-columns freezes the checkbox and the name as the first two columns, so the name cannot also be 4th',
  },
  {
    flags: ['fixed-columns', 'rtl'],
    why: "the frozen pane's horizontal scrolling is only modelled left to right",
  },
  {
    flags: ['fixed-columns', 'sticky-columns'],
    why: 'each freezes the checkbox and the name columns, one in a pane of their own, the other in place',
  },
];

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; message: string };

const isFlag = (value: string): value is LayoutFlag => Object.hasOwn(LAYOUT_FLAGS, value);

/**
 * The flags of a page address: `layout` is a comma-separated list (blanks ignored, repeats
 * allowed); `variant=unmappable` is the older name of `no-ids`.
 */
export function parseLayout(layout: string | undefined, unmappable: boolean): LayoutResult {
  const requested = new Set<LayoutFlag>(unmappable ? ['no-ids'] : []);
  for (const part of (layout ?? '').split(',')) {
    const name = part.trim();
    if (!name) continue;
    if (!isFlag(name)) {
      return {
        ok: false,
        message: `Unknown layout flag "${name}". Valid flags (comma-separated, e.g. layout=grid,dense): ${LAYOUT_FLAG_NAMES.join(', ')}.`,
      };
    }
    requested.add(name);
  }
  for (const group of EXCLUSIVE) {
    const clash = group.flags.filter((flag) => requested.has(flag));
    if (clash.length > 1) {
      const alias = unmappable && clash.includes('no-ids') ? ' (variant=unmappable is no-ids)' : '';
      return {
        ok: false,
        message: `The layout flags ${clash.join(' and ')}${alias} cannot be combined: ${group.why}.`,
      };
    }
  }
  return { ok: true, layout: new Set(LAYOUT_FLAG_NAMES.filter((flag) => requested.has(flag))) };
}
