import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../companion-server/src/contract/bulk-edits';
import { ADVERTISER, jobRow, makeJob } from '../../../test/fixtures/extension/plan-fixtures';
import { serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { type JobSummary, RecentBulkEdits } from './recent-bulk-edits';

/**
 * The side panel's list of recent bulk edits, with a stand-in for the background: what each
 * job did and how it went, and opening one in the bulk panel at that job.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const GUARDRAILS = { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 };
const BUYER = {
  staff: { id: 'stf_0123456789', email: 'b@bayme.example', name: 'Bea', role: 'buyer' },
  mode: 'emulator',
};

function summaryOf(job: Job): JobSummary {
  const { rows: _rows, ...summary } = job;
  return summary;
}

const twelveDone = Array.from({ length: 12 }, (_, n) => jobRow(n + 1, 'done'));
/** Paused 13 ad groups, one refused. */
const PAUSED = makeJob([...twelveDone, jobRow(13, 'failed', 'The ad group is being reviewed.')], {
  jobId: 'job_0002',
  planId: 'plan_0002',
  level: 'adgroup',
  operation: { kind: 'status', status: 'DISABLE' },
  createdAt: '2026-11-20T10:05:00.000Z',
});
/** An undo of an earlier budget raise, still running. */
const UNDOING = makeJob([jobRow(1, 'done'), jobRow(2, 'in_flight'), jobRow(3, 'pending')], {
  jobId: 'job_0003',
  planId: 'plan_0003',
  operation: null,
  purpose: { kind: 'undo', jobId: 'job_0001' },
  createdAt: '2026-11-20T11:30:00.000Z',
});
/** A retry TikTok stopped (the token was refused). */
const RETRY_STOPPED = makeJob([jobRow(4, 'done'), jobRow(5, 'skipped')], {
  jobId: 'job_0001',
  planId: 'plan_0001',
  purpose: { kind: 'retry', jobId: 'job_0000' },
  status: 'stopped',
  statusMessage: 'TikTok refused the access token.',
  createdAt: '2026-11-19T16:00:00.000Z',
});

const ACCOUNTS = {
  adAccounts: [
    {
      advertiserId: ADVERTISER,
      name: 'Bayme US',
      currency: 'USD',
      timezone: 'America/Los_Angeles',
      status: 'STATUS_ENABLE',
      health: 'ok',
      connectionId: 'con_0123456789',
      connectedAt: '2026-11-01T09:00:00.000Z',
    },
  ],
};

function renderRecent(onChanged: () => void = () => undefined) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RecentBulkEdits advertiserId={ADVERTISER} onChanged={onChanged} />
    </QueryClientProvider>,
  );
}

function listed(): Array<[string | undefined, string | undefined]> {
  return screen
    .getAllByTestId('recent-job')
    .map((item) => [item.dataset.jobId, item.dataset.status]);
}

describe('recent bulk edits', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
  });
  afterEach(() => cleanup());

  it('lists the account’s recent jobs, newest first, with what they did and how it went', async () => {
    const calls = serve({
      listJobs: { jobs: [UNDOING, PAUSED, RETRY_STOPPED].map(summaryOf) },
      listAdAccounts: ACCOUNTS,
    });
    renderRecent();
    await screen.findByTestId('recent-jobs');
    expect(calls.find((call) => call.route === 'listJobs')).toEqual({
      route: 'listJobs',
      input: { query: { advertiserId: ADVERTISER, limit: 20 } },
    });
    expect(listed()).toEqual([
      ['job_0003', 'running'],
      ['job_0002', 'finished'],
      ['job_0001', 'stopped'],
    ]);
    const [undoing, paused, stopped] = screen.getAllByTestId('recent-job');
    expect(undoing?.textContent).toContain('Undo: restore previous values');
    expect(undoing?.textContent).toContain('Running');
    expect(undoing?.textContent).toContain('3 campaigns');
    expect(within(undoing as HTMLElement).getByTestId('recent-job-counts').textContent).toBe(
      '1 done · 0 failed · 2 remaining',
    );
    expect(paused?.textContent).toContain('Status: pause');
    expect(paused?.textContent).toContain('Finished');
    expect(paused?.textContent).toContain('13 ad groups');
    expect(within(paused as HTMLElement).getByTestId('recent-job-counts').textContent).toBe(
      '12 done · 1 failed · 0 remaining',
    );
    expect(paused?.querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-11-20T10:05:00.000Z',
    );
    // In the ad account's time zone (Los Angeles), named: not the browser's, not UTC.
    await waitFor(() =>
      expect(paused?.querySelector('time')?.textContent).toBe('2026-11-20 02:05 PST'),
    );
    expect(stopped?.textContent).toContain('Retry failed rows');
    expect(stopped?.textContent).toContain('Stopped');
    expect(within(stopped as HTMLElement).getByTestId('recent-job-counts').textContent).toBe(
      '1 done · 0 failed · 1 skipped · 0 remaining',
    );
  });

  it('asks again while a job runs, until it has finished', async () => {
    const undone = makeJob([jobRow(1, 'done'), jobRow(2, 'done'), jobRow(3, 'done')], {
      jobId: 'job_0003',
      operation: null,
      purpose: { kind: 'undo', jobId: 'job_0001' },
    });
    let asked = 0;
    serve({
      listJobs: () => {
        asked += 1;
        return { jobs: [summaryOf(asked === 1 ? UNDOING : undone)] };
      },
    });
    renderRecent();
    await screen.findByTestId('recent-jobs');
    expect(listed()).toEqual([['job_0003', 'running']]);
    await waitFor(() => expect(listed()).toEqual([['job_0003', 'finished']]), { timeout: 3_000 });
    expect(screen.getByTestId('recent-job-counts').textContent).toBe(
      '3 done · 0 failed · 0 remaining',
    );
    expect(asked).toBe(2);
  });

  it('opens a job in the bulk panel at that job, and comes back to the list', async () => {
    const calls = serve({
      listJobs: { jobs: [UNDOING, PAUSED, RETRY_STOPPED].map(summaryOf) },
      me: BUYER,
      getGuardrails: GUARDRAILS,
      getJob: PAUSED,
    });
    const onChanged = vi.fn();
    renderRecent(onChanged);
    await screen.findByTestId('recent-jobs');
    const paused = screen.getAllByTestId('recent-job')[1];
    fireEvent.click(paused as HTMLElement);

    const job = await screen.findByTestId('bulk-job');
    expect(job.dataset.status).toBe('finished');
    expect(calls.filter((call) => call.route === 'getJob').map((call) => call.input)).toEqual([
      { params: { jobId: 'job_0002' } },
    ]);
    expect(screen.getByTestId('bulk-job-title').textContent).toBe('Status: pause');
    expect(screen.getAllByTestId('bulk-job-row')).toHaveLength(13);
    expect(screen.getByTestId('bulk-retry')).toBeTruthy();
    expect(screen.getByTestId('bulk-undo')).toBeTruthy();
    expect(screen.queryByTestId('recent-jobs')).toBeNull();
    expect(onChanged).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByTestId('bulk-close'));
    expect(listed()).toHaveLength(3);
    expect(screen.queryByTestId('bulk-panel')).toBeNull();
  });

  it('says when the account has no bulk edits yet', async () => {
    serve({ listJobs: { jobs: [] } });
    renderRecent();
    expect((await screen.findByTestId('recent-jobs-empty')).textContent).toBe(
      'No bulk edits yet for this ad account.',
    );
    expect(screen.queryByTestId('recent-jobs')).toBeNull();
  });
});
