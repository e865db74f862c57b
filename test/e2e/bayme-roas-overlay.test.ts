import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { formatMoney } from '../../extension/ads-manager/metrics-format';
import { rawApi } from '../helpers/raw-api';
import {
  connectAllAccounts,
  type E2eWorld,
  SCREENSHOT_DIR,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * Bayme ROAS on the overlays, in Chromium with the production build of the content script:
 * on the demo orders, two more imported for one of the demo account's ad groups (the admin's
 * CSV import), then the buyer
 * ticks "Bayme ROAS" in the options; the ad group badges show it beside TikTok's figures and
 * the card shows Bayme's revenue and when the latest order was received.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles', currency: 'USD' };
/** A laptop's browser window. */
const LAPTOP = { width: 1366, height: 768 };

describe('Bayme ROAS on the Ads Manager overlays', () => {
  let world: E2eWorld;
  let token: string;
  let emulatorUrl: string;
  let adminKey: string;
  const range = (() => {
    const today = zonedDate(Date.now(), US.timezone);
    return { start: addDays(today, -7), end: addDays(today, -1) };
  })();

  /** The emulator's own spend per ad group over the range. */
  async function adGroupSpend(): Promise<Map<string, number>> {
    const answer = await rawApi(emulatorUrl).get(
      'report/integrated/get/',
      {
        advertiser_id: US.id,
        report_type: 'BASIC',
        data_level: 'AUCTION_ADGROUP',
        dimensions: ['adgroup_id'],
        metrics: ['spend'],
        start_date: range.start,
        end_date: range.end,
        page_size: 1000,
      },
      token,
    );
    const rows = answer.body.data.list as Array<{
      dimensions: { adgroup_id: string };
      metrics: { spend: string };
    }>;
    return new Map(rows.map((row) => [row.dimensions.adgroup_id, Number(row.metrics.spend)]));
  }

  /** Bayme's figures for an ad group over the range, as the server answers the overlays. */
  async function baymeOf(adGroup: string): Promise<{ orders: number; revenue: number }> {
    const query = `level=adgroup&start=${range.start}&end=${range.end}`;
    const response = await fetch(`${world.serverUrl}/api/ad-accounts/${US.id}/metrics?${query}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      rows: Array<{ id: string; bayme?: { orders: number; revenue: number } | null }>;
    };
    const bayme = body.rows.find((row) => row.id === adGroup)?.bayme;
    return { orders: bayme?.orders ?? 0, revenue: bayme?.revenue ?? 0 };
  }

  async function importOrders(lines: string[]): Promise<void> {
    const response = await fetch(`${world.serverUrl}/api/orders/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        csv: ['shop,order_id,placed_at,currency,revenue,adgroup_id', ...lines].join('\n'),
      }),
    });
    expect(response.status, await response.text()).toBe(200);
  }

  async function chooseBaymeRoas(): Promise<void> {
    const options = await world.browser.newPage();
    await options.goto(`chrome-extension://${world.extensionId}/options.html`);
    const box = options.getByTestId('option-bayme-roas');
    await box.check();
    await options.getByText('Saved.').waitFor();
    expect(await box.isChecked()).toBe(true);
    await options.close();
  }

  async function openAdGroups(): Promise<Page> {
    const page = await world.browser.newPage();
    await page.setViewportSize(LAPTOP);
    await page.goto(
      `${emulatorUrl}/i18n/manage/adgroup?aadvid=${US.id}&st=${range.start}&et=${range.end}`,
    );
    return page;
  }

  beforeAll(async () => {
    world = await startWorld();
    emulatorUrl = world.server.emulator?.url ?? '';
    adminKey = world.server.bootstrapAdminKey ?? '';
    token = await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows Bayme ROAS on the badge once chosen, and Bayme revenue on the card', async () => {
    const spend = await adGroupSpend();
    const [adGroup, adGroupSpent] = [...spend.entries()].find(([, value]) => value > 0) ?? [];
    if (!adGroup || !adGroupSpent) throw new Error('no ad group with spend in the range');
    // The demo orders `npm start` makes are there already; two more, at noon in the account's
    // zone on the range's first and last day.
    const demo = await baymeOf(adGroup);
    await importOrders([
      `e2e-shop,e2e-1,${range.start}T12:00:00-08:00,USD,123.45,${adGroup}`,
      `e2e-shop,e2e-2,${range.end}T12:00:00-08:00,USD,76.55,${adGroup}`,
    ]);
    const revenue = Math.round((demo.revenue + 200) * 100) / 100;
    const after = await baymeOf(adGroup);
    expect(after.orders).toBe(demo.orders + 2);
    expect(after.revenue).toBeCloseTo(revenue, 6);

    // Not chosen yet: the badge has TikTok's figures only.
    const before = await openAdGroups();
    const badge = before.locator(`[data-bayme-badge="${adGroup}"]`);
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.textContent()).not.toContain('Bayme');
    await before.close();

    await chooseBaymeRoas();
    const page = await openAdGroups();
    const chosen = page.locator(`[data-bayme-badge="${adGroup}"]`);
    await chosen.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => chosen.textContent(), { timeout: 10_000 })
      .toContain(`Bayme ${(revenue / adGroupSpent).toFixed(2)}`);
    await screenshot(page, '26-overlay-bayme-roas-badges');

    const box = await chosen.boundingBox();
    if (!box) throw new Error('badge without a box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const card = page.getByTestId('overlay-card');
    await card.waitFor();
    const bayme = card.getByTestId('card-bayme');
    expect(await bayme.locator('[data-bayme="revenue"] td').nth(1).textContent()).toBe(
      formatMoney(revenue, US.currency),
    );
    expect(await bayme.locator('[data-bayme="orders"] td').nth(1).textContent()).toBe(
      String(demo.orders + 2),
    );
    // Received moments ago, in the account's zone, with the zone's name.
    const latest = await card.getByTestId('card-bayme-latest').textContent();
    expect(latest).toMatch(/^Latest order received \d{4}-\d{2}-\d{2} \d{2}:\d{2} P[SD]T$/);
    await expect
      .poll(() => card.textContent(), { timeout: 10_000 })
      .toContain(`vs ${addDays(range.start, -7)}`);

    // The whole card is inside the window, nothing cut off at its edges.
    const cardBox = await card.locator(':scope > div').boundingBox();
    if (!cardBox) throw new Error('card without a box');
    expect(cardBox.y).toBeGreaterThanOrEqual(0);
    expect(cardBox.y + cardBox.height).toBeLessThanOrEqual(LAPTOP.height);
    expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(LAPTOP.width);
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await card.screenshot({ path: join(SCREENSHOT_DIR, '27-overlay-bayme-card.png') });
    await screenshot(page, '27-overlay-bayme-card-page');
    await page.close();
  });
});
