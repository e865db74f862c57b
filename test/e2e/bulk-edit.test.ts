import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlClient } from '../helpers/control-client';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * A buyer's bulk budget edit on the replica, in Chromium with the built extension: tick rows
 * with Ads Manager's own checkboxes, raise budgets 10%, read the preview (old → new, one row
 * blocked with its reason), apply, watch the job, see the new budgets at "TikTok" and in the
 * table, find the audit entries, and undo.
 */

const US = '7252569388304511798';
const AG = {
  homeDecor: '1894767388663798066', // daily 120
  broad45: '1889035234624232194', // daily 60
  cboBroad: '1849091869425433287', // its campaign owns the budget (CBO)
};

/** Where Ads Manager's checkbox of an entity's row is, found through the page's React props. */
async function checkboxOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const spot = await page.evaluate((wanted) => {
    for (const link of document.querySelectorAll('[class*="KsLink--inherit"]')) {
      const cell = link.closest('.ks-vt-cell');
      if (!cell) continue;
      const propsKey = Object.keys(cell).find((key) => key.startsWith('__reactProps$')) ?? '';
      const props = (cell as unknown as Record<string, any>)[propsKey];
      const record = props?.children?.props?.children?.props?.cellProps?.rowData?.record;
      if (String(record?.adgroup_id) !== wanted) continue;
      const middle = (cell.getBoundingClientRect().top + cell.getBoundingClientRect().bottom) / 2;
      for (const box of document.querySelectorAll('.ks-vt-cell--checkbox input')) {
        const rect = box.getBoundingClientRect();
        if (Math.abs((rect.top + rect.bottom) / 2 - middle) < 8) {
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        }
      }
    }
    return null;
  }, id);
  if (!spot) throw new Error(`no visible row for ${id}`);
  return spot;
}

/** The budget cell's text of an entity's row in the replica table. */
async function budgetCellOf(page: Page, id: string): Promise<string> {
  const { y } = await checkboxOf(page, id);
  return page.evaluate((middle) => {
    for (const cell of document.querySelectorAll('.ks-vt-cell--budget')) {
      const rect = cell.getBoundingClientRect();
      if (Math.abs((rect.top + rect.bottom) / 2 - middle) < 8) return cell.textContent ?? '';
    }
    return '';
  }, y);
}

describe('bulk budget edit on the replica', () => {
  let world: E2eWorld;
  let emulatorUrl: string;
  let adminKey: string;

  beforeAll(async () => {
    world = await startWorld();
    emulatorUrl = world.server.emulator?.url ?? '';
    adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
  });
  afterAll(async () => {
    await world?.close();
  });

  async function budgetAtTikTok(id: string): Promise<number> {
    const state = await controlClient(emulatorUrl).state(US);
    return Number(state.adgroups.find((g) => g.adgroup_id === id)?.budget);
  }

  it('ticks rows, previews +10%, applies with progress, audits, and undoes', async () => {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(`${emulatorUrl}/i18n/manage/adgroup?aadvid=${US}`);
    await page
      .getByTestId('overlay-badge')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 15_000 });

    for (const id of [AG.homeDecor, AG.broad45, AG.cboBroad]) {
      const { x, y } = await checkboxOf(page, id);
      await page.mouse.click(x, y);
    }
    const bar = page.getByTestId('bulk-action-bar');
    await expect
      .poll(() => bar.getByTestId('bulk-selected-count').textContent())
      .toBe('3 selected');
    await screenshot(page, '30-bulk-selection');

    await page.getByTestId('bulk-open').click();
    const drawerFrame = page.frameLocator('[data-testid="bulk-drawer-frame"]');
    const panel = drawerFrame.getByTestId('bulk-panel');
    await panel.waitFor();
    // The drawer is an extension page in an iframe, and keyboard focus moves into it.
    expect(
      await page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.tagName;
      }),
    ).toBe('IFRAME');
    // The page itself cannot close the drawer by posting the drawer's message.
    await page.evaluate(() =>
      window.postMessage({ source: 'bayme-bulk-drawer', type: 'close' }, '*'),
    );
    await page.waitForTimeout(300);
    expect(await page.getByTestId('bulk-drawer').count()).toBe(1);
    await screenshot(page, '30b-drawer-open');
    await panel.getByTestId('bulk-kind-budget').click();
    await panel.getByTestId('bulk-mode').selectOption('percent');
    await panel.getByTestId('bulk-direction-raise').click();
    await panel.getByTestId('bulk-value').fill('10');
    await panel.getByTestId('bulk-preview-submit').click();

    const preview = panel.getByTestId('bulk-preview');
    await preview.waitFor({ timeout: 15_000 });
    const previewRow = (id: string) => preview.locator(`[data-entity-id="${id}"]`);
    expect(await previewRow(AG.homeDecor).getAttribute('data-verdict')).toBe('ok');
    expect(await previewRow(AG.homeDecor).textContent()).toMatch(/\$120\.00.*\$132\.00/);
    expect(await previewRow(AG.broad45).textContent()).toMatch(/\$60\.00.*\$66\.00/);
    expect(await previewRow(AG.cboBroad).getAttribute('data-verdict')).toBe('blocked');
    expect(await previewRow(AG.cboBroad).textContent()).toContain('belongs to the campaign');
    // Nothing has changed yet.
    expect(await budgetAtTikTok(AG.homeDecor)).toBe(120);
    await screenshot(page, '31-bulk-preview');

    await panel.getByTestId('bulk-apply').click();
    const job = panel.getByTestId('bulk-job');
    await job.waitFor();
    await drawerFrame.getByTestId('bulk-progress').waitFor();
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 20_000 }).toBe('finished');
    expect(await panel.getByTestId('bulk-counts').textContent()).toMatch(/2 done/);
    expect(await job.locator(`[data-entity-id="${AG.cboBroad}"]`).getAttribute('data-state')).toBe(
      'skipped',
    );
    await screenshot(page, '32-bulk-job-finished');

    // At TikTok, and in Ads Manager's own table after a refresh.
    expect(await budgetAtTikTok(AG.homeDecor)).toBe(132);
    expect(await budgetAtTikTok(AG.broad45)).toBe(66);
    // (The drawer covers the page's Refresh button, so a second tab shows the table.)
    const table = await world.browser.newPage();
    await table.setViewportSize({ width: 1400, height: 900 });
    await table.goto(`${emulatorUrl}/i18n/manage/adgroup?aadvid=${US}`);
    await table
      .getByTestId('overlay-badge')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: 15_000 });
    expect(await budgetCellOf(table, AG.homeDecor)).toContain('$132.00');
    expect(await budgetCellOf(table, AG.broad45)).toContain('$66.00');
    await table.close();

    // The audit names who changed what, before → after.
    const audit = await world.server.app.inject({
      method: 'GET',
      url: `/api/audit?action=bulk_edit.budget&advertiserId=${US}`,
      headers: { authorization: `Bearer ${adminKey}` },
    });
    const entries = audit.json().entries as Array<{
      entityIds: string[];
      outcome: string;
      changes: Array<{ before: number; after: number }>;
    }>;
    const home = entries.find((e) => e.entityIds[0] === AG.homeDecor && e.outcome === 'success');
    expect(home?.changes[0]).toMatchObject({ before: 120, after: 132 });

    // Undo: previewed, then applied as a job of its own.
    await panel.getByTestId('bulk-undo').click();
    await preview.waitFor({ timeout: 15_000 });
    expect(await panel.getByTestId('bulk-plan-title').textContent()).toMatch(/Undo/);
    expect(await previewRow(AG.homeDecor).textContent()).toMatch(/\$132\.00.*\$120\.00/);
    await panel.getByTestId('bulk-apply').click();
    await expect
      .poll(() => panel.getByTestId('bulk-job').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('finished');
    expect(await budgetAtTikTok(AG.homeDecor)).toBe(120);
    expect(await budgetAtTikTok(AG.broad45)).toBe(60);
    await screenshot(page, '33-bulk-undone');
    // Escape in the drawer closes it; the bar is back.
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-drawer').waitFor({ state: 'detached', timeout: 5_000 });
    await page.getByTestId('bulk-action-bar').waitFor();
    await page.close();
  });

  it('pauses the filtered ad groups from the side panel, skipping those already paused', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const day = (offset: number) =>
      new Date(Date.parse(today) + offset * 86_400_000).toISOString().slice(0, 10);
    const lastWeek = { start: day(-8), end: day(-2) };
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 480, height: 900 });
    await page.goto(
      `chrome-extension://${world.extensionId}/sidepanel.html?advertiserId=${US}&level=adgroup&start=${lastWeek.start}&end=${lastWeek.end}`,
    );
    await expect
      .poll(() => page.getByTestId('entity-row').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(15);
    await page.getByLabel('Filter by name or id').fill('Purchase');
    const state = await controlClient(emulatorUrl).state(US);
    const purchase = state.adgroups.filter(
      (g) => !g.deleted && g.adgroup_name.includes('Purchase'),
    );
    await expect.poll(() => page.getByTestId('entity-row').count()).toBe(purchase.length);
    await page.getByTestId('select-all').click();
    await expect
      .poll(() => page.getByTestId('bulk-selected-count').textContent())
      .toBe(`${purchase.length} selected`);
    await page.getByTestId('bulk-open').click();
    await page.getByTestId('bulk-kind-status').click();
    await page.getByTestId('bulk-status-DISABLE').click();
    await page.getByTestId('bulk-preview-submit').click();
    await page.getByTestId('bulk-preview').waitFor({ timeout: 15_000 });
    const alreadyPaused = purchase.filter((g) => g.operation_status === 'DISABLE');
    for (const adGroup of alreadyPaused) {
      expect(
        await page
          .locator(`[data-entity-id="${adGroup.adgroup_id}"][data-verdict]`)
          .getAttribute('data-verdict'),
      ).toBe('unchanged');
    }
    await screenshot(page, '34-side-panel-bulk-preview');
    await page.getByTestId('bulk-apply').click();
    await expect
      .poll(() => page.getByTestId('bulk-job').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('finished');
    const after = await controlClient(emulatorUrl).state(US);
    for (const adGroup of purchase) {
      expect(
        after.adgroups.find((g) => g.adgroup_id === adGroup.adgroup_id)?.operation_status,
      ).toBe('DISABLE');
    }
    // Ad groups outside the filter were not touched.
    const others = after.adgroups.filter((g) => !g.deleted && !g.adgroup_name.includes('Purchase'));
    for (const adGroup of others) {
      const before = state.adgroups.find((g) => g.adgroup_id === adGroup.adgroup_id);
      expect(adGroup.operation_status).toBe(before?.operation_status);
    }
    await screenshot(page, '35-side-panel-bulk-done');

    // Closed, the job is still there to come back to: the newest of the recent bulk edits.
    await page.getByTestId('bulk-close').click();
    await page.getByTestId('recent-jobs-open').click();
    const newest = page.getByTestId('recent-jobs').getByTestId('recent-job').first();
    await expect
      .poll(() => newest.getAttribute('data-status'), { timeout: 15_000 })
      .toBe('finished');
    expect(await newest.textContent()).toContain('Status: pause');
    await screenshot(page, '36-side-panel-recent-jobs');
    await newest.click();
    await page.getByTestId('bulk-job').waitFor();
    expect(await page.getByTestId('bulk-job').getAttribute('data-status')).toBe('finished');
    await page.getByTestId('bulk-undo').waitFor();
    await page.close();
  });
});
