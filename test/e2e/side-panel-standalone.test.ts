import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { controlClient } from '../helpers/control-client';
import { screenshot } from './harness';
import { signedInWorld } from './signed-in-world';

/**
 * The side panel in Chromium with the built extension, at 360 px: opened without an Ads
 * Manager tab, the buyer picks the ad account, level and range in it; with the emulator's
 * Ads Manager replica open, it follows that tab (and says so) through in-app navigation,
 * until unpinned; and follows again when asked.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };

describe('side panel on its own, and following the Ads Manager tab', () => {
  const world = signedInWorld();

  const panelUrl = () => `chrome-extension://${world.extensionId}/sidepanel.html`;
  const source = (panel: Page) => panel.getByTestId('view-picker').getAttribute('data-source');
  const shownIds = (panel: Page) =>
    panel
      .getByTestId('entity-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-entity-id') ?? ''));
  const selectedTab = (panel: Page) =>
    panel.locator('[data-testid="level-tabs"] [aria-selected="true"]').textContent();

  async function openPanel(): Promise<Page> {
    const panel = await world.browser.newPage();
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.goto(panelUrl());
    return panel;
  }

  it('without an Ads Manager tab, the buyer picks the account, level and range', async () => {
    const state = await controlClient(world.emulatorUrl).state();
    const uk = state.advertisers.find((a) => a.name === 'Bayme UK');
    if (!uk) throw new Error('The emulator has no UK account.');
    const panel = await openPanel();
    await panel.getByTestId('entity-row').first().waitFor({ timeout: 15_000 });
    expect(await source(panel)).toBe('own');
    expect(await panel.getByTestId('follow-status').count()).toBe(0);

    await panel.getByTestId('panel-account').selectOption(uk.advertiser_id);
    await panel.getByRole('tab', { name: 'Ad groups' }).click();
    const today = zonedDate(Date.now(), uk.timezone);
    const range = { start: addDays(today, -14), end: addDays(today, -1) };
    await panel.getByTestId('panel-range').locator('summary').click();
    await panel.getByTestId('range-start').fill(range.start);
    await panel.getByTestId('range-end').fill(range.end);
    await screenshot(panel, '63-side-panel-range-picker-360px');
    await panel.getByTestId('range-apply').click();

    const ukAdGroups = (await controlClient(world.emulatorUrl).state(uk.advertiser_id)).adgroups
      .filter((g) => !g.deleted)
      .map((g) => g.adgroup_id);
    await expect
      .poll(async () => (await shownIds(panel)).filter((id) => ukAdGroups.includes(id)).length, {
        timeout: 15_000,
      })
      .toBe(ukAdGroups.length);
    expect(await panel.getByTestId('side-panel-count').textContent()).toContain(
      `${ukAdGroups.length} of ${ukAdGroups.length} ad groups`,
    );
    expect(await panel.getByTestId('panel-range').getAttribute('open')).toBeNull();
    const [startMonth, startDay] = [Number(range.start.slice(5, 7)), Number(range.start.slice(8))];
    expect(await panel.getByTestId('panel-range-label').textContent()).toContain(
      `${new Date(Date.UTC(2000, startMonth - 1, 1)).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${startDay}`,
    );
    await screenshot(panel, '62-side-panel-standalone-360px');
    await panel.close();
  });

  it('follows the Ads Manager tab, says so, goes where it goes, and can be unpinned', async () => {
    const today = zonedDate(Date.now(), US.timezone);
    const range = { start: addDays(today, -7), end: addDays(today, -1) };
    const adsManager = await world.browser.newPage();
    await adsManager.setViewportSize({ width: 1400, height: 860 });
    await adsManager.goto(
      `${world.emulatorUrl}/i18n/manage/adgroup?aadvid=${US.id}&st=${range.start}&et=${range.end}`,
    );
    await adsManager
      .getByTestId('overlay-badge')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 15_000 });

    const panel = await openPanel();
    await expect.poll(() => source(panel), { timeout: 15_000 }).toBe('tab');
    expect(await panel.getByTestId('follow-status').textContent()).toContain(
      'Following the Ads Manager tab',
    );
    const usAdGroups = (await controlClient(world.emulatorUrl).state(US.id)).adgroups
      .filter((g) => !g.deleted)
      .map((g) => g.adgroup_id);
    await expect
      .poll(async () => (await shownIds(panel)).filter((id) => usAdGroups.includes(id)).length, {
        timeout: 15_000,
      })
      .toBe(usAdGroups.length);
    expect(await panel.getByTestId('panel-account').inputValue()).toBe(US.id);
    expect(await selectedTab(panel)).toBe('Ad groups');
    await screenshot(panel, '64-side-panel-following-360px');

    // In-app navigation on the page: the panel goes with it.
    await adsManager.getByRole('tab', { name: 'Campaigns' }).click();
    await expect.poll(() => selectedTab(panel), { timeout: 15_000 }).toBe('Campaigns');
    await expect.poll(async () => (await shownIds(panel)).length, { timeout: 15_000 }).toBe(4);

    // Unpinned, it stays where it is while the page moves on.
    await panel.getByTestId('unpin').click();
    expect(await source(panel)).toBe('own');
    await adsManager.getByRole('tab', { name: 'Ad groups' }).click();
    await expect
      .poll(
        () =>
          panel.evaluate(async () => {
            const { chrome } = globalThis as unknown as {
              chrome: {
                storage: {
                  session: {
                    get(key: string): Promise<{ pageContexts?: Record<string, { level: string }> }>;
                  };
                };
              };
            };
            const { pageContexts } = await chrome.storage.session.get('pageContexts');
            return Object.values(pageContexts ?? {}).map((context) => context.level);
          }),
        { timeout: 15_000 },
      )
      .toEqual(['adgroup']);
    expect(await selectedTab(panel)).toBe('Campaigns');
    expect(await shownIds(panel)).toHaveLength(4);

    // Asked to follow again, it catches up with the page.
    await panel.getByTestId('follow-tab').click();
    expect(await source(panel)).toBe('tab');
    await expect.poll(() => selectedTab(panel), { timeout: 15_000 }).toBe('Ad groups');
    await adsManager.close();
    // The tab closed: nothing to follow, the panel keeps the view on its own.
    await expect.poll(() => source(panel), { timeout: 15_000 }).toBe('own');
    expect(await selectedTab(panel)).toBe('Ad groups');
    await panel.close();
  });
});
