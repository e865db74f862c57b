import type { FastifyBaseLogger } from 'fastify';
import { isMarketingApiError, type MarketingApiError } from '../marketing-api/errors';
import type { JobProgress } from './job-progress';
import type { JobStop } from './job-stop';

/**
 * How a job waits out TikTok's throttling. The transport already retries a throttled call a
 * few times within seconds; when TikTok still refuses it after that, the job waits longer and
 * longer (up to minutes) and sends it again, so that throttling, which goes away, never fails
 * a row. A throttled call was refused before TikTok did anything (40100 and kin), so sending
 * it again is safe even for a write without an idempotency key (ad/create).
 */

export interface ThrottleBackoff {
  firstWaitMs: number;
  maxWaitMs: number;
  /** Waits in a row before the call's throttling counts as an error that won't go away. */
  maxWaits: number;
}

/** 2 s, 4 s, … up to 5 min: about an hour of throttling in all before a row fails. */
export const THROTTLE_BACKOFF: ThrottleBackoff = {
  firstWaitMs: 2_000,
  maxWaitMs: 5 * 60_000,
  maxWaits: 16,
};

export interface ThrottleWaitOptions {
  backoff?: ThrottleBackoff;
  /** Aborted when the job stops: a wait under way ends at once with the signal's reason. */
  signal: AbortSignal;
  /** A wait begins (the job says it is waiting for TikTok). */
  onWait(waitMs: number, error: MarketingApiError): void;
  /** A call went through (the job no longer waits for TikTok). */
  onSuccess(): void;
}

/**
 * Run `call`, and again after a growing wait while TikTok still answers it with throttling.
 * Any other error, throttling past the last wait, and a stop (`signal`) end it.
 */
export async function waitOutThrottling<T>(
  call: () => Promise<T>,
  options: ThrottleWaitOptions,
): Promise<T> {
  const backoff = options.backoff ?? THROTTLE_BACKOFF;
  for (let waits = 0; ; waits += 1) {
    if (options.signal.aborted) throw options.signal.reason;
    try {
      const result = await call();
      options.onSuccess();
      return result;
    } catch (error) {
      if (!isMarketingApiError(error) || !error.isThrottle || waits >= backoff.maxWaits) {
        throw error;
      }
      const waitMs = Math.min(backoff.maxWaitMs, backoff.firstWaitMs * 2 ** waits);
      options.onWait(waitMs, error);
      await sleep(waitMs, options.signal);
    }
  }
}

/**
 * A job's way of waiting out throttling: waits end when the job stops, and its progress says
 * it waits for TikTok while it does. `kind` names the job in log lines (`bulk-edit`).
 */
export function jobThrottleWaiter(job: {
  kind: string;
  jobId: string;
  stop: JobStop;
  progress: JobProgress;
  log: FastifyBaseLogger;
  backoff?: ThrottleBackoff | undefined;
}): <T>(call: () => Promise<T>) => Promise<T> {
  return (call) =>
    waitOutThrottling(call, {
      ...(job.backoff ? { backoff: job.backoff } : {}),
      signal: job.stop.signal,
      onWait: (waitMs, error) => {
        job.progress.throttledByTikTok(true);
        job.log.info(
          { jobId: job.jobId, waitMs, path: error.path },
          `${job.kind} job waiting out TikTok throttling`,
        );
      },
      onSuccess: () => job.progress.throttledByTikTok(false),
    });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
