import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * The side panel at the widths Chrome opens it (360 and 420 px), in Chromium with the built
 * extension: the buyer's chosen metrics (picked in the panel's Columns menu, the badges'
 * preference) sit beside the names without a horizontal scroll, the tabs stay on one line,
 * and long names are cut short with the whole name as their tooltip.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };
const CHOSEN = ['spend', 'ctr', 'cpa'];

/** Where each part of the panel sits, and whether anything scrolls sideways. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (element: Element) => {
      const rect = element.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top, height: rect.height };
    };
    const scroller = document.querySelector('[data-testid="entity-table-scroll"]') as HTMLElement;
    const names = [...document.querySelectorAll<HTMLElement>('[data-testid="entity-name"]')];
    return {
      viewport: window.innerWidth,
      pageScrollWidth: document.documentElement.scrollWidth,
      table: { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth },
      columns: [...document.querySelectorAll('[data-testid="entity-table"] th[data-metric]')].map(
        (th) => ({ metric: (th as HTMLElement).dataset.metric, ...box(th) }),
      ),
      firstRowCells: [
        ...(document.querySelector('[data-testid="entity-row"]')?.querySelectorAll('td') ?? []),
      ]
        .filter((td) => td.dataset.metric)
        .map(box),
      tabs: [...document.querySelectorAll('[data-testid="level-tabs"] [role="tab"]')].map(box),
      tools: ['bulk-create-open', 'recent-jobs-open'].map((id) =>
        box(document.querySelector(`[data-testid="${id}"]`) as Element),
      ),
      names: names.map((name) => ({
        text: name.textContent,
        title: name.title,
        cut: name.scrollWidth > name.clientWidth,
      })),
    };
  });
}

describe('side panel at its real width', () => {
  let world: E2eWorld;
  let page: Page;

  beforeAll(async () => {
    world = await startWorld();
    const adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
    const today = zonedDate(Date.now(), US.timezone);
    page = await world.browser.newPage();
    await page.setViewportSize({ width: 360, height: 720 });
    await page.goto(
      `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US.id}&level=adgroup&start=${addDays(today, -7)}&end=${addDays(today, -1)}`,
    );
    await page.getByTestId('entity-row').first().waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('with all eight metrics chosen (the default), shows the three that fit 360 px, and says so', async () => {
    const shown = await layout(page);
    expect(shown.columns.map((column) => column.metric)).toEqual([
      'spend',
      'impressions',
      'clicks',
    ]);
    expect(shown.table.scrollWidth).toBeLessThanOrEqual(shown.table.clientWidth);
    await page.getByTestId('columns-menu').locator('summary').click();
    expect(await page.getByTestId('columns-hidden').textContent()).toContain('3 of 8 fit');
    await screenshot(page, '61-side-panel-columns-menu-360px');
  });

  it('saves the buyer’s choice of columns from the panel, for the badges too', async () => {
    for (const option of await page.getByTestId('column-option').all()) {
      const metric = (await option.getAttribute('value')) ?? '';
      if ((await option.isChecked()) !== CHOSEN.includes(metric)) await option.click();
    }
    await expect
      .poll(async () => (await layout(page)).columns.map((column) => column.metric))
      .toEqual(CHOSEN);
    // How many fit is measured after the columns render: the note follows a frame later.
    await expect.poll(() => page.getByTestId('columns-hidden').count()).toBe(0);
    // The options page (and so the badges) reads the same preference.
    const options = await world.browser.newPage();
    await options.goto(`chrome-extension://${world.extensionId}/options.html`);
    const stored = await options.evaluate(async () => {
      const { chrome } = globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      };
      return (await chrome.storage.local.get('preferences')).preferences;
    });
    expect(stored).toMatchObject({ overlayMetrics: CHOSEN });
    await options.close();
    await page.keyboard.press('Escape');
  });

  for (const width of [360, 420]) {
    it(`at ${width} px: name and chosen metrics without a horizontal scroll, tabs on one line`, async () => {
      await page.setViewportSize({ width, height: 720 });
      await expect
        .poll(async () => (await layout(page)).columns.map((column) => column.metric))
        .toEqual(CHOSEN);
      const shown = await layout(page);
      expect(shown.viewport).toBe(width);
      expect(shown.pageScrollWidth).toBeLessThanOrEqual(width);
      expect(shown.table.scrollWidth).toBeLessThanOrEqual(shown.table.clientWidth);
      for (const box of [...shown.columns, ...shown.firstRowCells]) {
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(width);
      }
      expect(shown.firstRowCells).toHaveLength(CHOSEN.length);
      // One line: the level tabs and the tools share a top, each a single line high.
      const tops = new Set([...shown.tabs, ...shown.tools].map((box) => Math.round(box.top)));
      expect(tops.size).toBe(1);
      for (const box of [...shown.tabs, ...shown.tools]) expect(box.height).toBeLessThan(30);
      expect(shown.tools.at(-1)?.right).toBeLessThanOrEqual(width);
      // Long names are cut, with the whole name on hover.
      expect(shown.names.length).toBeGreaterThan(5);
      for (const name of shown.names) expect(name.title).toBe(name.text);
      expect(shown.names.some((name) => name.cut)).toBe(true);
      await screenshot(page, `60-side-panel-${width}px`);
    });
  }
});
