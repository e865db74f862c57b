import {
  KNOWN_ENTITIES,
  type KnownEntitiesMessage,
  SAMPLE_REQUEST,
  SAMPLE_RESULT,
  SameScanSchema,
  SCAN_REQUEST,
  SCAN_RESULT,
  type ScanAnswer,
  ScanMessageSchema,
  type ScannedRow,
} from './bridge-protocol';

/**
 * The isolated half of the bridge to the page-world script. Dispatching a DOM event runs its
 * listeners synchronously, so an answer is there when dispatchEvent returns. Objects do not
 * cross between the two worlds: everything travels as JSON strings.
 */

/**
 * The answer to the request being asked, by its result event (the last one sent while the
 * request was out). One listener per kind of result, added once: adding and removing one
 * around each of a scroll's reads cost more than the rest of asking.
 */
const answers = new Map<string, unknown>();
const asking = new Set<string>();

function listenFor(result: string): void {
  if (answers.has(result)) return;
  answers.set(result, null);
  document.addEventListener(result, (event) => {
    // A result sent while no request is out is no answer.
    if (asking.has(result)) answers.set(result, (event as CustomEvent<unknown>).detail);
  });
}

function ask(request: string, result: string, detail: unknown): unknown {
  listenFor(result);
  answers.set(result, null);
  asking.add(result);
  try {
    document.dispatchEvent(new CustomEvent(request, { detail: JSON.stringify(detail) }));
  } finally {
    asking.delete(result);
  }
  const raw = answers.get(result);
  answers.set(result, null);
  if (typeof raw !== 'string') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

/** Tell the page-world script which ids and names to look for, and the hints in force. */
export function sendKnownEntities(message: KnownEntitiesMessage): void {
  document.dispatchEvent(new CustomEvent(KNOWN_ENTITIES, { detail: JSON.stringify(message) }));
}

/**
 * The last answer, returned again (the same object) while the page says nothing moved, with
 * its rows as sent (relative to the origin): the next answer may refer to them by place.
 */
let held: { seq: number; answer: ScanAnswer; sent: ScannedRow[] } | null = null;

/** The room the widest badge needs (its width and margins), sent with each read; null: unknown. */
let badgeRoom: number | null = null;

/**
 * Tell the reads how much room the widest badge needs: the page-world script then stops
 * looking for free space in a row once it found that much (table-scan.ts). Only grows: a
 * narrower badge later fits in room found for a wider one.
 */
export function needBadgeRoom(px: number): void {
  if (Number.isFinite(px) && px > 0 && (badgeRoom === null || px > badgeRoom)) badgeRoom = px;
}

/**
 * Read the table now; null when the page-world script is missing or answered nonsense. When
 * the table is exactly as in the answer held, the answer held is returned: the same object,
 * which tells the row reader that nothing changed.
 */
export function requestScan(): ScanAnswer | null {
  const answer = scanOnce();
  // An answer referring to rows of one the script does not hold (another asker moved the
  // page's number on in between): ask again for every row.
  if (answer === 'ask-again') {
    held = null;
    const again = scanOnce();
    return again === 'ask-again' ? null : again;
  }
  return answer;
}

function scanOnce(): ScanAnswer | null | 'ask-again' {
  const raw = ask(SCAN_REQUEST, SCAN_RESULT, { held: held?.seq ?? null, room: badgeRoom });
  // Which of the two kinds of answer it is decides which schema checks it: trying one and
  // then the other cost a failed check (and its error) per frame.
  if (typeof raw === 'object' && raw !== null && 'same' in raw) {
    const same = SameScanSchema.safeParse(raw);
    if (!same.success) held = null;
    return same.success && held && same.data.same === held.seq ? held.answer : null;
  }
  const parsed = ScanMessageSchema.safeParse(raw);
  if (!parsed.success) {
    held = null;
    return null;
  }
  const message = parsed.data;
  const base = message.base === null ? null : held?.seq === message.base ? held.sent : undefined;
  if (base === undefined) return 'ask-again';
  const sent: ScannedRow[] = [];
  for (const place of message.order) {
    const resolved = place >= 0 ? base?.[place] : message.rows[-1 - place];
    if (!resolved) return 'ask-again';
    sent.push(resolved);
  }
  const origin = message.origin ?? { top: 0, left: 0 };
  const answer: ScanAnswer = {
    table: message.table,
    strategy: message.strategy,
    viewport: message.viewport,
    origin: message.origin,
    rows: sent.map((row) => onScreen(row, origin)),
    pageRange: message.pageRange,
    tookMs: message.tookMs,
  };
  held = { seq: message.seq, answer, sent };
  return answer;
}

/** A row as sent (relative to the table body's corner), where it is on screen. */
function onScreen(row: ScannedRow, origin: { top: number; left: number }): ScannedRow {
  return {
    ...row,
    top: row.top + origin.top,
    bottom: row.bottom + origin.top,
    left: row.left + origin.left,
    right: row.right + origin.left,
    gaps: row.gaps.map(([a, b]) => [a + origin.left, b + origin.left]),
  };
}

/**
 * A sanitized layout sample of the page (checked by the companion server's schema when it is
 * sent), with what the extension concluded about each visible row.
 */
export function requestLayoutSample(
  rows: ReadonlyArray<{ top: number; bottom: number; id: string | null; reason: string }>,
): unknown {
  return ask(SAMPLE_REQUEST, SAMPLE_RESULT, { rows });
}
