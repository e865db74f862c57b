import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  RuleInput,
  RulesSettings,
  RuleView,
} from '../../../companion-server/src/contract/rules';
import {
  DE,
  me,
  PAUSED,
  REVIVE,
  RULE_ACCOUNTS,
  RUNNING,
  SCALE_WINNERS,
  STOP_LOSS,
  US,
} from '../../../test/fixtures/extension/rules-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { RulesTab } from './rules-tab';

/**
 * The side panel's Rules tab with a stand-in background: the rules of an account or all,
 * their switches (updateRule with the switch flipped and the rest as saved), how the last
 * run went, the next run in the account's zone, the admin's pause, and a viewer's view.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

function answers(options: {
  role: 'viewer' | 'buyer' | 'admin';
  settings?: RulesSettings;
  rules?: RuleView[];
}): Call[] {
  let rules = options.rules ?? [STOP_LOSS, SCALE_WINNERS, REVIVE];
  return serve({
    me: me(options.role),
    listAdAccounts: { adAccounts: RULE_ACCOUNTS },
    listRules: (input: ApiInput) => ({
      rules: input?.query?.advertiserId
        ? rules.filter((rule) =>
            rule.scope.advertiserIds.includes(String(input.query?.advertiserId)),
          )
        : rules,
      settings: options.settings ?? RUNNING,
    }),
    // What the rules did lately is recent-actions.test.tsx's; here, nothing yet.
    searchEvaluations: { evaluations: [] },
    updateRule: (input: ApiInput) => {
      const body = input?.body as RuleInput;
      const old = rules.find((rule) => rule.id === input?.params?.ruleId) as RuleView;
      const updated = { ...old, ...body, version: old.version + 1 };
      rules = rules.map((rule) => (rule.id === updated.id ? updated : rule));
      return updated;
    },
  });
}

function renderTab(advertiserId: string | null) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RulesTab advertiserId={advertiserId} />
    </QueryClientProvider>,
  );
}

const line = (name: string) =>
  screen
    .getAllByTestId('rule-line')
    .find(
      (element) => within(element).getByTestId('rule-name').textContent === name,
    ) as HTMLElement;

describe('side panel: Rules tab', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    window.history.replaceState(null, '', '/sidepanel.html');
  });
  afterEach(() => cleanup());

  it('lists every account’s rules with the last run in a few words and the next run in the account’s zone', async () => {
    const calls = answers({ role: 'buyer' });
    renderTab(null);
    await screen.findByTestId('rules-list');
    expect(calls.find((call) => call.route === 'listRules')?.input).toEqual({ query: {} });
    expect(screen.getAllByTestId('rule-line')).toHaveLength(3);

    const stopLoss = line(STOP_LOSS.name);
    expect(within(stopLoss).getByTestId('rule-last-run').textContent).toBe('3 paused · 2 min ago');
    // 18:30 UTC is 10:30 in Los Angeles (PST in December), the rule's first account.
    expect(within(stopLoss).getByTestId('rule-next-run').textContent).toBe(
      'Next run 2026-12-06 10:30 PST',
    );
    expect(within(stopLoss).getByTestId('rule-switch').getAttribute('aria-checked')).toBe('true');

    const scale = line(SCALE_WINNERS.name);
    expect(within(scale).getByTestId('rule-last-run').textContent).toBe(
      'failed: TikTok refused the token · 40 min ago',
    );
    expect(within(scale).getByTestId('rule-last-run').className).toContain('text-red-700');
    // 08:00 UTC is 09:00 in Berlin (CET), the scaling rule's account.
    expect(within(scale).getByTestId('rule-next-run').textContent).toBe(
      'Next run 2026-12-07 09:00 GMT+1',
    );

    const revive = line(REVIVE.name);
    expect(within(revive).getByTestId('rule-last-run').textContent).toBe('never run');
    expect(within(revive).getByTestId('rule-next-run').textContent).toBe('Off');
    expect(screen.queryByTestId('rules-paused')).toBeNull();

    const page = screen.getByTestId('open-rules-page') as HTMLAnchorElement;
    expect(page.href).toBe(`${location.origin}/rules.html`);
    expect((within(stopLoss).getByTestId('rule-name') as HTMLAnchorElement).href).toBe(
      `${location.origin}/rules.html?ruleId=${STOP_LOSS.id}`,
    );
  });

  it('shows the current account’s rules, and every account’s on demand', async () => {
    const calls = answers({ role: 'buyer' });
    renderTab(DE);
    await screen.findByTestId('rules-list');
    expect(calls.find((call) => call.route === 'listRules')?.input).toEqual({
      query: { advertiserId: DE },
    });
    expect(screen.getAllByTestId('rule-line').map((el) => el.dataset.ruleId)).toEqual([
      SCALE_WINNERS.id,
    ]);
    expect((screen.getByTestId('open-rules-page') as HTMLAnchorElement).href).toBe(
      `${location.origin}/rules.html?advertiserId=${DE}`,
    );

    fireEvent.change(screen.getByTestId('rules-account'), { target: { value: 'all' } });
    await waitFor(() => expect(screen.getAllByTestId('rule-line')).toHaveLength(3));
    expect(calls.filter((call) => call.route === 'listRules').at(-1)?.input).toEqual({ query: {} });
  });

  it('switching a rule sends it back as saved with only `enabled` flipped', async () => {
    const calls = answers({ role: 'buyer' });
    renderTab(US);
    await screen.findByTestId('rules-list');
    fireEvent.click(within(line(STOP_LOSS.name)).getByTestId('rule-switch'));

    await waitFor(() =>
      expect(
        within(line(STOP_LOSS.name)).getByTestId('rule-switch').getAttribute('aria-checked'),
      ).toBe('false'),
    );
    const updates = calls.filter((call) => call.route === 'updateRule');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.input?.params).toEqual({ ruleId: STOP_LOSS.id });
    const {
      id,
      version,
      createdBy,
      createdByEmail,
      createdAt,
      updatedBy,
      updatedAt,
      lastRun,
      nextRunAt,
      ...input
    } = STOP_LOSS;
    expect(updates[0]?.input?.body).toEqual({ ...input, enabled: false });
    expect(within(line(STOP_LOSS.name)).getByTestId('rule-next-run').textContent).toBe('Off');
  });

  it('is read-only for viewers: switches disabled, nothing sent', async () => {
    const calls = answers({ role: 'viewer' });
    renderTab(null);
    await screen.findByTestId('rules-read-only');
    const switches = screen.getAllByTestId('rule-switch') as HTMLButtonElement[];
    expect(switches).toHaveLength(3);
    for (const toggle of switches) {
      expect(toggle.disabled).toBe(true);
      expect(toggle.title).toContain('viewer');
    }
    fireEvent.click(switches[0] as HTMLButtonElement);
    expect(calls.some((call) => call.route === 'updateRule')).toBe(false);
    // Still readable: the runs and the link to the rules page.
    expect(within(line(STOP_LOSS.name)).getByTestId('rule-last-run').textContent).toContain(
      '3 paused',
    );
    expect(screen.getByTestId('open-rules-page')).toBeTruthy();
  });

  it('says when an admin paused every rule, and the next runs wait', async () => {
    answers({ role: 'buyer', settings: PAUSED });
    renderTab(null);
    const note = await screen.findByTestId('rules-paused');
    expect(note.textContent).toContain('All rules are paused by admin');
    expect(note.textContent).toContain('Ada Admin');
    expect(within(line(STOP_LOSS.name)).getByTestId('rule-next-run').textContent).toBe(
      'Waits: all rules are paused',
    );
  });

  it('says so when an account has no rule yet', async () => {
    answers({ role: 'buyer', rules: [] });
    renderTab(US);
    expect((await screen.findByTestId('rules-empty')).textContent).toContain(
      'No rules for this ad account yet.',
    );
  });
});
