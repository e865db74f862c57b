import { z } from 'zod/mini';
import type { Level } from '../../../companion-server/src/contract/ads-manager';

/**
 * Between the Ads Manager content script and the bulk-edit drawer it shows in an iframe
 * (the extension page bulk-drawer.html): what to edit travels in the page's URL fragment,
 * and the drawer's two signals come back with `postMessage`. Both cross Ads Manager's web
 * page, which can read and change them, so they carry nothing the page does not already
 * show, and each side checks what it receives. Written with zod's small build because the
 * content script carries it.
 */

export const BULK_DRAWER_PATH = '/bulk-drawer.html';
export const MAX_DRAWER_ROWS = 2_000;
/**
 * Names are shortened to this in the fragment: with 2,000 rows of the longest names TikTok
 * allows the URL would pass Chrome's 2 MB limit. The drawer only shows them.
 */
export const MAX_DRAWER_NAME = 200;

const TikTokId = z.string().check(z.regex(/^\d{10,20}$/));

export const BulkDrawerStateSchema = z.object({
  advertiserId: TikTokId,
  level: z.enum({ campaign: 'campaign', adgroup: 'adgroup', ad: 'ad' } satisfies Record<
    Level,
    Level
  >),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  selected: z
    .array(
      z.object({
        id: TikTokId,
        name: z.nullable(z.string().check(z.maxLength(MAX_DRAWER_NAME))),
      }),
    )
    .check(
      z.minLength(1),
      z.maxLength(MAX_DRAWER_ROWS),
      z.refine((rows) => new Set(rows.map((row) => row.id)).size === rows.length, {
        error: 'A row is listed twice.',
      }),
    ),
});
export type BulkDrawerState = z.infer<typeof BulkDrawerStateSchema>;

export const BULK_DRAWER_SOURCE = 'bayme-bulk-drawer';

/** The drawer's signals: nothing else, since the embedding page sees them too. */
export const BulkDrawerMessageSchema = z.object({
  source: z.literal(BULK_DRAWER_SOURCE),
  type: z.enum(['close', 'changed']),
});
export type BulkDrawerMessage = z.infer<typeof BulkDrawerMessageSchema>;

/** The fragment for a drawer on these rows: base64url of the state's UTF-8 JSON. */
export function encodeBulkDrawerState(state: BulkDrawerState): string {
  const shortened: BulkDrawerState = {
    ...state,
    selected: state.selected.map((row) => ({ id: row.id, name: shorten(row.name) })),
  };
  const bytes = new TextEncoder().encode(JSON.stringify(shortened));
  let binary = '';
  // In slices: one call with every byte as an argument overflows the stack for big selections.
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export type ParsedDrawerFragment =
  | { ok: true; state: BulkDrawerState }
  | { ok: false; problem: string };

/** Read the drawer's state from its URL fragment (with or without the leading `#`). */
export function parseBulkDrawerFragment(fragment: string): ParsedDrawerFragment {
  const encoded = fragment.replace(/^#/, '');
  if (encoded === '') return { ok: false, problem: 'No rows were given to edit.' };
  let json: unknown;
  try {
    const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, problem: 'The rows to edit could not be read.' };
  }
  const parsed = BulkDrawerStateSchema.safeParse(json);
  if (!parsed.success) {
    const tooMany =
      typeof json === 'object' &&
      json !== null &&
      'selected' in json &&
      Array.isArray(json.selected) &&
      json.selected.length > MAX_DRAWER_ROWS;
    return {
      ok: false,
      problem: tooMany
        ? `At most ${MAX_DRAWER_ROWS.toLocaleString('en')} rows can be edited at once.`
        : 'The rows to edit are not valid.',
    };
  }
  return { ok: true, state: parsed.data };
}

function shorten(name: string | null): string | null {
  if (name === null || name.length <= MAX_DRAWER_NAME) return name;
  // Not between the two halves of a surrogate pair (an emoji, say).
  return `${name.slice(0, MAX_DRAWER_NAME - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}
