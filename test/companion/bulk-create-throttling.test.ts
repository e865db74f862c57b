import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateJob, CreatePlan } from '../../companion-server/src/contract/bulk-create';
import type { JobPace } from '../../companion-server/src/contract/job-pace';
import { adGroupRow, adRow, campaignRow, createCsv } from '../helpers/bulk-create-csv';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { callAs, connectAdvertisers } from '../helpers/companion-calls';

/**
 * A bulk-create job waits out TikTok's throttling instead of failing rows: storms of 40100
 * longer than the transport's own retries on the writes (campaign/create, two at once, and
 * ad/create) and on the read that checks an ad/create whose outcome is unknown (ad/get).
 * Over HTTP against the emulator, whose state and call log are the judge.
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const US = '7252569388304511798';
const THROTTLED = "Waiting for TikTok's rate limit: TikTok asked us to slow down.";

let companion: TestCompanion;

beforeAll(async () => {
  const shiftMs = START - Date.now();
  companion = await startTestCompanion({}, { now: () => new Date(Date.now() + shiftMs) });
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  await connectAdvertisers(companion, [US]);
});

afterAll(async () => {
  await companion?.close();
});

describe('bulk-create jobs under throttling', () => {
  it('waits out storms of 40100 on reads and writes and creates every row once', async () => {
    const identityId = String(
      (await companion.emulator.control.state(US)).ads[0]?.identity_id ?? '',
    );
    const csv = createCsv([
      campaignRow({ ref: 'c1', name: 'Storm | One' }),
      campaignRow({ ref: 'c2', name: 'Storm | Two' }),
      adGroupRow({ ref: 'g1', parent: 'c1', name: 'Storm | One | Group' }),
      adGroupRow({ ref: 'g2', parent: 'c2', name: 'Storm | Two | Group' }),
      ...[1, 2, 3].map((n) => adRow(n, identityId, { parent: 'g1', name: `Storm | Ad ${n}` })),
      ...[4, 5].map((n) => adRow(n, identityId, { parent: 'g2', name: `Storm | Ad ${n}` })),
    ]);
    const plan = await callAs<CreatePlan>(
      companion,
      'buyer',
      'POST',
      `/api/ad-accounts/${US}/bulk-create/plans`,
      { csv },
    );
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body.canApply, JSON.stringify(plan.body.rows)).toBe(true);

    const control = companion.emulator.control;
    await control.clearCalls();
    // The transport tries a call 6 times: 14 refusals for two campaigns sent at once leave at
    // least one refused after its retries, so the job has to wait. The first ad/create fails
    // with a server error (outcome unknown): the job reads the ad group's ads back, and that
    // read is refused 7 times in a row; the ad/create calls after it are refused 7 times too.
    await control.fault({ path: 'campaign/create/', count: 14, code: 40100 });
    await control.fault({ path: 'ad/create/', count: 1, code: 50002 });
    await control.fault({ path: 'ad/create/', count: 7, code: 40100 });
    await control.fault({ path: 'ad/get/', count: 7, code: 40100 });

    const applied = await callAs<CreateJob>(
      companion,
      'buyer',
      'POST',
      `/api/bulk-create/plans/${plan.body.planId}/apply`,
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    // While it waits, the running job says why it is slow.
    const messages = new Set<string | null>();
    const holds = new Set<JobPace['heldBy']>();
    let job = applied.body;
    while (job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = (
        await callAs<CreateJob>(companion, 'viewer', 'GET', `/api/bulk-create/jobs/${job.jobId}`)
      ).body;
      if (job.status !== 'running') break;
      messages.add(job.statusMessage);
      holds.add(job.pace?.heldBy ?? null);
    }
    await companion.context.bulkCreate.settled();
    expect([...messages]).toContain(THROTTLED);
    expect([...holds]).toContain('tiktok');

    expect(job.status).toBe('finished');
    expect(job.statusMessage).toBeNull();
    expect(job.pace).toBeNull();
    expect(job.counts, JSON.stringify(job.rows)).toEqual({
      total: 9,
      created: 9,
      failed: 0,
      skipped: 0,
      remaining: 0,
    });

    // Every refusal was met and waited out; each entity was made once.
    const calls = await control.calls();
    expect(calls.by_path['campaign/create/']?.codes).toEqual({ '0': 2, '40100': 14 });
    expect(calls.by_path['ad/get/']?.codes['40100']).toBe(7);
    expect(calls.by_path['ad/create/']?.codes).toEqual({ '0': 2, '40100': 7, '50002': 1 });
    const state = await control.state(US);
    for (const name of ['Storm | One', 'Storm | Two']) {
      expect(state.campaigns.filter((c) => c.campaign_name === name)).toHaveLength(1);
    }
    for (const name of ['Storm | One | Group', 'Storm | Two | Group']) {
      expect(state.adgroups.filter((g) => g.adgroup_name === name)).toHaveLength(1);
    }
    for (const n of [1, 2, 3, 4, 5]) {
      expect(state.ads.filter((a) => a.ad_name === `Storm | Ad ${n}`)).toHaveLength(1);
    }
    const ids = new Set(job.rows.map((row) => row.entityId));
    expect(ids.size).toBe(9);
  }, 180_000);
});
