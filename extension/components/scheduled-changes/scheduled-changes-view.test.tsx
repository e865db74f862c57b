import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScheduledChangeView } from '../../../companion-server/src/contract/scheduled-changes';
import { jobRow, makeJob } from '../../../test/fixtures/extension/plan-fixtures';
import {
  me,
  RULE_ACCOUNTS,
  RUNNING,
  STOP_LOSS,
} from '../../../test/fixtures/extension/rules-fixtures';
import {
  EVENING,
  entitiesAnswer,
  NIGHT,
  TOMORROW_LA,
  WEEKDAY,
  WEEKDAY_FIRINGS,
} from '../../../test/fixtures/extension/scheduled-changes-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { RulesPage } from '../rules/rules-page';

/**
 * The rules page's scheduled changes with a stand-in background: the header switches to
 * them and the address keeps it; each change says what it does in the account's money and
 * when it fires and is put back with the zone's name; a change's firings say what each did,
 * with its job; viewers read everything and change nothing.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const CHANGES = [EVENING, WEEKDAY, NIGHT];

function answers(role: 'viewer' | 'buyer' | 'admin' = 'buyer'): Call[] {
  let changes: ScheduledChangeView[] = CHANGES;
  return serve({
    me: me(role),
    listAdAccounts: { adAccounts: RULE_ACCOUNTS },
    listRules: { rules: [STOP_LOSS], settings: RUNNING },
    listScheduledChanges: (input: ApiInput) => ({
      changes: changes.filter(
        (change) => !input?.query?.advertiserId || change.advertiserId === input.query.advertiserId,
      ),
      settings: RUNNING,
    }),
    getScheduledChange: (input: ApiInput) =>
      changes.find((change) => change.id === input?.params?.changeId),
    updateScheduledChange: (input: ApiInput) => {
      const old = changes.find((change) => change.id === input?.params?.changeId);
      const updated = { ...old, ...(input?.body as object) } as ScheduledChangeView;
      changes = changes.map((change) => (change.id === updated.id ? updated : change));
      return updated;
    },
    listFirings: { firings: WEEKDAY_FIRINGS },
    listEntities: entitiesAnswer(12),
    getGuardrails: { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
    getJob: makeJob([jobRow(1, 'done'), jobRow(2, 'done')], { jobId: 'job_0000000101' }),
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

const line = (changeId: string) =>
  screen
    .getAllByTestId('change-line')
    .find((element) => element.dataset.changeId === changeId) as HTMLElement;
const text = (element: HTMLElement, testId: string) =>
  within(element).getByTestId(testId).textContent;

describe('rules page: scheduled changes', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(36);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('the header switches to them, and the address keeps the view and the change', async () => {
    const calls = answers();
    renderPage('');
    await screen.findByTestId('rules-page-list');
    expect(calls.some((call) => call.route === 'listScheduledChanges')).toBe(false);

    fireEvent.click(screen.getByTestId('page-view-schedules'));
    await screen.findByTestId('schedules-list');
    expect(location.search).toBe('?view=schedules');
    expect(screen.getByTestId('page-view-schedules').getAttribute('aria-selected')).toBe('true');
    fireEvent.click(within(line(WEEKDAY.id)).getByTestId('change-name'));
    await screen.findByTestId('change-editor');
    expect(location.search).toBe(`?view=schedules&changeId=${WEEKDAY.id}`);

    // Back to the rules: their address again, the scheduled changes kept out of sight.
    fireEvent.click(screen.getByTestId('page-view-rules'));
    expect(location.search).toBe('');
    expect(screen.getByTestId('scheduled-changes').closest('[hidden]')).not.toBeNull();
  });

  it('lists each change in words, with the account’s money and zone', async () => {
    answers();
    renderPage('?view=schedules');
    await screen.findByTestId('schedules-list');
    expect(screen.getAllByTestId('change-line')).toHaveLength(3);

    const evening = line(EVENING.id);
    expect(text(evening, 'change-what')).toBe('Budget: set to $50.00 · 3 ad groups');
    expect(text(evening, 'change-when')).toBe(
      `Once, ${TOMORROW_LA} 18:00 PST, put back ${TOMORROW_LA} 23:00 PST`,
    );
    expect(text(evening, 'change-next-firing')).toBe(`Next ${TOMORROW_LA} 18:00 PST`);
    expect(within(evening).getByTestId('change-switch').getAttribute('aria-checked')).toBe('true');

    const weekday = line(WEEKDAY.id);
    expect(text(weekday, 'change-what')).toBe('Budget: raise by 20% · 2 campaigns');
    expect(text(weekday, 'change-when')).toBe('Every weekday at 07:00 GMT+1, not put back');
    expect(text(weekday, 'change-next-firing')).toBe('Next 2026-12-07 07:00 GMT+1');
    expect(text(weekday, 'change-last-firing')).toBe(
      'Last: Done 2026-12-04 07:00 GMT+1: 2 changed',
    );

    // Off, with last night's put-back still to come.
    const night = line(NIGHT.id);
    expect(text(night, 'change-what')).toBe('Status: pause · 11 ad groups');
    expect(text(night, 'change-when')).toBe(
      'Every day at 01:00 PST, put back at 06:00 PST the same day',
    );
    expect(text(night, 'change-next-firing')).toBe('Put back 2026-12-06 06:00 PST');
    expect(within(night).getByTestId('change-switch').getAttribute('aria-checked')).toBe('false');
  });

  it('the list’s switch turns a change on, sending the rest as it was', async () => {
    const calls = answers();
    renderPage('?view=schedules');
    await screen.findByTestId('schedules-list');
    fireEvent.click(within(line(NIGHT.id)).getByTestId('change-switch'));
    await waitFor(() =>
      expect(within(line(NIGHT.id)).getByTestId('change-switch').getAttribute('aria-checked')).toBe(
        'true',
      ),
    );
    const update = calls.find((call) => call.route === 'updateScheduledChange');
    expect(update?.input?.params).toEqual({ changeId: NIGHT.id });
    const { name, advertiserId, level, entityIds, operation, when, revert } = NIGHT;
    expect(update?.input?.body).toEqual({
      name,
      enabled: true,
      advertiserId,
      level,
      entityIds,
      operation,
      when,
      revert,
    });
  });

  it('a change’s firings say what each did, its job and its put-back', async () => {
    const calls = answers();
    renderPage(`?view=schedules&changeId=${WEEKDAY.id}`);
    expect((await screen.findByTestId('change-next')).textContent).toBe(
      'Next firing 2026-12-07 07:00 GMT+1',
    );
    fireEvent.click(screen.getByTestId('change-tab-firings'));
    await screen.findByTestId('firings-list');
    const [partly, late, failed, missed] = screen.getAllByTestId('firing-line') as HTMLElement[];
    if (!partly || !late || !failed || !missed) throw new Error('four firings expected');

    expect(text(partly, 'firing-slot')).toBe('2026-12-04 07:00 GMT+1');
    expect(text(partly, 'firing-outcome')).toBe('1 changed · 1 beyond the guardrail, not changed');
    expect(text(partly, 'firing-job-id')).toBe('job_0000000101');
    expect(within(partly).queryByTestId('firing-revert')).toBeNull();

    expect(late.textContent).toContain('late: ran 2026-12-03 08:12 GMT+1');
    const putBack = within(late).getByTestId('firing-revert');
    expect(putBack.dataset.revertStatus).toBe('done');
    expect(text(late, 'firing-revert-time')).toBe('at 2026-12-03 23:00 GMT+1');
    expect(text(late, 'firing-revert-job-id')).toBe('job_0000000102');

    expect(text(failed, 'firing-outcome')).toBe('Failed: nothing was changed.');
    expect(text(failed, 'firing-message')).toContain('re-authorize the ad account');
    expect(within(failed).queryByTestId('firing-job')).toBeNull();

    // Its message says why it was not done; no outcome line repeats it.
    expect(within(missed).queryByTestId('firing-outcome')).toBeNull();
    expect(text(missed, 'firing-message')).toContain('a change more than 6 h late is not made');
    expect(within(missed).getByTestId('firing-revert').dataset.revertStatus).toBe('cancelled');
    expect(text(missed, 'firing-revert-message')).toBe(
      'Nothing was changed that needs putting back.',
    );

    // The job opens in the bulk-edit panel, as a bulk edit's does; closing it comes back.
    fireEvent.click(within(partly).getByTestId('firing-job'));
    await screen.findByTestId('bulk-job');
    expect(calls.find((call) => call.route === 'getJob')?.input?.params).toEqual({
      jobId: 'job_0000000101',
    });
    fireEvent.click(screen.getByTestId('bulk-close'));
    await screen.findByTestId('firings-list');
  });

  it('viewers read the changes and their firings, and change nothing', async () => {
    const calls = answers('viewer');
    renderPage(`?view=schedules&changeId=${EVENING.id}`);
    await screen.findByTestId('change-form');
    expect(screen.queryByTestId('new-change')).toBeNull();
    expect(screen.queryByTestId('change-save')).toBeNull();
    expect(screen.queryByTestId('change-delete')).toBeNull();
    expect(screen.getByTestId('change-read-only').textContent).toContain('viewer');
    for (const testId of ['change-name-input', 'change-account', 'change-level', 'change-value']) {
      expect((screen.getByTestId(testId) as HTMLInputElement).disabled).toBe(true);
    }
    expect((screen.getByTestId('when-time') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId('change-editor-switch') as HTMLButtonElement).disabled).toBe(true);
    for (const toggle of screen.getAllByTestId('change-switch')) {
      expect((toggle as HTMLButtonElement).disabled).toBe(true);
    }
    // The items chosen are listed, ticked and fixed.
    const rows = await screen.findAllByTestId('entity-row');
    expect(rows).toHaveLength(3);
    for (const box of screen.getAllByTestId('entity-choose')) {
      expect((box as HTMLInputElement).checked).toBe(true);
      expect((box as HTMLInputElement).disabled).toBe(true);
    }
    fireEvent.click(screen.getByTestId('change-tab-firings'));
    await screen.findByTestId('firings-list');
    expect(calls.some((call) => call.route === 'updateScheduledChange')).toBe(false);
  });
});
