import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_TEMPLATES } from '../../companion-server/src/contract/rule-templates';
import type { Evaluation, RuleInput, RuleRun } from '../../companion-server/src/contract/rules';
import {
  connectAllAccounts,
  type E2eWorld,
  screenshot,
  signInThroughPopup,
  startWorld,
} from './harness';

/**
 * The side panel's Rules tab shows what rules did, from the real run log: a stop-loss on the
 * emulator's US account (any spend today without a conversion) is run once through the
 * server, then the panel at 360 px lists the ads it paused, at the account's time with the
 * zone named, each with its rule (a link to the rule's page), the change and the reason;
 * an id typed in full narrows the list to that ad. Writing and running rules in the browser
 * is rules.test.ts's.
 */

const US = { id: '7252569388304511798', name: 'Bayme US' };

describe('side panel: what rules did lately', () => {
  let world: E2eWorld;
  let buyerKey = '';
  let rule: { id: string; name: string };
  let acted: Evaluation[] = [];

  async function asBuyer<T>(method: 'GET' | 'POST', url: string, payload?: unknown) {
    const answer = await world.server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${buyerKey}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    if (answer.statusCode !== 200) throw new Error(`${method} ${url}: ${answer.body}`);
    return answer.json() as T;
  }

  beforeAll(async () => {
    world = await startWorld({ RULES_TICK_SECONDS: '0' });
    const adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    const added = await world.server.app.inject({
      method: 'POST',
      url: '/api/staff',
      headers: { authorization: `Bearer ${adminKey}` },
      payload: { email: 'buyer@bayme.example', name: 'Recent buyer', role: 'buyer' },
    });
    buyerKey = (added.json() as { key: string }).key;

    // The stop-loss template with its threshold at 0: every active ad that spent anything
    // today without a conversion is paused, so the run surely acts on some.
    const template = RULE_TEMPLATES.find((t) => t.id === 'stop-loss')?.build({
      advertiserIds: [US.id],
      currency: 'USD',
    }) as RuleInput;
    const [spend, ...others] = template.groups[0]?.conditions ?? [];
    const input: RuleInput = {
      ...template,
      // On, to run now; no scheduler ticks (RULES_TICK_SECONDS=0) run it again.
      enabled: true,
      groups: [
        {
          conditions: [
            { ...(spend as NonNullable<typeof spend>), right: { kind: 'number', value: 0 } },
            ...others,
          ],
        },
      ],
    };
    rule = await asBuyer<{ id: string; name: string }>('POST', '/api/rules', input);
    const run = await asBuyer<RuleRun>('POST', `/api/rules/${rule.id}/run`);
    expect(run.acted).toBeGreaterThan(0);
    acted = (
      await asBuyer<{ evaluations: Evaluation[] }>(
        'GET',
        `/api/rules/log?ruleId=${rule.id}&actedOnly=true&limit=500`,
      )
    ).evaluations;
    expect(acted.length).toBeGreaterThan(0);
    await signInThroughPopup(world, buyerKey);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lists the paused ads at the account’s time, with the rule, the change and the reason', async () => {
    const panel = await world.browser.newPage();
    await panel.setViewportSize({ width: 360, height: 720 });
    await panel.goto(`chrome-extension://${world.extensionId}/sidepanel.html`);
    await panel.getByTestId('panel-tab-rules').click();
    const list = panel.getByTestId('recent-actions-list');
    await list.waitFor({ timeout: 15_000 });
    const lines = list.getByTestId('recent-action');
    expect(await lines.count()).toBe(Math.min(acted.length, 30));
    // Newest first, as the log has them; the ids are the ads the run paused.
    const shownIds = await lines.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-entity-id')),
    );
    expect(shownIds).toEqual(acted.slice(0, 30).map((entry) => entry.entityId));

    const first = lines.first();
    expect(await first.getAttribute('data-outcome')).toBe('done');
    // The panel on its own shows every account: each line names its account and zone.
    expect(await first.getByTestId('recent-action-time').textContent()).toMatch(
      new RegExp(`^${US.name} · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d P[SD]T$`),
    );
    expect(await first.getByTestId('recent-action-rule').textContent()).toBe(rule.name);
    expect(await first.getByTestId('recent-action-rule').getAttribute('href')).toBe(
      `chrome-extension://${world.extensionId}/rules.html?ruleId=${rule.id}`,
    );
    expect(await first.getByTestId('recent-action-change').textContent()).toBe(
      'Status: Active → Paused',
    );
    expect(await first.getByTestId('recent-action-reason').textContent()).toBe(acted[0]?.reason);
    const widths = await panel.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await screenshot(panel, '68-side-panel-recent-actions-360px');

    // One ad by its id: the run log's own entityId search.
    const one = acted.at(-1) as Evaluation;
    await panel.getByTestId('recent-actions-entity').fill(one.entityId);
    await expect
      .poll(() => lines.evaluateAll((elements) => elements.map((e) => e.dataset.entityId)), {
        timeout: 15_000,
      })
      .toEqual([one.entityId]);
    expect(await lines.first().getByTestId('recent-action-entity').textContent()).toBe(
      one.entityName ?? '(no name)',
    );
    await screenshot(panel, '69-side-panel-recent-actions-search-360px');
    await panel.close();
  });
});
