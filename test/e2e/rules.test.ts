import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuleView } from '../../companion-server/src/contract/rules';
import { controlClient } from '../helpers/control-client';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * Automated rules in Chromium with the built extension, signed in as a buyer: on the rules
 * page a stop-loss made from its template, its threshold set from what the live preview
 * shows so that some ads would be paused and others not, saved enabled, run now, its run log
 * read (and filtered) and checked against TikTok; then the side panel's Rules tab shows it
 * with its last run and switches it off; a viewer reads it but cannot change it.
 */

const US = { id: '7252569388304511798', name: 'Bayme US' };

/** A row of the preview's or the run log's table, as the page shows it. */
interface ShownEvaluation {
  index: number;
  entityId: string;
  outcome: string;
  reason: string;
  /** "spend@today" → 2.13, from "spend@today 2.13 · conversions@today 0". */
  values: Record<string, number | null>;
  /** Each condition's data-met: "true", "false" or "null". */
  met: string[];
  change: string | null;
}

/**
 * Every row of an evaluation table (preview-table, run-log-table): only the rows in sight
 * render, so its box is scrolled from top to bottom and the rows are gathered on the way.
 */
async function allRows(page: Page, testId: string): Promise<ShownEvaluation[]> {
  const table = page.getByTestId(testId);
  const box = page.getByTestId(`${testId}-scroll`);
  const total = Number(await table.getAttribute('data-rows'));
  const seen = new Map<number, ShownEvaluation>();
  await box.evaluate((element) => element.scrollTo({ top: 0 }));
  for (let step = 0; step < 500; step += 1) {
    // Two frames: the virtual rows re-render after the scroll event.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const rows = await table.locator('[data-testid="evaluation-row"]').evaluateAll((elements) =>
      elements.map((row) => ({
        index: Number(row.getAttribute('data-index')),
        entityId: row.getAttribute('data-entity-id') ?? '',
        outcome: row.getAttribute('data-outcome') ?? '',
        reason: row.querySelector('[data-testid="evaluation-reason"]')?.textContent ?? '',
        valuesText: row.querySelector('[data-testid="evaluation-values"]')?.textContent ?? '',
        met: [...row.querySelectorAll('[data-testid="evaluation-conditions"] [data-met]')].map(
          (condition) => condition.getAttribute('data-met') ?? '',
        ),
        change: row.querySelector('[data-testid="evaluation-change"]')?.textContent ?? null,
      })),
    );
    for (const { valuesText, ...row } of rows) {
      seen.set(row.index, { ...row, values: parseValues(valuesText) });
    }
    const atEnd = await box.evaluate((element) => {
      const end = element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
      element.scrollTop += Math.max(element.clientHeight - 40, 40);
      return end;
    });
    if (atEnd) break;
  }
  await box.evaluate((element) => element.scrollTo({ top: 0 }));
  expect(seen.size, `every row of ${testId} was read`).toBe(total);
  return [...seen.values()].sort((a, b) => a.index - b.index);
}

/** "spend@today 1,002.5 · conversions@today 0" (a missing value shows as "–"). */
function parseValues(text: string): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const part of text.split(' · ')) {
    const at = part.lastIndexOf(' ');
    if (at < 0) continue;
    const figure = part.slice(at + 1).replaceAll(',', '');
    values[part.slice(0, at)] = figure === '–' ? null : Number(figure);
  }
  return values;
}

/**
 * A spend threshold that splits the ads without a conversion today: the top one to five
 * spenders above it, the rest at or below, at the widest gap among those splits so that a
 * few cents more spend while the test runs do not carry another ad over it. Null when every
 * such ad spent the same (the first minutes after midnight in the account's time zone).
 */
function splittingThreshold(rows: readonly ShownEvaluation[]): number | null {
  const spends = rows
    .filter((row) => row.values['conversions@today'] === 0)
    .map((row) => row.values['spend@today'])
    .filter((spend): spend is number => typeof spend === 'number')
    .sort((a, b) => b - a);
  let best: { gap: number; threshold: number } | null = null;
  for (let above = 1; above <= Math.min(5, spends.length - 1); above += 1) {
    const [low, high] = [spends[above] as number, spends[above - 1] as number];
    // Whole cents: what a buyer types, strictly below the lowest spend it is to catch.
    const threshold = Math.floor(((low + high) / 2) * 100) / 100;
    if (high - low > (best?.gap ?? 0) && threshold >= low && threshold < high) {
      best = { gap: high - low, threshold };
    }
  }
  return best?.threshold ?? null;
}

describe('automated rules: rules page, run log and the side panel’s Rules tab', () => {
  let world: E2eWorld;
  let adminKey: string;
  const keys = { buyer: '', viewer: '' };
  /** Set by the first test, read by the next ones. */
  let ruleId = '';
  let pausedByRule: string[] = [];

  beforeAll(async () => {
    // No scheduler ticks: the rule runs only when the buyer says Run now, so a quarter-hour
    // slot passing mid-test neither runs it a second time nor makes Run now wait for a run.
    world = await startWorld({ RULES_TICK_SECONDS: '0' });
    adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    for (const role of ['buyer', 'viewer'] as const) {
      const added = await world.server.app.inject({
        method: 'POST',
        url: '/api/staff',
        headers: { authorization: `Bearer ${adminKey}` },
        payload: { email: `${role}@bayme.example`, name: `Rules ${role}`, role },
      });
      if (added.statusCode !== 200) throw new Error(`adding a ${role} failed: ${added.body}`);
      keys[role] = (added.json() as { key: string }).key;
    }
    await signInThroughPopup(world, keys.buyer);
  });
  afterAll(async () => {
    await world?.close();
  });

  async function rulesOnServer(): Promise<RuleView[]> {
    const answer = await world.server.app.inject({
      method: 'GET',
      url: '/api/rules',
      headers: { authorization: `Bearer ${adminKey}` },
    });
    return (answer.json() as { rules: RuleView[] }).rules;
  }

  async function noSidewaysScroll(page: Page): Promise<void> {
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
  }

  it('creates a stop-loss from its template, previews it, enables it, runs it and reads its log', async () => {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${world.extensionId}/rules.html`);
    await page.getByTestId('rules-page-empty').waitFor({ timeout: 15_000 });
    // A buyer (known once New rule shows): no admin's switch for every rule.
    await page.getByTestId('new-rule').waitFor();
    expect(await page.getByTestId('rules-pause').count()).toBe(0);

    await page.getByTestId('rules-page-account').selectOption({ label: US.name });
    await page.waitForURL(new RegExp(`advertiserId=${US.id}`));
    await page.getByTestId('template-stop-loss').click();
    const editor = page.getByTestId('rule-editor');
    await editor.waitFor();
    expect(await page.getByTestId('rule-name-input').inputValue()).toBe(
      'Stop-loss: spend without a conversion',
    );
    expect(
      await page.getByTestId('rule-accounts').getByRole('checkbox', { name: US.name }).isChecked(),
    ).toBe(true);
    expect(await page.getByTestId('rule-enabled').isChecked()).toBe(false);

    // The template as it comes (50): the preview reads every active ad's figures for today.
    const state = page.getByTestId('preview-state');
    await expect
      .poll(() => state.textContent(), { timeout: 20_000 })
      .toMatch(/^Evaluated \d\d:\d\d P[SD]T · nothing was changed at TikTok$/);
    const first = await allRows(page, 'preview-table');
    expect(first.length).toBeGreaterThan(0);
    for (const row of first) {
      expect(Object.keys(row.values).sort()).toEqual(['conversions@today', 'spend@today']);
      expect(row.met).toHaveLength(2);
    }

    const threshold = splittingThreshold(first);
    if (threshold === null) {
      throw new Error('Every ad spent the same today so far: rerun after a few minutes.');
    }
    const valueBox = page.getByTestId('groups.0.conditions.0.right.value');
    expect(await valueBox.inputValue()).toBe('50');
    await valueBox.fill(String(threshold));
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toContain('Updating');
    await expect
      .poll(() => state.textContent(), { timeout: 20_000 })
      .toMatch(/^Evaluated .* nothing was changed at TikTok$/);
    const previewed = await allRows(page, 'preview-table');
    const wouldAct = previewed.filter((row) => row.outcome === 'would_act');
    const noMatch = previewed.filter((row) => row.outcome === 'no_match');
    expect(wouldAct.length).toBeGreaterThanOrEqual(1);
    expect(noMatch.length).toBeGreaterThanOrEqual(1);
    // Each verdict follows from the figures shown beside it.
    for (const row of previewed) {
      const spend = row.values['spend@today'] ?? 0;
      const conversions = row.values['conversions@today'];
      const spendMet = spend > threshold;
      const noConversion = conversions === 0;
      expect(row.met, row.entityId).toEqual([String(spendMet), String(noConversion)]);
      expect(row.outcome, row.entityId).toBe(spendMet && noConversion ? 'would_act' : 'no_match');
    }
    for (const row of wouldAct) expect(row.change).toBe('Status: Active → Paused');
    expect(await page.getByTestId('preview-summary').textContent()).toMatch(
      new RegExp(`^${previewed.length} items: .*${wouldAct.length} Would act`),
    );
    await page.getByTestId('preview-matches-only').check();
    await expect
      .poll(() => page.getByTestId('preview-table').getAttribute('data-rows'))
      .toBe(String(wouldAct.length));
    await page.getByTestId('preview-matches-only').uncheck();
    // Nothing was paused by the preview.
    const before = await controlClient(world.server.emulator?.url ?? '').state(US.id);
    for (const row of wouldAct) {
      expect(before.ads.find((ad) => ad.ad_id === row.entityId)?.operation_status).toBe('ENABLE');
    }
    await screenshot(page, '70-rules-page-preview-1280px');
    await noSidewaysScroll(page);

    // Saved enabled: it is in the list, with its next run at a quarter hour, zone named.
    await page.getByTestId('rule-enabled').check();
    await page.getByTestId('rule-save').click();
    await page.getByTestId('editor-tabs').waitFor({ timeout: 15_000 });
    await page.waitForURL(/ruleId=/);
    const line = page.getByTestId('rules-page-list').getByTestId('rule-line');
    await expect.poll(() => line.count(), { timeout: 15_000 }).toBe(1);
    ruleId = (await line.getAttribute('data-rule-id')) ?? '';
    expect(await line.getByTestId('rule-switch').getAttribute('aria-checked')).toBe('true');
    expect(await line.getByTestId('rule-last-run').textContent()).toBe('never run');
    const next = (await line.getByTestId('rule-next-run').textContent()) ?? '';
    expect(next).toMatch(/^Next run \d{4}-\d\d-\d\d \d\d:(00|15|30|45) P[SD]T$/);
    const [saved] = await rulesOnServer();
    expect(saved).toMatchObject({
      id: ruleId,
      enabled: true,
      createdByEmail: 'buyer@bayme.example',
    });
    expect(saved?.groups[0]?.conditions[0]?.right).toEqual({ kind: 'number', value: threshold });
    expect(Date.parse(saved?.nextRunAt ?? '') - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    // Run now: the route runs it at once and answers when its job has finished.
    await page.getByTestId('rule-run-now').click();
    const result = page.getByTestId('rule-run-result');
    await result.waitFor({ timeout: 45_000 });
    const paused = Number(
      /^Run finished: (\d+) paused\.$/.exec((await result.textContent()) ?? '')?.[1],
    );
    expect(paused).toBeGreaterThanOrEqual(wouldAct.length);

    await page.getByTestId('editor-tab-log').click();
    await page.getByTestId('run-log-table').waitFor({ timeout: 15_000 });
    const log = await allRows(page, 'run-log-table');
    expect(log).toHaveLength(previewed.length);
    const done = log.filter((row) => row.outcome === 'done');
    expect(done).toHaveLength(paused);
    // What the preview said would be paused was paused (spend only grows during the test).
    expect(done.map((row) => row.entityId)).toEqual(
      expect.arrayContaining(wouldAct.map((row) => row.entityId)),
    );
    for (const row of done) {
      expect(row.met).toEqual(['true', 'true']);
      expect(row.values['spend@today']).toBeGreaterThan(threshold);
      expect(row.values['conversions@today']).toBe(0);
      expect(row.reason.length).toBeGreaterThan(0);
      expect(row.change).toBe('Status: Active → Paused');
    }
    const logNoMatch = log.filter((row) => row.outcome === 'no_match');
    expect(logNoMatch.length).toBeGreaterThanOrEqual(1);
    for (const row of logNoMatch) {
      expect(row.met).toContain('false');
      expect(row.change).toBeNull();
    }
    expect(await page.getByTestId('run-log-count').textContent()).toMatch(
      new RegExp(`^${log.length} entries, newest first · times in America/Los_Angeles`),
    );
    expect(await page.getByTestId('evaluation-time').first().textContent()).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d P[SD]T$/,
    );
    await screenshot(page, '71-rules-run-log-1280px');

    await page.getByTestId('run-log-acted').check();
    await expect
      .poll(() => page.getByTestId('run-log-table').getAttribute('data-rows'), { timeout: 15_000 })
      .toBe(String(done.length));
    const acted = await allRows(page, 'run-log-table');
    expect(acted.map((row) => row.outcome)).toEqual(done.map(() => 'done'));
    expect(acted.map((row) => row.entityId).sort()).toEqual(done.map((row) => row.entityId).sort());
    await screenshot(page, '72-rules-run-log-acted-1280px');

    // At TikTok: the ads the log says were paused are paused; those it did not match are not.
    const after = await controlClient(world.server.emulator?.url ?? '').state(US.id);
    const statusAtTikTok = (id: string) =>
      after.ads.find((ad) => ad.ad_id === id)?.operation_status;
    pausedByRule = done.map((row) => row.entityId);
    for (const id of pausedByRule) expect(statusAtTikTok(id), id).toBe('DISABLE');
    for (const row of logNoMatch) expect(statusAtTikTok(row.entityId), row.entityId).toBe('ENABLE');

    // The list line says what the run did.
    await expect
      .poll(() => line.getByTestId('rule-last-run').textContent(), { timeout: 15_000 })
      .toMatch(new RegExp(`^${paused} paused · (just now|\\d+ min ago)$`));
    await page.close();
  });

  it('reads the rule on the rules page at 360 px without a sideways scroll', async () => {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 360, height: 720 });
    await page.goto(
      `chrome-extension://${world.extensionId}/rules.html?advertiserId=${US.id}&ruleId=${ruleId}`,
    );
    await page.getByTestId('rule-editor').waitFor({ timeout: 15_000 });
    // Narrower than a laptop, the editor takes the place of the list.
    expect(await page.getByTestId('rules-aside').isVisible()).toBe(false);
    await page.getByTestId('rule-preview').getByTestId('preview-table').waitFor({
      timeout: 20_000,
    });
    await noSidewaysScroll(page);
    await screenshot(page, '73-rules-page-360px');
    await page.getByTestId('editor-tab-log').click();
    await page.getByTestId('run-log-table').waitFor({ timeout: 15_000 });
    await noSidewaysScroll(page);
    await screenshot(page, '74-rules-run-log-360px');
    await page.close();
  });

  it('shows the rule in the side panel’s Rules tab with its last run, and switches it off', async () => {
    const panel = await world.browser.newPage();
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.goto(`chrome-extension://${world.extensionId}/sidepanel.html`);
    await panel.getByTestId('panel-tab-rules').click();
    const tab = panel.getByTestId('rules-tab');
    const line = tab.locator(`[data-testid="rule-line"][data-rule-id="${ruleId}"]`);
    await line.waitFor({ timeout: 15_000 });
    expect(await line.getByTestId('rule-name').textContent()).toBe(
      'Stop-loss: spend without a conversion',
    );
    expect(await line.getByTestId('rule-last-run').textContent()).toMatch(
      new RegExp(`^${pausedByRule.length} paused · (just now|\\d+ min ago)$`),
    );
    expect(await line.getByTestId('rule-next-run').textContent()).toMatch(
      /^Next run \d{4}-\d\d-\d\d \d\d:\d\d P[SD]T$/,
    );
    const toggle = line.getByTestId('rule-switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await noSidewaysScroll(panel);
    await screenshot(panel, '75-side-panel-rules-360px');

    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked'), { timeout: 15_000 }).toBe('false');
    expect(await line.getByTestId('rule-next-run').textContent()).toBe('Off');
    const [stored] = await rulesOnServer();
    expect(stored).toMatchObject({ id: ruleId, enabled: false, nextRunAt: null });
    // Only the switch changed: the threshold the buyer set is still there.
    expect(stored?.groups[0]?.conditions[0]?.right.kind).toBe('number');
    await screenshot(panel, '76-side-panel-rule-off-360px');
    await panel.close();
  });

  it('lets a viewer read the rule and its log but not change it', async () => {
    const options = await world.browser.newPage();
    await options.goto(`chrome-extension://${world.extensionId}/options.html`);
    await options.getByTestId('sign-out').click();
    await options.getByText('Not signed in.').waitFor();
    await options.close();
    await signInThroughPopup(world, keys.viewer);

    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${world.extensionId}/rules.html?advertiserId=${US.id}`);
    // Until the role is known the page offers reading only; then it names the viewer's role.
    await expect
      .poll(() => page.getByTestId('rules-pick').textContent(), { timeout: 15_000 })
      .toContain('Your role (viewer) cannot create or change rules.');
    expect(await page.getByTestId('new-rule').count()).toBe(0);
    const line = page.getByTestId('rule-line');
    await line.waitFor();
    expect(await line.getByTestId('rule-switch').isDisabled()).toBe(true);
    await line.getByTestId('rule-name').click();
    await page.getByTestId('rule-read-only').waitFor();
    expect(await page.getByTestId('rule-save').count()).toBe(0);
    expect(await page.getByTestId('rule-run-now').count()).toBe(0);
    expect(await page.getByTestId('groups.0.conditions.0.right.value').isDisabled()).toBe(true);
    await page.getByTestId('editor-tab-log').click();
    await page.getByTestId('run-log-acted').check();
    await expect
      .poll(() => page.getByTestId('run-log-table').getAttribute('data-rows'), { timeout: 15_000 })
      .toBe(String(pausedByRule.length));
    await page.close();
  });
});
