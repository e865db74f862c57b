import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { Role } from '../../../companion-server/src/contract/common';
import {
  ADVERTISER,
  id,
  jobRow,
  makeJob,
  makePlan,
  planRow,
} from '../../../test/fixtures/extension/plan-fixtures';
import { type ApiInput, serve } from '../../../test/helpers/fake-extension-api';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { BulkEditPanel } from './bulk-edit-panel';
import { StaffBulkEditPanel } from './staff-bulk-edit-panel';

/**
 * The bulk-edit panel with a stand-in for the background: each test says what each route
 * answers, and checks what the buyer sees and what was asked of the server.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const GUARDRAILS = { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 };
const SELECTED = [1, 2, 3, 4, 5, 6].map((n) => ({ id: id(n), name: `Campaign ${n}` }));
const MIXED = [
  planRow(1, 'ok'),
  planRow(2, 'ok'),
  planRow(3, 'adjusted', { reason: 'Rounded to $110.00: the currency allows whole cents.' }),
  planRow(4, 'unchanged'),
  planRow(5, 'needs_approval', {
    reason: 'A change of +60% is beyond the guardrail of ±50%.',
    changePercent: 60,
  }),
  planRow(6, 'blocked', { reason: 'The budget must be at least $50.00.' }),
];

function renderPanel(
  props: {
    role?: Role;
    level?: Level;
    onChanged?: () => void;
    staff?: boolean;
    /** Opened at an earlier job: no rows selected. */
    initialJobId?: string;
  } = {},
) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const common = {
    advertiserId: ADVERTISER,
    level: props.level ?? ('campaign' as const),
    selected: props.initialJobId ? [] : SELECTED,
    currency: 'USD',
    onChanged: props.onChanged ?? (() => undefined),
    onClose: () => undefined,
    ...(props.initialJobId ? { initialJobId: props.initialJobId } : {}),
  };
  render(
    <QueryClientProvider client={client}>
      {props.staff ? (
        <StaffBulkEditPanel {...common} />
      ) : (
        <BulkEditPanel {...common} role={props.role ?? 'buyer'} />
      )}
    </QueryClientProvider>,
  );
}

function choose(testId: string) {
  fireEvent.click(screen.getByTestId(testId));
}
function type(value: string) {
  fireEvent.change(screen.getByTestId('bulk-value'), { target: { value } });
}

/** Raise budgets by 10% and press Preview. */
async function previewRaise() {
  choose('bulk-kind-budget');
  fireEvent.change(screen.getByTestId('bulk-mode'), { target: { value: 'percent' } });
  choose('bulk-direction-raise');
  type('10');
  choose('bulk-preview-submit');
  return screen.findByTestId('bulk-preview');
}

function applyButton(): HTMLButtonElement {
  return screen.getByTestId('bulk-apply') as HTMLButtonElement;
}

describe('bulk edit panel', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
  });
  afterEach(() => cleanup());

  it('sends the operation the form describes, for the selected rows', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS, planBulkEdit: makePlan(MIXED) });
    renderPanel();
    choose('bulk-kind-budget');
    fireEvent.change(screen.getByTestId('bulk-mode'), { target: { value: 'amount' } });
    choose('bulk-direction-lower');
    type('25');
    choose('bulk-preview-submit');
    await screen.findByTestId('bulk-preview');
    const plan = calls.find((call) => call.route === 'planBulkEdit');
    expect(plan?.input).toEqual({
      params: { advertiserId: ADVERTISER },
      body: {
        level: 'campaign',
        entityIds: SELECTED.map((row) => row.id),
        operation: { kind: 'budget', change: { type: 'amount', value: -25 } },
      },
    });
  });

  it('offers only pause and enable for ads, and builds a status operation', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS, planBulkEdit: makePlan(MIXED) });
    renderPanel({ level: 'ad' });
    expect(screen.queryByTestId('bulk-kind-budget')).toBeNull();
    expect(screen.queryByTestId('bulk-kind-bid')).toBeNull();
    choose('bulk-status-ENABLE');
    choose('bulk-preview-submit');
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toMatchObject({
      level: 'ad',
      operation: { kind: 'status', status: 'ENABLE' },
    });
  });

  it('refuses bad input before asking the server', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS });
    renderPanel();
    choose('bulk-kind-budget');
    choose('bulk-preview-submit');
    expect((await screen.findByTestId('bulk-form-error')).textContent).toBe('Enter an amount.');
    type('ten');
    expect(screen.getByTestId('bulk-form-error').textContent).toContain('is not a number');
    type('0');
    expect(screen.getByTestId('bulk-form-error').textContent).toBe(
      'The amount must be greater than 0.',
    );
    choose('bulk-preview-submit');
    expect(calls.some((call) => call.route === 'planBulkEdit')).toBe(false);
  });

  it('shows the server’s refusal as the server words it', async () => {
    serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: () => {
        throw new ExtensionRequestError({
          kind: 'invalid',
          status: 400,
          message: 'Bids belong to ad groups.',
        });
      },
    });
    renderPanel();
    choose('bulk-kind-status');
    choose('bulk-preview-submit');
    expect((await screen.findByTestId('bulk-error')).textContent).toBe('Bids belong to ad groups.');
  });

  it('previews each row with its values, verdict and reason', async () => {
    serve({ getGuardrails: GUARDRAILS, planBulkEdit: makePlan(MIXED) });
    renderPanel();
    const table = await previewRaise();
    const rows = within(table).getAllByTestId('bulk-preview-row');
    expect(rows.map((row) => [row.dataset.entityId, row.dataset.verdict])).toEqual([
      [id(1), 'ok'],
      [id(2), 'ok'],
      [id(3), 'adjusted'],
      [id(4), 'unchanged'],
      [id(5), 'needs_approval'],
      [id(6), 'blocked'],
    ]);
    expect(rows[0]?.textContent).toContain('$100.00→ $110.00');
    expect(rows[0]?.textContent).toContain('+10%');
    expect(rows[0]?.textContent).toContain('daily budget');
    expect(rows[2]?.textContent).toContain('Rounded to $110.00');
    expect(rows[4]?.textContent).toContain('Needs approval');
    expect(rows[4]?.textContent).toContain('beyond the guardrail of ±50%');
    expect(rows[5]?.textContent).toContain('Blocked');
    expect(rows[5]?.textContent).toContain('The budget must be at least $50.00.');
    expect(screen.getByTestId('bulk-summary').textContent).toBe(
      '3 will change · 1 rounded · 1 needs approval · 1 already set · 1 blocked',
    );
    expect(screen.getByTestId('bulk-plan-title').textContent).toBe('Budget: raise by 10%');
  });

  it('counts only ok and adjusted rows on Apply, and explains approval to a buyer', async () => {
    serve({ getGuardrails: GUARDRAILS, planBulkEdit: makePlan(MIXED) });
    renderPanel({ role: 'buyer' });
    await previewRaise();
    expect(applyButton().textContent).toBe('Apply 3 changes');
    expect(applyButton().disabled).toBe(false);
    expect(screen.getByTestId('bulk-needs-admin').textContent).toContain(
      'an admin must approve it first',
    );
    expect(screen.queryByTestId('bulk-approve')).toBeNull();
  });

  it('lets an admin approve the rows beyond the guardrail, then counts them', async () => {
    const calls = serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: makePlan(MIXED),
      approvePlan: makePlan(MIXED, { approvedBy: 'stf_admin0001' }),
    });
    renderPanel({ role: 'admin' });
    await previewRaise();
    expect(applyButton().textContent).toBe('Apply 3 changes');
    expect(screen.queryByTestId('bulk-needs-admin')).toBeNull();
    choose('bulk-approve');
    await waitFor(() => expect(applyButton().textContent).toBe('Apply 4 changes'));
    expect(calls.find((call) => call.route === 'approvePlan')?.input).toEqual({
      params: { planId: 'plan_0001' },
    });
    expect(screen.queryByTestId('bulk-approve')).toBeNull();
    expect(screen.getByTestId('bulk-summary').textContent).toBe(
      '4 will change · 1 rounded · 1 already set · 1 blocked',
    );
  });

  it('disables Apply when no row would change', async () => {
    serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: makePlan([planRow(1, 'blocked'), planRow(2, 'unchanged')]),
    });
    renderPanel();
    await previewRaise();
    expect(applyButton().textContent).toBe('Apply 0 changes');
    expect(applyButton().disabled).toBe(true);
    expect(screen.getByTestId('bulk-nothing')).toBeTruthy();
  });

  it('tells a viewer they cannot edit, with no form', async () => {
    serve({
      me: {
        staff: { id: 'stf_0123456789', email: 'v@bayme.example', name: 'Vi', role: 'viewer' },
        mode: 'emulator',
      },
    });
    renderPanel({ staff: true });
    expect((await screen.findByTestId('bulk-viewer')).textContent).toContain(
      'Your role (viewer) cannot edit',
    );
    expect(screen.queryByTestId('bulk-form')).toBeNull();
  });

  it('follows the job until it finishes, then offers Retry and Undo and tells the host', async () => {
    const running = makeJob([
      jobRow(1, 'done'),
      jobRow(2, 'in_flight'),
      jobRow(3, 'pending'),
      jobRow(6, 'skipped'),
    ]);
    const finished = makeJob([
      jobRow(1, 'done'),
      jobRow(2, 'failed', 'The budget is below the minimum daily budget.'),
      jobRow(3, 'conflict'),
      jobRow(6, 'skipped'),
    ]);
    const calls = serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: makePlan(MIXED),
      applyPlan: running,
      getJob: finished,
    });
    const onChanged = vi.fn();
    renderPanel({ onChanged });
    await previewRaise();
    choose('bulk-apply');

    const progress = await screen.findByTestId('bulk-progress');
    expect(progress.getAttribute('role')).toBe('progressbar');
    expect(progress.getAttribute('aria-valuenow')).toBe('2');
    expect(progress.getAttribute('aria-valuemax')).toBe('4');
    expect(screen.getByTestId('bulk-counts').textContent).toBe(
      '1 done · 0 failed · 1 skipped · 2 remaining',
    );
    expect(screen.queryByTestId('bulk-retry')).toBeNull();
    expect(screen.queryByTestId('bulk-undo')).toBeNull();
    expect(onChanged).not.toHaveBeenCalled();

    await waitFor(() => expect(screen.getByTestId('bulk-job').dataset.status).toBe('finished'), {
      timeout: 3_000,
    });
    expect(calls.find((call) => call.route === 'getJob')?.input).toEqual({
      params: { jobId: 'job_0001' },
    });
    expect(screen.getByTestId('bulk-progress').getAttribute('aria-valuenow')).toBe('4');
    expect(screen.getByTestId('bulk-counts').textContent).toBe(
      '1 done · 1 failed · 1 left alone · 1 skipped · 0 remaining',
    );
    const rows = screen.getAllByTestId('bulk-job-row');
    expect(rows.map((row) => [row.dataset.entityId, row.dataset.state])).toEqual([
      [id(1), 'done'],
      [id(2), 'failed'],
      [id(3), 'conflict'],
      [id(6), 'skipped'],
    ]);
    expect(rows[1]?.textContent).toContain('The budget is below the minimum daily budget.');
    expect(rows[2]?.textContent).toContain(
      'Changed by someone else since the preview — left alone.',
    );
    expect(screen.getByTestId('bulk-retry')).toBeTruthy();
    expect(screen.getByTestId('bulk-undo')).toBeTruthy();
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('offers neither Retry nor Undo when nothing failed and nothing was done', async () => {
    serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: makePlan(MIXED),
      applyPlan: makeJob([jobRow(1, 'conflict'), jobRow(2, 'skipped')]),
    });
    const onChanged = vi.fn();
    renderPanel({ onChanged });
    await previewRaise();
    choose('bulk-apply');
    expect((await screen.findByTestId('bulk-job')).dataset.status).toBe('finished');
    expect(screen.queryByTestId('bulk-retry')).toBeNull();
    expect(screen.queryByTestId('bulk-undo')).toBeNull();
    expect(screen.getByTestId('bulk-new-edit')).toBeTruthy();
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('previews an undo as a restore plan and applies it', async () => {
    const done = makeJob([jobRow(1, 'done'), jobRow(2, 'done')]);
    const undoPlan = makePlan(
      [
        planRow(1, 'ok', { before: 110, after: 100, changePercent: -9.1 }),
        planRow(2, 'ok', { before: 110, after: 100, changePercent: -9.1 }),
      ],
      { planId: 'plan_0002', operation: null, purpose: { kind: 'undo', jobId: 'job_0001' } },
    );
    const undone = makeJob([jobRow(1, 'done'), jobRow(2, 'done')], {
      jobId: 'job_0002',
      planId: 'plan_0002',
      purpose: { kind: 'undo', jobId: 'job_0001' },
      canUndo: false,
    });
    const calls = serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: makePlan(MIXED),
      applyPlan: (input: ApiInput) => (input?.params?.planId === 'plan_0002' ? undone : done),
      planUndo: undoPlan,
    });
    const onChanged = vi.fn();
    renderPanel({ onChanged });
    await previewRaise();
    choose('bulk-apply');
    fireEvent.click(await screen.findByTestId('bulk-undo'));
    expect((await screen.findByTestId('bulk-plan-title')).textContent).toBe(
      'Undo: restore previous values',
    );
    expect(calls.find((call) => call.route === 'planUndo')?.input).toEqual({
      params: { jobId: 'job_0001' },
    });
    expect(screen.getAllByTestId('bulk-preview-row')[0]?.textContent).toContain('$110.00→ $100.00');
    expect(screen.getByTestId('bulk-back').textContent).toBe('Back to the results');
    choose('bulk-apply');
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId('bulk-undo')).toBeNull();
  });

  it('plans a retry of the failed rows', async () => {
    const calls = serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: makePlan(MIXED),
      applyPlan: makeJob([jobRow(1, 'done'), jobRow(2, 'unknown')]),
      planRetry: makePlan([planRow(2, 'ok')], {
        planId: 'plan_0003',
        purpose: { kind: 'retry', jobId: 'job_0001' },
      }),
    });
    renderPanel();
    await previewRaise();
    choose('bulk-apply');
    fireEvent.click(await screen.findByTestId('bulk-retry'));
    expect((await screen.findByTestId('bulk-plan-title')).textContent).toBe('Retry failed rows');
    expect(calls.find((call) => call.route === 'planRetry')?.input).toEqual({
      params: { jobId: 'job_0001' },
    });
    expect(applyButton().textContent).toBe('Apply 1 change');
  });

  it('opens at an earlier job by its id, with Retry and Undo as after an apply', async () => {
    const earlier = makeJob(
      [jobRow(1, 'done'), jobRow(2, 'failed', 'The budget is below the minimum daily budget.')],
      { jobId: 'job_0007', planId: 'plan_0007' },
    );
    const calls = serve({
      getGuardrails: GUARDRAILS,
      getJob: earlier,
      planUndo: makePlan([planRow(1, 'ok', { before: 110, after: 100, changePercent: -9.1 })], {
        planId: 'plan_0008',
        operation: null,
        purpose: { kind: 'undo', jobId: 'job_0007' },
      }),
    });
    const onChanged = vi.fn();
    renderPanel({ initialJobId: 'job_0007', onChanged });
    expect(screen.getByTestId('bulk-job-loading').textContent).toBe('Loading the bulk edit…');

    expect((await screen.findByTestId('bulk-job')).dataset.status).toBe('finished');
    expect(calls.filter((call) => call.route === 'getJob').map((call) => call.input)).toEqual([
      { params: { jobId: 'job_0007' } },
    ]);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Bulk edit of 2 campaigns');
    expect(screen.getByTestId('bulk-job-title').textContent).toBe('Budget: raise by 10%');
    expect(screen.getByTestId('bulk-counts').textContent).toBe('1 done · 1 failed · 0 remaining');
    expect(screen.getAllByTestId('bulk-job-row')[1]?.textContent).toContain(
      'The budget is below the minimum daily budget.',
    );
    expect(screen.getByTestId('bulk-retry')).toBeTruthy();
    // Nothing is selected to start another edit from.
    expect(screen.queryByTestId('bulk-new-edit')).toBeNull();
    // It may have finished while no panel watched it: the host refreshes once.
    expect(onChanged).toHaveBeenCalledTimes(1);

    choose('bulk-undo');
    expect((await screen.findByTestId('bulk-plan-title')).textContent).toBe(
      'Undo: restore previous values',
    );
    expect(calls.find((call) => call.route === 'planUndo')?.input).toEqual({
      params: { jobId: 'job_0007' },
    });
    expect(screen.getByTestId('bulk-back').textContent).toBe('Back to the results');
    choose('bulk-back');
    expect((await screen.findByTestId('bulk-job')).dataset.status).toBe('finished');
    expect(screen.getByTestId('bulk-counts').textContent).toBe('1 done · 1 failed · 0 remaining');
  });

  it('says so when an earlier job cannot be loaded', async () => {
    serve({
      getGuardrails: GUARDRAILS,
      getJob: () => {
        throw new ExtensionRequestError({
          kind: 'invalid',
          status: 404,
          message: 'There is no bulk-edit job job_0009.',
        });
      },
    });
    renderPanel({ initialJobId: 'job_0009' });
    expect((await screen.findByTestId('bulk-error')).textContent).toBe(
      'Could not load this bulk edit: There is no bulk-edit job job_0009.',
    );
    expect(screen.queryByTestId('bulk-job')).toBeNull();
  });

  it('offers to preview again when the plan expired before it was applied', async () => {
    let plans = 0;
    const calls = serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: () => {
        plans += 1;
        return makePlan(MIXED, { planId: `plan_000${plans}` });
      },
      applyPlan: () => {
        throw new ExtensionRequestError({
          kind: 'invalid',
          status: 409,
          message:
            'This preview has expired (previews are valid 15 minutes): preview again to see the current values.',
        });
      },
    });
    renderPanel();
    await previewRaise();
    choose('bulk-apply');
    const expired = await screen.findByTestId('bulk-expired');
    expect(expired.textContent).toContain('This preview has expired');
    expect(applyButton().disabled).toBe(true);
    choose('bulk-preview-again');
    await waitFor(() => expect(plans).toBe(2));
    await waitFor(() => expect(screen.queryByTestId('bulk-expired')).toBeNull());
    const planCalls = calls.filter((call) => call.route === 'planBulkEdit');
    expect(planCalls[1]?.input).toEqual(planCalls[0]?.input);
    expect(applyButton().disabled).toBe(false);
  });
});
