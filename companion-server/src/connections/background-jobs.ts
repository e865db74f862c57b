import { withCallBudget } from '../marketing-api/call-budget';
import type { ServerContext } from '../services';

/** How often connections marked for revocation are retried at TikTok. */
const REVOCATION_SWEEP_MS = 60_000;
/** The first health check waits a little, so a restart does not stampede TikTok. */
const FIRST_CHECK_DELAY_MS = 30_000;

/**
 * The server's periodic work: checking that TikTok still accepts each connection (broken
 * ones are shown to staff), and revoking at TikTok the connections marked for revocation.
 * A run never overlaps the previous one of the same job.
 */
export function startBackgroundJobs(context: ServerContext): { stop(): void } {
  const timers: Array<ReturnType<typeof setInterval>> = [];
  const every = (ms: number, name: string, job: () => Promise<void>, firstAfterMs = ms) => {
    let running = false;
    const run = async () => {
      if (running) return;
      running = true;
      try {
        // Health checks and revocations give way to anyone working.
        await withCallBudget({ callClass: 'background', staffId: 'server' }, job);
      } catch (error) {
        context.log.error({ err: error, job: name }, 'background job failed');
      } finally {
        running = false;
      }
    };
    const first = setTimeout(() => void run(), firstAfterMs);
    first.unref();
    const interval = setInterval(() => void run(), ms);
    interval.unref();
    timers.push(first, interval);
  };

  every(REVOCATION_SWEEP_MS, 'revocations', () => context.connections.processRevocations(), 0);
  every(
    context.config.healthCheckIntervalMs,
    'health-check',
    () => context.connections.checkAll(),
    FIRST_CHECK_DELAY_MS,
  );
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
