import type { LandingUrlChange } from '../contract/bulk-edits';

/**
 * New landing pages from an operation, and what TikTok refuses in one. Pure. The URL is
 * edited as text, never re-serialized through URL/URLSearchParams: those would re-encode
 * the rest of it (%20 → +, a macro's surroundings…), and every byte of an ad's landing page
 * not named in the edit must stay as it was, TikTok's URL macros above all.
 */

/**
 * TikTok's URL macros (shared/reference/first-party-orders.md): filled in by TikTok at each
 * click, so they must reach TikTok exactly as typed.
 */
export const TIKTOK_URL_MACROS = [
  '__CAMPAIGN_ID__',
  '__CAMPAIGN_NAME__',
  '__AID__',
  '__AID_NAME__',
  '__CID__',
  '__CID_NAME__',
  '__PLACEMENT__',
  '__CALLBACK_PARAM__',
] as const;

/**
 * What looks like a macro: a word of letters between runs of underscores, such as the
 * misspellings a widely copied guide spread (_CAMPAIGN_ID_, __campaign_id__).
 */
const MACRO_LIKE = /(?<![A-Za-z0-9])_{1,3}[A-Za-z]+(?:_[A-Za-z]+)*_{1,3}(?![A-Za-z0-9])/g;

interface UrlParts {
  /** Scheme, host and path: everything before `?` or `#`. */
  base: string;
  /** The query without its `?`, or null when there is none. */
  query: string | null;
  /** The fragment without its `#`, or null. */
  fragment: string | null;
}

function split(url: string): UrlParts {
  const hash = url.indexOf('#');
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? null : url.slice(hash + 1);
  const question = beforeHash.indexOf('?');
  return question === -1
    ? { base: beforeHash, query: null, fragment }
    : { base: beforeHash.slice(0, question), query: beforeHash.slice(question + 1), fragment };
}

function join(parts: UrlParts): string {
  return `${parts.base}${parts.query === null ? '' : `?${parts.query}`}${parts.fragment === null ? '' : `#${parts.fragment}`}`;
}

/**
 * A parameter's name or value as it goes in a query: what is not allowed there is
 * percent-encoded; escapes already typed (%20) and macros (letters and underscores) stay.
 */
export function encodeQueryPart(text: string): string {
  return text.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$'()*,;:@/?%]/gu, (char) =>
    encodeURIComponent(char),
  );
}

function decodedKey(pair: string): string {
  const key = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/**
 * Set query parameters: each replaces the first parameter of that name (and drops later
 * ones, which would compete with it) or is added at the end; the other parameters, their
 * order and encoding, and the fragment stay as they were.
 */
export function setQueryParams(
  url: string,
  params: ReadonlyArray<{ key: string; value: string }>,
): string {
  const parts = split(url);
  const pairs = parts.query === null || parts.query === '' ? [] : parts.query.split('&');
  for (const { key, value } of params) {
    const pair = `${encodeQueryPart(key)}=${encodeQueryPart(value)}`;
    const first = pairs.findIndex((existing) => decodedKey(existing) === key);
    if (first === -1) {
      pairs.push(pair);
      continue;
    }
    pairs[first] = pair;
    for (let i = pairs.length - 1; i > first; i--) {
      if (decodedKey(pairs[i] ?? '') === key) pairs.splice(i, 1);
    }
  }
  return join({ ...parts, query: pairs.length === 0 ? null : pairs.join('&') });
}

export function newLandingUrl(change: LandingUrlChange, current: string): string {
  switch (change.type) {
    case 'set':
      return change.url.trim();
    case 'replace':
      return current.split(change.find).join(change.replace);
    case 'params':
      return setQueryParams(current, change.params);
  }
}

/** Why TikTok would refuse this landing page, or null: an http(s) address with a host. */
export function landingUrlProblem(url: string): string | null {
  if (url.trim() === '') return 'The new landing page is empty.';
  if (/\s/.test(url)) return 'The new landing page contains spaces: TikTok refuses it.';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The new landing page is not a valid URL (it must start with https://).';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return 'A landing page must start with https:// or http://.';
  }
  if (!parsed.hostname.includes('.')) return 'The new landing page has no valid host.';
  return null;
}

/**
 * Macro-like words the edit brings into the URL that TikTok does not know: TikTok would send
 * them to the shop as typed, and attribution by ad would silently break.
 */
export function unknownMacros(before: string, after: string): string[] {
  const known = new Set<string>(TIKTOK_URL_MACROS);
  const had = new Set(before.match(MACRO_LIKE) ?? []);
  return [...new Set(after.match(MACRO_LIKE) ?? [])].filter(
    (token) => !known.has(token) && !had.has(token),
  );
}
