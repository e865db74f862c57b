import { idsInText, type PropsSearch, reactPropsOf, searchProps, valueAtPath } from './id-search';
import { openShadowRoots } from './shadow-roots';
import {
  type FinderHints,
  type FoundTable,
  findByNames,
  findTable,
  type Rect,
  type TableRow,
} from './table-finder';

/**
 * One read of the Ads Manager table, in the page's MAIN world: where the visible rows are,
 * which known ids each row's elements carry, whether each is ticked, the row's texts when
 * its ids alone do not say which entity it is, and the free space where a badge can sit
 * without covering the row's text or controls. The isolated content script decides what
 * each row is (row-identity.ts): it treats all of this as untrusted page data.
 */

export interface ScannedRow {
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** Distinct known ids found in the row, most widely carried first. */
  ids: string[];
  /** The search budget ran out somewhere in the row: more ids might lie deeper. */
  exhausted: boolean;
  /** The row's text pieces, when its ids do not settle which entity it is. */
  texts: string[] | null;
  checked: boolean | null;
  /** Horizontal spans inside the row with no text or control, as [left, right]. */
  gaps: Array<[number, number]>;
  /**
   * The row reads right to left (an Arabic or Hebrew interface): its name is at the right, so
   * the span a badge should take first is the rightmost, not the leftmost.
   */
  rtl: boolean;
}

export interface TableScan {
  table: boolean;
  strategy: 'checkbox-column' | 'name-column' | null;
  viewport: Rect | null;
  /** The table body's top left corner (see FoundTable). */
  origin: { top: number; left: number } | null;
  rows: ScannedRow[];
}

export interface KnownEntities {
  ids: ReadonlySet<string>;
  names: ReadonlySet<string>;
  /** Which ids carry each name (names are not unique). */
  idsByName: ReadonlyMap<string, readonly string[]>;
}

/** Elements of a row whose props and attributes are searched (a row has a few dozen). */
const ELEMENTS_PER_ROW = 120;
const TEXTS_PER_ROW = 40;
const TEXT_MAX = 300;
/** Narrower gaps than this cannot hold even the smallest badge. */
const MIN_GAP_PX = 14;
const SKIPPED_ATTRIBUTES = new Set(['style', 'class']);

interface ElementSearch {
  known: ReadonlySet<string>;
  /** The props object the result was last confirmed on (updated in place). */
  props: unknown;
  attributes: string;
  result: PropsSearch;
  attributeIds: string[];
}

/**
 * Results per element, kept while the element lives. A re-render gives an element a new
 * props object; the id found last time is then re-checked along its key path (cheap), and
 * only a changed or missing id costs a new search.
 */
const searches = new WeakMap<Element, ElementSearch>();

/**
 * The element's attribute values but its style and class, as one text. By name, not through
 * `element.attributes`: that makes the browser create an Attr node for every attribute of
 * every element read, and this runs for every element of each row entering the view.
 */
function attributeText(element: Element): string {
  let text = '';
  for (const name of element.getAttributeNames()) {
    if (!SKIPPED_ATTRIBUTES.has(name)) text += ` ${element.getAttribute(name) ?? ''}`;
  }
  return text;
}

/**
 * The cheap re-check of an earlier search that found one id in the props (and none in the
 * attributes): the id is still at its path in these props. The search is then updated in
 * place: this runs for every cell of every visible row on every re-render.
 */
function stillThere(search: ElementSearch, props: unknown): boolean {
  const { ids, path } = search.result;
  if (ids.length !== 1 || !path || search.attributeIds.length > 0) return false;
  if (search.props === props) return true;
  if (valueAtPath(props, path) !== ids[0]) return false;
  search.props = props;
  return true;
}

function searchElement(element: Element, known: ReadonlySet<string>): ElementSearch {
  const props = reactPropsOf(element);
  const cached = searches.get(element);
  const same = cached?.known === known ? cached : undefined;
  // An id found in the props is checked again along the same path first: when it is still
  // there the element still shows that row, and its attributes need not be read (this runs
  // for every element of every visible row on every frame in which rows move).
  if (same && stillThere(same, props)) return same;
  const attributes = attributeText(element);
  if (same && same.props === props && same.attributes === attributes) return same;
  const result = searchProps(props, known);
  const attributeIds = attributes.length > 0 ? idsInText(attributes, known) : [];
  const fresh = { known, props, attributes, result, attributeIds };
  searches.set(element, fresh);
  return fresh;
}

function innerElements(row: TableRow): Element[] {
  const found: Element[] = [];
  for (const element of row.elements) {
    for (const inner of element.querySelectorAll('*')) {
      if (found.length >= ELEMENTS_PER_ROW) return found;
      found.push(inner);
    }
  }
  return found;
}

interface RowIds {
  elements: readonly Element[];
  props: unknown[];
  /** The search of each of the row's elements, when it found an id (else null). */
  carriers: Array<ElementSearch | null>;
  known: ReadonlySet<string>;
  ids: string[];
  exhausted: boolean;
}

/**
 * A row made of the same elements carries the same ids while its props are the same, or,
 * once a re-render gave every element new props (a virtual table re-renders all its rows on
 * every frame of a scroll), while every element that carried the row's one id still carries
 * it where it did (checked along its key path, see searchElement). Anything else is searched
 * again in full: a recycled row element shows another entity's id, or none, at that path.
 */
const rowIds = new WeakMap<Element, RowIds>();

function stillCarried(cached: RowIds, row: TableRow, known: ReadonlySet<string>): boolean {
  const { elements } = row;
  if (cached.known !== known || cached.elements.length !== elements.length) return false;
  for (let i = 0; i < elements.length; i += 1) {
    const element = elements[i] as Element;
    if (element !== cached.elements[i]) return false;
    const props = reactPropsOf(element);
    if (props === cached.props[i]) continue;
    // Re-rendered: the row still shows its entity only if it carried one id, and each
    // element that carried it still does, where it did.
    if (cached.ids.length !== 1 || cached.exhausted) return false;
    const carrier = cached.carriers[i];
    if (carrier && !stillThere(carrier, props) && searchElement(element, known) !== carrier) {
      return false;
    }
    cached.props[i] = props;
  }
  return true;
}

function idsOfRow(
  row: TableRow,
  known: ReadonlySet<string>,
): { ids: string[]; exhausted: boolean } {
  const first = row.elements[0];
  const cached = first ? rowIds.get(first) : undefined;
  if (cached && stillCarried(cached, row, known)) return cached;
  const found = searchRow(row, known);
  if (first) {
    rowIds.set(first, {
      ...found,
      elements: row.elements,
      props: row.elements.map(reactPropsOf),
      carriers: row.elements.map((element) => {
        const search = searches.get(element);
        return search && search.result.ids.length + search.attributeIds.length > 0 ? search : null;
      }),
      known,
    });
  }
  return found;
}

/**
 * The known ids a row carries. The row's own elements come first: their props usually hold
 * the rendered subtree's props too, so one id there settles it. Only otherwise are the
 * elements inside searched (ids in a link's target or an inner element's attributes).
 */
function searchRow(
  row: TableRow,
  known: ReadonlySet<string>,
): { ids: string[]; exhausted: boolean } {
  const carriers = new Map<string, number>();
  let exhausted = false;
  const visit = (elements: readonly Element[]) => {
    for (const element of elements) {
      const search = searchElement(element, known);
      exhausted ||= search.result.exhausted;
      for (const id of new Set([...search.result.ids, ...search.attributeIds])) {
        carriers.set(id, (carriers.get(id) ?? 0) + 1);
      }
    }
  };
  visit(row.elements);
  if (carriers.size !== 1 || exhausted) visit(innerElements(row));
  const ids = [...carriers.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  return { ids: ids.slice(0, 8), exhausted };
}

function textsOfRow(row: TableRow): string[] {
  const texts: string[] = [];
  for (const element of row.elements) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text.length > 0) texts.push(text.slice(0, TEXT_MAX));
      if (texts.length >= TEXTS_PER_ROW) return texts;
    }
  }
  return texts;
}

/** Controls by tag and role: a badge must not cover them (their insides need no reading). */
const CONTROL_TAGS = new Set(['input', 'button', 'select', 'textarea', 'svg', 'img', 'canvas']);
const CONTROL_ROLES = new Set(['switch', 'button', 'checkbox']);

function isControl(element: Element): boolean {
  const role = element.getAttribute('role');
  return CONTROL_TAGS.has(element.localName) || (role !== null && CONTROL_ROLES.has(role));
}

/**
 * What in one of the row's elements a badge must not cover: every piece of text, every
 * control, and every element drawn without text (icons, switches, swatches), as horizontal
 * spans added to `taken`. One walk: a control or an empty leaf is taken whole, its insides
 * (an icon's paths) skipped.
 */
function takeSpansOf(
  element: Element,
  rowHeight: number,
  range: Range,
  taken: Array<[number, number]>,
): void {
  const takeBox = (drawn: Element) => {
    const box = drawn.getBoundingClientRect();
    // A leaf as tall as the row is a cell's background, not something drawn in it.
    if (box.width > 0 && box.height > 0 && box.height < rowHeight * 0.9) {
      taken.push([box.left, box.right]);
    }
  };
  const drawnWhole = (candidate: Element) =>
    isControl(candidate) || (candidate.childElementCount === 0 && !candidate.textContent?.trim());
  const walk = (parent: Element) => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (!(node.textContent ?? '').trim()) continue;
        range.selectNodeContents(node);
        for (const box of range.getClientRects()) taken.push([box.left, box.right]);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const inner = node as Element;
        if (drawnWhole(inner)) takeBox(inner);
        else walk(inner);
      }
    }
  };
  if (drawnWhole(element)) takeBox(element);
  else walk(element);
}

/**
 * The one Range the reads measure text with. The browser keeps every live Range of a document
 * up to date on every removal of a node anywhere in it, until the Range is collected: a new
 * one per row read left hundreds alive while a list scrolled, and each row the page took out
 * (and each badge we did) paid for all of them. This one is put back at the document's start
 * after each use, holding on to no node of the page.
 */
let sharedRange: Range | null = null;

function textRange(): Range {
  sharedRange ??= document.createRange();
  return sharedRange;
}

function releaseTextRange(): void {
  sharedRange?.setStart(document, 0);
  sharedRange?.collapse(true);
}

/** The free spans from `left` to `right`, at least MIN_GAP_PX wide, among the taken ones. */
function freeBetween(
  taken: ReadonlyArray<[number, number]>,
  left: number,
  right: number,
): Array<[number, number]> {
  const sorted = [...taken].sort((a, b) => a[0] - b[0]);
  const gaps: Array<[number, number]> = [];
  let cursor = left;
  for (const [start, end] of sorted) {
    if (start - cursor >= MIN_GAP_PX) gaps.push([cursor, Math.min(start, right)]);
    cursor = Math.max(cursor, end);
    if (cursor >= right) break;
  }
  if (right - cursor >= MIN_GAP_PX) gaps.push([cursor, right]);
  return gaps.filter(([a, b]) => b - a >= MIN_GAP_PX);
}

/**
 * The row's free spans within [left, right], reading its elements from the row's start (the
 * left, or the right when it reads right to left). A badge sits in the first span from the
 * start that holds it (badge-placement.ts), so once the elements read so far leave a span at
 * least `room` wide (the widest badge with its margins) before the next element begins, the
 * rest of the row cannot change where the badge goes: reading it is skipped. Reading every
 * piece of text of every row scrolling into view was the largest part of a read while a list
 * scrolls. A row that is one element (a row wrapper) is read whole.
 */
export function freeSpans(
  row: TableRow,
  left: number,
  right: number,
  room: number | null,
  rtl = false,
): Array<[number, number]> {
  const range = textRange();
  try {
    const rowHeight = row.rect.bottom - row.rect.top;
    const order = row.elements
      .map((element, i) => ({
        element,
        left: row.boxes[i]?.left ?? row.rect.left,
        right: row.boxes[i]?.right ?? row.rect.right,
      }))
      .sort((a, b) => (rtl ? b.right - a.right : a.left - b.left));
    const taken: Array<[number, number]> = [];
    for (const [i, { element }] of order.entries()) {
      takeSpansOf(element, rowHeight, range, taken);
      const next = order[i + 1];
      if (room === null || !next) continue;
      const known = rtl
        ? freeBetween(taken, Math.max(next.right, left), right)
        : freeBetween(taken, left, Math.min(next.left, right));
      if (known.some(([a, b]) => b - a >= room)) return known;
    }
    return freeBetween(taken, left, right);
  } finally {
    releaseTextRange();
  }
}

interface CachedGaps {
  elements: readonly Element[];
  /** What the spans were worked out from (see shapeOf). */
  shape: number[];
  room: number | null;
  /** Relative to the row's left edge, so a row that only moved keeps them. */
  gaps: Array<[number, number]>;
  rtl: boolean;
}

const gapCache = new WeakMap<Element, CachedGaps>();

/**
 * What the row's free spans depend on, as numbers: its width, the visible part of the table,
 * and each element's place within the row and what is inside it (its content stamp, or its
 * text's length where changes cannot be followed). Reading every element's text on every
 * frame was the largest part of keeping the spans; building a text of all this per row and
 * frame, the next.
 */
function shapeOf(row: TableRow, viewport: Rect): number[] {
  const { left } = row.rect;
  const shape = [
    Math.round(row.rect.right - left),
    Math.round(viewport.left - left),
    Math.round(viewport.right - left),
  ];
  row.elements.forEach((element, i) => {
    const content = row.contents[i] ?? -1;
    const box = row.boxes[i];
    shape.push(
      content >= 0 ? content : -1 - (element.textContent?.length ?? 0),
      box ? Math.round(box.left - left) : Number.NaN,
      box ? Math.round(box.right - left) : Number.NaN,
    );
  });
  return shape;
}

function sameGaps(cached: CachedGaps, row: TableRow, shape: number[], room: number | null) {
  return (
    cached.room === room &&
    cached.elements.length === row.elements.length &&
    cached.elements.every((element, i) => element === row.elements[i]) &&
    cached.shape.length === shape.length &&
    cached.shape.every((value, i) => value === shape[i])
  );
}

/** Whether the row reads right to left: its own direction, as the page's style sets it. */
function readsRightToLeft(row: TableRow): boolean {
  const first = row.elements[0];
  return first ? getComputedStyle(first).direction === 'rtl' : false;
}

/**
 * Spans of the row, within the visible part of the table, that hold no text or control (at
 * most 8, those nearest the row's start), and which way the row reads.
 */
function gapsOfRow(
  row: TableRow,
  viewport: Rect,
  room: number | null,
): { gaps: Array<[number, number]>; rtl: boolean } {
  const first = row.elements[0];
  const shape = shapeOf(row, viewport);
  const cached = first ? gapCache.get(first) : undefined;
  let relative: Array<[number, number]>;
  let rtl: boolean;
  if (cached && sameGaps(cached, row, shape, room)) {
    relative = cached.gaps;
    rtl = cached.rtl;
  } else {
    // Read with the spans, for rows entering the view only: a row's direction comes with its
    // page's language, and a row whose elements are replaced is read again anyway.
    rtl = readsRightToLeft(row);
    const left = Math.max(row.rect.left, viewport.left);
    const right = Math.min(row.rect.right, viewport.right);
    const spans = freeSpans(row, left, right, room, rtl);
    relative = (rtl ? spans.slice(-8) : spans.slice(0, 8)).map(([a, b]) => [
      a - row.rect.left,
      b - row.rect.left,
    ]);
    if (first) gapCache.set(first, { elements: row.elements, shape, room, gaps: relative, rtl });
  }
  return { gaps: relative.map(([a, b]) => [a + row.rect.left, b + row.rect.left]), rtl };
}

/**
 * Where the last read found the table. While it is still in the page, the next reads look
 * only inside it, and the whole page is searched again every second (a second table, or a
 * bigger one, may have appeared).
 */
let lastScope: { scope: Element; at: number } | null = null;
const WHOLE_PAGE_EVERY_MS = 1_000;

function locate(root: Document, known: KnownEntities, hints: FinderHints, ignore: Element | null) {
  const now = performance.now();
  if (lastScope?.scope.isConnected && now - lastScope.at < WHOLE_PAGE_EVERY_MS) {
    const table = findTable(root, hints, ignore, lastScope.scope);
    if (table) return table;
  }
  let table = findTable(root, hints, ignore);
  // A table rendered in a shadow root is out of the document's queries: look in each.
  for (const shadow of table ? [] : openShadowRoots(root, ignore)) {
    table = findTable(root, hints, ignore, shadow);
    if (table) break;
  }
  table ??= findByNames(root, known.names);
  lastScope = table ? { scope: table.scope, at: now } : null;
  return table;
}

/**
 * The last scan, with what it was made from: the table the finder returned (the same object
 * when the page changed nothing it can see, table-finder.ts), the entities, the room, and
 * the rows it read (the visible ones).
 */
let lastScan: {
  table: FoundTable;
  known: KnownEntities;
  room: number | null;
  read: TableRow[];
  scan: TableScan;
} | null = null;

/**
 * The last scan again when the table is the one it was made from and every element of the
 * rows it read still has the props its ids were found or confirmed in (rowIds): a re-render
 * that gave a row new props may have given it another entity, and is read as every read is.
 */
function sameAsLastScan(table: FoundTable, known: KnownEntities, room: number | null) {
  const last = lastScan;
  if (!last || last.table !== table || last.known !== known || last.room !== room) return null;
  for (const row of last.read) {
    const cached = row.elements[0] ? rowIds.get(row.elements[0]) : undefined;
    if (!cached || cached.elements.length !== row.elements.length) return null;
    for (let i = 0; i < row.elements.length; i += 1) {
      const element = row.elements[i] as Element;
      if (cached.elements[i] !== element || cached.props[i] !== reactPropsOf(element)) return null;
    }
  }
  return last.scan;
}

/**
 * Read the table. `room`: the widest badge with its margins, in px, when the isolated side
 * knows it (free spans beyond the first that wide are then not looked for); null reads every
 * row's free spans in full.
 */
export function scanTable(
  root: Document,
  known: KnownEntities,
  hints: FinderHints,
  ignore: Element | null = null,
  room: number | null = null,
): TableScan {
  const table = locate(root, known, hints, ignore);
  if (!table) {
    lastScan = null;
    return { table: false, strategy: null, viewport: null, origin: null, rows: [] };
  }
  const same = sameAsLastScan(table, known, room);
  if (same) return same;
  const { viewport, origin } = table;
  const rows: ScannedRow[] = [];
  const read: TableRow[] = [];
  for (const row of table.rows) {
    const middle = (row.rect.top + row.rect.bottom) / 2;
    // Rows outside the visible window are clipped by the page; they get no badge.
    if (middle < viewport.top || middle > viewport.bottom) continue;
    read.push(row);
    const { ids, exhausted } = idsOfRow(row, known.ids);
    rows.push({
      ...row.rect,
      ids,
      exhausted,
      texts: ids.length === 1 && !exhausted ? null : textsOfRow(row),
      checked: row.checked,
      ...gapsOfRow(row, viewport, room),
    });
  }
  const scan: TableScan = { table: true, strategy: table.strategy, viewport, origin, rows };
  lastScan = { table, known, room, read, scan };
  return scan;
}
