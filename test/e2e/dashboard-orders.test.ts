import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Overview } from '../../companion-server/src/contract/reporting';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * The reporting dashboard with Bayme's orders, in Chromium with the built extension, at a
 * laptop's 1280×800, on the demo orders the server makes from its built-in emulator's
 * purchases (orders/demo-orders-seed.ts: one account's shop sells in another currency, with
 * rates for every day but today): Bayme's revenue, orders and ROAS beside TikTok's per
 * currency, the orders no ad is named for, revenue without a rate shown apart, and Bayme's
 * columns in the level table — checked against the server's own answer.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };
const UK = '7289168100723897842';
const JP = '7214603950642735293';
describe('reporting dashboard with Bayme’s orders', () => {
  let world: E2eWorld;
  let adminKey = '';

  beforeAll(async () => {
    world = await startWorld();
    adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows Bayme ROAS beside TikTok’s, the unattributed orders and revenue without a rate', async () => {
    // The last 7 days up to today: today's foreign revenue has no rate yet, so it is apart.
    const today = zonedDate(Date.now(), US.timezone);
    const range = { start: addDays(today, -6), end: today };
    const ids = [US.id, UK, JP].join(',');
    const answer = await world.server.app.inject({
      method: 'GET',
      url: `/api/reports/overview?advertiserIds=${ids}&start=${range.start}&end=${range.end}`,
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const overview = answer.json() as Overview;
    expect(overview.bayme?.unattributed.length).toBeGreaterThan(0);

    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(
      `chrome-extension://${world.extensionId}/dashboard.html?advertiserIds=${ids}&start=${range.start}&end=${range.end}`,
    );
    await page.getByTestId('bayme-card').first().waitFor({ timeout: 20_000 });
    for (const group of overview.byCurrency) {
      expect(group.bayme?.orders).toBeGreaterThan(0);
      const shown = page.locator(
        `[data-testid="currency-group"][data-currency="${group.currency}"]`,
      );
      const roas = await shown
        .locator('[data-testid="bayme-card"][data-figure="roas"]')
        .textContent();
      expect(roas).toContain(group.bayme?.roas?.toFixed(2) ?? '–');
      expect(roas).toContain(`TikTok ${group.totals.roas?.toFixed(2) ?? '–'}`);
      expect(await shown.getByTestId('bayme-unconverted').count()).toBe(
        (group.bayme?.unconverted.length ?? 0) > 0 ? 1 : 0,
      );
    }
    expect(await page.getByTestId('unattributed-line').count()).toBe(
      overview.bayme?.unattributed.length,
    );
    await page.getByTestId('chart-bayme-line').waitFor();
    await page.locator('[data-testid="level-table"] [data-metric="bayme_roas"]').first().waitFor();
    await screenshot(page, '42-dashboard-bayme-1280x800');
    await page.screenshot({ path: 'test-results/screenshots/42-dashboard-bayme-viewport.png' });

    // The account whose shop sells in another currency: its own line says what was not converted.
    const foreign = overview.accounts.find((account) => account.currency === 'JPY');
    await page.getByTestId('account-focus').selectOption(foreign?.advertiserId ?? '');
    const line = page.getByTestId('account-bayme');
    await expect
      .poll(() => line.textContent())
      .toContain(`ROAS ${foreign?.bayme?.roas?.toFixed(2) ?? '–'}`);
    const apart = foreign?.bayme?.unconverted ?? [];
    if (apart.length > 0) expect(await line.textContent()).toContain('not converted: $');
    else expect(await line.textContent()).not.toContain('not converted');
    await screenshot(page, '43-dashboard-bayme-foreign-currency');
    await page.close();
  });
});
