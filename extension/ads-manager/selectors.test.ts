import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryAll, queryFirst, SELECTORS, selectorMatchCounts } from './selectors';

/**
 * The selectors against saved pages of the Ads Manager replica (test/fixtures/ads-manager,
 * made by capture.ts): offline, never against the live site. When TikTok's page changes,
 * save the new markup as a fixture and add the new selector at the top of its list.
 */
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'ads-manager');

function load(name: string): Document {
  const parsed = new DOMParser().parseFromString(
    readFileSync(join(FIXTURES, name), 'utf8'),
    'text/html',
  );
  return parsed;
}

describe('Ads Manager selectors on saved pages', () => {
  // Longer lists render only what is in view plus an overscan: 10 rows + 4 (14), or 18
  // when scrolled to the middle (4 above and 4 below).
  it.each([
    ['campaign-list.html', 4],
    ['adgroup-list.html', 14],
    ['ad-list.html', 14],
    ['adgroup-list-scrolled.html', 18],
  ])(
    '%s: one table, %i name links, a checkbox per row, cells and the scroll layer',
    (file, rows) => {
      const page = load(file);
      const table = queryFirst(page, 'virtualTable');
      expect(table?.tagName.toLowerCase()).toBe('ks-virtual-table');
      if (!table) return;
      expect(queryAll(table, 'nameLink')).toHaveLength(rows);
      // Ads Manager's own row checkboxes, plus "select all" in the header.
      expect(queryAll(table, 'rowCheckbox').length).toBeGreaterThanOrEqual(rows);
      expect(queryAll(table, 'cell')).toHaveLength(rows * 8);
      expect(queryFirst(table, 'tableViewport')).not.toBeNull();
      const layer = queryFirst(table, 'scrollLayer');
      expect((layer as HTMLElement | null)?.style.transform).toMatch(/^translateY\(/);
    },
  );

  it('matches the current markup with the first alternative of each selector', () => {
    const counts = selectorMatchCounts(load('campaign-list.html'));
    for (const name of Object.keys(SELECTORS))
      expect(counts[`${name}[0]`], name).toBeGreaterThan(0);
  });

  it('keeps ids out of the markup: nothing but React props carries them (so the page-world script is needed)', () => {
    const html = readFileSync(join(FIXTURES, 'campaign-list.html'), 'utf8');
    const tableHtml = html.slice(
      html.indexOf('<ks-virtual-table'),
      html.indexOf('</ks-virtual-table>'),
    );
    expect(tableHtml).not.toMatch(/\d{19}/);
  });

  it('finds no name links on the variant whose layout the extension cannot read', () => {
    const page = load('unmappable-campaign-list.html');
    expect(queryFirst(page, 'virtualTable')).not.toBeNull();
    expect(queryAll(page, 'nameLink')).toHaveLength(0);
  });
});
