import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { jobRow, makeJob } from '../../../test/fixtures/extension/plan-fixtures';
import { JobProgress } from './job-progress';

/** How a running job tells its pace, and a wait for the shared budget apart from a failure. */
afterEach(cleanup);

const rows = [jobRow(1, 'done'), jobRow(2, 'pending')];

describe('JobProgress', () => {
  it('shows the pace of a running job, and a hold as a wait, not an error', () => {
    const job = makeJob(rows, {
      status: 'running',
      pace: { rowsPerMinute: 57.4, heldBy: 'priority' },
      statusMessage:
        "Waiting for TikTok's rate limit: calls for people working on screen go first.",
    });
    render(<JobProgress job={job} names={new Map()} timezone="UTC" />);
    expect(screen.getByTestId('job-pace').textContent).toBe('About 57 rows a minute.');
    const message = screen.getByTestId('bulk-job-message');
    expect(message.textContent).toContain('go first');
    expect(message.className).not.toContain('text-red');
  });

  it('shows no pace before there is one, and a stopped job’s message as an error', () => {
    const job = makeJob(rows, {
      status: 'stopped',
      pace: null,
      statusMessage: 'TikTok refused the access token.',
    });
    render(<JobProgress job={job} names={new Map()} timezone="UTC" />);
    expect(screen.queryByTestId('job-pace')).toBeNull();
    expect(screen.getByTestId('bulk-job-message').className).toContain('text-red-800');
  });

  it('shows schedule times in the account’s time zone, named, and money in its currency', () => {
    const moved = {
      ...jobRow(3, 'done'),
      field: 'schedule_end_time' as const,
      before: '2026-12-11 20:00:00',
      after: '2026-12-25 20:00:00',
    };
    const job = makeJob([moved, jobRow(4, 'done')], { currency: 'JPY' });
    render(<JobProgress job={job} names={new Map()} timezone="Asia/Tokyo" />);
    const [schedule, budget] = screen.getAllByTestId('bulk-job-row');
    expect(schedule?.textContent).toContain('2026-12-12 05:00 GMT+9→ 2026-12-26 05:00 GMT+9');
    expect(budget?.textContent).toContain('¥100→ ¥110');
  });
});
