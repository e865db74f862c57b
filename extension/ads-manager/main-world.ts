import {
  KNOWN_ENTITIES,
  SAMPLE_REQUEST,
  SAMPLE_RESULT,
  SCAN_REQUEST,
  SCAN_RESULT,
} from './bridge-events';
import { captureLayoutSample, type RowConclusion } from './layout-capture';
import { rangeOfRequest } from './page-range';
import { type KnownEntities, scanTable } from './table-scan';

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
 * The last full answer, as sent (less its timing), and its number. A scroll has many frames in
 * which nothing in the table moved: then the isolated script, which says which answer it holds,
 * is told "the same as answer n" and spared parsing, checking and interpreting it again. Any
 * script of the page can ask too; an answer it got moves the number on, and the isolated
 * script, asking about an older one, is sent the whole answer again.
 */
let lastAnswer: { seq: number; json: string } = { seq: 0, json: '' };

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

/** Our own overlay's host: its contents are never part of the page's table. */
function ownHost(): Element | null {
  return document.querySelector('bayme-ads-toolkit');
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
    const json = JSON.stringify({ ...scan, rows: scan.rows.slice(0, 300), pageRange });
    const tookMs = performance.now() - started;
    let detail: string;
    if (json === lastAnswer.json && request.held === lastAnswer.seq) {
      detail = JSON.stringify({ same: lastAnswer.seq, tookMs });
    } else {
      lastAnswer = { seq: lastAnswer.seq + 1, json };
      // The answer's own text, with its number and timing added in front of its fields.
      detail = `{"seq":${lastAnswer.seq},"tookMs":${JSON.stringify(tookMs)},${json.slice(1)}`;
    }
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
