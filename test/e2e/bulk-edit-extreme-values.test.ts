import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { encodeBulkDrawerState } from '../../extension/components/bulk-edit/bulk-drawer-protocol';
import { adGroupRow, campaignRow, createCsv } from '../helpers/bulk-create-csv';
import { controlClient } from '../helpers/control-client';
import { rawApi } from '../helpers/raw-api';
import { screenshot } from './harness';
import { signedInWorld } from './signed-in-world';

/**
 * The bulk-edit drawer and the side panel's bulk panel at the widths Chrome opens a side
 * panel (360 and 420 px), in Chromium with the built extension, with values at the edge of
 * what TikTok takes: budgets of $9,999,999.99 and 60-character names. Every verdict stays in
 * view without a sideways scroll; limits read as money ("$10,000,000.00"); absurd amounts and
 * percentages are refused in the form, before any preview; and the bulk-create preview shows
 * an ad group's start in the account's time zone (Los Angeles), not in UTC.
 */

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };
/** Two ad groups raised to the edge, one left at its $60 daily budget. */
const EXTREME = ['1840158125589658770', '1894767388663798066'];
const NORMAL = '1889035234624232194';
const TOP_BUDGET = 9_999_999.99;
const longName = (n: number) => `US | Extreme budget ${n} | `.padEnd(60, 'Lookalike 1% buyers ');

/** Whether anything scrolls sideways, and where each verdict's right edge is. */
function layoutOf(page: Page) {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid="bulk-preview"]') as HTMLElement;
    const verdicts = [
      ...document.querySelectorAll('[data-testid="bulk-preview-row"] > td:last-child span'),
    ].map((chip) => chip.getBoundingClientRect());
    const names = [...document.querySelectorAll<HTMLElement>('[data-testid="bulk-row-name"]')];
    const changes = [...document.querySelectorAll<HTMLElement>('[data-testid="bulk-change"]')];
    return {
      width: window.innerWidth,
      pageScrollWidth: document.documentElement.scrollWidth,
      tableRight: table.getBoundingClientRect().right,
      verdictLefts: verdicts.map((box) => box.left),
      verdictRights: verdicts.map((box) => box.right),
      verdictWidths: verdicts.map((box) => box.width),
      changeRights: changes.map((change) => change.getBoundingClientRect().right),
      names: names.map((name) => ({
        text: name.textContent,
        title: name.title,
        cut: name.scrollWidth > name.clientWidth,
      })),
    };
  });
}

async function expectVerdictsInView(page: Page, rows: number) {
  const shown = await layoutOf(page);
  expect(shown.pageScrollWidth).toBeLessThanOrEqual(shown.width);
  expect(shown.tableRight).toBeLessThanOrEqual(shown.width);
  expect(shown.verdictRights).toHaveLength(rows);
  // Each change figure is whole (+1000%, +16.7M%), clear of its verdict.
  expect(shown.changeRights).toHaveLength(rows);
  for (const [index, right] of shown.changeRights.entries()) {
    expect(right).toBeLessThanOrEqual(shown.verdictLefts[index] ?? 0);
  }
  for (const [index, right] of shown.verdictRights.entries()) {
    // Inside the table, so inside the panel's padding too.
    expect(right).toBeLessThanOrEqual(shown.tableRight + 0.5);
    expect(shown.verdictLefts[index]).toBeGreaterThan(0);
    // The chip is whole (its label on one line), not squeezed to nothing.
    expect(shown.verdictWidths[index]).toBeGreaterThan(20);
  }
  return shown;
}

/** Fill the budget form and press Preview. */
async function budgetChange(
  page: Page,
  change: { mode: 'set' | 'percent' | 'amount'; direction?: 'raise' | 'lower'; value: string },
) {
  await page.getByTestId('bulk-kind-budget').click();
  await page.getByTestId('bulk-mode').selectOption(change.mode);
  if (change.direction) await page.getByTestId(`bulk-direction-${change.direction}`).click();
  await page.getByTestId('bulk-value').fill(change.value);
  await page.getByTestId('bulk-preview-submit').click();
}

describe('bulk edits with extreme values at 360 and 420 px', () => {
  const world = signedInWorld();

  beforeAll(async () => {
    // Set at "TikTok" directly: the largest budget USD allows, and long names.
    const token = await controlClient(world.emulatorUrl).mintToken([US.id]);
    for (const [index, id] of EXTREME.entries()) {
      const updated = await rawApi(world.emulatorUrl).post(
        'adgroup/update/',
        {
          advertiser_id: US.id,
          adgroup_id: id,
          budget: TOP_BUDGET,
          adgroup_name: longName(index + 1),
        },
        token,
      );
      expect(updated.body.code, updated.text).toBe(0);
    }
  });

  /** The drawer's page, as Ads Manager's content script opens it, at a width. */
  async function openDrawer(width: number): Promise<Page> {
    const state = await controlClient(world.emulatorUrl).state(US.id);
    const selected = [...EXTREME, NORMAL].map((id) => ({
      id,
      name: String(state.adgroups.find((group) => group.adgroup_id === id)?.adgroup_name),
    }));
    const page = await world.browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(
      `chrome-extension://${world.extensionId}/bulk-drawer.html#${encodeBulkDrawerState({
        advertiserId: US.id,
        level: 'adgroup',
        currency: 'USD',
        selected,
      })}`,
    );
    await page.getByTestId('bulk-form').waitFor({ timeout: 15_000 });
    return page;
  }

  for (const width of [360, 420]) {
    it(`at ${width} px: refuses absurd amounts and percentages in the form, in money`, async () => {
      const page = await openDrawer(width);
      const plans = async () =>
        (await controlClient(world.emulatorUrl).calls({ path: 'adgroup/get/' })).total;
      const before = await plans();

      await budgetChange(page, { mode: 'set', value: '9999999999.99' });
      const error = page.getByTestId('bulk-form-error');
      expect(await error.textContent()).toBe(
        "The amount must be at most $10,000,000.00, TikTok's largest budget in USD.",
      );
      await screenshot(page, `96-bulk-amount-refused-${width}px`);

      await budgetChange(page, { mode: 'percent', direction: 'raise', value: '1000000' });
      expect(await error.textContent()).toBe(
        'A raise can be at most +1000% (11 times the current value).',
      );
      await budgetChange(page, { mode: 'percent', direction: 'lower', value: '100' });
      expect(await error.textContent()).toBe(
        'Lowering by 100% or more would leave nothing: lower by less than 100%.',
      );
      await screenshot(page, `96-bulk-percent-refused-${width}px`);
      // Nothing reached the server's planner, so nothing was read at TikTok.
      expect(await page.getByTestId('bulk-preview').count()).toBe(0);
      expect(await plans()).toBe(before);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      await page.close();
    });

    it(`at ${width} px: every verdict in view with $9,999,999.99 budgets and 60-character names`, async () => {
      const page = await openDrawer(width);
      // +1000%: the two at the top would pass TikTok's maximum; $60 → $660 needs approval.
      await budgetChange(page, { mode: 'percent', direction: 'raise', value: '1000' });
      await page.getByTestId('bulk-preview').waitFor({ timeout: 15_000 });
      const row = (id: string) =>
        page.locator(`[data-testid="bulk-preview-row"][data-entity-id="${id}"]`);
      for (const id of EXTREME) {
        expect(await row(id).getAttribute('data-verdict')).toBe('blocked');
        expect(await row(id).getByTestId('bulk-before').textContent()).toBe('$9,999,999.99');
        expect(await row(id).getByTestId('bulk-after').textContent()).toBe('→ $109,999,999.89');
        expect(await row(id).getByTestId('bulk-reason').textContent()).toBe(
          'Must be less than $10,000,000.00.',
        );
      }
      expect(await row(NORMAL).getAttribute('data-verdict')).toBe('needs_approval');
      const shown = await expectVerdictsInView(page, 3);
      // The long names are cut to the column, whole in their tooltip.
      const long = shown.names.filter((name) => name.text?.length === 60);
      expect(long).toHaveLength(2);
      for (const name of long) {
        expect(name.title).toBe(name.text);
        expect(name.cut).toBe(true);
      }
      await screenshot(page, `97-bulk-preview-extreme-${width}px`);

      // Set every row to the top: two already there, one by +16,666,567%.
      await page.getByTestId('bulk-back').click();
      await budgetChange(page, { mode: 'set', value: String(TOP_BUDGET) });
      await page.getByTestId('bulk-preview').waitFor({ timeout: 15_000 });
      expect(await row(EXTREME[0] ?? '').getAttribute('data-verdict')).toBe('unchanged');
      expect(await row(NORMAL).getAttribute('data-verdict')).toBe('needs_approval');
      expect(await row(NORMAL).getByTestId('bulk-change').textContent()).toBe('+16.7M%');
      await expectVerdictsInView(page, 3);
      await screenshot(page, `97-bulk-preview-set-top-${width}px`);
      await page.close();
    });

    it(`at ${width} px: the side panel's bulk panel keeps its verdicts in view too`, async () => {
      const today = zonedDate(Date.now(), US.timezone);
      const page = await world.browser.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(
        `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US.id}&level=adgroup&start=${addDays(today, -7)}&end=${addDays(today, -1)}`,
      );
      await page.getByTestId('entity-row').first().waitFor({ timeout: 15_000 });
      for (const id of [...EXTREME, NORMAL]) {
        await page
          .locator(`[data-testid="entity-row"][data-entity-id="${id}"] [data-testid="select-row"]`)
          .check();
      }
      await page.getByTestId('bulk-open').click();
      await budgetChange(page, { mode: 'percent', direction: 'raise', value: '1000' });
      await page.getByTestId('bulk-preview').waitFor({ timeout: 15_000 });
      await expectVerdictsInView(page, 3);
      await screenshot(page, `98-side-panel-bulk-preview-extreme-${width}px`);
      await page.close();
    });
  }

  it('previews a bulk-created ad group’s start in the account’s time zone, not UTC', async () => {
    const file = join(tmpdir(), `bulk-create-zone-${Date.now()}.csv`);
    await writeFile(
      file,
      createCsv([
        campaignRow({ name: 'Zone check | Campaign' }),
        adGroupRow({
          name: 'Zone check | Ad group',
          schedule_start: '2027-07-01 09:00',
          schedule_end: '2027-12-01 09:00',
        }),
      ]),
    );
    const today = zonedDate(Date.now(), US.timezone);
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 360, height: 900 });
    await page.goto(
      `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US.id}&level=campaign&start=${addDays(today, -7)}&end=${addDays(today, -1)}`,
    );
    await page.getByTestId('bulk-create-open').click();
    await page.getByTestId('create-file').setInputFiles(file);
    const preview = page.getByTestId('create-preview');
    await preview.waitFor({ timeout: 15_000 });
    const adGroup = page.locator('[data-testid="create-row"]').nth(1);
    const text = (await adGroup.textContent()) ?? '';
    // Typed as 09:00 in Los Angeles: shown as typed, named by the zone (summer, then winter).
    expect(text).toContain('$50.00 daily');
    expect(text).toContain('from 2027-07-01 09:00 PDT to 2027-12-01 09:00 PST');
    expect(text).not.toContain('UTC');
    expect(await preview.textContent()).toMatch(/valid until \d\d:\d\d P[DS]T/);
    await screenshot(page, '99-bulk-create-preview-account-time-360px');
    await page.close();
  });
});
