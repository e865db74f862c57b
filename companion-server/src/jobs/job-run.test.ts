import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { currentCallBudget } from '../marketing-api/call-budget';
import { MarketingApiError } from '../marketing-api/errors';
import { type JobEndStatus, JobRun, type JobWork } from './job-run';
import { isJobStopped } from './job-stop';

interface TestRecord {
  t: 'row' | 'end';
  detail: string;
}

const revoked = new MarketingApiError({
  message: 'POST /campaign/update/: error 40105',
  category: 'reauthorize',
  retryable: false,
  code: 40105,
  httpStatus: 200,
  requestId: 'req',
  method: 'POST',
  path: 'campaign/update/',
  attempts: 1,
  rejectedBeforeProcessing: true,
});

/** A run over an in-memory journal, with what it logs and what its token holder saw. */
function harness(options: { failEnd?: boolean } = {}) {
  const events: string[] = [];
  const folded: TestRecord[] = [];
  const logs: Array<{ msg: string; level: number }> = [];
  const seenByTokenHolder: unknown[] = [];
  const run = new JobRun<TestRecord>({
    kind: 'bulk-test',
    deps: {
      marketingApi: { limiter: { held: () => null } },
      connections: {
        withAdvertiserToken: async (advertiserId, call) => {
          try {
            return await call(`token-of-${advertiserId}`);
          } catch (error) {
            seenByTokenHolder.push(error);
            throw error;
          }
        },
      },
      log: pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) }),
      now: () => new Date('2026-05-04T10:00:00.000Z'),
    },
    header: { jobId: 'job-1', createdBy: 'staff-1', advertiserId: '7000000000000000001' },
    journal: {
      append: async (record) => {
        if (options.failEnd && record.t === 'end') throw new Error('disk full');
        events.push(`append ${record.detail}`);
      },
      close: async () => {
        events.push('close');
      },
    },
    fold: (record) => {
      events.push(`fold ${record.detail}`);
      folded.push(record);
    },
  });
  const work = (overrides: Partial<JobWork>): JobWork => ({
    work: async () => undefined,
    rowsLeft: () => false,
    stopMessage: (error) => `stopped by ${error instanceof Error ? error.message : error}`,
    end: (status: JobEndStatus, message: string | null) =>
      run.record({ t: 'end', detail: `${status}: ${message ?? '-'}` }),
    ...overrides,
  });
  return { run, work, events, folded, logs, seenByTokenHolder };
}

describe('JobRun', () => {
  it("works with the account's token in the jobs class, journals before folding, ends and closes", async () => {
    const { run, work, events } = harness();
    let budget: unknown = null;
    let token = '';
    await run.run(
      work({
        work: async (given) => {
          token = given;
          budget = currentCallBudget();
          await run.record({ t: 'row', detail: `row at ${run.at()}` });
        },
      }),
    );
    expect(token).toBe('token-of-7000000000000000001');
    expect(budget).toEqual({ callClass: 'jobs', staffId: 'staff-1', workId: 'job-1' });
    expect(events).toEqual([
      'append row at 2026-05-04T10:00:00.000Z',
      'fold row at 2026-05-04T10:00:00.000Z',
      'append finished: -',
      'fold finished: -',
      'close',
    ]);
  });

  it('after a fatal error ends stopped with its message, thrown where the token holder sees it', async () => {
    const { run, work, folded, logs, seenByTokenHolder } = harness();
    let sentAfterStop = false;
    await run.run(
      work({
        work: async () => {
          run.stop.fail(revoked);
          // A wait after the stop ends at once, with the stop as its reason (as rows do, the
          // work takes it for "not sent").
          await run
            .waitingOutThrottle(async () => {
              sentAfterStop = true;
            })
            .catch((error: unknown) => expect(isJobStopped(error)).toBe(true));
        },
      }),
    );
    expect(sentAfterStop).toBe(false);
    expect(seenByTokenHolder).toEqual([revoked]);
    expect(folded.at(-1)).toEqual({
      t: 'end',
      detail: 'stopped: stopped by POST /campaign/update/: error 40105',
    });
    expect(logs.map((line) => line.msg)).toEqual(['bulk-test job stopped']);
  });

  it('an unexpected error stops the job with its own message', async () => {
    const { run, work, folded } = harness();
    await run.run(
      work({
        work: async () => {
          throw new Error('boom');
        },
      }),
    );
    expect(folded.at(-1)?.detail).toBe('stopped: stopped by boom');
  });

  it('paused for a shutdown with rows left: no end, so that the next start resumes it', async () => {
    const { run, work, events, logs } = harness();
    await run.run(
      work({
        work: async () => {
          run.stop.shutDown();
          await run.waitingOutThrottle(async () => undefined);
        },
        rowsLeft: () => true,
      }),
    );
    expect(events).toEqual(['close']);
    expect(logs.map((line) => line.msg)).toEqual(['bulk-test job paused for the shutdown']);
  });

  it('stopped for a shutdown with nothing left: ends finished', async () => {
    const { run, work, folded } = harness();
    await run.run(work({ work: async () => run.stop.shutDown() }));
    expect(folded).toEqual([{ t: 'end', detail: 'finished: -' }]);
  });

  it('cancelled during a wait with rows left: ends stopped with the reason, not as an error', async () => {
    const { run, work, folded, logs, seenByTokenHolder } = harness();
    let sentAfterCancel = false;
    await run.run(
      work({
        work: async () => {
          run.stop.cancel('The rule was switched off during this run.');
          await run.waitingOutThrottle(async () => {
            sentAfterCancel = true;
          });
        },
        rowsLeft: () => true,
      }),
    );
    expect(sentAfterCancel).toBe(false);
    expect(run.stop.cause).toBe('cancelled');
    expect(seenByTokenHolder.map((error) => isJobStopped(error))).toEqual([true]);
    expect(folded).toEqual([
      { t: 'end', detail: 'stopped: The rule was switched off during this run.' },
    ]);
    expect(logs.map((line) => line.msg)).toEqual(['bulk-test job cancelled']);
  });

  it('cancelled between rows after the last one was sent: ends finished', async () => {
    const { run, work, folded } = harness();
    await run.run(
      work({ work: async () => run.stop.cancel('The rule was deleted during this run.') }),
    );
    expect(folded).toEqual([{ t: 'end', detail: 'finished: -' }]);
  });

  it('the first stop wins: a cancel after a shutdown leaves the job to resume', async () => {
    const { run, work, events } = harness();
    await run.run(
      work({
        work: async () => {
          run.stop.shutDown();
          run.stop.cancel('The rule was edited during this run.');
        },
        rowsLeft: () => true,
      }),
    );
    expect(run.stop.cancelReason).toBeNull();
    expect(events).toEqual(['close']);
  });

  it('an end that cannot be journaled is logged, and the journal still closes', async () => {
    const { run, work, events, logs } = harness({ failEnd: true });
    await run.run(work({}));
    expect(events).toEqual(['close']);
    expect(logs.map((line) => [line.level, line.msg])).toEqual([[50, 'could not end job journal']]);
  });
});
