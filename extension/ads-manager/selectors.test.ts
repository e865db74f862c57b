import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SELECTORS, HINT_NAMES, selectorMatchCounts } from './selectors';

/**
 * The built-in hints against saved pages of the Ads Manager replica (test/fixtures/ads-manager,
 * made by capture.ts): offline, never against the live site. Hints are not what finds the
 * table (that is its structure), but a hint that matches nothing any more is dead weight:
 * when TikTok's page changes, add the new form at the top and keep the old while both exist.
 */
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'ads-manager');

function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}

describe('built-in selector hints on saved pages', () => {
  it.each([
    ['campaign-list.html', 4],
    ['adgroup-list.html', 14],
    ['ad-list.html', 14],
    ['adgroup-list-scrolled.html', 18],
  ])('%s: the current form of each hint matches (%i rows)', (file, rows) => {
    const counts = selectorMatchCounts(load(file), BUILTIN_SELECTORS);
    expect(counts['table[0]']).toBe(1);
    expect(counts['nameLink[0]']).toBe(rows);
    // One checkbox per row and the header's "select all".
    expect(counts['rowCheckbox[0]']).toBe(rows + 1);
    expect(counts['scrollLayer[0]']).toBe(1);
    expect(counts['cell[0]']).toBeGreaterThanOrEqual(rows * 2);
  });

  it('every hint is a valid selector with a date', () => {
    const document = load('campaign-list.html');
    for (const name of HINT_NAMES) {
      for (const hint of BUILTIN_SELECTORS[name]) {
        expect(() => document.querySelectorAll(hint.selector)).not.toThrow();
        expect(hint.seen).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      }
    }
  });
});
