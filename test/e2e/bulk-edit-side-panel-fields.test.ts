import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ALL_HOURS, canonicalDayparting } from '../../companion-server/src/contract/dayparting';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { controlClient } from '../helpers/control-client';
import { type E2eWorld, screenshot } from './harness';
import { signedInWorld } from './signed-in-world';

/**
 * The bulk-edit inputs added for ads and ad groups, in the side panel at Chrome's narrowest
 * width (360 px), in Chromium with the built extension: the week × half-hour dayparting grid
 * and the landing-page parameters fit without a sideways scroll; a grid drawn by dragging is
 * previewed in words, applied at "TikTok" and undone.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };
const WIDTH = 360;
const AG = { broad: '1840158125589658770', broad45: '1889035234624232194' };

async function openSidePanel(world: E2eWorld, level: 'adgroup' | 'ad'): Promise<Page> {
  const today = zonedDate(Date.now(), US.timezone);
  const page = await world.browser.newPage();
  await page.setViewportSize({ width: WIDTH, height: 800 });
  await page.goto(
    `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US.id}&level=${level}&start=${addDays(today, -7)}&end=${addDays(today, -1)}`,
  );
  await page.getByTestId('entity-row').first().waitFor({ timeout: 15_000 });
  return page;
}

/** Whether anything scrolls sideways, and the right edge of the given test ids' boxes. */
function fits(page: Page, testIds: string[]) {
  return page.evaluate((ids) => {
    const rights = ids.flatMap((id) =>
      [...document.querySelectorAll(`[data-testid="${id}"]`)].map(
        (element) => element.getBoundingClientRect().right,
      ),
    );
    return {
      scrollWidth: document.documentElement.scrollWidth,
      widest: Math.max(...rights),
      count: rights.length,
    };
  }, testIds);
}

describe('the new bulk-edit inputs in the side panel at 360 px', () => {
  const world = signedInWorld();

  it('draws a dayparting grid by dragging, previews it in words, applies it and undoes it', async () => {
    const page = await openSidePanel(world, 'adgroup');
    for (const id of [AG.broad, AG.broad45]) {
      await page
        .locator(`[data-testid="entity-row"][data-entity-id="${id}"] [data-testid="select-row"]`)
        .check();
    }
    await page.getByTestId('bulk-open').click();
    await page.getByTestId('bulk-kind-dayparting').click();
    await page.getByTestId('bulk-daypart-preset-clear').click();

    const grid = await fits(page, ['bulk-daypart-grid', 'bulk-daypart-cell', 'bulk-form']);
    expect(grid.scrollWidth).toBeLessThanOrEqual(WIDTH);
    expect(grid.widest).toBeLessThanOrEqual(WIDTH);
    const cell = await page.getByTestId('bulk-daypart-cell').first().boundingBox();
    // Small, but a target a pointer can hit: at least 5 px wide, 14 px tall.
    expect(cell?.width).toBeGreaterThanOrEqual(5);
    expect(cell?.height).toBeGreaterThanOrEqual(14);

    // Monday 09:00 to 12:00: drag across six half hours.
    const from = await page
      .locator('[data-testid="bulk-daypart-cell"][data-index="18"]')
      .boundingBox();
    const to = await page
      .locator('[data-testid="bulk-daypart-cell"][data-index="23"]')
      .boundingBox();
    if (!from || !to) throw new Error('grid cells not laid out');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    expect(await page.getByTestId('bulk-daypart-summary').textContent()).toBe(
      'Mon 09:00–12:00 (3 h a week)',
    );
    await screenshot(page, '80-bulk-dayparting-grid-360px');

    await page.getByTestId('bulk-preview-submit').click();
    const preview = page.getByTestId('bulk-preview');
    await preview.waitFor();
    expect(await preview.getByTestId('bulk-after').first().textContent()).toBe(
      '→ Mon 09:00–12:00 (3 h a week)',
    );
    expect((await fits(page, ['bulk-preview'])).scrollWidth).toBeLessThanOrEqual(WIDTH);
    await page.getByTestId('bulk-apply').click();
    await expect
      .poll(() => page.getByTestId('bulk-panel').getAttribute('data-step'), { timeout: 30_000 })
      .toBe('job');
    await expect.poll(() => page.getByTestId('bulk-undo').count(), { timeout: 30_000 }).toBe(1);

    const monday = `${'0'.repeat(18)}${'1'.repeat(6)}`.padEnd(336, '0');
    const grids = async () => {
      const state = await controlClient(world.emulatorUrl).state(US.id);
      return [AG.broad, AG.broad45].map((id) =>
        canonicalDayparting(state.adgroups.find((g) => g.adgroup_id === id)?.dayparting),
      );
    };
    expect(await grids()).toEqual([monday, monday]);

    await page.getByTestId('bulk-undo').click();
    await page.getByTestId('bulk-preview').waitFor();
    await page.getByTestId('bulk-apply').click();
    await expect.poll(grids, { timeout: 30_000 }).toEqual([ALL_HOURS, ALL_HOURS]);
    await page.close();
  });

  it('fits the landing-page parameters of a tracking template in 360 px', async () => {
    const page = await openSidePanel(world, 'ad');
    await page.getByTestId('select-all').click();
    await page.getByTestId('bulk-open').click();
    await page.getByTestId('bulk-kind-landing_url').click();
    await page.getByTestId('bulk-url-template').click();
    const shown = await fits(page, [
      'bulk-url-param-key',
      'bulk-url-param-value',
      'bulk-review-note',
      'bulk-form',
    ]);
    // The default template's four parameters, a key and a value each, and the note and form.
    expect(shown.count).toBeGreaterThanOrEqual(8);
    expect(shown.scrollWidth).toBeLessThanOrEqual(WIDTH);
    expect(shown.widest).toBeLessThanOrEqual(WIDTH);
    await screenshot(page, '81-bulk-landing-page-360px');
    await page.close();
  });
});
