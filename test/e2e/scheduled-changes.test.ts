import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScheduledChangeView } from '../../companion-server/src/contract/scheduled-changes';
import { zonedDate } from '../../companion-server/src/lib/time-zone';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * Scheduled changes in Chromium with the built extension: a buyer opens the rules page's
 * Scheduled changes view and writes "at 18:00 set these ad groups' budget to 50, put back at
 * 23:00" for three ad groups of the emulator's US account, sees it listed with its times on
 * the account's clock and the zone named, at 1280 px and at 360 px; a viewer reads it but
 * cannot create or change one. The firing itself is test/companion/scheduled-changes.test.ts's.
 */

const US = { id: '7252569388304511798', name: 'Bayme US', zone: 'America/Los_Angeles' };
/** Daily-budget ad groups of the US seed ($60, $50 and $80). */
const AD_GROUPS = ['1889035234624232194', '1811207659203137835', '1859352136245632819'];
/** "PST" in winter, "PDT" in summer: the test runs whenever. */
const LA_ZONE = /P[SD]T/;

describe('scheduled changes: the rules page’s Scheduled changes view', () => {
  let world: E2eWorld;
  let adminKey: string;
  const keys = { buyer: '', viewer: '' };
  /** Tomorrow on the account's clock: 18:00 then is ahead whenever the test runs. */
  const day = zonedDate(Date.now() + 24 * 3_600_000, US.zone);
  /** Set by the first test, read by the next ones. */
  let changeId = '';

  beforeAll(async () => {
    // No scheduler ticks: nothing fires while the test reads the change.
    world = await startWorld({ RULES_TICK_SECONDS: '0' });
    adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    for (const role of ['buyer', 'viewer'] as const) {
      const added = await world.server.app.inject({
        method: 'POST',
        url: '/api/staff',
        headers: { authorization: `Bearer ${adminKey}` },
        payload: { email: `${role}@bayme.example`, name: `Schedules ${role}`, role },
      });
      if (added.statusCode !== 200) throw new Error(`adding a ${role} failed: ${added.body}`);
      keys[role] = (added.json() as { key: string }).key;
    }
    await signInThroughPopup(world, keys.buyer);
  });
  afterAll(async () => {
    await world?.close();
  });

  async function changesOnServer(): Promise<ScheduledChangeView[]> {
    const answer = await world.server.app.inject({
      method: 'GET',
      url: '/api/scheduled-changes',
      headers: { authorization: `Bearer ${adminKey}` },
    });
    return (answer.json() as { changes: ScheduledChangeView[] }).changes;
  }

  async function noSidewaysScroll(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  }

  /** Every element of the page's main column that sticks out past the viewport's right edge. */
  async function clipped(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const out: string[] = [];
      for (const element of document.querySelectorAll<HTMLElement>('[data-testid]')) {
        const box = element.getBoundingClientRect();
        if (box.width > 0 && box.right > window.innerWidth + 0.5) {
          out.push(`${element.dataset.testid} (${Math.round(box.right)}px)`);
        }
      }
      return out;
    });
  }

  it('a buyer creates “at 18:00 set the budget to 50, back at 23:00” and sees it listed on the account’s clock', async () => {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${world.extensionId}/rules.html`);
    await page.getByTestId('page-view-schedules').click();
    await page.waitForURL(/view=schedules/);
    await page.getByTestId('schedules-empty').waitFor({ timeout: 15_000 });
    await page.getByTestId('schedules-account').selectOption({ label: US.name });
    await page.waitForURL(new RegExp(`advertiserId=${US.id}`));

    await page.getByTestId('new-change').click();
    await page.getByTestId('change-form').waitFor();
    expect(await page.getByTestId('change-account').inputValue()).toBe(US.id);
    await page.getByTestId('change-name-input').fill('Evening budgets');

    // Three ad groups, found in the account's list by their ids.
    const filter = page.getByTestId('entities-filter');
    await filter.waitFor({ timeout: 15_000 });
    for (const id of AD_GROUPS) {
      await filter.fill(id);
      const row = page.locator(`[data-testid="entity-row"][data-entity-id="${id}"]`);
      await row.getByTestId('entity-choose').check();
    }
    await filter.fill('');
    expect(await page.getByTestId('entities-count').textContent()).toBe('3 chosen, up to 1,000');

    await page.getByTestId('change-kind-budget').check();
    await page.getByTestId('change-mode').selectOption('set');
    await page.getByTestId('change-value').fill('50');
    expect(await page.getByTestId('change-operation-summary').textContent()).toBe(
      'Budget: set to $50.00 · 3 ad groups',
    );

    await page.getByTestId('when-kind-once').check();
    await page.getByTestId('when-date').fill(day);
    await page.getByTestId('when-time').fill('18:00');
    expect(await page.getByTestId('when-zone').textContent()).toMatch(
      new RegExp(`^${LA_ZONE.source} · ${US.zone}$`),
    );
    expect(await page.getByTestId('when-label').textContent()).toMatch(
      new RegExp(`^Fires ${day} 18:00 ${LA_ZONE.source}$`),
    );
    await page.getByTestId('revert-later').check();
    expect(await page.getByTestId('revert-date').inputValue()).toBe(day);
    await page.getByTestId('revert-time').fill('23:00');
    expect(await page.getByTestId('revert-zone').textContent()).toMatch(
      new RegExp(`^${LA_ZONE.source} · ${US.zone}$`),
    );
    expect(await page.getByTestId('change-problems').count()).toBe(0);
    await noSidewaysScroll(page);
    await screenshot(page, '77-scheduled-change-form-1280px');

    await page.getByTestId('change-save').click();
    await page.getByTestId('change-tabs').waitFor({ timeout: 15_000 });
    await page.waitForURL(/changeId=/);

    // Saved as the buyer wrote it, times on the account's clock.
    const [saved] = await changesOnServer();
    changeId = saved?.id ?? '';
    expect(saved).toMatchObject({
      name: 'Evening budgets',
      enabled: true,
      advertiserId: US.id,
      level: 'adgroup',
      operation: { kind: 'budget', change: { type: 'set', value: 50 } },
      when: { kind: 'once', at: `${day} 18:00` },
      revert: { kind: 'once', at: `${day} 23:00` },
      createdByEmail: 'buyer@bayme.example',
      timezone: US.zone,
    });
    expect([...(saved?.entityIds ?? [])].sort()).toEqual([...AD_GROUPS].sort());

    // Listed with what it does, its times and the zone named, and the next firing.
    const line = page.getByTestId('schedules-list').getByTestId('change-line');
    await expect.poll(() => line.count(), { timeout: 15_000 }).toBe(1);
    expect(await line.getAttribute('data-change-id')).toBe(changeId);
    expect(await line.getByTestId('change-name').textContent()).toBe('Evening budgets');
    expect(await line.getByTestId('change-what').textContent()).toBe(
      'Budget: set to $50.00 · 3 ad groups',
    );
    expect(await line.getByTestId('change-when').textContent()).toMatch(
      new RegExp(`^Once, ${day} 18:00 ${LA_ZONE.source}, put back ${day} 23:00 ${LA_ZONE.source}$`),
    );
    // The put-back's own time comes once the change has fired (the firing's job to undo).
    expect(await line.getByTestId('change-next-firing').textContent()).toMatch(
      new RegExp(`^Next ${day} 18:00 ${LA_ZONE.source}$`),
    );
    expect(await line.getByTestId('change-switch').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('change-next').textContent()).toMatch(
      new RegExp(`^Next firing ${day} 18:00 ${LA_ZONE.source}$`),
    );
    expect(await clipped(page)).toEqual([]);
    await noSidewaysScroll(page);
    await screenshot(page, '77-scheduled-changes-1280px');
    await page.close();
  });

  it('reads the list and the change at 360 px without a sideways scroll', async () => {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 360, height: 720 });
    await page.goto(
      `chrome-extension://${world.extensionId}/rules.html?view=schedules&advertiserId=${US.id}`,
    );
    const line = page.getByTestId('schedules-list').getByTestId('change-line');
    await line.waitFor({ timeout: 15_000 });
    expect(await line.getByTestId('change-next-firing').textContent()).toMatch(
      new RegExp(`^Next ${day} 18:00 ${LA_ZONE.source}`),
    );
    expect(await clipped(page)).toEqual([]);
    await noSidewaysScroll(page);
    await screenshot(page, '78-scheduled-changes-360px');

    // Narrower than a laptop, the change takes the place of the list.
    await line.getByTestId('change-name').click();
    await page.getByTestId('change-editor').waitFor();
    expect(await page.getByTestId('schedules-aside').isVisible()).toBe(false);
    await page.getByTestId('entities-table').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('when-zone').textContent()).toMatch(LA_ZONE);
    expect(await clipped(page)).toEqual([]);
    await noSidewaysScroll(page);
    await screenshot(page, '79-scheduled-change-360px');
    await page.close();
  });

  it('lets a viewer read the change but not create or change one', async () => {
    const options = await world.browser.newPage();
    await options.goto(`chrome-extension://${world.extensionId}/options.html`);
    await options.getByTestId('sign-out').click();
    await options.getByText('Not signed in.').waitFor();
    await options.close();
    await signInThroughPopup(world, keys.viewer);

    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(
      `chrome-extension://${world.extensionId}/rules.html?view=schedules&advertiserId=${US.id}`,
    );
    // Until the role is known the view offers reading only; then it names the viewer's role.
    await expect
      .poll(() => page.getByTestId('schedules-pick').textContent(), { timeout: 15_000 })
      .toContain('Your role (viewer) cannot create or change them.');
    expect(await page.getByTestId('new-change').count()).toBe(0);
    const line = page.getByTestId('change-line');
    await line.waitFor();
    expect(await line.getByTestId('change-switch').isDisabled()).toBe(true);
    await line.getByTestId('change-name').click();
    await page.getByTestId('change-read-only').waitFor();
    expect(await page.getByTestId('change-save').count()).toBe(0);
    expect(await page.getByTestId('change-delete').count()).toBe(0);
    expect(await page.getByTestId('change-name-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('change-value').isDisabled()).toBe(true);
    expect(await page.getByTestId('when-time').isDisabled()).toBe(true);
    await page.close();

    // Nor through the server, whatever a page offers.
    const [saved] = await changesOnServer();
    const { id, version, createdBy, createdByEmail, createdAt, updatedBy, updatedAt, ...rest } =
      saved as ScheduledChangeView;
    const { timezone, nextFiring, nextRevert, lastFiring, ...input } = rest;
    const refused = await world.server.app.inject({
      method: 'POST',
      url: '/api/scheduled-changes',
      headers: { authorization: `Bearer ${keys.viewer}` },
      payload: { ...input, name: 'A viewer’s change' },
    });
    expect(refused.statusCode).toBe(403);
    expect((await changesOnServer()).map((change) => change.id)).toEqual([changeId]);
  });
});
