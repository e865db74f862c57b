import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { rawApi } from '../helpers/raw-api';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * The reporting dashboard in Chromium with the built extension: opened from the side panel,
 * a date range changed, a campaign CSV exported and checked against the emulator's report;
 * then, with TikTok's report tasks allowlisted, an export prepared by tasks with its progress.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };

/**
 * The emulator's own report. The test's calls share the app's rate limit with the server's
 * (the emulator counts per app, as TikTok does), so a throttled answer is waited out.
 */
async function emulatorReport(
  emulatorUrl: string,
  token: string,
  params: Record<string, unknown>,
): Promise<Array<{ dimensions: Record<string, string>; metrics: Record<string, string> }>> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const answer = await rawApi(emulatorUrl).get(
      'report/integrated/get/',
      { report_type: 'BASIC', page_size: 1000, ...params },
      token,
    );
    if (answer.body.code === 0) return answer.body.data.list;
    if (answer.body.code !== 40100) throw new Error(answer.text);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
  }
  throw new Error('The emulator kept throttling the test.');
}

describe('reporting dashboard', () => {
  let world: E2eWorld;
  let token: string;

  beforeAll(async () => {
    world = await startWorld();
    const adminKey = world.server.bootstrapAdminKey ?? '';
    token = await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('opens from the side panel, changes the range, and exports the emulator’s figures', async () => {
    const today = zonedDate(Date.now(), US.timezone);
    const week = { start: addDays(today, -7), end: addDays(today, -1) };
    const panel = await world.browser.newPage();
    await panel.goto(
      `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US.id}&level=campaign&start=${week.start}&end=${week.end}`,
    );
    const opened = world.browser.waitForEvent('page');
    await panel.getByTestId('open-dashboard').click();
    const page = await opened;
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.getByTestId('dashboard').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId('currency-group').count(), { timeout: 15_000 })
      .toBe(1);
    expect(await page.getByTestId('currency-group').getAttribute('data-currency')).toBe('USD');

    // A longer range: 40 days, so the daily series crosses TikTok's 30-day window.
    const range = { start: addDays(today, -40), end: addDays(today, -1) };
    await page.getByTestId('range-start').fill(range.start);
    await page.getByTestId('range-end').fill(range.end);
    await page.getByTestId('range-apply').click();
    await page.waitForURL(new RegExp(`start=${range.start}`));
    await expect.poll(() => page.getByTestId('chart-bar').count(), { timeout: 15_000 }).toBe(40);
    const [total] = await emulatorReport(world.server.emulator?.url ?? '', token, {
      advertiser_id: US.id,
      data_level: 'AUCTION_ADVERTISER',
      dimensions: ['advertiser_id'],
      metrics: ['spend'],
      start_date: range.start,
      end_date: range.end,
    });
    const spend = Number(total?.metrics.spend);
    const card = page.locator('[data-testid="metric-card"][data-metric="spend"]');
    const shown = Number(
      ((await card.textContent()) ?? '').match(/\$([\d,]+\.\d\d)/)?.[1]?.replaceAll(',', ''),
    );
    expect(shown).toBeCloseTo(spend, 2);
    await screenshot(page, '40-dashboard');

    await page.getByTestId('level-row').first().waitFor({ timeout: 15_000 });
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await (await download).path();
    const csv = (await readFile(file, 'utf8'))
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split(/\r?\n/);
    const header = (csv[0] ?? '').split(',');
    expect(header.slice(0, 3)).toEqual(['campaign_id', 'campaign_name', 'Spend (USD)']);
    const truth = await emulatorReport(world.server.emulator?.url ?? '', token, {
      advertiser_id: US.id,
      data_level: 'AUCTION_CAMPAIGN',
      dimensions: ['campaign_id'],
      metrics: ['spend'],
      start_date: range.start,
      end_date: range.end,
      filtering: [
        { field_name: 'campaign_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' },
      ],
    });
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(truth.length);
    for (const row of truth) {
      const exported = rows.find((fields) => fields[0] === row.dimensions.campaign_id);
      expect(Number(exported?.[header.indexOf('Spend (USD)')])).toBeCloseTo(
        Number(row.metrics.spend),
        2,
      );
    }
    await page.close();
    await panel.close();
  });
});

describe('reporting dashboard with TikTok report tasks (TIKTOK_ASYNC_REPORTS)', () => {
  let world: E2eWorld;
  let token: string;

  beforeAll(async () => {
    world = await startWorld({ TIKTOK_ASYNC_REPORTS: 'true' });
    const adminKey = world.server.bootstrapAdminKey ?? '';
    token = await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows the report tasks’ progress, then downloads the prepared file', async () => {
    const emulatorUrl = world.server.emulator?.url ?? '';
    // Tasks that take TikTok a few seconds, so the progress is there to be seen.
    await fetch(`${emulatorUrl}/__emulator/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ asyncReportDelayMs: 1_500 }),
    });
    const today = zonedDate(Date.now(), US.timezone);
    // 40 days by day: two report tasks (TikTok's daily reports cover 30 days each).
    const range = { start: addDays(today, -40), end: addDays(today, -1) };
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.goto(
      `chrome-extension://${world.extensionId}/dashboard.html?advertiserIds=${US.id}&start=${range.start}&end=${range.end}`,
    );
    await page.getByTestId('level-row').first().waitFor({ timeout: 15_000 });

    const download = page.waitForEvent('download', { timeout: 45_000 });
    await page.getByTestId('export-daily-csv').click();
    const progress = page.getByTestId('export-progress');
    await progress.waitFor({ timeout: 10_000 });
    expect(await progress.getAttribute('aria-valuemax')).toBe('2');
    expect(await page.getByTestId('export-status').textContent()).toMatch(
      /Preparing export with TikTok report tasks… [01] of 2/,
    );
    await screenshot(page, '41-dashboard-export-progress');

    const file = await (await download).path();
    await expect
      .poll(() => page.getByTestId('export-status').textContent(), { timeout: 5_000 })
      .toMatch(/^Downloaded .+\.csv \(\d+ rows?\)\.$/);
    const csv = (await readFile(file, 'utf8'))
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split(/\r?\n/);
    const header = (csv[0] ?? '').split(',');
    expect(header.slice(0, 3)).toEqual(['campaign_id', 'campaign_name', 'date']);
    const rows = csv.slice(1).map((line) => line.split(','));
    const dates = rows.map((fields) => fields[header.indexOf('date')] ?? '');
    expect(dates.every((date) => date >= range.start && date <= range.end)).toBe(true);
    // Both tasks' days are in the file: the campaigns' spend adds up to the account's.
    const [total] = await emulatorReport(emulatorUrl, token, {
      advertiser_id: US.id,
      data_level: 'AUCTION_ADVERTISER',
      dimensions: ['advertiser_id'],
      metrics: ['spend'],
      start_date: range.start,
      end_date: range.end,
    });
    const exported = rows.reduce(
      (sum, fields) => sum + Number(fields[header.indexOf('Spend (USD)')] ?? 0),
      0,
    );
    expect(Math.abs(exported - Number(total?.metrics.spend))).toBeLessThan(0.01 * rows.length);
    await page.close();
  });
});
