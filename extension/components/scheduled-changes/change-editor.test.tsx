import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ScheduledChangeInput,
  ScheduledChangeInputSchema,
} from '../../../companion-server/src/contract/scheduled-changes';
import {
  DE,
  me,
  RULE_ACCOUNTS,
  RUNNING,
  US,
} from '../../../test/fixtures/extension/rules-fixtures';
import {
  adGroups,
  changeView,
  EVENING,
  entitiesAnswer,
  TOMORROW_LA,
} from '../../../test/fixtures/extension/scheduled-changes-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { RulesPage } from '../rules/rules-page';

/**
 * The scheduled change's form with a stand-in background: what it sends is the contract's
 * ScheduledChangeInput for the two changes buyers ask for ("at 18:00 set these ad groups to
 * $50, back at 23:00"; "every weekday at 07:00 raise budgets by 20%"); the schema's problems
 * show under their fields and keep Save off; a time the server refuses is shown under it.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

function answers(create?: (input: ApiInput) => unknown): Call[] {
  return serve({
    me: me('buyer'),
    listAdAccounts: { adAccounts: RULE_ACCOUNTS },
    listRules: { rules: [], settings: RUNNING },
    listScheduledChanges: { changes: [EVENING], settings: RUNNING },
    getScheduledChange: (input: ApiInput) =>
      input?.params?.changeId === EVENING.id
        ? EVENING
        : changeView(EVENING, { id: String(input?.params?.changeId) }),
    listEntities: entitiesAnswer(),
    getGuardrails: { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
    createScheduledChange:
      create ??
      ((input: ApiInput) =>
        changeView(input?.body as ScheduledChangeInput, { id: 'sch_created0001' })),
    updateScheduledChange: (input: ApiInput) =>
      changeView(input?.body as ScheduledChangeInput, { id: String(input?.params?.changeId) }),
    listFirings: { firings: [] },
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

const type = (testId: string, text: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value: text } });
const saveButton = () => screen.getByTestId('change-save') as HTMLButtonElement;
const created = (calls: Call[]) =>
  calls
    .filter((call) => call.route === 'createScheduledChange')
    .map((call) => call.input?.body as ScheduledChangeInput);

async function startNew(search: string) {
  renderPage(search);
  fireEvent.click(await screen.findByTestId('new-change'));
  await screen.findByTestId('change-form');
}

describe('rules page: a scheduled change’s form', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(36);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('“at 18:00 set 3 ad groups to $50, back at 23:00”: picked from the list', async () => {
    const calls = answers();
    await startNew(`?view=schedules&advertiserId=${US}`);
    expect((screen.getByTestId('change-account') as HTMLSelectElement).value).toBe(US);
    expect(screen.getByTestId('when-zone').textContent).toBe('PST · America/Los_Angeles');

    type('change-name-input', 'Evening push');
    // A long list is rendered only where it shows; the filter finds by name or id.
    const table = await screen.findByTestId('entities-table');
    expect(table.dataset.rows).toBe('240');
    expect(screen.getAllByTestId('entity-row').length).toBeLessThan(240);
    type('entities-filter', 'RETARGET');
    expect(screen.getByTestId('entities-table').dataset.rows).toBe('1');
    type('entities-filter', '');
    for (const box of screen.getAllByTestId('entity-choose').slice(0, 3)) fireEvent.click(box);
    expect(screen.getByTestId('entities-count').textContent).toBe('3 chosen, up to 1,000');

    type('change-value', '50');
    expect(screen.getByTestId('change-operation-summary').textContent).toBe(
      'Budget: set to $50.00 · 3 ad groups',
    );
    type('when-date', TOMORROW_LA);
    type('when-time', '18:00');
    expect(screen.getByTestId('when-label').textContent).toBe(`Fires ${TOMORROW_LA} 18:00 PST`);
    fireEvent.click(screen.getByTestId('revert-later'));
    expect((screen.getByTestId('revert-date') as HTMLInputElement).value).toBe(TOMORROW_LA);
    type('revert-time', '23:00');
    expect(screen.getByTestId('revert-zone').textContent).toBe('PST · America/Los_Angeles');

    await waitFor(() => expect(saveButton().disabled).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(created(calls)).toHaveLength(1));
    const expected: ScheduledChangeInput = {
      name: 'Evening push',
      enabled: true,
      advertiserId: US,
      level: 'adgroup',
      entityIds: adGroups(3).map((group) => group.id),
      operation: { kind: 'budget', change: { type: 'set', value: 50 } },
      when: { kind: 'once', at: `${TOMORROW_LA} 18:00` },
      revert: { kind: 'once', at: `${TOMORROW_LA} 23:00` },
    };
    expect(created(calls)[0]).toEqual(expected);
    expect(ScheduledChangeInputSchema.parse(created(calls)[0])).toEqual(expected);
    // The page moves on to the change it created, with its firings.
    await screen.findByTestId('change-tabs');
    expect(location.search).toBe(`?view=schedules&advertiserId=${US}&changeId=sch_created0001`);
  });

  it('“every weekday at 07:00 raise budgets by 20%”: pasted ids, on campaigns', async () => {
    const calls = answers();
    await startNew(`?view=schedules&advertiserId=${DE}`);
    type('change-name-input', 'Weekday mornings');
    type('change-level', 'campaign');
    fireEvent.click(screen.getByTestId('entities-mode-paste'));
    // Pasted twice, counted and sent once.
    type('entities-paste', '1780000000000000101\n1780000000000000102, 1780000000000000101');
    expect(screen.getByTestId('entities-count').textContent).toBe('2 chosen, up to 1,000');
    type('change-mode', 'percent');
    fireEvent.click(screen.getByTestId('change-direction-raise'));
    type('change-value', '20');
    expect(screen.getByTestId('change-operation-summary').textContent).toBe(
      'Budget: raise by 20% · 2 campaigns',
    );
    fireEvent.click(screen.getByTestId('when-kind-weekly'));
    const days = within(screen.getByTestId('when-days')).getAllByRole('button');
    expect(days.map((day) => day.getAttribute('aria-pressed'))).toEqual([
      'false',
      'true',
      'true',
      'true',
      'true',
      'true',
      'false',
    ]);
    type('when-time', '07:00');
    expect(screen.getByTestId('when-zone').textContent).toBe('GMT+1 · Europe/Berlin');

    await waitFor(() => expect(saveButton().disabled).toBe(false));
    fireEvent.click(saveButton());
    await waitFor(() => expect(created(calls)).toHaveLength(1));
    expect(created(calls)[0]).toEqual({
      name: 'Weekday mornings',
      enabled: true,
      advertiserId: DE,
      level: 'campaign',
      entityIds: ['1780000000000000101', '1780000000000000102'],
      operation: { kind: 'budget', change: { type: 'percent', value: 20 } },
      when: { kind: 'weekly', days: [1, 2, 3, 4, 5], at: '07:00' },
      revert: null,
    });
  });

  it('no items and a put-back before the change: said under each, and Save stays off', async () => {
    const calls = answers();
    await startNew(`?view=schedules&advertiserId=${US}`);
    type('change-name-input', 'Evening push');
    type('change-value', '50');
    type('when-date', TOMORROW_LA);
    type('when-time', '18:00');
    fireEvent.click(screen.getByTestId('revert-later'));
    type('revert-time', '17:00');

    expect(screen.getByTestId('error-entityIds').textContent).toBe('Choose at least one item.');
    expect(screen.getByTestId('error-revert.at').textContent).toBe(
      `The put-back time (${TOMORROW_LA} 17:00) must come after the change (${TOMORROW_LA} 18:00).`,
    );
    expect(screen.getByTestId('change-problems').textContent).toContain('2 fields need fixing');
    expect(saveButton().disabled).toBe(true);
    fireEvent.click(saveButton());

    // Fixed, the messages go and Save comes back.
    type('revert-time', '23:00');
    fireEvent.click(await screen.findByTestId('entities-all'));
    expect(screen.queryByTestId('error-entityIds')).toBeNull();
    expect(screen.queryByTestId('error-revert.at')).toBeNull();
    expect(screen.queryByTestId('change-problems')).toBeNull();
    expect(saveButton().disabled).toBe(false);
    expect(created(calls)).toEqual([]);
  });

  it('a time the server refuses is shown under it until it is changed', async () => {
    const refusal =
      'when.at: 2026-12-06 18:00 PST has passed (it is 2026-12-06 18:01 PST in the ad account’s time zone): choose a time in the future.';
    const calls = answers(() => {
      throw new ExtensionRequestError({
        kind: 'invalid',
        message: `Invalid scheduled change: ${refusal}`,
        status: 400,
      });
    });
    await startNew(`?view=schedules&advertiserId=${US}`);
    type('change-name-input', 'Evening push');
    type('change-value', '50');
    type('when-date', TOMORROW_LA);
    fireEvent.click(await screen.findByTestId('entities-all'));
    fireEvent.click(saveButton());
    await waitFor(() =>
      expect(screen.getByTestId('error-when.at').textContent).toBe(refusal.slice(9)),
    );
    expect(saveButton().disabled).toBe(true);
    expect(screen.queryByTestId('change-error')).toBeNull();
    type('when-time', '19:00');
    expect(screen.queryByTestId('error-when.at')).toBeNull();
    expect(screen.queryByTestId('change-error')).toBeNull();
    expect(saveButton().disabled).toBe(false);
    expect(created(calls)).toHaveLength(1);
  });

  it('a saved change comes back into the form and out again unchanged', async () => {
    const calls = answers();
    renderPage(`?view=schedules&changeId=${EVENING.id}`);
    await screen.findByTestId('change-form');
    expect((screen.getByTestId('change-value') as HTMLInputElement).value).toBe('50');
    expect((screen.getByTestId('revert-time') as HTMLInputElement).value).toBe('23:00');
    expect(saveButton().disabled).toBe(true);
    type('change-name-input', 'Evening push (renamed)');
    fireEvent.click(saveButton());
    await waitFor(() =>
      expect(calls.filter((call) => call.route === 'updateScheduledChange')).toHaveLength(1),
    );
    const body = calls.find((call) => call.route === 'updateScheduledChange')?.input?.body;
    const { name: _name, ...rest } = body as ScheduledChangeInput;
    const { name: _saved, ...savedRest } = ScheduledChangeInputSchema.parse({
      name: EVENING.name,
      enabled: EVENING.enabled,
      advertiserId: EVENING.advertiserId,
      level: EVENING.level,
      entityIds: EVENING.entityIds,
      operation: EVENING.operation,
      when: EVENING.when,
      revert: EVENING.revert,
    });
    expect(rest).toEqual(savedRest);
  });
});
