import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { parseBulkDrawerFragment } from '../../extension/components/bulk-edit/bulk-drawer-protocol';
import { controlClient } from '../helpers/control-client';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';
import { visibleBadges } from './visible-badges';

/**
 * The production build's content scripts on every layout variant of the Ads Manager replica
 * (companion-server/emulator/replica/layout.ts), at all three levels: what a redesign of the
 * real page could look like. The page's own account of itself (`__replicaTruth()`, a test hook
 * the extension never reads) is the reference:
 *
 * - a badge is only ever on the row of its own entity, never off its row;
 * - where rows carry ids (anywhere, under any key), every visible row has its badge;
 * - where some rows cannot be identified, a notice says how many within 3 s of the table
 *   appearing, with a button to the side panel, and those rows get no badge;
 * - ticking rows with the page's own checkboxes selects exactly their entities (the drawer's
 *   address carries the ids), and ticked rows that cannot be identified are counted apart;
 * - after scrolling (transform, native, window), the badges follow their rows.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };
const LEVELS = [
  { url: 'campaign', level: 'campaign' },
  { url: 'adgroup', level: 'adgroup' },
  { url: 'creative', level: 'ad' },
] as const;

interface Truth {
  level: string;
  visibleArea: Box | null;
  rows: Array<{
    id: string;
    name: string;
    checked: boolean;
    rowRect: Box;
    nameRect: Box;
    checkboxRect: Box;
  }>;
}
interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Variants. `byName`: no id is reachable, so a row can be identified only by a name that no
 * other entity of its level has (worked out from the emulator's own names).
 */
const VARIANTS: Array<{ layout: string; family?: 'perf'; byName?: boolean }> = [
  { layout: '' },
  { layout: 'renamed' },
  { layout: 'grid', family: 'perf' },
  { layout: 'deep-props' },
  { layout: 'native-scroll' },
  { layout: 'window-scroll', family: 'perf' },
  { layout: 'row-wrappers' },
  { layout: 'dense' },
  { layout: 'late' },
  { layout: 'ids-in-attributes', family: 'perf' },
  { layout: 'ids-in-links' },
  { layout: 'role-checkbox' },
  { layout: 'fixed-columns' },
  // Checkbox and name cells frozen in place with position: sticky (not in a pane of their own),
  // with and without a "select all" box in the header: without it, only markup and style tell
  // a header's box from the rows' (a frozen cell is not a header kept in view).
  { layout: 'sticky-columns' },
  { layout: 'sticky-columns,no-select-all' },
  { layout: 'no-select-all,row-wrappers,dense', family: 'perf' },
  { layout: 'reordered', family: 'perf' },
  { layout: 'no-url-range' },
  { layout: 'total-row' },
  { layout: 'shadow-root' },
  { layout: 'duplicate-names' },
  // No id reachable: rows are known by their names, which ads share.
  { layout: 'no-ids', byName: true },
  { layout: 'renamed,grid,deep-props,row-wrappers,dense' },
  {
    layout: 'renamed,window-scroll,ids-in-links,role-checkbox',
    family: 'perf',
  },
  { layout: 'fixed-columns,native-scroll,ids-in-attributes,late' },
  { layout: 'shadow-root,reordered,total-row,renamed' },
  { layout: 'duplicate-names,no-ids', byName: true },
  // The name as 4th column, in denser rows, with shared names and checkboxes without inputs:
  // the free space beside a name is looked for from the left across status and budget first.
  { layout: 'reordered,dense,duplicate-names,role-checkbox', family: 'perf' },
  { layout: 'reordered,row-wrappers,native-scroll,ids-in-links' },
  // Row elements remounted every 2 s while the window scrolls, ids only in attributes and a
  // summary row first: the kept places, content stamps and checkbox list follow all of it.
  { layout: 'row-wrappers,window-scroll,late,ids-in-attributes,total-row' },
  { layout: 'shadow-root,native-scroll,late,deep-props,dense', family: 'perf' },
  // Frozen sticky cells in rows scrolled natively, a summary row first and shared names.
  {
    layout: 'sticky-columns,no-select-all,native-scroll,total-row,duplicate-names',
    family: 'perf',
  },
  // Rows in the normal flow below a spacer whose height moves every row at once (lists that
  // pad rather than position): no row or cell is positioned, and the spacer is one more child
  // of the body, taller than the view, with nothing in it.
  { layout: 'flow-rows' },
  { layout: 'flow-rows,native-scroll,duplicate-names', family: 'perf' },
  { layout: 'flow-rows,sticky-columns,no-select-all,window-scroll,total-row' },
  { layout: 'flow-rows,fixed-columns,dense,ids-in-links' },
  // Right to left, as Ads Manager's Arabic interface: checkboxes at the right, the name beside
  // them, the free space of a row at its left.
  { layout: 'rtl' },
  { layout: 'rtl,sticky-columns,no-select-all,native-scroll', family: 'perf' },
  { layout: 'rtl,grid,row-wrappers,duplicate-names' },
  { layout: 'rtl,flow-rows,window-scroll,total-row,renamed' },
  { layout: 'rtl,flow-rows,dense,no-select-all,ids-in-attributes,role-checkbox' },
];

async function truthOf(page: Page): Promise<Truth | null> {
  return (await page.evaluate(
    'window.__replicaTruth ? window.__replicaTruth() : null',
  )) as Truth | null;
}

interface Badge {
  id: string;
  by: string;
  box: Box;
}

async function badgesOf(page: Page): Promise<Badge[]> {
  return (await visibleBadges(page)).filter((badge) => badge.id !== '');
}

const isWhole = (row: Box, area: Box) => row.top >= area.top - 1 && row.bottom <= area.bottom + 1;

const overlaps = (a: Box, b: Box) =>
  a.left < b.right - 0.5 &&
  b.left < a.right - 0.5 &&
  a.top < b.bottom - 0.5 &&
  b.top < a.bottom - 0.5;

/** The on-screen box of the row's name text (the name cell can be wider than its text). */
async function nameTextBox(page: Page, name: string, rowRect: Box): Promise<Box | null> {
  return (await page.evaluate(
    `(() => {
      const name = ${JSON.stringify(name)};
      const row = ${JSON.stringify(rowRect)};
      const roots = [document];
      for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
      for (const root of roots) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if ((node.textContent || '').trim() !== name) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          const box = range.getBoundingClientRect();
          const middle = (box.top + box.bottom) / 2;
          if (middle >= row.top && middle <= row.bottom) {
            return { top: box.top, bottom: box.bottom, left: box.left, right: box.right };
          }
        }
      }
      return null;
    })()`,
  )) as Box | null;
}

/** Every badge sits on its own entity's row, covers neither its name nor its checkbox. */
async function expectBadgesOnTheirRows(page: Page, truth: Truth, badges: Badge[]): Promise<void> {
  for (const badge of badges) {
    const middle = (badge.box.top + badge.box.bottom) / 2;
    const row = truth.rows.find((r) => r.rowRect.top <= middle && middle <= r.rowRect.bottom);
    expect(row?.id, `badge ${badge.id} at y=${middle.toFixed(0)}`).toBe(badge.id);
    if (!row) continue;
    expect(overlaps(badge.box, row.checkboxRect), `badge ${badge.id} over its checkbox`).toBe(
      false,
    );
    const name = await nameTextBox(page, row.name, row.rowRect);
    if (name) expect(overlaps(badge.box, name), `badge ${badge.id} over its name`).toBe(false);
  }
}

/**
 * In a table that reads right to left, a badge goes on the name's side of the row: left of the
 * name, and right beside it (after its 4 px margin) wherever the name cell leaves room. A dot
 * (a row cut by the view's edge, or without room for a figure) takes the first span from the
 * row's start that holds one, which may lie between the checkbox and the name: not checked.
 */
/** A badge drawn as a dot (badge-placement.ts's DOT_SIZE). */
const DOT_WIDTH = 12;

async function expectBesideRtlNames(page: Page, truth: Truth): Promise<void> {
  const shown = await visibleBadges(page);
  let beside = 0;
  for (const row of truth.rows) {
    const badge = shown.find((b) => b.id === row.id);
    const name = await nameTextBox(page, row.name, row.rowRect);
    if (!badge || !name || badge.box.right - badge.box.left <= DOT_WIDTH + 0.5) continue;
    expect(badge.box.right, `badge of ${row.name}`).toBeLessThanOrEqual(name.left + 0.5);
    if (name.left - badge.box.right <= 8) beside += 1;
  }
  expect(beside, 'badges right beside their names').toBeGreaterThanOrEqual(
    Math.ceil(truth.rows.length / 2),
  );
}

describe('Ads Manager overlays on every layout variant (production build)', () => {
  let world: E2eWorld;
  let emulatorUrl: string;
  const range = (() => {
    const today = zonedDate(Date.now(), US.timezone);
    return { start: addDays(today, -7), end: addDays(today, -1) };
  })();

  beforeAll(async () => {
    world = await startWorld();
    emulatorUrl = world.server.emulator?.url ?? '';
    await controlClient(emulatorUrl).reset({});
    const adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
  });
  afterAll(async () => {
    await world?.close();
  });

  async function open(variant: (typeof VARIANTS)[number], urlLevel: string): Promise<Page> {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 860 });
    const layout = variant.layout ? `&layout=${variant.layout}` : '';
    await page.goto(
      `${emulatorUrl}/i18n/${variant.family ?? 'manage'}/${urlLevel}?aadvid=${US.id}&st=${range.start}&et=${range.end}${layout}`,
    );
    return page;
  }

  /** The rows whose name no other live entity of their level has (in the emulator now). */
  async function uniquelyNamed(level: string, truth: Truth): Promise<Set<string>> {
    const state = await controlClient(emulatorUrl).state(US.id);
    const entities =
      level === 'campaign'
        ? state.campaigns.map((c) => ({
            id: c.campaign_id,
            name: c.campaign_name,
            deleted: c.deleted,
          }))
        : level === 'adgroup'
          ? state.adgroups.map((g) => ({
              id: g.adgroup_id,
              name: g.adgroup_name,
              deleted: g.deleted,
            }))
          : state.ads.map((a) => ({ id: a.ad_id, name: a.ad_name, deleted: a.deleted }));
    const counts = new Map<string, number>();
    for (const e of entities) if (!e.deleted) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
    return new Set(truth.rows.filter((r) => counts.get(r.name) === 1).map((r) => r.id));
  }

  /** The table's first rows, and when they appeared (test clock). */
  async function tableShown(page: Page): Promise<{ truth: Truth; at: number }> {
    let truth: Truth | null = null;
    await expect
      .poll(
        async () => {
          truth = await truthOf(page);
          return truth?.rows.length ?? 0;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBeGreaterThan(0);
    return { truth: truth as unknown as Truth, at: Date.now() };
  }

  for (const variant of VARIANTS) {
    for (const { url, level } of LEVELS) {
      const label = `${variant.layout || 'standard'} · ${url}`;
      it(`${label}: badges on their own rows, or a notice within 3 s`, async () => {
        const page = await open(variant, url);
        const shown = await tableShown(page);
        const identifiable = variant.byName
          ? await uniquelyNamed(level, shown.truth)
          : new Set(shown.truth.rows.map((r) => r.id));
        if (shown.truth.rows.every((r) => identifiable.has(r.id))) {
          await expect
            .poll(async () => (await badgesOf(page)).length, { timeout: 10_000 })
            .toBe(shown.truth.rows.length);
          const truth = (await truthOf(page)) as Truth;
          const badges = await badgesOf(page);
          expect(badges.map((b) => b.id).sort()).toEqual(truth.rows.map((r) => r.id).sort());
          // Where the page carries ids, every row is known by its id, never by its name alone:
          // a table not found by its checkboxes (rows found by their names) shows here.
          if (!variant.byName) {
            expect(badges.filter((b) => b.by !== 'ids').map((b) => `${b.id} by ${b.by}`)).toEqual(
              [],
            );
          }
          await expectBadgesOnTheirRows(page, truth, badges);
          if (variant.layout.split(',').includes('rtl')) await expectBesideRtlNames(page, truth);
          expect(await page.getByTestId('layout-notice').count()).toBe(0);
        } else {
          const notice = page.getByTestId('layout-notice');
          await notice.waitFor({ timeout: 10_000 });
          // Said within 3 s of the table appearing (measured from the test's side).
          expect(Date.now() - shown.at).toBeLessThan(3_000 + 1_000);
          const truth = (await truthOf(page)) as Truth;
          const badges = await badgesOf(page);
          await expectBadgesOnTheirRows(page, truth, badges);
          const missing = truth.rows.length - badges.length;
          // Uniquely named rows have their badge; a shared name may also be settled by the
          // row's other cells (status, budget), and then its badge is on the right row too.
          const shownIds = new Set(badges.map((b) => b.id));
          for (const row of truth.rows) {
            if (identifiable.has(row.id)) expect(shownIds.has(row.id), row.name).toBe(true);
          }
          expect(missing).toBeGreaterThan(0);
          await expect
            .poll(() => notice.textContent())
            .toContain(`${missing} row${missing === 1 ? '' : 's'} not identified`);
          expect(await page.getByTestId('notice-open-side-panel').count()).toBe(1);
        }
        await page.close();
      });
    }
  }

  it.each([
    ['', 'adgroup'],
    ['renamed,grid', 'creative'],
    ['role-checkbox,row-wrappers', 'adgroup'],
    ['fixed-columns,deep-props', 'creative'],
    ['shadow-root,dense', 'adgroup'],
    ['duplicate-names', 'creative'],
    ['no-ids', 'creative'],
    ['sticky-columns,no-select-all', 'adgroup'],
    ['sticky-columns,duplicate-names', 'creative'],
    ['flow-rows,native-scroll', 'adgroup'],
    ['rtl,duplicate-names', 'creative'],
  ])('layout "%s" · %s: ticking rows selects exactly their entities', async (layout, url) => {
    const variant = { layout };
    const page = await open(variant, url);
    const { truth } = await tableShown(page);
    await expect
      .poll(async () => (await badgesOf(page)).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    // Rows settled only by their status or budget cells get a badge but are never edited.
    const identified = new Set(
      (await badgesOf(page)).filter((b) => b.by !== 'name-and-cells').map((b) => b.id),
    );
    const picked = truth.rows.slice(0, 4);
    for (const row of picked) {
      const box = row.checkboxRect;
      await page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    }
    const ticked = ((await truthOf(page)) as Truth).rows.filter((r) => r.checked).map((r) => r.id);
    // The page's own clicks reached the page.
    expect(ticked.sort()).toEqual(picked.map((r) => r.id).sort());
    const expectedIds = picked.filter((r) => identified.has(r.id)).map((r) => r.id);
    const unidentified = picked.length - expectedIds.length;
    await expect
      .poll(
        () =>
          page
            .getByTestId('bulk-selected-count')
            .getAttribute('data-count')
            .catch(() => null),
        {
          timeout: 5_000,
        },
      )
      .toBe(String(expectedIds.length));
    if (unidentified > 0) {
      expect(await page.getByTestId('bulk-unidentified').getAttribute('data-count')).toBe(
        String(unidentified),
      );
    } else {
      expect(await page.getByTestId('bulk-unidentified').count()).toBe(0);
    }
    if (expectedIds.length > 0) {
      await page.getByTestId('bulk-open').click();
      const src =
        (await page.getByTestId('bulk-drawer').locator('iframe').getAttribute('src')) ?? '';
      const parsed = parseBulkDrawerFragment(src.slice(src.indexOf('#') + 1));
      expect(parsed.ok && parsed.state.selected.map((row) => row.id).sort()).toEqual(
        expectedIds.sort(),
      );
      // The drawer covers the right of the table: no badge is left hidden under it, and the
      // badges that fit left of it stay.
      const drawerLeft = await page
        .getByTestId('bulk-drawer')
        .evaluate((element) => element.getBoundingClientRect().left);
      await expect
        .poll(
          async () =>
            (await badgesOf(page)).filter((badge) => badge.box.right > drawerLeft + 0.5).length,
        )
        .toBe(0);
      expect((await badgesOf(page)).length).toBeGreaterThan(0);
    }
    await screenshot(
      page,
      `40-variant-selection-${(layout || 'standard').replace(/,/g, '+')}-${url}`,
    );
    await page.close();
  });

  it.each([
    ['', 'adgroup'],
    ['native-scroll', 'creative'],
    ['window-scroll', 'creative'],
    ['row-wrappers,renamed', 'creative'],
    ['fixed-columns', 'adgroup'],
    ['shadow-root', 'creative'],
    ['grid,late', 'creative'],
    ['flow-rows', 'creative'],
    ['flow-rows,native-scroll', 'adgroup'],
    ['flow-rows,window-scroll', 'creative'],
    ['rtl,native-scroll', 'creative'],
  ])('layout "%s" · %s: badges follow their rows when the table scrolls', async (layout, url) => {
    const page = await open({ layout }, url);
    const { truth } = await tableShown(page);
    await expect
      .poll(async () => (await badgesOf(page)).length, { timeout: 10_000 })
      .toBe(truth.rows.length);
    const before = truth.rows.map((r) => r.id).join();
    const area = truth.visibleArea as Box;
    await page.mouse.move((area.left + area.right) / 2, (area.top + area.bottom) / 2);
    for (let step = 0; step < 3; step += 1) {
      await page.mouse.wheel(0, 130);
      await page.waitForTimeout(60);
    }
    await expect
      .poll(async () => ((await truthOf(page)) as Truth).rows.map((r) => r.id).join())
      .not.toBe(before);
    // Whatever moved, a badge is never left on another row: compare at rest.
    await expect
      .poll(
        async () => {
          const now = (await truthOf(page)) as Truth;
          const badges = await badgesOf(page);
          // A row cut by the table's edge may have no room for its badge; any whole row has one.
          const ids = new Set(badges.map((b) => b.id));
          const whole = now.rows.filter((r) => isWhole(r.rowRect, now.visibleArea as Box));
          return (
            whole.every((r) => ids.has(r.id)) &&
            badges.every((badge) => {
              const middle = (badge.box.top + badge.box.bottom) / 2;
              return (
                now.rows.find((r) => r.rowRect.top <= middle && middle <= r.rowRect.bottom)?.id ===
                badge.id
              );
            })
          );
        },
        { timeout: 5_000 },
      )
      .toBe(true);
    const now = (await truthOf(page)) as Truth;
    await expectBadgesOnTheirRows(page, now, await badgesOf(page));
    await screenshot(
      page,
      `41-variant-scrolled-${(layout || 'standard').replace(/,/g, '+')}-${url}`,
    );
    await page.close();
  });
});
