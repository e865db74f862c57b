import { idsInText, reactPropsOf } from './id-search';
import { type StickySide, stickySide } from './sticky-side';
import { type FinderHints, findByNames, findTable } from './table-finder';
import type { KnownEntities } from './table-scan';

/**
 * A sanitized skeleton of the Ads Manager table region, for admins: tags, classes, geometry,
 * attribute names and the key paths of React props, with every id and name the extension
 * knows replaced by a stable placeholder (ID_1, NAME_1, …) and no other text at all. Staff
 * can see the real page and we cannot; this is how its structure reaches a maintainer,
 * who turns it into a test fixture (npm run layout:fixture).
 *
 * The shape is the companion server's LayoutSample (contract/page-layout.ts); the server
 * checks it again and refuses anything that still looks like a raw id.
 */

const MAX_NODES = 8_000;
const MAX_PROPS_PATHS = 64;
const PROPS_BUDGET = 1_500;
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'LINK', 'META']);
const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;
const TAG = /^[a-z][a-z0-9-]*$/;
const LONG_DIGITS = /\d{10,}/g;
const HAS_LONG_DIGITS = /\d{10,}/;
const POSITIONS = ['static', 'relative', 'absolute', 'fixed', 'sticky'] as const;
const OVERFLOWS = ['visible', 'hidden', 'auto', 'scroll', 'clip'] as const;

export interface SampleNode {
  i: number;
  p: number | null;
  tag: string;
  classes: string[];
  attrs: Array<{ name: string; tokens: string[] }>;
  rect: [number, number, number, number];
  style: {
    position: (typeof POSITIONS)[number];
    overflowY: (typeof OVERFLOWS)[number];
    transformed: boolean;
    /** For `position: sticky`: whether it sticks to the top (a header) or a side (a frozen column). */
    stuck?: StickySide;
  };
  text: string[];
  hasText: boolean;
  checked: boolean | null;
  props: Array<{ path: string[]; token: string }>;
}

export interface CapturedSample {
  version: 1;
  viewport: { width: number; height: number };
  nodes: SampleNode[];
  reading: {
    tableFound: boolean;
    rows: Array<{ top: number; bottom: number; token: string | null; reason: string }>;
  };
  placeholders: { ids: number; names: number };
}

/** What the isolated side concluded per visible row, sent along with the request. */
export interface RowConclusion {
  top: number;
  bottom: number;
  id: string | null;
  reason: string;
}

/**
 * An entity's id and name share one number (ID_3 and NAME_3), so a fixture can pair them. A
 * name several entities share takes the number of the first of them met; the fixture then
 * knows it as that entity's name only (a sample cannot say more without the names' text).
 */
class Placeholders {
  readonly ids = new Map<string, string>();
  readonly names = new Map<string, string>();
  private readonly numbers = new Map<string, number>();
  constructor(private readonly known: KnownEntities) {}

  private numberOf(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(id, n);
    }
    return n;
  }

  id(id: string): string {
    let token = this.ids.get(id);
    if (!token) {
      token = `ID_${this.numberOf(id)}`;
      this.ids.set(id, token);
    }
    return token;
  }

  name(name: string): string {
    let token = this.names.get(name);
    if (!token) {
      const owners = this.known.idsByName.get(name) ?? [];
      const numbered = owners.find((id) => this.numbers.has(id)) ?? owners[0];
      token = `NAME_${numbered ? this.numberOf(numbered) : this.numbers.size + 1}`;
      this.names.set(name, token);
    }
    return token;
  }

  /** Placeholders for what a text is or contains; whether anything else was in it. */
  tokensOf(text: string): { tokens: string[]; other: boolean } {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    if (trimmed.length === 0) return { tokens: [], other: false };
    if (this.known.names.has(trimmed)) return { tokens: [this.name(trimmed)], other: false };
    const ids = idsInText(trimmed, this.known.ids);
    return { tokens: ids.map((id) => this.id(id)), other: ids.join('') !== trimmed };
  }
}

const half = (value: number) => Math.round(value * 2) / 2;

/** No class, key or tag may carry an id-like number out: they are replaced by "N". */
const scrub = (value: string) => value.replace(LONG_DIGITS, 'N');

function propsPaths(
  props: unknown,
  placeholders: Placeholders,
  known: KnownEntities,
): Array<{ path: string[]; token: string }> {
  if (props === null || typeof props !== 'object') return [];
  const found: Array<{ path: string[]; token: string }> = [];
  const seen = new Set<object>();
  const queue: Array<{ value: object; path: string[] }> = [{ value: props, path: [] }];
  for (let head = 0; head < queue.length && seen.size < PROPS_BUDGET; head += 1) {
    const { value, path } = queue[head] as { value: object; path: string[] };
    if (seen.has(value) || value instanceof Node) continue;
    seen.add(value);
    for (const key of Object.keys(value)) {
      if (key === '_owner' || key === '_store' || key.startsWith('__react')) continue;
      let child: unknown;
      try {
        child = (value as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      const next = [...path, scrub(key).slice(0, 80)];
      if (typeof child === 'string') {
        const token = known.ids.has(child)
          ? placeholders.id(child)
          : known.names.has(child.trim())
            ? placeholders.name(child.trim())
            : null;
        if (token && next.length <= 40) found.push({ path: next, token });
        if (found.length >= MAX_PROPS_PATHS) return found;
      } else if (child !== null && typeof child === 'object') {
        queue.push({ value: child, path: next });
      }
    }
  }
  return found;
}

function describe(
  element: Element,
  parent: number | null,
  index: number,
  placeholders: Placeholders,
  known: KnownEntities,
): SampleNode {
  const rect = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const attrs: SampleNode['attrs'] = [];
  for (const attribute of element.attributes) {
    if (attrs.length >= 32) break;
    if (!ATTRIBUTE_NAME.test(attribute.name) || HAS_LONG_DIGITS.test(attribute.name)) continue;
    const tokens =
      attribute.name === 'class' || attribute.name === 'style'
        ? []
        : placeholders.tokensOf(attribute.value).tokens.slice(0, 8);
    attrs.push({ name: attribute.name.slice(0, 60), tokens });
  }
  const text: string[] = [];
  let hasText = false;
  for (const child of element.childNodes) {
    if (child.nodeType !== Node.TEXT_NODE) continue;
    const { tokens, other } = placeholders.tokensOf(child.textContent ?? '');
    text.push(...tokens);
    hasText ||= other;
  }
  const tag = element.tagName.toLowerCase();
  const position = POSITIONS.find((p) => p === style.position) ?? 'static';
  const overflowY = OVERFLOWS.find((o) => o === style.overflowY) ?? 'visible';
  const role = element.getAttribute('role');
  const checked =
    element instanceof HTMLInputElement && element.type === 'checkbox'
      ? element.checked
      : role === 'checkbox'
        ? element.getAttribute('aria-checked') === 'true'
        : null;
  return {
    i: index,
    p: parent,
    tag: TAG.test(tag) ? tag.slice(0, 60) : 'unknown',
    classes: [...element.classList].slice(0, 24).map((c) => scrub(c).slice(0, 120)),
    attrs,
    rect: [half(rect.left), half(rect.top), half(rect.width), half(rect.height)],
    style: {
      position,
      overflowY,
      transformed: style.transform !== 'none' && style.transform !== '',
      ...(position === 'sticky' ? { stuck: stickySide(style) } : {}),
    },
    text: text.slice(0, 8),
    hasText,
    checked,
    props: propsPaths(reactPropsOf(element), placeholders, known),
  };
}

/** The captured region: the table with a few levels of its surroundings, else the whole page. */
function regionOf(
  document: Document,
  known: KnownEntities,
  hints: FinderHints,
  ignore: Element | null,
): { root: Element; found: boolean } {
  const table = findTable(document, hints, ignore) ?? findByNames(document, known.names);
  if (!table) return { root: document.body, found: false };
  let root: Element = table.body;
  for (
    let hops = 0;
    hops < 4 && root.parentElement && root.parentElement !== document.body;
    hops += 1
  ) {
    root = root.parentElement;
  }
  return { root, found: true };
}

export function captureLayoutSample(
  document: Document,
  known: KnownEntities,
  hints: FinderHints,
  ignore: Element | null,
  conclusions: readonly RowConclusion[] = [],
): CapturedSample {
  const placeholders = new Placeholders(known);
  const { root, found } = regionOf(document, known, hints, ignore);
  const nodes: SampleNode[] = [];
  // Breadth first, so a page too big for the limit still yields its outer structure.
  const queue: Array<{ element: Element; parent: number | null }> = [
    { element: root, parent: null },
  ];
  for (let head = 0; head < queue.length && nodes.length < MAX_NODES; head += 1) {
    const { element, parent } = queue[head] as { element: Element; parent: number | null };
    if (SKIPPED_TAGS.has(element.tagName) || element === ignore) continue;
    const index = nodes.length;
    nodes.push(describe(element, parent, index, placeholders, known));
    if (element.tagName === 'svg' || element.tagName === 'SVG') continue;
    for (const child of element.children) queue.push({ element: child, parent: index });
  }
  return {
    version: 1,
    viewport: { width: window.innerWidth, height: window.innerHeight },
    nodes,
    reading: {
      tableFound: found,
      rows: conclusions.slice(0, 500).map((row) => ({
        top: half(row.top),
        bottom: half(row.bottom),
        token: row.id ? placeholders.id(row.id) : null,
        reason: row.reason.slice(0, 40),
      })),
    },
    placeholders: { ids: placeholders.ids.size, names: placeholders.names.size },
  };
}
