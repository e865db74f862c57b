import type { Level } from '../../companion-server/src/contract/ads-manager';
import { SCAN_REQUEST, SCAN_RESULT, type ScanAnswer, ScanAnswerSchema } from './bridge-protocol';

/**
 * The isolated half: ask the page-world script for the rows now. Dispatching a DOM event
 * runs its listeners synchronously, so the answer is there when dispatchEvent returns.
 * Returns null when the page-world script is missing or answered nonsense.
 */
export function requestScan(level: Level): ScanAnswer | null {
  let raw: unknown = null;
  const listener = (event: Event) => {
    raw = (event as CustomEvent<unknown>).detail;
  };
  document.addEventListener(SCAN_RESULT, listener);
  try {
    document.dispatchEvent(new CustomEvent(SCAN_REQUEST, { detail: JSON.stringify({ level }) }));
  } finally {
    document.removeEventListener(SCAN_RESULT, listener);
  }
  if (typeof raw !== 'string') return null;
  try {
    const parsed = ScanAnswerSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
