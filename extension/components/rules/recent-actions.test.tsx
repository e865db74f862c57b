import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Evaluation, RuleView } from '../../../companion-server/src/contract/rules';
import {
  DE,
  evaluation,
  me,
  RULE_ACCOUNTS,
  RUNNING,
  SCALE_WINNERS,
  STOP_LOSS,
  US,
} from '../../../test/fixtures/extension/rules-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { recentChangeText } from './recent-action-line';
import { RECENT_ACTIONS_LIMIT, recentActionsQuery } from './recent-actions-query';
import { RulesTab } from './rules-tab';

/**
 * The side panel's Rules tab shows what rules did lately: it asks the run log for acted-on
 * entries only (of the followed account, or all), first page only; each line has the time in
 * the account's zone with the zone named, the rule (a link to its page), the item, the change
 * in the account's currency and the reason; a whole id narrows it to one item.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

/** 18:30 UTC: 10:30 in Los Angeles (PST in December), 19:30 in Berlin (CET, GMT+1). */
const AT = '2026-12-06T18:30:00.000Z';

const PAUSED_AD = evaluation(1, {
  entityId: '1800000000000000001',
  entityName: 'Prospecting · lookalike 2',
  evaluatedAt: AT,
  reason: 'Paused until midnight in the account’s time zone.',
});
const RAISED_AD_GROUP = evaluation(2, {
  runId: 'run_0000000002',
  ruleId: SCALE_WINNERS.id,
  advertiserId: DE,
  level: 'adgroup',
  entityId: '1700000000000000042',
  entityName: 'DE · winners',
  evaluatedAt: '2026-12-06T18:00:00.000Z',
  outcome: 'needs_approval',
  reason: 'Beyond the guardrail (+50%): waits for an admin’s approval.',
  change: { field: 'budget', before: 40, after: 60 },
});
const FROM_DELETED_RULE = evaluation(3, {
  runId: 'run_0000000003',
  ruleId: 'rul_deleted001',
  entityId: '1800000000000000003',
  evaluatedAt: '2026-12-06T17:00:00.000Z',
});

function answers(options: {
  rules?: RuleView[];
  log?: (input: ApiInput) => { evaluations: Evaluation[] };
}): Call[] {
  const rules = options.rules ?? [STOP_LOSS, SCALE_WINNERS];
  return serve({
    me: me('buyer'),
    listAdAccounts: { adAccounts: RULE_ACCOUNTS },
    listRules: (input: ApiInput) => ({
      rules: input?.query?.advertiserId
        ? rules.filter((rule) =>
            rule.scope.advertiserIds.includes(String(input.query?.advertiserId)),
          )
        : rules,
      settings: RUNNING,
    }),
    searchEvaluations:
      options.log ??
      ((input: ApiInput) => ({
        evaluations: [PAUSED_AD, RAISED_AD_GROUP, FROM_DELETED_RULE].filter(
          (entry) =>
            (!input?.query?.advertiserId || entry.advertiserId === input.query.advertiserId) &&
            (!input?.query?.entityId || entry.entityId === input.query.entityId),
        ),
      })),
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

const asked = (calls: Call[]) =>
  calls.filter((call) => call.route === 'searchEvaluations').map((call) => call.input?.query);

const line = (entityId: string) =>
  screen
    .getAllByTestId('recent-action')
    .find((element) => element.dataset.entityId === entityId) as HTMLElement;

const text = (element: HTMLElement, testId: string) =>
  within(element).getByTestId(testId).textContent;

describe('recentActionsQuery', () => {
  it('asks for acted-on entries only, first page, of the account when one is followed', () => {
    expect(recentActionsQuery(null, '')).toEqual({
      query: { actedOnly: 'true', limit: RECENT_ACTIONS_LIMIT },
      problem: null,
    });
    expect(recentActionsQuery(US, ' 1800000000000000001 ')).toEqual({
      query: {
        actedOnly: 'true',
        limit: RECENT_ACTIONS_LIMIT,
        advertiserId: US,
        entityId: '1800000000000000001',
      },
      problem: null,
    });
  });

  it('is no query while the id typed is not one', () => {
    expect(recentActionsQuery(US, '18000x')).toEqual({
      query: null,
      problem: 'An id is made of digits only.',
    });
  });
});

describe('recentChangeText', () => {
  const yen = { currency: 'JPY', timezone: 'Asia/Tokyo' };
  it('writes money in the account’s currency and statuses in words', () => {
    expect(recentChangeText({ field: 'budget', before: 4000, after: 5000 }, yen)).toBe(
      'Budget: ¥4,000 → ¥5,000',
    );
    expect(
      recentChangeText({ field: 'bid_price', before: 1.5, after: 1.2 }, RULE_ACCOUNTS[1]),
    ).toBe('Bid: €1.50 → €1.20');
    expect(
      recentChangeText({ field: 'operation_status', before: 'ENABLE', after: 'DISABLE' }, yen),
    ).toBe('Status: Active → Paused');
  });

  it('does not guess a currency it does not know, nor hides a field it has no words for', () => {
    expect(recentChangeText({ field: 'budget', before: 40, after: null }, undefined)).toBe(
      'Budget: ¤40.00 → –',
    );
    expect(recentChangeText({ field: 'deep_bid', before: 3, after: 4 }, yen)).toBe(
      'deep_bid: 3 → 4',
    );
  });
});

describe('side panel: Rules tab, recent actions', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    window.history.replaceState(null, '', '/sidepanel.html');
  });
  afterEach(() => cleanup());

  it('shows the followed account’s latest actions at its time, with the rule, item, change and reason', async () => {
    const calls = answers({});
    renderTab(US);
    await screen.findByTestId('recent-actions-list');
    expect(asked(calls)).toEqual([
      { actedOnly: 'true', limit: RECENT_ACTIONS_LIMIT, advertiserId: US },
    ]);
    await screen.findByTestId('rules-list');

    expect(screen.getAllByTestId('recent-action').map((el) => el.dataset.entityId)).toEqual([
      PAUSED_AD.entityId,
      FROM_DELETED_RULE.entityId,
    ]);
    const paused = line(PAUSED_AD.entityId);
    expect(text(paused, 'recent-action-time')).toBe('2026-12-06 10:30 PST');
    expect(text(paused, 'recent-action-outcome')).toBe('Done');
    expect(text(paused, 'recent-action-entity')).toBe('Prospecting · lookalike 2');
    expect(text(paused, 'recent-action-id')).toBe('1800000000000000001');
    expect(text(paused, 'recent-action-change')).toBe('Status: Active → Paused');
    expect(text(paused, 'recent-action-reason')).toBe(
      'Paused until midnight in the account’s time zone.',
    );
    const rule = within(paused).getByTestId('recent-action-rule') as HTMLAnchorElement;
    expect(rule.textContent).toBe(STOP_LOSS.name);
    expect(rule.href).toBe(
      `${location.origin}/rules.html?advertiserId=${US}&ruleId=${STOP_LOSS.id}`,
    );

    // A rule deleted since: said so, and no link to a page that is gone.
    const orphan = within(line(FROM_DELETED_RULE.entityId)).getByTestId('recent-action-rule');
    expect(orphan.textContent).toBe('A deleted rule');
    expect(orphan.tagName).toBe('P');
    expect(screen.getByTestId('recent-actions-note').textContent).toContain('full log');
  });

  it('shows every account’s actions, each at its own account’s time and currency', async () => {
    const calls = answers({});
    renderTab(null);
    await screen.findByTestId('recent-actions-list');
    expect(asked(calls)).toEqual([{ actedOnly: 'true', limit: RECENT_ACTIONS_LIMIT }]);
    await screen.findByTestId('rules-list');
    expect(screen.getAllByTestId('recent-action')).toHaveLength(3);
    const raised = line(RAISED_AD_GROUP.entityId);
    expect(text(raised, 'recent-action-time')).toBe('Bayme DE store · 2026-12-06 19:00 GMT+1');
    expect(text(raised, 'recent-action-outcome')).toBe('Needs approval');
    expect(text(raised, 'recent-action-change')).toBe('Budget: €40.00 → €60.00');
    expect(text(raised, 'recent-action-rule')).toBe(SCALE_WINNERS.name);
    expect(text(line(PAUSED_AD.entityId), 'recent-action-time')).toBe(
      'Bayme US store · 2026-12-06 10:30 PST',
    );
  });

  it('narrows to one item once a whole id is typed, and says when no rule acted on it', async () => {
    const calls = answers({});
    renderTab(US);
    await screen.findByTestId('recent-actions-list');
    const box = screen.getByTestId('recent-actions-entity');

    fireEvent.change(box, { target: { value: '18000x' } });
    expect(screen.getByTestId('recent-actions-problem').textContent).toBe(
      'An id is made of digits only.',
    );
    fireEvent.change(box, { target: { value: PAUSED_AD.entityId } });
    await waitFor(() =>
      expect(asked(calls).at(-1)).toEqual({
        actedOnly: 'true',
        limit: RECENT_ACTIONS_LIMIT,
        advertiserId: US,
        entityId: PAUSED_AD.entityId,
      }),
    );
    await waitFor(() => expect(screen.getAllByTestId('recent-action')).toHaveLength(1));
    expect(screen.queryByTestId('recent-actions-problem')).toBeNull();
    // The half-typed id was never sent.
    expect(asked(calls).some((query) => query?.entityId === '18000x')).toBe(false);

    fireEvent.change(box, { target: { value: '1800000000000000999' } });
    expect((await screen.findByTestId('recent-actions-empty')).textContent).toBe(
      'No rule has acted on item 1800000000000000999 in this ad account.',
    );
  });

  it('says so when no rule has acted yet', async () => {
    answers({ log: () => ({ evaluations: [] }) });
    renderTab(US);
    expect((await screen.findByTestId('recent-actions-empty')).textContent).toBe(
      'No rule has acted in this ad account yet.',
    );
  });

  it('says what went wrong when the log cannot be read, and the rules still show', async () => {
    answers({
      log: () => {
        throw new ExtensionRequestError({
          kind: 'unreachable',
          message: 'The companion server did not answer.',
        });
      },
    });
    renderTab(US);
    expect((await screen.findByTestId('recent-actions-error')).textContent).toBe(
      'Could not load what the rules did: The companion server did not answer.',
    );
    expect(await screen.findByTestId('rules-list')).toBeTruthy();
  });

  it('says that only the latest are shown when the page is full', async () => {
    answers({
      log: () => ({
        evaluations: Array.from({ length: RECENT_ACTIONS_LIMIT }, (_, index) =>
          evaluation(index, {
            entityId: String(1_800_000_000_000_000_100n + BigInt(index)),
            outcome: 'done',
          }),
        ),
      }),
    });
    renderTab(US);
    await screen.findByTestId('recent-actions-list');
    expect(screen.getAllByTestId('recent-action')).toHaveLength(RECENT_ACTIONS_LIMIT);
    expect(screen.getByTestId('recent-actions-note').textContent).toMatch(
      new RegExp(`^The latest ${RECENT_ACTIONS_LIMIT}\\. `),
    );
  });
});
