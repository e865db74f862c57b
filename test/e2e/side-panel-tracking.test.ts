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
 * The side panel's Tracking tab in Chromium with the built extension, at the widths Chrome
 * opens the panel: the emulator's ads (whose landing pages carry no tracking parameter) are
 * listed with what each lacks, and nothing scrolls sideways.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };

describe('side panel: the Tracking tab', () => {
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
      `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US.id}&level=ad&start=${addDays(today, -7)}&end=${addDays(today, -1)}`,
    );
    await page.getByTestId('entity-row').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('panel-tab-tracking').click();
    await page.getByTestId('tracking-list').waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await world?.close();
  });

  for (const width of [360, 420]) {
    it(`at ${width} px: lists the ads lacking parameters without a horizontal scroll`, async () => {
      await page.setViewportSize({ width, height: 720 });
      const shown = await page.evaluate(() => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="tracking-ad"]')];
        const tabs = [...document.querySelectorAll('[data-testid="panel-tabs"] [role="tab"]')];
        return {
          pageScrollWidth: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          rows: rows.length,
          widest: Math.max(...rows.map((row) => row.getBoundingClientRect().right)),
          missing: rows[0]?.querySelector('[data-testid="tracking-missing"]')?.textContent ?? '',
          tabTops: [...new Set(tabs.map((tab) => Math.round(tab.getBoundingClientRect().top)))],
          summary: document.querySelector('[data-testid="tracking-summary"]')?.textContent ?? '',
        };
      });
      expect(shown.pageScrollWidth).toBeLessThanOrEqual(shown.viewport);
      expect(shown.widest).toBeLessThanOrEqual(shown.viewport);
      expect(shown.rows).toBeGreaterThan(0);
      expect(shown.missing).toBe('Lacksutm_sourcecampaign_idadgroup_idad_id');
      expect(shown.tabTops).toHaveLength(1);
      expect(shown.summary).toMatch(/\d+ of \d+ ads lack tracking parameters/);
      await screenshot(page, `62-side-panel-tracking-${width}px`);
    });
  }
});
