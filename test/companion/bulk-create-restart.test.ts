import { afterAll, describe, expect, it } from 'vitest';
import type { CreateJob, CreatePlan } from '../../companion-server/src/contract/bulk-create';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { killServerProcesses } from '../helpers/server-process';

/**
 * A bulk-create job survives the server being killed while TikTok is creating a campaign:
 * on restart the campaign is asked for again with the same request_id, TikTok answers the
 * one it made, and the job finishes with exactly one of everything.
 */

const US = '7252569388304511798';
let emulator: TestEmulator | null = null;
let companion: CompanionProcess | null = null;

afterAll(async () => {
  killServerProcesses();
  await emulator?.close();
  await companion?.removeData();
});

describe('a bulk-create job across a killed server', () => {
  it('creates each entity once after SIGKILL mid-create', async () => {
    emulator = await startTestEmulator();
    const identity = String((await emulator.control.state(US)).ads[0]?.identity_id ?? '');
    companion = await startCompanionProcess(emulator.url);
    const { api } = companion;
    let server = companion.server;
    await api('POST', '/api/connections/import', {
      accessToken: await emulator.control.mintToken([US]),
    });

    const csv = [
      'type,ref,parent,name,objective_type,budget_mode,budget,billing_event,optimization_goal,location_ids,ad_format,ad_text,video_id,identity_id,call_to_action,landing_page_url',
      'campaign,c1,,Restart | Campaign,TRAFFIC,BUDGET_MODE_DAY,100,,,,,,,,,',
      'adgroup,g1,c1,Restart | Ad group,,BUDGET_MODE_DAY,50,CPC,CLICK,6252001,,,,,,',
      `ad,,g1,Restart | Ad,,,,,,,SINGLE_VIDEO,Hello,v1,${identity},SHOP_NOW,https://bayme.store/x`,
    ].join('\r\n');
    const plan = await api<CreatePlan>('POST', `/api/ad-accounts/${US}/bulk-create/plans`, { csv });
    expect(plan.canApply).toBe(true);

    // TikTok takes 1.5 s to create the campaign; the server dies while it does.
    await emulator.control.clearCalls();
    await emulator.control.fault({ path: 'campaign/create/', count: 1, delay_ms: 1_500 });
    const job = await api<CreateJob>('POST', `/api/bulk-create/plans/${plan.planId}/apply`);
    await expect
      .poll(async () => (await emulator?.control.calls({ path: 'campaign/create/' }))?.total ?? 0, {
        timeout: 10_000,
        interval: 50,
      })
      .toBe(1);
    server.child.kill('SIGKILL');
    await server.exited;
    // TikTok finishes the campaign after its caller is gone.
    const { control } = emulator;
    await expect
      .poll(() => control.unanswered('campaign/create/'), { timeout: 15_000, interval: 50 })
      .toBe(0);
    expect(
      (await emulator.control.state(US)).campaigns.filter(
        (c) => c.campaign_name === 'Restart | Campaign',
      ),
    ).toHaveLength(1);

    server = await companion.restart();
    let finished: CreateJob | null = null;
    await expect
      .poll(
        async () => {
          finished = await api<CreateJob>('GET', `/api/bulk-create/jobs/${job.jobId}`);
          return finished.status;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe('finished');
    expect((finished as unknown as CreateJob).counts).toMatchObject({
      created: 3,
      failed: 0,
      remaining: 0,
    });

    const state = await emulator.control.state(US);
    const campaigns = state.campaigns.filter((c) => c.campaign_name === 'Restart | Campaign');
    expect(campaigns).toHaveLength(1);
    expect(state.adgroups.filter((g) => g.adgroup_name === 'Restart | Ad group')).toHaveLength(1);
    expect(state.ads.filter((a) => a.ad_name === 'Restart | Ad')).toHaveLength(1);
    expect((finished as unknown as CreateJob).rows[0]?.entityId).toBe(campaigns[0]?.campaign_id);
    // The campaign was asked for twice (the second answered with the first's campaign).
    expect((await emulator.control.calls({ path: 'campaign/create/' })).total).toBe(2);
  }, 90_000);
});
