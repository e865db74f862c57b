import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { evaluation } from '../../../test/fixtures/extension/rules-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { RunLog } from './run-log';
import { NO_FILTERS, RUN_LOG_PAGE, type RunLogFilters, runLogQuery } from './run-log-query';

/**
 * The run log with a stand-in background: its filters make the `searchEvaluations` query
 * (only what is set, an id only once it is one), entries show the account's time, and
 * older entries page in by the cursor the server gave with the page before.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const RULE = 'rul_stoploss01';

function Harness(props: { initial?: RunLogFilters }) {
  const [filters, setFilters] = useState(props.initial ?? NO_FILTERS);
  return (
    <RunLog ruleId={RULE} filters={filters} onFilters={setFilters} timeZone="America/Los_Angeles" />
  );
}

function renderLog(initial?: RunLogFilters) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Harness initial={initial} />
    </QueryClientProvider>,
  );
}

const asked = (calls: Call[]) =>
  calls.filter((call) => call.route === 'searchEvaluations').map((call) => call.input?.query);

describe('rules page: run log', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(90);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('builds the query from the filters: the rule always, the rest only when set', async () => {
    const calls = serve({
      searchEvaluations: () => ({ evaluations: [evaluation(1)] }),
    });
    renderLog();
    await screen.findByTestId('run-log-table');
    expect(asked(calls)).toEqual([{ ruleId: RULE, limit: RUN_LOG_PAGE }]);

    fireEvent.change(screen.getByTestId('run-log-outcome'), { target: { value: 'done' } });
    await waitFor(() =>
      expect(asked(calls).at(-1)).toEqual({ ruleId: RULE, limit: RUN_LOG_PAGE, outcome: 'done' }),
    );
    fireEvent.click(screen.getByTestId('run-log-acted'));
    await waitFor(() =>
      expect(asked(calls).at(-1)).toEqual({
        ruleId: RULE,
        limit: RUN_LOG_PAGE,
        outcome: 'done',
        actedOnly: 'true',
      }),
    );
    // An id being typed is not searched for until it is one.
    const before = asked(calls).length;
    fireEvent.change(screen.getByTestId('run-log-entity'), { target: { value: '18000x' } });
    expect((await screen.findByTestId('run-log-problem')).textContent).toBe(
      'An id is made of digits only.',
    );
    fireEvent.change(screen.getByTestId('run-log-entity'), {
      target: { value: ' 1800000000000000001 ' },
    });
    await waitFor(() =>
      expect(asked(calls).at(-1)).toEqual({
        ruleId: RULE,
        limit: RUN_LOG_PAGE,
        outcome: 'done',
        actedOnly: 'true',
        entityId: '1800000000000000001',
      }),
    );
    expect(
      asked(calls)
        .slice(before)
        .every((query) => query?.entityId !== '18000x'),
    ).toBe(true);

    // Cleared, the filters leave the query.
    fireEvent.change(screen.getByTestId('run-log-outcome'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('run-log-acted'));
    fireEvent.change(screen.getByTestId('run-log-entity'), { target: { value: '' } });
    await waitFor(() => expect(asked(calls).at(-1)).toEqual({ ruleId: RULE, limit: RUN_LOG_PAGE }));
  });

  it('one run’s entries, from the runs list, until that filter is cleared', async () => {
    const calls = serve({ searchEvaluations: { evaluations: [] } });
    renderLog({ ...NO_FILTERS, runId: 'run_0000000001' });
    await screen.findByTestId('run-log-empty');
    expect(asked(calls)).toEqual([{ ruleId: RULE, limit: RUN_LOG_PAGE, runId: 'run_0000000001' }]);
    fireEvent.click(screen.getByTestId('run-log-all-runs'));
    await waitFor(() => expect(asked(calls).at(-1)).toEqual({ ruleId: RULE, limit: RUN_LOG_PAGE }));
  });

  it('shows each entry at the account’s time, labelled, and pages in older entries by cursor', async () => {
    const page = Array.from({ length: RUN_LOG_PAGE }, (_, index) =>
      evaluation(index, {
        evaluatedAt: `2026-12-06T18:${String(59 - (index % 60)).padStart(2, '0')}:00.000Z`,
      }),
    );
    const calls = serve({
      searchEvaluations: (input: ApiInput) =>
        input?.query?.cursor === 'page-2'
          ? { evaluations: [evaluation(500)], nextCursor: null }
          : { evaluations: page, nextCursor: 'page-2' },
    });
    renderLog();
    await screen.findByTestId('run-log-table');
    const first = screen.getAllByTestId('evaluation-row')[0] as HTMLElement;
    expect(within(first).getByTestId('evaluation-time').textContent).toBe('2026-12-06 10:59 PST');
    expect(screen.getByTestId('run-log-count').textContent).toContain('200 entries');

    fireEvent.click(screen.getByTestId('run-log-older'));
    await waitFor(() =>
      expect(screen.getByTestId('run-log-count').textContent).toContain('201 entries'),
    );
    expect(asked(calls).at(-1)).toEqual({ ruleId: RULE, limit: RUN_LOG_PAGE, cursor: 'page-2' });
    // No cursor: that page was the last.
    expect(screen.queryByTestId('run-log-older')).toBeNull();
  });
});

describe('runLogQuery', () => {
  it('sends only what is set, and refuses an id that is not one', () => {
    expect(runLogQuery(RULE, NO_FILTERS)).toEqual({
      query: { ruleId: RULE, limit: RUN_LOG_PAGE },
      problem: null,
    });
    expect(
      runLogQuery(RULE, {
        entityId: '42',
        outcome: 'failed',
        actedOnly: false,
        runId: 'run_000001',
      }).query,
    ).toEqual({
      ruleId: RULE,
      limit: RUN_LOG_PAGE,
      entityId: '42',
      outcome: 'failed',
      runId: 'run_000001',
    });
    expect(runLogQuery(RULE, { ...NO_FILTERS, entityId: 'abc' })).toEqual({
      query: null,
      problem: 'An id is made of digits only.',
    });
  });
});
