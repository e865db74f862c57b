import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RULE_TEMPLATES } from '../../../companion-server/src/contract/rule-templates';
import {
  type RuleInput,
  RuleInputSchema,
  type RuleView,
} from '../../../companion-server/src/contract/rules';
import {
  me,
  previewAnswer,
  RULE_ACCOUNTS,
  RUNNING,
  ruleView,
  SCALE_WINNERS,
  STOP_LOSS,
  US,
} from '../../../test/fixtures/extension/rules-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { RulesPage } from './rules-page';

/**
 * The rules page's form with a stand-in background: a template fills it, the contract's
 * schema says what is wrong under each field and keeps Save off until it is right, and
 * what is saved is the contract's RuleInput, conditions against another metric included.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

function answers(role: 'viewer' | 'buyer' | 'admin' = 'buyer', rules: RuleView[] = [STOP_LOSS]) {
  return serve({
    me: me(role),
    listAdAccounts: { adAccounts: RULE_ACCOUNTS },
    listRules: () => ({ rules, settings: RUNNING }),
    getRule: (input: ApiInput) => rules.find((rule) => rule.id === input?.params?.ruleId),
    previewRule: previewAnswer(3),
    createRule: (input: ApiInput) =>
      ruleView(input?.body as RuleInput, { id: 'rul_created001', lastRun: null }),
    updateRule: (input: ApiInput) =>
      ruleView(input?.body as RuleInput, { id: String(input?.params?.ruleId) }),
  });
}

function renderPage(search: string) {
  window.history.replaceState(null, '', `/rules.html${search}`);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RulesPage />
    </QueryClientProvider>,
  );
}

const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;
const type = (testId: string, text: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value: text } });
const saveButton = () => screen.getByTestId('rule-save') as HTMLButtonElement;
const sent = (calls: Call[], route: 'createRule' | 'updateRule') =>
  calls.filter((call) => call.route === route).map((call) => call.input?.body as RuleInput);

describe('rules page: the rule form', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    // happy-dom lays nothing out: the preview's box and rows get a size.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(90);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('a template fills every field, for the account the page shows', async () => {
    const calls = answers();
    renderPage(`?advertiserId=${US}`);
    fireEvent.click(await screen.findByTestId('template-stop-loss'));
    const template = RULE_TEMPLATES.find((t) => t.id === 'stop-loss')?.build({
      advertiserIds: [US],
      currency: 'USD',
    }) as RuleInput;

    expect(value('rule-name-input')).toBe(template.name);
    expect((screen.getByTestId('rule-enabled') as HTMLInputElement).checked).toBe(false);
    expect(value('rule-level')).toBe(template.scope.level);
    const accounts = within(screen.getByTestId('rule-accounts')).getAllByRole('checkbox');
    expect(accounts.map((box) => (box as HTMLInputElement).checked)).toEqual([true, false]);
    expect(screen.getAllByTestId('rule-condition')).toHaveLength(
      template.groups[0]?.conditions.length ?? 0,
    );
    expect(value('groups.0.conditions.0.left-metric')).toBe('spend');
    expect(value('groups.0.conditions.0.right.value')).toBe('50');
    expect(value('rule-action')).toBe(template.action.kind);
    expect(value('rule-until')).toBe('midnight');
    expect(value('schedule.every.kind')).toBe('minutes');
    expect(value('schedule.every.minutes')).toBe('15');
    expect(screen.getByTestId('schedule-zone').textContent).toBe('times in America/Los_Angeles');

    // Created as the template wrote it: nothing lost on the way through the form.
    await waitFor(() => expect(saveButton().disabled).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(sent(calls, 'createRule')).toHaveLength(1));
    expect(sent(calls, 'createRule')[0]).toEqual(template);
    // The page moves on to the rule it created, with its runs and log.
    await screen.findByTestId('editor-tabs');
    expect(location.search).toBe(`?advertiserId=${US}&ruleId=rul_created001`);
  });

  it('shows the schema’s problem under each field, and Save stays off until they are fixed', async () => {
    const calls = answers();
    renderPage(`?advertiserId=${US}`);
    fireEvent.click(await screen.findByTestId('template-blank'));
    expect(screen.queryByTestId('rule-problems')).not.toBeNull(); // no name yet
    expect(screen.getByTestId('error-name').textContent).toBe('Give the rule a name.');
    type('rule-name-input', 'Guard');
    expect(screen.queryByTestId('error-name')).toBeNull();
    expect(saveButton().disabled).toBe(false);

    type('schedule.every.minutes', '2');
    expect(screen.getByTestId('error-schedule.every').textContent).toBe(
      'At least every 5 minutes.',
    );
    type('groups.0.conditions.0.right.value', 'abc');
    expect(screen.getByTestId('error-groups.0.conditions.0.right.value').textContent).toBe(
      'Enter a number.',
    );
    type('cooldownHours', '-1');
    expect(screen.getByTestId('error-cooldownHours').textContent).toBe('At least 0.');
    type('rule-entity-ids', '1800000000000000001, 12x4');
    expect(screen.getByTestId('error-scope.entityIds').textContent).toBe(
      '“12x4”: Expected an id made of digits.',
    );
    fireEvent.click(
      within(screen.getByTestId('rule-accounts')).getAllByRole('checkbox')[0] as HTMLElement,
    );
    expect(screen.getByTestId('error-scope.advertiserIds').textContent).toBe(
      'Choose at least one ad account.',
    );
    expect(screen.getByTestId('rule-problems').textContent).toContain('5 fields need fixing');
    expect(saveButton().disabled).toBe(true);
    fireEvent.click(saveButton());

    // Fixed one by one, the messages go, and Save comes back.
    type('schedule.every.minutes', '10');
    type('groups.0.conditions.0.right.value', '75');
    type('cooldownHours', '6');
    type('rule-entity-ids', '1800000000000000001');
    fireEvent.click(
      within(screen.getByTestId('rule-accounts')).getAllByRole('checkbox')[0] as HTMLElement,
    );
    expect(screen.queryByTestId('rule-problems')).toBeNull();
    expect(saveButton().disabled).toBe(false);
    expect(sent(calls, 'createRule')).toEqual([]);
  });

  it('a condition against another metric × a factor is saved in RuleInput’s shape', async () => {
    const calls = answers();
    renderPage(`?advertiserId=${US}`);
    fireEvent.click(await screen.findByTestId('template-blank'));
    type('rule-name-input', 'CPA drift');
    const field = 'groups.0.conditions.0';
    type(`${field}.left-metric`, 'cpa');
    type(`${field}.left.window-kind`, 'last_days');
    type(`${field}.left.window-days`, '3');
    type(`${field}.comparison`, 'gt');
    type(`${field}.right-kind`, 'metric');
    type(`${field}.right.factor`, '0');
    expect(screen.getByTestId(`error-${field}.right.factor`).textContent).toBe(
      'The factor must be greater than 0.',
    );
    type(`${field}.right.factor`, '1.3');
    type(`${field}.right.ref-metric`, 'cpa');
    type(`${field}.right.ref.window-kind`, 'last_days_today');
    type(`${field}.right.ref.window-days`, '14');
    await waitFor(() => expect(saveButton().disabled).toBe(false));
    fireEvent.click(saveButton());

    await waitFor(() => expect(sent(calls, 'createRule')).toHaveLength(1));
    const body = sent(calls, 'createRule')[0] as RuleInput;
    expect(body.groups).toEqual([
      {
        conditions: [
          {
            left: { metric: 'cpa', window: { kind: 'last_days', days: 3, includeToday: false } },
            comparison: 'gt',
            right: {
              kind: 'metric',
              ref: { metric: 'cpa', window: { kind: 'last_days', days: 14, includeToday: true } },
              factor: 1.3,
            },
          },
        ],
      },
    ]);
    expect(RuleInputSchema.parse(body)).toEqual(body);
  });

  it('a saved metric × factor condition comes back into the form and out again unchanged', async () => {
    const calls = answers('buyer', [SCALE_WINNERS]);
    renderPage(`?ruleId=${SCALE_WINNERS.id}`);
    await screen.findByTestId('rule-form');
    const field = 'groups.0.conditions.0';
    expect(value(`${field}.right-kind`)).toBe('metric');
    expect(value(`${field}.right.factor`)).toBe('1.3');
    expect(value(`${field}.right.ref.window-days`)).toBe('14');
    // Nothing changed: nothing to save.
    expect(saveButton().disabled).toBe(true);
    type('rule-name-input', 'Scale winners (weekdays)');
    fireEvent.click(saveButton());
    await waitFor(() => expect(sent(calls, 'updateRule')).toHaveLength(1));
    const body = sent(calls, 'updateRule')[0] as RuleInput;
    expect(body.groups).toEqual(SCALE_WINNERS.groups);
    expect(body.schedule).toEqual(SCALE_WINNERS.schedule);
    expect(body.name).toBe('Scale winners (weekdays)');
  });

  it('viewers read a rule in the form, with no way to change it', async () => {
    answers('viewer');
    renderPage(`?ruleId=${STOP_LOSS.id}`);
    await screen.findByTestId('rule-form');
    expect(screen.queryByTestId('rule-save')).toBeNull();
    expect(screen.queryByTestId('new-rule')).toBeNull();
    expect((screen.getByTestId('rule-name-input') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId('editor-switch') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('rule-read-only').textContent).toContain('viewer');
  });
});
