import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RulesSettings } from '../../../companion-server/src/contract/rules';
import {
  me,
  PAUSED,
  previewAnswer,
  RULE_ACCOUNTS,
  RUNNING,
  ruleRun,
  STOP_LOSS,
} from '../../../test/fixtures/extension/rules-fixtures';
import { type ApiInput, type Call, serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { RulesPage } from './rules-page';

/**
 * A saved rule's runs and the page's admin switch, with a stand-in background: "Undo this
 * run" where a run changed something (not for viewers), a run's entries in the log, Run
 * now, and the switch that pauses every rule (admins only).
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const ACTED = ruleRun();
const FAILED = ruleRun({
  runId: 'run_0000000002',
  status: 'failed',
  message: 'TikTok refused the token',
  acted: 0,
  matched: 0,
  jobIds: [],
});
const NOTHING = ruleRun({ runId: 'run_0000000003', acted: 0, matched: 0, jobIds: [] });

function answers(role: 'viewer' | 'buyer' | 'admin', settings: RulesSettings = RUNNING): Call[] {
  let current = settings;
  return serve({
    me: me(role),
    listAdAccounts: { adAccounts: RULE_ACCOUNTS },
    listRules: () => ({ rules: [STOP_LOSS], settings: current }),
    getRule: STOP_LOSS,
    previewRule: previewAnswer(1),
    listRuleRuns: { runs: [ACTED, FAILED, NOTHING] },
    searchEvaluations: { evaluations: [] },
    undoRuleRun: ruleRun({
      runId: 'run_0000000009',
      trigger: 'undo',
      slot: 'manual',
      status: 'running',
      finishedAt: null,
    }),
    runRuleNow: ruleRun({ runId: 'run_0000000010', trigger: 'manual', slot: 'manual', acted: 2 }),
    setRulesSettings: (input: ApiInput) => {
      current = (input?.body as { paused: boolean } | undefined)?.paused ? PAUSED : RUNNING;
      return current;
    },
  });
}

async function openRuns() {
  window.history.replaceState(null, '', `/rules.html?ruleId=${STOP_LOSS.id}`);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RulesPage />
    </QueryClientProvider>,
  );
  fireEvent.click(await screen.findByTestId('editor-tab-runs'));
  await screen.findByTestId('runs-list');
}

const runLine = (runId: string) =>
  screen.getAllByTestId('run-line').find((line) => line.dataset.runId === runId) as HTMLElement;

describe('rules page: runs, undo and the admin switch', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(90);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('offers “Undo this run” only where a run changed something, and undoes that run', async () => {
    const calls = answers('buyer');
    await openRuns();
    expect(within(runLine(ACTED.runId)).getByTestId('run-outcome').textContent).toBe('3 paused');
    expect(within(runLine(FAILED.runId)).getByTestId('run-outcome').textContent).toBe(
      'failed: TikTok refused the token',
    );
    expect(within(runLine(FAILED.runId)).queryByTestId('run-undo')).toBeNull();
    expect(within(runLine(NOTHING.runId)).queryByTestId('run-undo')).toBeNull();

    fireEvent.click(within(runLine(ACTED.runId)).getByTestId('run-undo'));
    await screen.findByTestId('undo-started');
    expect(calls.filter((call) => call.route === 'undoRuleRun').map((call) => call.input)).toEqual([
      { params: { runId: ACTED.runId } },
    ]);
    // The runs are asked again, to show the undo among them.
    await waitFor(() =>
      expect(calls.filter((call) => call.route === 'listRuleRuns').length).toBeGreaterThan(1),
    );
  });

  it('opens a run’s entries in the run log', async () => {
    const calls = answers('buyer');
    await openRuns();
    fireEvent.click(within(runLine(FAILED.runId)).getByTestId('run-show-log'));
    await screen.findByTestId('run-log-empty');
    expect(calls.filter((call) => call.route === 'searchEvaluations').at(-1)?.input?.query).toEqual(
      {
        ruleId: STOP_LOSS.id,
        runId: FAILED.runId,
        limit: 200,
      },
    );
  });

  it('viewers read the runs without Undo or Run now', async () => {
    answers('viewer');
    await openRuns();
    expect(screen.queryAllByTestId('run-undo')).toEqual([]);
    expect(screen.queryByTestId('rule-run-now')).toBeNull();
    expect(screen.queryByTestId('rules-pause')).toBeNull();
  });

  it('runs a saved rule now and says what the run did', async () => {
    const calls = answers('buyer');
    await openRuns();
    fireEvent.click(screen.getByTestId('rule-run-now'));
    expect((await screen.findByTestId('rule-run-result')).textContent).toBe(
      'Run finished: 2 paused.',
    );
    expect(calls.filter((call) => call.route === 'runRuleNow').map((call) => call.input)).toEqual([
      { params: { ruleId: STOP_LOSS.id } },
    ]);
  });

  it('admins switch every rule off and on; the page says they are paused', async () => {
    const calls = answers('admin');
    await openRuns();
    const toggle = await screen.findByTestId('rules-pause-switch');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(toggle);
    expect((await screen.findByTestId('rules-paused')).textContent).toContain(
      'All rules are paused by admin',
    );
    expect(screen.getByTestId('rules-pause-switch').getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByTestId('rules-pause-switch'));
    await waitFor(() => expect(screen.queryByTestId('rules-paused')).toBeNull());
    expect(
      calls.filter((call) => call.route === 'setRulesSettings').map((call) => call.input?.body),
    ).toEqual([{ paused: true }, { paused: false }]);
  });

  it('buyers see the admin’s pause, without the switch', async () => {
    answers('buyer', PAUSED);
    await openRuns();
    expect((await screen.findByTestId('rules-paused')).textContent).toContain('Ada Admin');
    expect(screen.queryByTestId('rules-pause-switch')).toBeNull();
  });
});
