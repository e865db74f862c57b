import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MarketingApiError } from '../marketing-api/errors';
import { JobStop, JobStopped } from './job-stop';
import { type ThrottleBackoff, waitOutThrottling } from './throttle-wait';

function apiError(code: number): MarketingApiError {
  return new MarketingApiError({
    message: `POST /adgroup/update/: error ${code}`,
    category: code === 40100 ? 'retryable' : 'invalid_request',
    retryable: code === 40100,
    code,
    httpStatus: 200,
    requestId: 'req',
    method: 'POST',
    path: 'adgroup/update/',
    attempts: 6,
    rejectedBeforeProcessing: code === 40100,
  });
}

const backoff: ThrottleBackoff = { firstWaitMs: 2_000, maxWaitMs: 5_000, maxWaits: 3 };

/** A call answering with each of `answers` in turn (an error code, or 'ok'). */
function callAnswering(answers: Array<number | 'ok'>) {
  const calls: number[] = [];
  const call = async () => {
    calls.push(Date.now());
    const answer = answers[calls.length - 1] ?? 'ok';
    if (answer === 'ok') return 'done';
    throw apiError(answer);
  };
  return { call, calls };
}

describe('waitOutThrottling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a throttled call again after 2 s, 4 s, 5 s (capped), saying it waits, until it goes through', async () => {
    const { call, calls } = callAnswering([40100, 40100, 40100, 'ok']);
    const events: string[] = [];
    const result = waitOutThrottling(call, {
      backoff,
      signal: new JobStop().signal,
      onWait: (ms) => events.push(`wait ${ms}`),
      onSuccess: () => events.push('ok'),
    });
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(result).resolves.toBe('done');
    expect(calls).toEqual([0, 2_000, 6_000, 11_000]);
    expect(events).toEqual(['wait 2000', 'wait 4000', 'wait 5000', 'ok']);
  });

  it('gives up after the last wait, and never waits for an error that will not go away', async () => {
    const storm = callAnswering([40100, 40100, 40100, 40100, 'ok']);
    const endless = waitOutThrottling(storm.call, {
      backoff,
      signal: new JobStop().signal,
      onWait: () => undefined,
      onSuccess: () => undefined,
    });
    const settled = expect(endless).rejects.toMatchObject({ code: 40100 });
    await vi.advanceTimersByTimeAsync(20_000);
    await settled;
    expect(storm.calls).toHaveLength(4);

    const refused = callAnswering([40002]);
    await expect(
      waitOutThrottling(refused.call, {
        backoff,
        signal: new JobStop().signal,
        onWait: () => undefined,
        onSuccess: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 40002 });
    expect(refused.calls).toHaveLength(1);
  });

  it('ends a wait at once when the job stops, without sending again', async () => {
    const { call, calls } = callAnswering([40100, 'ok']);
    const stop = new JobStop();
    const result = waitOutThrottling(call, {
      backoff,
      signal: stop.signal,
      onWait: () => undefined,
      onSuccess: () => undefined,
    });
    const settled = expect(result).rejects.toBeInstanceOf(JobStopped);
    await vi.advanceTimersByTimeAsync(500);
    stop.shutDown();
    await settled;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([0]);
    expect(stop.cause).toBe('shutdown');
    // A stopped job sends nothing at all.
    await expect(
      waitOutThrottling(call, {
        backoff,
        signal: stop.signal,
        onWait: () => undefined,
        onSuccess: () => undefined,
      }),
    ).rejects.toBeInstanceOf(JobStopped);
    expect(calls).toHaveLength(1);
  });
});
