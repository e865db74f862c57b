import { describe, expect, it } from 'vitest';
import type { WorkHold } from '../marketing-api/rate-limiter';
import { HELD_MESSAGES, JobProgress } from './job-progress';

function setup() {
  let now = 0;
  let hold: WorkHold | null = null;
  const asked: string[] = [];
  const limiter = {
    held(workId: string) {
      asked.push(workId);
      return hold;
    },
  };
  const progress = new JobProgress(limiter, 'job_1', () => now);
  return {
    progress,
    asked,
    at(ms: number) {
      now = ms;
    },
    hold(value: WorkHold | null) {
      hold = value;
    },
  };
}

describe('JobProgress', () => {
  it("tells the job's pace over the last minute, once it has run a few seconds", () => {
    const { progress, at } = setup();
    progress.rowsFinished(3);
    expect(progress.view().pace.rowsPerMinute).toBeNull();
    at(10_000);
    progress.rowsFinished(7);
    // 10 rows in 10 s.
    expect(progress.view().pace.rowsPerMinute).toBe(60);
    at(65_000);
    progress.rowsFinished(1);
    // The first three are older than a minute now: 8 rows in the last 60 s.
    expect(progress.view().pace.rowsPerMinute).toBe(8);
  });

  it('says what holds the job: TikTok, or the limiter once a call has waited a while', () => {
    const { progress, asked, hold } = setup();
    expect(progress.view()).toMatchObject({ statusMessage: null, pace: { heldBy: null } });
    expect(asked).toEqual(['job_1']);
    // Waiting its turn in the tier's window for a second is the job's own pace.
    hold({ calls: 10, longestMs: 1_000, reason: 'tier' });
    expect(progress.view().statusMessage).toBeNull();
    hold({ calls: 10, longestMs: 2_500, reason: 'priority' });
    expect(progress.view()).toEqual({
      statusMessage: HELD_MESSAGES.priority,
      pace: { rowsPerMinute: null, heldBy: 'priority' },
    });
    hold({ calls: 4, longestMs: 3_000, reason: 'tier' });
    expect(progress.view().statusMessage).toBe(
      "Waiting for TikTok's rate limit: the app's calls per second are all in use.",
    );
    // The app pauses after TikTok's 40100: that is TikTok asking us to slow down.
    hold({ calls: 4, longestMs: 3_000, reason: 'paused' });
    expect(progress.view().pace.heldBy).toBe('tiktok');
    // The job waiting out throttling says so whatever the limiter does, until a call goes through.
    hold(null);
    progress.throttledByTikTok(true);
    expect(progress.view().statusMessage).toBe(
      "Waiting for TikTok's rate limit: TikTok asked us to slow down.",
    );
    progress.throttledByTikTok(false);
    expect(progress.view().statusMessage).toBeNull();
  });
});
