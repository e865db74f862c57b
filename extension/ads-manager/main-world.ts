import {
  KNOWN_ENTITIES,
  SAMPLE_REQUEST,
  SAMPLE_RESULT,
  SCAN_REQUEST,
  SCAN_RESULT,
} from './bridge-events';
import { captureLayoutSample, type RowConclusion } from './layout-capture';
import { rangeOfRequest } from './page-range';
import { type KnownEntities, type ScannedRow, scanTable, type TableScan } from './table-scan';

/**
 * The page-world half. It answers the isolated content script's requests (read the table,
 * capture a layout sample) with plain JSON, and notes the date range of the page's own list
 * requests (read-only: requests are looked at, never changed, delayed or replayed).
 *
 * What the isolated side sends is checked here too, loosely: the page's scripts share this
 * world and can dispatch the same events.
 */

const ID = /^\d{10,20}$/;
const MAX_KNOWN = 20_000;

let known: KnownEntities = { ids: new Set(), names: new Set(), idsByName: new Map() };
let hints = { table: [] as string[], rowCheckbox: [] as string[] };
let listUrlSubstrings: string[] = ['/api/v2/i18n/', '/api/v3/i18n/'];
let pageRange: { start: string; end: string } | null = null;

function strings(value: unknown, limit: number, test?: RegExp): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is string => typeof item === 'string' && (!test || test.test(item)))
    .slice(0, limit);
}

function onKnownEntities(detail: unknown): void {
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(String(detail)) as Record<string, unknown>;
  } catch {
    return;
  }
  const hinted = (message.hints ?? {}) as Record<string, unknown>;
  // The two lists are parallel: the n-th name is the n-th id's.
  const ids = Array.isArray(message.ids) ? message.ids.slice(0, MAX_KNOWN) : [];
  const names = Array.isArray(message.names) ? message.names.slice(0, MAX_KNOWN) : [];
  const idsByName = new Map<string, string[]>();
  ids.forEach((id: unknown, index: number) => {
    const name = names[index];
    if (typeof id !== 'string' || !ID.test(id) || typeof name !== 'string') return;
    const key = name.trim();
    idsByName.set(key, [...(idsByName.get(key) ?? []), id]);
  });
  known = {
    ids: new Set([...idsByName.values()].flat()),
    names: new Set(idsByName.keys()),
    idsByName,
  };
  hints = { table: strings(hinted.table, 20), rowCheckbox: strings(hinted.rowCheckbox, 20) };
  const substrings = strings(hinted.listUrlSubstrings, 20);
  if (substrings.length > 0) listUrlSubstrings = substrings;
}

function notePageRange(url: string, body: unknown): void {
  if (!listUrlSubstrings.some((part) => url.includes(part))) return;
  const range = rangeOfRequest(url, typeof body === 'string' ? body : null);
  if (range) pageRange = range;
}

function requestUrl(input: unknown): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  if (input instanceof Request) return input.url;
  return '';
}

function watchListRequests(): void {
  const originalFetch = window.fetch;
  window.fetch = function watchedFetch(this: unknown, ...args: Parameters<typeof fetch>) {
    try {
      notePageRange(requestUrl(args[0]), args[1]?.body);
    } catch {
      // Reading the request must never break the page's own call.
    }
    return originalFetch.apply(this, args);
  };
  const originalOpen = XMLHttpRequest.prototype.open;
  const originalSend = XMLHttpRequest.prototype.send;
  const urls = new WeakMap<XMLHttpRequest, string>();
  XMLHttpRequest.prototype.open = function watchedOpen(this: XMLHttpRequest, ...args: unknown[]) {
    urls.set(this, String(args[1]));
    return (originalOpen as (...a: unknown[]) => void).apply(this, args);
  } as typeof XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.send = function watchedSend(this: XMLHttpRequest, body) {
    try {
      notePageRange(urls.get(this) ?? '', body);
    } catch {
      // As above: never in the page's way.
    }
    return originalSend.call(this, body);
  };
}

function conclusionsOf(detail: unknown): RowConclusion[] {
  let rows: unknown;
  try {
    rows = (JSON.parse(String(detail)) as { rows?: unknown }).rows;
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  return rows
    .slice(0, 500)
    .flatMap((row: Record<string, unknown>) =>
      typeof row?.top === 'number' &&
      typeof row.bottom === 'number' &&
      typeof row.reason === 'string' &&
      (row.id === null || (typeof row.id === 'string' && ID.test(row.id)))
        ? [{ top: row.top, bottom: row.bottom, id: row.id as string | null, reason: row.reason }]
        : [],
    );
}

/**
 * The last answer sent, and its number. A scroll has many frames in which nothing in the
 * table moved: then the isolated script, which says which answer it holds, is told "the same
 * as answer n" and spared parsing, checking and interpreting it again. In the frames in which
 * rows move, most rows only moved with the table's body: rows are sent relative to the body's
 * corner (the answer's origin), and a row exactly as in the answer the isolated script holds
 * is sent as its place in that answer's rows (the message's `order`, bridge-protocol.ts).
 * Only the rows entering the view, or changed, are sent whole (and parsed and checked
 * there). Any script of the page can ask too; an answer it got moves the number on, and the
 * isolated script, asking about an older one, is sent every row whole again.
 */
let lastAnswer: {
  seq: number;
  key: string;
  rows: Map<string, number>;
  /** The scan and page range it was made from: the same scan again is the same answer. */
  scan: TableScan | null;
  pageRange: { start: string; end: string } | null;
} = {
  seq: 0,
  key: '',
  rows: new Map(),
  scan: null,
  pageRange: null,
};

/** Relative places are rounded to 1/64 px (Chrome's layout unit): the same row, the same text. */
const rel = (value: number, from: number) => Math.round((value - from) * 64) / 64;

/** A row as sent: relative to the origin, so that a row that only moved with the body is unchanged. */
function rowJson(row: ScannedRow, origin: { top: number; left: number }): string {
  return JSON.stringify({
    ...row,
    top: rel(row.top, origin.top),
    bottom: rel(row.bottom, origin.top),
    left: rel(row.left, origin.left),
    right: rel(row.right, origin.left),
    gaps: row.gaps.map(([a, b]) => [rel(a, origin.left), rel(b, origin.left)]),
  });
}

/** The answer to one scan request, as the text of its event's detail. */
export function answerOf(scan: TableScan, held: number | null, tookMs: number): string {
  const time = JSON.stringify(tookMs);
  // The very scan answered last (the table reader found nothing changed): nothing to compare.
  if (scan === lastAnswer.scan && pageRange === lastAnswer.pageRange && held === lastAnswer.seq) {
    return `{"same":${lastAnswer.seq},"tookMs":${time}}`;
  }
  const origin = scan.origin ?? { top: 0, left: 0 };
  const rows = scan.rows.slice(0, 300).map((row) => rowJson(row, origin));
  const { table, strategy, viewport } = scan;
  const head = JSON.stringify({ table, strategy, viewport, origin: scan.origin, pageRange });
  const key = `${head}${rows.join(',')}`;
  if (key === lastAnswer.key && held === lastAnswer.seq) {
    lastAnswer.scan = scan;
    lastAnswer.pageRange = pageRange;
    return `{"same":${lastAnswer.seq},"tookMs":${time}}`;
  }
  const base = held === lastAnswer.seq && lastAnswer.seq > 0 ? lastAnswer : null;
  const whole: string[] = [];
  const order = rows.map((json) => base?.rows.get(json) ?? -1 - (whole.push(json) - 1));
  lastAnswer = {
    seq: lastAnswer.seq + 1,
    key,
    rows: new Map(rows.map((json, i) => [json, i])),
    scan,
    pageRange,
  };
  return `{"seq":${lastAnswer.seq},"base":${base ? base.seq : null},"tookMs":${time},${head.slice(1, -1)},"rows":[${whole.join(',')}],"order":[${order.join(',')}]}`;
}

/**
 * What the isolated script says with its request: the answer it holds (see lastAnswer) and
 * the room its widest badge needs (see scanTable), each null when missing or not a plain number.
 */
function scanRequest(detail: unknown): { held: number | null; room: number | null } {
  let parsed: { held?: unknown; room?: unknown } | null = null;
  try {
    parsed = JSON.parse(String(detail)) as { held?: unknown; room?: unknown } | null;
  } catch {
    return { held: null, room: null };
  }
  const held = parsed?.held;
  const room = parsed?.room;
  return {
    held: typeof held === 'number' ? held : null,
    room:
      typeof room === 'number' && Number.isFinite(room) && room > 0 && room <= MAX_ROOM_PX
        ? room
        : null,
  };
}

/** No badge is wider than this; a larger "room" is nonsense, and spans are read in full. */
const MAX_ROOM_PX = 2_000;

/**
 * Our own overlay's host: its contents are never part of the page's table. Kept while it is
 * in the page: looking it up in the whole document on every read cost more than a few rows.
 */
let host: Element | null = null;

function ownHost(): Element | null {
  if (!host?.isConnected) host = document.querySelector('bayme-ads-toolkit');
  return host;
}

export function installMainWorldBridge(): void {
  watchListRequests();
  document.addEventListener(KNOWN_ENTITIES, (event) =>
    onKnownEntities((event as CustomEvent<unknown>).detail),
  );
  document.addEventListener(SCAN_REQUEST, (event) => {
    const started = performance.now();
    const request = scanRequest((event as CustomEvent<unknown>).detail);
    const scan = scanTable(document, known, hints, ownHost(), request.room);
    const detail = answerOf(scan, request.held, performance.now() - started);
    document.dispatchEvent(new CustomEvent(SCAN_RESULT, { detail }));
  });
  document.addEventListener(SAMPLE_REQUEST, (event) => {
    const sample = captureLayoutSample(
      document,
      known,
      hints,
      ownHost(),
      conclusionsOf((event as CustomEvent<unknown>).detail),
    );
    document.dispatchEvent(new CustomEvent(SAMPLE_RESULT, { detail: JSON.stringify(sample) }));
  });
}
