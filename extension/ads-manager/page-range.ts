/**
 * The date range a request of the page's own asks for, read from its address or its JSON
 * body: Ads Manager's list requests carry the range the table shows, even when the page's
 * address does not (the page keeps it in its own state). Read-only: nothing is changed.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Names seen for the two ends of a range, in the page's requests and the public API. */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['st', 'et'],
  ['start_date', 'end_date'],
  ['startDate', 'endDate'],
  ['start_time', 'end_time'],
];

export interface PageRange {
  start: string;
  end: string;
}

function dateOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // "2026-11-30 00:00:00" names the same day as "2026-11-30".
  const day = value.slice(0, 10);
  return ISO_DATE.test(day) && (value.length === 10 || value[10] === ' ' || value[10] === 'T')
    ? day
    : null;
}

function rangeIn(read: (key: string) => unknown): PageRange | null {
  for (const [startKey, endKey] of PAIRS) {
    const start = dateOf(read(startKey));
    const end = dateOf(read(endKey));
    if (start && end && start <= end) return { start, end };
  }
  return null;
}

export function rangeOfRequest(url: string, body: string | null): PageRange | null {
  let params: URLSearchParams | null = null;
  try {
    params = new URL(url, 'https://ads.tiktok.com').searchParams;
  } catch {
    params = null;
  }
  const fromUrl = params ? rangeIn((key) => params?.get(key)) : null;
  if (fromUrl) return fromUrl;
  if (!body || body.length > 200_000) return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (json === null || typeof json !== 'object') return null;
  const record = json as Record<string, unknown>;
  return rangeIn((key) => record[key]);
}
