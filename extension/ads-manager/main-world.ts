import type { Level } from '../../companion-server/src/contract/ads-manager';
import { SCAN_REQUEST, SCAN_RESULT } from './bridge-events';
import type { ScanAnswer } from './bridge-protocol';
import { rowsInListResponse, scanRows } from './row-scan';

/**
 * The page-world half: answers scan requests, and keeps what the page's own list responses
 * said (read-only: responses are cloned and read, never changed or replayed).
 */
const LEVELS: Level[] = ['campaign', 'adgroup', 'ad'];
const MAX_LIST_ROWS = 20_000;
const listRows = new Map<Level, Map<string, string>>(LEVELS.map((level) => [level, new Map()]));

function remember(json: unknown): void {
  for (const level of LEVELS) {
    const known = listRows.get(level);
    if (!known) continue;
    for (const row of rowsInListResponse(json, level)) {
      if (known.size >= MAX_LIST_ROWS) known.delete(known.keys().next().value ?? '');
      known.set(row.id, row.name);
    }
  }
}

/** Only the page's list endpoints are read. */
const LIST_URL = /\/api\/v\d+\/i18n\/.*list/;

function watchListResponses(): void {
  const originalFetch = window.fetch;
  window.fetch = async function watchedFetch(this: unknown, ...args: Parameters<typeof fetch>) {
    const response = await originalFetch.apply(this, args);
    const url =
      typeof args[0] === 'string' ? args[0] : args[0] instanceof URL ? args[0].href : args[0].url;
    if (LIST_URL.test(url)) {
      response
        .clone()
        .json()
        .then(remember, () => undefined);
    }
    return response;
  };
  const originalOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function watchedOpen(this: XMLHttpRequest, ...args: unknown[]) {
    const url = String(args[1]);
    if (LIST_URL.test(url)) {
      this.addEventListener('load', () => {
        try {
          remember(JSON.parse(this.responseText));
        } catch {
          // Not JSON: nothing to learn from it.
        }
      });
    }
    return (originalOpen as (...a: unknown[]) => void).apply(this, args);
  } as typeof XMLHttpRequest.prototype.open;
}

export function installMainWorldBridge(): void {
  watchListResponses();
  document.addEventListener(SCAN_REQUEST, (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    let level: Level;
    try {
      const parsed = JSON.parse(String(detail)) as { level?: unknown };
      if (!LEVELS.includes(parsed.level as Level)) return;
      level = parsed.level as Level;
    } catch {
      return;
    }
    const scan = scanRows(document, level);
    const answer: ScanAnswer = {
      ...scan,
      rows: scan.rows.slice(0, 500),
      listRows: [...(listRows.get(level) ?? new Map())].map(([id, name]) => ({ id, name })),
    };
    document.dispatchEvent(new CustomEvent(SCAN_RESULT, { detail: JSON.stringify(answer) }));
  });
}
