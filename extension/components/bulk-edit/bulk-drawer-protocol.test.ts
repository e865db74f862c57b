import { describe, expect, it } from 'vitest';
import {
  type BulkDrawerState,
  encodeBulkDrawerState,
  MAX_DRAWER_NAME,
  MAX_DRAWER_ROWS,
  parseBulkDrawerFragment,
} from './bulk-drawer-protocol';

/**
 * The drawer's URL fragment: what the content script writes, the drawer page reads back
 * exactly; anything else (typed by hand, altered by the page) is refused with a reason.
 */

const ADVERTISER = '7000000000000000001';
const rowId = (n: number) => String(1_800_000_000_000_000_000n + BigInt(n));

function state(selected: BulkDrawerState['selected']): BulkDrawerState {
  return { advertiserId: ADVERTISER, level: 'adgroup', currency: 'EUR', selected };
}

/** A fragment made by hand from any JSON value, the way the drawer's encoding does it. */
function fragmentOf(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

describe('bulk drawer fragment', () => {
  it('reads back what was written, names in any script included', () => {
    const written = state([
      { id: rowId(1), name: 'Printemps — Soldes 🌷' },
      { id: rowId(2), name: '春季促销 / 广泛' },
      { id: rowId(3), name: null },
    ]);
    const fragment = encodeBulkDrawerState(written);
    expect(fragment).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseBulkDrawerFragment(`#${fragment}`)).toEqual({ ok: true, state: written });
    expect(parseBulkDrawerFragment(fragment)).toEqual({ ok: true, state: written });
  });

  it('keeps ids as the exact strings given, beyond what a JS number holds', () => {
    const id = '18446744073709551615';
    const parsed = parseBulkDrawerFragment(encodeBulkDrawerState(state([{ id, name: 'x' }])));
    expect(parsed.ok && parsed.state.selected[0]?.id).toBe(id);
  });

  it('takes 2,000 rows of the longest names within the 2 MB a URL may have', () => {
    const longName = '春'.repeat(512);
    const rows = Array.from({ length: MAX_DRAWER_ROWS }, (_, n) => ({
      id: rowId(n),
      name: longName,
    }));
    const fragment = encodeBulkDrawerState(state(rows));
    const url = `chrome-extension://${'a'.repeat(32)}/bulk-drawer.html#${fragment}`;
    expect(url.length).toBeLessThan(2 * 1024 * 1024);
    const parsed = parseBulkDrawerFragment(fragment);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.state.selected).toHaveLength(MAX_DRAWER_ROWS);
    const shown = parsed.state.selected[0]?.name ?? '';
    expect(shown).toHaveLength(MAX_DRAWER_NAME);
    expect(shown.endsWith('…')).toBe(true);
  });

  it('never cuts a name between the two halves of an emoji', () => {
    // 198 letters then emojis: the cut at 199 units falls inside the first emoji.
    const name = `${'a'.repeat(198)}${'🌷'.repeat(10)}`;
    const parsed = parseBulkDrawerFragment(encodeBulkDrawerState(state([{ id: rowId(1), name }])));
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.state.selected[0]?.name).toBe(`${'a'.repeat(198)}…`);
  });

  it('says so when more rows are given than the drawer takes', () => {
    const rows = Array.from({ length: MAX_DRAWER_ROWS + 1 }, (_, n) => ({
      id: rowId(n),
      name: null,
    }));
    expect(parseBulkDrawerFragment(encodeBulkDrawerState(state(rows)))).toEqual({
      ok: false,
      problem: 'At most 2,000 rows can be edited at once.',
    });
  });

  it.each([
    ['nothing', ''],
    ['only the hash sign', '#'],
  ])('asks for rows when given %s', (_label, fragment) => {
    expect(parseBulkDrawerFragment(fragment)).toEqual({
      ok: false,
      problem: 'No rows were given to edit.',
    });
  });

  it.each([
    ['not base64', '#%%%'],
    ['base64 of text that is not JSON', `#${btoa('advertiser=1').replace(/=+$/, '')}`],
    [
      'bytes that are not UTF-8',
      `#${btoa(String.fromCharCode(0xff, 0xfe, 0x7b)).replace(/=+$/, '')}`,
    ],
  ])('refuses a fragment that is %s', (_label, fragment) => {
    expect(parseBulkDrawerFragment(fragment)).toEqual({
      ok: false,
      problem: 'The rows to edit could not be read.',
    });
  });

  const valid = state([{ id: rowId(1), name: 'A' }]);
  it.each([
    ['an id given as a number', { ...valid, selected: [{ id: 1234567890, name: 'A' }] }],
    ['an id of 9 digits', { ...valid, selected: [{ id: '123456789', name: 'A' }] }],
    ['an id of 21 digits', { ...valid, selected: [{ id: '1'.repeat(21), name: 'A' }] }],
    ['an advertiser id with letters', { ...valid, advertiserId: '70000000000000000x1' }],
    ["the URL's name of the ad level", { ...valid, level: 'creative' }],
    ['a currency that is not a code', { ...valid, currency: 'usd' }],
    ['no rows', { ...valid, selected: [] }],
    ['a row twice', { ...valid, selected: [valid.selected[0], valid.selected[0]] }],
    ['a name past the limit', { ...valid, selected: [{ id: rowId(1), name: 'x'.repeat(201) }] }],
    ['no currency', { advertiserId: ADVERTISER, level: 'ad', selected: valid.selected }],
    ['a list instead of the state', [valid]],
  ])('refuses a state with %s', (_label, value) => {
    expect(parseBulkDrawerFragment(`#${fragmentOf(value)}`)).toEqual({
      ok: false,
      problem: 'The rows to edit are not valid.',
    });
  });
});
