/**
 * Finding Ads Manager's list table by its structure, not by its class or tag names: a list
 * page's table is where a column of selection checkboxes lines up, one per row, with the
 * row's other cells beside each. Class names and tag names (the hints in selectors.ts or
 * from the companion server) only break ties; they are never required.
 *
 * Runs in the page's MAIN world on every read of the rows, so it reads each element's
 * geometry at most once per call and keeps to the table's own subtree.
 */

import { CheckboxCandidates } from './checkbox-candidates';
import { ChildPlaces } from './child-places';
import { type Rect, rectOf, sameRect } from './element-geometry';
import { stickySide } from './sticky-side';

export type { Rect } from './element-geometry';

export interface TableRow {
  /** What the row is made of: its row element, or the cells that share its band. */
  elements: Element[];
  /** Where each of `elements` is on screen, in the same order. */
  boxes: Rect[];
  /**
   * Each element's content stamp (ChildPlaces.contentOf): the same stamp, the same text and
   * elements inside as at an earlier read; -1 when that cannot be followed.
   */
  contents: number[];
  /** Ads Manager's own selection checkbox for the row, if it has one. */
  checkbox: Element | null;
  /** Whether that checkbox is ticked (null: no checkbox, or its state cannot be read). */
  checked: boolean | null;
  /** The row's extent on screen (viewport coordinates). */
  rect: Rect;
}

export interface FoundTable {
  /** The element whose subtree holds every row (their lowest common ancestor). */
  body: Element;
  /** The part of the table the buyer can see: rows outside it are clipped by the page. */
  viewport: Rect;
  /** The body's top left corner: rows that only scroll keep their place relative to it. */
  origin: { top: number; left: number };
  /** Every row in the DOM, visible or not (virtual tables render a few rows beyond view). */
  rows: TableRow[];
  /** How the rows were found. */
  strategy: 'checkbox-column' | 'name-column';
  /** The smallest element holding the table's checkboxes, header included: the next read's scope. */
  scope: Element;
}

export interface FinderHints {
  /** Selectors for the table container and for row checkboxes, tried as tie-breakers. */
  table: readonly string[];
  rowCheckbox: readonly string[];
}

const CHECKBOXES = 'input[type="checkbox"], [role="checkbox"]';
/** Centres of one column's checkboxes differ by less than this (sub-pixel layout). */
const COLUMN_TOLERANCE_PX = 3;
/** A checkbox may sit off its row's middle: rows this close to the view are read too. */
const ROW_SLACK_PX = 24;
/** Two checkboxes closer than this vertically are not two rows. */
const MIN_ROW_GAP_PX = 8;

function hasSize(rect: Rect): boolean {
  return rect.right - rect.left >= 1 && rect.bottom - rect.top >= 1;
}

/**
 * Where a checkbox is drawn. Styled checkboxes often hide the real input (no size) inside a
 * visible box: use the nearest ancestor that has a size.
 */
function visualRect(element: Element): Rect | null {
  let node: Element | null = element;
  for (let hops = 0; node && hops < 4; hops += 1, node = node.parentElement) {
    const rect = rectOf(node);
    if (hasSize(rect)) return rect;
  }
  return null;
}

export function isTicked(element: Element): boolean | null {
  if (element instanceof HTMLInputElement) return element.checked;
  const aria = element.getAttribute('aria-checked');
  if (aria === 'true') return true;
  if (aria === 'false' || aria === 'mixed') return false;
  return null;
}

/** A row checkbox's state: its own, else that of a checkbox inside it (a styled wrapper's). */
function tickedState(checkbox: Element): boolean | null {
  const own = isTicked(checkbox);
  if (own !== null) return own;
  const inner = checkbox.querySelector(CHECKBOXES);
  return inner ? isTicked(inner) : null;
}

/** Null for a selector that is not valid (a hint from the server: hints are never trusted). */
function safeQueryAll(root: ParentNode, selector: string): Element[] | null {
  try {
    return [...root.querySelectorAll(selector)];
  } catch {
    return null;
  }
}

/** The lowest element containing all of these. */
export function commonAncestor(elements: readonly Element[]): Element | null {
  const [first, ...rest] = elements;
  if (!first) return null;
  let ancestor: Element | null = first;
  for (const element of rest) {
    while (ancestor && !ancestor.contains(element)) ancestor = ancestor.parentElement;
    if (!ancestor) return null;
  }
  return ancestor;
}

interface Anchor {
  element: Element;
  rect: Rect;
}

/** Checkboxes grouped into vertical columns; the largest column first. */
/**
 * The checkbox selectors and the hinted ones as one selector list, so that a read walks the
 * table once, not once per hint. Hints are data from the server: one that is not a valid
 * selector is left out rather than spoiling the list.
 */
const checkboxSelectors = new WeakMap<readonly string[], string>();

function checkboxSelector(hinted: readonly string[]): string {
  let selector = checkboxSelectors.get(hinted);
  if (selector === undefined) {
    const probe = document.createDocumentFragment();
    const valid = hinted.filter((hint) => safeQueryAll(probe, hint) !== null);
    selector = [CHECKBOXES, ...valid].join(', ');
    checkboxSelectors.set(hinted, selector);
  }
  return selector;
}

/** Where the body's children sit, kept between reads (child-places.ts). */
const childPlaces = new ChildPlaces();

/** The row checkboxes' candidates of the table last found (checkbox-candidates.ts). */
const candidates = new CheckboxCandidates();

function checkboxColumns(
  root: ParentNode,
  found: readonly Element[],
  ignore: Element | null,
): Anchor[][] {
  // Our own host is in the scope only when the scope is the whole page.
  const skip = ignore && root.contains(ignore) ? ignore : null;
  const anchors: Array<Anchor & { centre: number }> = [];
  for (const element of found) {
    if (skip?.contains(element)) continue;
    // A checkbox in a cell the page left alone is where it was in that cell (child-places.ts).
    const rect = childPlaces.descendantPlace(element, visualRect);
    if (rect) anchors.push({ element, rect, centre: (rect.left + rect.right) / 2 });
  }
  anchors.sort((a, b) => a.centre - b.centre);
  const columns: Anchor[][] = [];
  let current: Array<Anchor & { centre: number }> = [];
  for (const anchor of anchors) {
    const last = current.at(-1);
    if (last && anchor.centre - last.centre > COLUMN_TOLERANCE_PX) {
      columns.push(current);
      current = [];
    }
    current.push(anchor);
  }
  if (current.length > 0) columns.push(current);
  return columns
    .map((column) => distinctRows(column))
    .filter((column) => column.length >= 2)
    .sort((a, b) => b.length - a.length);
}

/**
 * One anchor per vertical position, top to bottom (nested inputs and their boxes collapse):
 * of two at the same height, the first in the page's order (an outer box before the input
 * inside it), whatever order they were found in.
 */
function distinctRows(column: Anchor[]): Anchor[] {
  const sorted = [...column].sort(
    (a, b) =>
      a.rect.top - b.rect.top ||
      (a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1),
  );
  const rows: Anchor[] = [];
  for (const anchor of sorted) {
    const last = rows.at(-1);
    if (last && anchor.rect.top - last.rect.top < MIN_ROW_GAP_PX) continue;
    rows.push(anchor);
  }
  return rows;
}

/**
 * Whether each checkbox's row is a header, kept: a header stays one, and styles cost. Table
 * headers say what they are in markup that component libraries keep, or stay in view while
 * the rows scroll under them.
 */
const headers = new WeakMap<Element, boolean>();

function looksLikeHeader(element: Element, body: Element): boolean {
  const known = headers.get(element);
  if (known !== undefined) return known;
  const found = headerMarkup(element, body);
  headers.set(element, found);
  return found;
}

function headerMarkup(element: Element, body: Element): boolean {
  for (let node: Element | null = element; node && node !== body; node = node.parentElement) {
    const role = node.getAttribute('role');
    if (role === 'columnheader' || node.tagName === 'TH' || node.tagName === 'THEAD') return true;
    // A header row kept in view while the rows scroll under it.
    const style = getComputedStyle(node);
    if (style.position === 'fixed') return true;
    // A cell frozen at the table's side (as tables freeze their first columns) is no header:
    // taking it for one made every row a header, and the table was not found.
    if (style.position === 'sticky' && stickySide(style) === 'top') return true;
  }
  return false;
}

/** Checkboxes outside the rows' branch that are still taken as a header or footer. */
const MAX_HEADER_BOXES = 2;

interface HeaderSplit {
  rows: Anchor[];
  header: Anchor | null;
  /** The element whose box is the header's extent (its row), when it is not the box's own. */
  headerRow: Element | null;
}

/**
 * Split off the "select all" box (and a footer's). They sit outside the branch that holds the
 * rows: under the common ancestor of the whole column, the branch with nearly all of the
 * boxes is the body, and the one or two elsewhere are the header's. Position says nothing
 * here: rows scrolled above the view sit higher on screen than the header does.
 */
function withoutHeader(column: Anchor[]): HeaderSplit {
  const all = commonAncestor(column.map((a) => a.element));
  if (!all || column.length < 2) return { rows: column, header: null, headerRow: null };
  const branches = new Map<Element, Anchor[]>();
  for (const anchor of column) {
    const branch = branchOf(anchor.element, all);
    const same = branches.get(branch);
    if (same) same.push(anchor);
    else branches.set(branch, [anchor]);
  }
  const [body] = [...branches.values()].sort((a, b) => b.length - a.length);
  if (body && body.length >= 2 && column.length - body.length <= MAX_HEADER_BOXES) {
    const outside = column.filter((anchor) => !body.includes(anchor));
    const header =
      outside.find((anchor) => anchor.rect.top <= (body[0]?.rect.top ?? 0)) ?? outside[0];
    // The header's extent is its whole branch (the header row), not its checkbox's box.
    const headerRow = header ? branchOf(header.element, all) : null;
    return {
      rows: body,
      header: header && headerRow ? { element: header.element, rect: rectOf(headerRow) } : null,
      headerRow,
    };
  }
  // No separate body: a header checkbox among the rows says what it is in its markup. More
  // of them than a header and a footer have are not headers: what they share is something
  // else (a misused role, a style), and every box is then a row's.
  const rows = column.filter((anchor) => !looksLikeHeader(anchor.element, all));
  if (column.length - rows.length > MAX_HEADER_BOXES) {
    return { rows: column, header: null, headerRow: null };
  }
  const header = column.find((anchor) => !rows.includes(anchor)) ?? null;
  return { rows, header, headerRow: null };
}

/** The child of `ancestor` on the way down to `element`. */
function branchOf(element: Element, ancestor: Element): Element {
  let node = element;
  while (node.parentElement && node.parentElement !== ancestor) node = node.parentElement;
  return node;
}

/** The body of a one-row table: the first ancestor much wider than the checkbox's cell. */
function singleRowBody(anchor: Anchor): Element {
  const width = anchor.rect.right - anchor.rect.left;
  let node: Element = anchor.element;
  while (node.parentElement && node.parentElement !== document.body) {
    const parent = node.parentElement;
    const rect = rectOf(parent);
    if (rect.right - rect.left >= Math.max(200, width * 6)) return parent;
    node = parent;
  }
  return node;
}

/** An element's parent, stepping out of a shadow root to its host. */
export function parentOf(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.parentNode;
  return root instanceof ShadowRoot ? root.host : null;
}

/** Which ancestors clip an element: styles are read at most every few seconds per element. */
const clippers = new WeakMap<Element, { at: number; ancestors: Element[] }>();
const CLIPPERS_TTL_MS = 2_000;

function clippingAncestors(element: Element): Element[] {
  const now = performance.now();
  const cached = clippers.get(element);
  if (cached && now - cached.at < CLIPPERS_TTL_MS) return cached.ancestors;
  const ancestors: Element[] = [];
  for (let node = parentOf(element); node && node !== document.body; node = parentOf(node)) {
    const style = getComputedStyle(node);
    if (style.overflowY !== 'visible' || style.overflowX !== 'visible') ancestors.push(node);
  }
  clippers.set(element, { at: now, ancestors });
  return ancestors;
}

/** The visible part of an element: its own box cut by every ancestor that clips, and the window. */
export function visiblePart(element: Element, rect: Rect = rectOf(element)): Rect {
  let clip: Rect = { top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth };
  for (const ancestor of clippingAncestors(element)) clip = intersect(clip, rectOf(ancestor));
  return intersect(clip, rect);
}

function intersect(a: Rect, b: Rect): Rect {
  return {
    top: Math.max(a.top, b.top),
    bottom: Math.min(a.bottom, b.bottom),
    left: Math.max(a.left, b.left),
    right: Math.min(a.right, b.right),
  };
}

function union(rects: readonly Rect[]): Rect {
  const [first, ...rest] = rects;
  if (!first) return { top: 0, bottom: 0, left: 0, right: 0 };
  const out = { ...first };
  for (const rect of rest) {
    if (rect.top < out.top) out.top = rect.top;
    if (rect.bottom > out.bottom) out.bottom = rect.bottom;
    if (rect.left < out.left) out.left = rect.left;
    if (rect.right > out.right) out.right = rect.right;
  }
  return out;
}

/**
 * The rows under `body`, one per anchor: the anchor's branch when it spans the row (a row
 * element), else every child of the body whose middle lies in the anchor's band (cells
 * placed directly in the body, as Ads Manager's virtual table does).
 */
function rowsOf(
  body: Element,
  bodyRect: Rect,
  anchors: readonly Anchor[],
  checkboxes: boolean,
  checks: RowCheck[] = [],
): TableRow[] {
  const bodyWidth = bodyRect.right - bodyRect.left;
  childPlaces.begin(body, bodyRect);
  // Every row's branch is read first: if any disagrees with the kept places, none is used.
  const branches = anchors.map((anchor) => {
    const branch = branchOf(anchor.element, body);
    return { anchor, branch, branchRect: rectOf(branch) };
  });
  const trusted = branches.every(({ branch, branchRect }) =>
    childPlaces.confirm(branch, branchRect),
  );
  if (!trusted) childPlaces.drop();
  const rows: TableRow[] = [];
  for (const { anchor, branch, branchRect } of branches) {
    const checkbox = checkboxes ? anchor.element : null;
    const checked = checkbox ? tickedState(checkbox) : null;
    checks.push({ branch, rect: branchRect, checkbox, checked });
    const spansRow = branchRect.right - branchRect.left >= bodyWidth * 0.5;
    // A row element holds one row: a branch holding another row's checkbox is no row.
    const single = () =>
      !anchors.some((other) => other !== anchor && branch.contains(other.element));
    if (spansRow && branch !== anchor.element && single()) {
      rows.push({
        elements: [branch],
        boxes: [branchRect],
        contents: [childPlaces.contentOf(branch)],
        checkbox,
        checked,
        rect: branchRect,
      });
      continue;
    }
    const band = hasSize(branchRect) ? branchRect : anchor.rect;
    // The body's children whose middle lies in the band, in the page's order.
    const members = childPlaces.inBand(band);
    const elements = members.length > 0 ? members.map((m) => m.element) : [branch];
    const boxes = members.length > 0 ? members.map((m) => m.rect) : [branchRect];
    const contents = elements.map((element) => childPlaces.contentOf(element));
    rows.push({ elements, boxes, contents, checkbox, checked, rect: union(boxes) });
  }
  return rows;
}

/**
 * Find the table: the largest column of checkboxes (ties go to one inside a hinted table
 * container), its header box split off, its rows read. Returns null when the page shows no
 * such column: the caller then tries the names it knows (findByNames).
 */
export function findTable(
  root: Document,
  hints: FinderHints,
  ignore: Element | null = null,
  scope: ParentNode = root,
): FoundTable | null {
  // Where the last read's body is now: checkboxes in cells the page left alone are placed
  // from it (ChildPlaces.descendantPlace) rather than read one by one.
  const previous = childPlaces.lastBody;
  const previousRect = previous ? rectOf(previous) : null;
  if (previous && previousRect) childPlaces.begin(previous, previousRect);
  const found = candidates.in(scope, checkboxSelector(hints.rowCheckbox));
  const read: ReadInputs = { scope, hints, ignore, found, version: childPlaces.version };
  const unchanged = previousRect ? sameAsLastRead(read, previousRect) : null;
  if (unchanged) return unchanged;
  lastRead = null;
  const columns = checkboxColumns(scope, found, ignore);
  if (columns.length === 0) return null;
  const hinted =
    columns.length > 1 ? hints.table.flatMap((selector) => safeQueryAll(root, selector) ?? []) : [];
  const best = [...columns].sort((a, b) => {
    if (b.length !== a.length) return b.length - a.length;
    const inHint = (column: Anchor[]) =>
      hinted.some((table) => column.every((anchor) => table.contains(anchor.element))) ? 1 : 0;
    return inHint(b) - inHint(a);
  })[0];
  if (!best) return null;
  const { rows: anchors, header, headerRow } = withoutHeader(best);
  const first = anchors[0];
  if (!first) return null;
  const body =
    anchors.length > 1
      ? (commonAncestor(anchors.map((a) => a.element)) ?? first.element)
      : singleRowBody(first);
  // The same body as last time was read just now: its box is not read twice.
  const bodyRect = body === previous && previousRect ? previousRect : rectOf(body);
  const viewport = viewportOf(body, bodyRect, header?.rect ?? null);
  // Rows out of view are clipped by the page: only the visible ones are read in full.
  const inView = anchors.filter((anchor) => {
    const middle = (anchor.rect.top + anchor.rect.bottom) / 2;
    return middle >= viewport.top - ROW_SLACK_PX && middle <= viewport.bottom + ROW_SLACK_PX;
  });
  const whole = commonAncestor(best.map((a) => a.element)) ?? body;
  const checks: RowCheck[] = [];
  const table: FoundTable = {
    body,
    viewport,
    origin: { top: bodyRect.top, left: bodyRect.left },
    rows: rowsOf(body, bodyRect, inView, true, checks),
    strategy: 'checkbox-column',
    scope: whole.parentElement ?? whole,
  };
  // Kept for the next read with the kept places' version as this read leaves them (it may
  // have dropped them and measured every child again).
  if (body === childPlaces.lastBody) {
    const headerProbe = header ? { element: header.element, row: headerRow } : null;
    lastRead = { ...read, version: childPlaces.version, table, bodyRect, headerProbe, checks };
  }
  return table;
}

/** The part of the body the buyer can see, below a header that stays on top of it. */
function viewportOf(body: Element, bodyRect: Rect, headerRect: Rect | null): Rect {
  const viewport = visiblePart(body, bodyRect);
  // A header that stays on top (sticky, or above a scrolled body) hides the rows beneath.
  if (headerRect && headerRect.bottom > viewport.top && headerRect.top <= viewport.top + 1) {
    return { ...viewport, top: Math.max(viewport.top, headerRect.bottom) };
  }
  return viewport;
}

/** What a read of a visible row re-checks when the page changed nothing (see sameAsLastRead). */
interface RowCheck {
  branch: Element;
  rect: Rect;
  checkbox: Element | null;
  checked: boolean | null;
}

/**
 * The last read by the checkbox column, with what it was read from: the scope and hints it
 * was asked about, the checkbox candidates (the same list while no element came or went in
 * the scope), the kept places' version (the same while the page changed nothing in the body:
 * no element, style, class or text), the body's box, how the header's box was measured, and
 * each visible row's box and tick.
 */
let lastRead:
  | (ReadInputs & {
      table: FoundTable;
      bodyRect: Rect;
      headerProbe: HeaderProbe | null;
      checks: RowCheck[];
    })
  | null = null;

/** What a read by the checkbox column was asked and found before working the table out. */
interface ReadInputs {
  scope: ParentNode;
  hints: FinderHints;
  ignore: Element | null;
  found: readonly Element[];
  version: number;
}

/** The header's checkbox, and its row when the row's box is the header's extent (withoutHeader). */
interface HeaderProbe {
  element: Element;
  row: Element | null;
}

/** The header's box now, measured as the full read measured it. */
function headerRectOf(probe: HeaderProbe): Rect | null {
  return probe.row ? rectOf(probe.row) : childPlaces.descendantPlace(probe.element, visualRect);
}

/**
 * The last read's table, when nothing it was worked out from changed: a list that stopped
 * scrolling, a pointer moving over the page. The row tracker reads on for a dozen frames
 * after anything moves, and each read worked the table out again from its checkboxes. What
 * the page can change without the observers seeing it is read again, as every read does:
 * the body's box (checked by the caller), the visible part of the table and the header's
 * box, each visible row's box and whether it is ticked. Anything else differing reads the
 * table in full. The ids each row carries are checked by the caller (table-scan.ts).
 */
function sameAsLastRead(read: ReadInputs, bodyRect: Rect): FoundTable | null {
  const last = lastRead;
  if (
    !last ||
    last.scope !== read.scope ||
    last.hints !== read.hints ||
    last.ignore !== read.ignore ||
    last.found !== read.found ||
    last.version !== read.version ||
    last.table.body !== childPlaces.lastBody ||
    !sameRect(last.bodyRect, bodyRect)
  ) {
    return null;
  }
  const headerRect = last.headerProbe ? headerRectOf(last.headerProbe) : null;
  if (last.headerProbe && !headerRect) return null;
  if (!sameRect(viewportOf(last.table.body, bodyRect, headerRect), last.table.viewport)) {
    return null;
  }
  for (const check of last.checks) {
    if (!sameRect(rectOf(check.branch), check.rect)) return null;
    if (check.checkbox && tickedState(check.checkbox) !== check.checked) return null;
  }
  return last.table;
}

/**
 * Without a checkbox column, rows can still be found from the names the extension knows:
 * elements whose whole text is a known name, lined up in one column. Such rows cannot be
 * selected (no checkbox), but they can carry badges.
 */
export function findByNames(root: Document, names: ReadonlySet<string>): FoundTable | null {
  if (names.size === 0) return null;
  const found: Anchor[] = [];
  const walker = root.createTreeWalker(root.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    if (text.length === 0 || !names.has(text)) continue;
    const element = node.parentElement;
    if (!element) continue;
    const rect = rectOf(element);
    if (hasSize(rect)) found.push({ element, rect });
  }
  const byColumn = new Map<number, Anchor[]>();
  for (const anchor of found) {
    const key = Math.round(anchor.rect.left / COLUMN_TOLERANCE_PX);
    byColumn.set(key, [...(byColumn.get(key) ?? []), anchor]);
  }
  const column = [...byColumn.values()]
    .map((anchors) => distinctRows(anchors))
    .sort((a, b) => b.length - a.length)[0];
  if (!column || column.length < 2) return null;
  const body = commonAncestor(column.map((a) => a.element));
  if (!body) return null;
  const bodyRect = rectOf(body);
  return {
    body,
    viewport: visiblePart(body, bodyRect),
    origin: { top: bodyRect.top, left: bodyRect.left },
    rows: rowsOf(body, bodyRect, column, false),
    strategy: 'name-column',
    scope: body,
  };
}
