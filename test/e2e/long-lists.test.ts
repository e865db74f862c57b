import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { controlClient } from '../helpers/control-client';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * Long lists in Chromium with the built extension: the emulator's large account with 5,000
 * ad groups, in the side panel (420 px) and in the dashboard's level table (a 1366×768
 * laptop). Only the rows in sight are in the page, scrolling to the end shows the last rows,
 * and the filter finds matches among all 5,000 at once.
 */

const AD_GROUPS = 5_000;
/** "Scale | Ad group 04990" to "… 04999". */
const FILTER = 'group 0499';

/** The rows in the page, and whether the last one reaches the bottom of the scrolling box. */
async function rowsInPage(page: Page, rowTestId: string, scrollTestId: string) {
  return page.evaluate(
    ([row, scroll]) => {
      const box = document.querySelector(`[data-testid="${scroll}"]`) as HTMLElement;
      const rows = [...box.querySelectorAll<HTMLElement>(`[data-testid="${row}"]`)];
      const last = rows.at(-1)?.getBoundingClientRect();
      const frame = box.getBoundingClientRect();
      return {
        count: rows.length,
        ids: rows.map((r) => r.dataset.entityId ?? ''),
        scrollHeight: box.scrollHeight,
        clientHeight: box.clientHeight,
        scrollWidth: box.scrollWidth,
        clientWidth: box.clientWidth,
        lastReachesBottom: last ? last.bottom >= frame.bottom - 2 : false,
      };
    },
    [rowTestId, scrollTestId],
  );
}

async function scrollToEnd(page: Page, scrollTestId: string) {
  await page.getByTestId(scrollTestId).evaluate((box) => {
    box.scrollTop = box.scrollHeight;
  });
}

describe('long lists: 5,000 ad groups', () => {
  let world: E2eWorld;
  let large: { advertiser_id: string; timezone: string };
  let range: { start: string; end: string };

  beforeAll(async () => {
    world = await startWorld();
    const emulatorUrl = world.server.emulator?.url ?? '';
    // Reset before anything is connected: the reset mints new ids and forgets tokens.
    await controlClient(emulatorUrl).reset({ large_account_adgroups: AD_GROUPS });
    const adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
    const found = (await controlClient(emulatorUrl).state()).advertisers.find(
      (a) => a.name === 'Bayme Scale Test',
    );
    if (!found) throw new Error('The emulator has no large account.');
    large = found;
    const today = zonedDate(Date.now(), large.timezone);
    range = { start: addDays(today, -7), end: addDays(today, -1) };
  });
  afterAll(async () => {
    await world?.close();
  });

  it('the side panel renders the rows in sight, scrolls to the last, and filters all', async () => {
    const panel = await world.browser.newPage();
    await panel.setViewportSize({ width: 420, height: 720 });
    await panel.goto(
      `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${large.advertiser_id}&level=adgroup&start=${range.start}&end=${range.end}`,
    );
    await panel.getByTestId('entity-row').first().waitFor({ timeout: 45_000 });
    expect(await panel.getByTestId('side-panel-count').textContent()).toContain(
      '5,000 of 5,000 ad groups',
    );
    expect(await panel.getByTestId('entity-table').getAttribute('data-rows')).toBe('5000');
    const top = await rowsInPage(panel, 'entity-row', 'entity-table-scroll');
    expect(top.count).toBeGreaterThan(10);
    expect(top.count).toBeLessThan(100);
    // The scroll bar has the whole list's length.
    expect(top.scrollHeight).toBeGreaterThan(AD_GROUPS * 30);
    expect(top.scrollWidth).toBeLessThanOrEqual(top.clientWidth);

    await scrollToEnd(panel, 'entity-table-scroll');
    await expect
      .poll(
        async () =>
          (await rowsInPage(panel, 'entity-row', 'entity-table-scroll')).lastReachesBottom,
      )
      .toBe(true);
    const end = await rowsInPage(panel, 'entity-row', 'entity-table-scroll');
    expect(end.count).toBeLessThan(100);
    expect(end.ids.filter((id) => top.ids.includes(id))).toEqual([]);

    await panel.getByLabel('Filter by name or id').fill(FILTER);
    await expect.poll(() => panel.getByTestId('entity-row').count()).toBe(10);
    expect(await panel.getByTestId('side-panel-count').textContent()).toContain(
      '10 of 5,000 ad groups',
    );
    const names = await panel.getByTestId('entity-name').allTextContents();
    expect(names.every((name) => name.includes('Ad group 0499'))).toBe(true);
    // Everything shown can be ticked for a bulk edit, as with a short list.
    await panel.getByTestId('select-all').click();
    expect(await panel.getByTestId('bulk-selected-count').textContent()).toBe('10 selected');
    await panel.getByLabel('Filter by name or id').fill('');
    await expect
      .poll(() => panel.getByTestId('entity-table').getAttribute('data-rows'))
      .toBe('5000');
    await screenshot(panel, '65-side-panel-5000-ad-groups-420px');
    await panel.close();
  });

  it('the dashboard’s level table renders the rows in sight, scrolls, and filters all', async () => {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(
      `chrome-extension://${world.extensionId}/dashboard.html?advertiserIds=${large.advertiser_id}&start=${range.start}&end=${range.end}`,
    );
    await page.getByTestId('level-tab-adgroup').click({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('level-table').getAttribute('data-rows'), { timeout: 45_000 })
      .toBe('5000');
    const top = await rowsInPage(page, 'level-row', 'level-table-scroll');
    expect(top.count).toBeGreaterThan(5);
    expect(top.count).toBeLessThan(100);
    expect(top.scrollWidth).toBeLessThanOrEqual(top.clientWidth);
    expect(await page.getByTestId('level-table-count').textContent()).toContain(
      '5,000 of 5,000 ad groups',
    );
    await screenshot(page, '66-dashboard-1366x768');

    await scrollToEnd(page, 'level-table-scroll');
    await expect
      .poll(
        async () => (await rowsInPage(page, 'level-row', 'level-table-scroll')).lastReachesBottom,
      )
      .toBe(true);
    const end = await rowsInPage(page, 'level-row', 'level-table-scroll');
    expect(end.count).toBeLessThan(100);
    expect(end.ids.filter((id) => top.ids.includes(id))).toEqual([]);

    await page.getByTestId('level-filter').fill(FILTER);
    await expect.poll(() => page.getByTestId('level-row').count()).toBe(10);
    expect(await page.getByTestId('level-table-count').textContent()).toContain(
      '10 of 5,000 ad groups',
    );
    await page.getByTestId('level-table-scroll').scrollIntoViewIfNeeded();
    await screenshot(page, '67-dashboard-filtered-1366x768');
    await page.close();
  });
});
