import { afterAll, describe, expect, it } from 'vitest';
import {
  applyAndKillMidJob,
  endKilledJobScenario,
  startKilledJobScenario,
} from '../helpers/killed-job';

/**
 * An ad-rename job whose server is killed (SIGKILL) while its ad/update/ calls are at
 * TikTok: on the next start the journal's old and new names tell what each in-flight row
 * became (TikTok shows the new name: done), no ad group is sent twice, and the ads sent
 * back with them are still there, unchanged.
 */

const US = '7252569388304511798';
const ADS = [
  '1998724062479835229', // US | Broad 18-44: Founder story v1
  '1978743574580165790', // US | Broad 18-44: Customer review montage v2
  '1978644221483634430', // US | Interest: Home decor: Behind the scenes v1
  '1992519207091670836', // US | Interest: Home decor: Gift guide v2
];

afterAll(endKilledJobScenario);

describe('an ad-rename job across a killed server', () => {
  it('confirms the rows in flight at TikTok after SIGKILL and sends each ad group once', async () => {
    const scenario = await startKilledJobScenario(US);
    const before = (await scenario.emulator.control.state(US)).ads;
    const plan = await scenario.plan({
      level: 'ad',
      entityIds: ADS,
      operation: { kind: 'name', change: { type: 'prefix', text: '[EU] ' } },
    });
    expect(plan.summary.ok, JSON.stringify(plan.rows)).toBe(ADS.length);

    const job = await applyAndKillMidJob(scenario, plan.planId, 'ad/update/', 2);
    expect(job.resumedAt).not.toBeNull();
    expect(job.counts).toMatchObject({ done: 4, failed: 0, conflict: 0, unknown: 0 });
    expect(job.rows.every((row) => row.message?.includes('confirmed at TikTok'))).toBe(true);

    const after = (await scenario.emulator.control.state(US)).ads;
    for (const ad of before) {
      const now = after.find((candidate) => candidate.ad_id === ad.ad_id);
      if (ADS.includes(ad.ad_id)) expect(now?.ad_name).toBe(`[EU] ${ad.ad_name}`);
      else expect(now).toEqual(ad);
    }
    const writes = await scenario.emulator.control.calls({ path: 'ad/update/' });
    expect(writes.by_path['ad/update/']?.count).toBe(2);
  }, 120_000);
});
