import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import type { JobPace } from '../../companion-server/src/contract/job-pace';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { callAs, connectAdvertisers } from '../helpers/companion-calls';

/**
 * A bulk-edit job held by the app's own limiter says so: while people's previews (the
 * interactive class) keep TikTok's budget busy, the job's calls wait, and its progress says
 * it is waiting for the rate limit because people go first; once they stop, it finishes at
 * its own pace. Over HTTP against the emulator (which does not throttle here: the limiter is
 * all that holds the job).
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const ROWS = 40;
const US = '7252569388304511798';
const US_AD_GROUPS = ['1840158125589658770', '1894767388663798066'];
const PEOPLE_FIRST =
  "Waiting for TikTok's rate limit: calls for people working on screen go first.";

let companion: TestCompanion;
let advertiserId = '';
let ids: string[] = [];

beforeAll(async () => {
  const shiftMs = START - Date.now();
  companion = await startTestCompanion({}, { now: () => new Date(Date.now() + shiftMs) });
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  await companion.emulator.control.reset({ large_account_adgroups: ROWS });
  const state = await companion.emulator.control.state();
  advertiserId = state.advertisers.find((a) => a.name === 'Bayme Scale Test')?.advertiser_id ?? '';
  ids = (await companion.emulator.control.state(advertiserId)).adgroups
    .filter((g) => !g.deleted && g.budget_mode === 'BUDGET_MODE_DAY')
    .map((g) => g.adgroup_id)
    .slice(0, ROWS);
  await connectAdvertisers(companion, [advertiserId, US]);
  await companion.context.bulkEdits.setGuardrails(
    { id: companion.staffIds.admin, email: 'admin@bayme.example', role: 'admin' },
    { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
  );
});

afterAll(async () => {
  await companion?.close();
});

describe("a bulk-edit job held by the app's limiter", () => {
  it('says that people go first while previews fill the budget, then finishes', async () => {
    expect(ids.length).toBe(ROWS);
    const plan = await callAs<Plan>(
      companion,
      'buyer',
      'POST',
      `/api/ad-accounts/${advertiserId}/bulk-edits/plans`,
      {
        level: 'adgroup',
        entityIds: ids,
        operation: { kind: 'budget', change: { type: 'percent', value: 10 } },
      },
    );
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);

    // An admin previewing pauses again and again, twelve at a time: more interactive calls
    // than the tier's 10 per second, so some always wait.
    let flooding = true;
    let previews = 0;
    const preview = async () => {
      while (flooding) {
        const answer = await callAs<Plan>(
          companion,
          'admin',
          'POST',
          `/api/ad-accounts/${US}/bulk-edits/plans`,
          {
            level: 'adgroup',
            entityIds: US_AD_GROUPS,
            operation: { kind: 'status', status: 'DISABLE' },
          },
        );
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        previews += 1;
      }
    };
    const flood = Promise.all(Array.from({ length: 12 }, preview));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const applied = await callAs<Job>(
      companion,
      'buyer',
      'POST',
      `/api/bulk-edits/plans/${plan.body.planId}/apply`,
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    const jobUrl = `/api/bulk-edits/jobs/${applied.body.jobId}`;
    let held: Job | null = null;
    await expect
      .poll(
        async () => {
          held = (await callAs<Job>(companion, 'viewer', 'GET', jobUrl)).body;
          return held.statusMessage;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBe(PEOPLE_FIRST);
    const whileHeld = held as unknown as Job;
    expect(whileHeld.status).toBe('running');
    expect(whileHeld.pace?.heldBy).toBe('priority');
    expect(whileHeld.counts.done).toBeLessThan(ROWS / 2);
    flooding = false;
    await flood;
    expect(previews).toBeGreaterThan(20);

    // Alone again, it goes at the tier's pace and says nothing is holding it.
    const paces = new Set<JobPace['heldBy']>();
    const rates: number[] = [];
    let job = whileHeld;
    while (job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = (await callAs<Job>(companion, 'viewer', 'GET', jobUrl)).body;
      if (job.status !== 'running') break;
      paces.add(job.pace?.heldBy ?? null);
      if (job.pace?.rowsPerMinute) rates.push(job.pace.rowsPerMinute);
    }
    await companion.context.bulkEdits.settled();
    expect(paces.has(null)).toBe(true);
    expect(Math.max(...rates)).toBeGreaterThan(0);
    expect(job).toMatchObject({ status: 'finished', statusMessage: null, pace: null });
    expect(job.counts).toMatchObject({ total: ROWS, done: ROWS, failed: 0, remaining: 0 });
    const writes = await companion.emulator.control.calls({ path: 'adgroup/update/' });
    expect(writes.by_path['adgroup/update/']?.codes).toEqual({ '0': ROWS });
  }, 120_000);
});
