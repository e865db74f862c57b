import {
  KNOWN_ENTITIES,
  type KnownEntitiesMessage,
  SAMPLE_REQUEST,
  SAMPLE_RESULT,
  SCAN_REQUEST,
  SCAN_RESULT,
  type ScanAnswer,
  ScanAnswerSchema,
} from './bridge-protocol';

/**
 * The isolated half of the bridge to the page-world script. Dispatching a DOM event runs its
 * listeners synchronously, so an answer is there when dispatchEvent returns. Objects do not
 * cross between the two worlds: everything travels as JSON strings.
 */

function ask(request: string, result: string, detail: unknown): unknown {
  let raw: unknown = null;
  const listener = (event: Event) => {
    raw = (event as CustomEvent<unknown>).detail;
  };
  document.addEventListener(result, listener);
  try {
    document.dispatchEvent(new CustomEvent(request, { detail: JSON.stringify(detail) }));
  } finally {
    document.removeEventListener(result, listener);
  }
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

/** Read the table now; null when the page-world script is missing or answered nonsense. */
export function requestScan(): ScanAnswer | null {
  const parsed = ScanAnswerSchema.safeParse(ask(SCAN_REQUEST, SCAN_RESULT, {}));
  return parsed.success ? parsed.data : null;
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
