import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LevelMetrics } from '../../companion-server/src/contract/ads-manager';
import type { CreateJob, CreatePlan } from '../../companion-server/src/contract/bulk-create';
import type {
  AdAccountView,
  ConnectionView,
} from '../../companion-server/src/contract/connections';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { authorizeThroughConsentPage } from '../helpers/client';
import { controlClient } from '../helpers/control-client';
import { serverApi } from '../helpers/server-api';
import {
  freePort,
  killServerProcesses,
  STAFF_KEY,
  startServerProcess,
  stop,
} from '../helpers/server-process';

/**
 * `npm start` without TikTok credentials runs the emulator inside the companion server. A
 * restart on the same DATA_DIR must find the same TikTok: the connection made through the
 * consent page still works, and a campaign made by bulk create is still there with the same
 * figures (issue 14).
 */

const US = '7252569388304511798';
const LA = 'America/Los_Angeles';
const HOUR_MS = 3_600_000;

let dataDir: string | null = null;

afterAll(async () => {
  killServerProcesses();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the built-in emulator across a restart of the companion server', () => {
  it('keeps the connection healthy and the created campaign with its figures', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'companion-emulator-restart-'));
    const port = await freePort();
    const emulatorPort = await freePort();
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      EMULATOR_PORT: String(emulatorPort),
      LOG_LEVEL: 'warn',
      // Every figure below comes from the emulator, never from the server's cache.
      METRICS_CACHE_TTL_SECONDS: '0',
    };
    const base = `http://127.0.0.1:${port}`;
    const emulator = controlClient(`http://127.0.0.1:${emulatorPort}`);
    let server = await startServerProcess(env);
    const key = server.banner.match(STAFF_KEY)?.[0];
    if (!key) throw new Error(`no bootstrap admin key in the banner:\n${server.banner}`);
    const api = serverApi(base, key);

    // Connect the demo accounts through the consent page, as a person does after `npm start`.
    const started = await api<{ authorizationUrl: string }>('POST', '/api/oauth/start');
    const redirect = await authorizeThroughConsentPage(started.authorizationUrl);
    const page = await fetch(`${base}/oauth/callback?${redirect}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connected 3 ad accounts');
    const [connection] = (await api<{ connections: ConnectionView[] }>('GET', '/api/connections'))
      .connections;
    expect(connection?.status).toBe('active');

    const identity = String((await emulator.state(US)).ads[0]?.identity_id ?? '');
    const csv = [
      'type,ref,parent,name,status,objective_type,budget_mode,budget,billing_event,optimization_goal,location_ids,ad_format,ad_text,video_id,identity_id,call_to_action,landing_page_url',
      'campaign,c1,,Kept | Campaign,ENABLE,TRAFFIC,BUDGET_MODE_DAY,100,,,,,,,,,',
      'adgroup,g1,c1,Kept | Ad group,ENABLE,,BUDGET_MODE_DAY,50,CPC,CLICK,6252001,,,,,,',
      `ad,,g1,Kept | Ad,ENABLE,,,,,,,SINGLE_VIDEO,Hello,v1,${identity},SHOP_NOW,https://bayme.store/x`,
    ].join('\r\n');
    const plan = await api<CreatePlan>('POST', `/api/ad-accounts/${US}/bulk-create/plans`, { csv });
    expect(plan.canApply).toBe(true);
    const job = await api<CreateJob>('POST', `/api/bulk-create/plans/${plan.planId}/apply`);
    await expect
      .poll(
        async () => (await api<CreateJob>('GET', `/api/bulk-create/jobs/${job.jobId}`)).status,
        {
          timeout: 30_000,
          interval: 250,
        },
      )
      .toBe('finished');
    const afterCreate = await emulator.state(US);
    const campaignId = afterCreate.campaigns.find((c) => c.campaign_name === 'Kept | Campaign')
      ?.campaign_id as string;
    expect(campaignId).toMatch(/^\d{19}$/);

    // Two whole days of delivery: the emulator's clock moves on 50 hours (finished days never
    // change), and the range ends by tomorrow for the server, whose clock has not moved.
    const firstDay = zonedDate(afterCreate.now_ms, LA);
    await emulator.clock({ advance_ms: 50 * HOUR_MS });
    const metricsPath = `/api/ad-accounts/${US}/metrics?level=campaign&start=${firstDay}&end=${addDays(firstDay, 1)}`;
    const figures = async () =>
      (await api<LevelMetrics>('GET', metricsPath)).rows.find((row) => row.id === campaignId);
    const campaigns = async () =>
      (
        await api<{ entities: Array<{ id: string; name: string }> }>(
          'GET',
          `/api/ad-accounts/${US}/entities?level=campaign`,
        )
      ).entities;
    const before = await figures();
    expect(before?.current.spend).toBeGreaterThan(0);
    expect(before?.current.impressions).toBeGreaterThan(0);
    expect(await campaigns()).toContainEqual(
      expect.objectContaining({ id: campaignId, name: 'Kept | Campaign' }),
    );

    expect(await stop(server)).toBe(0);
    expect(await readFile(join(dataDir, 'emulator', 'world.json'), 'utf8')).toContain(campaignId);
    server = await startServerProcess(env);

    const checked = await api<{ connection: ConnectionView }>(
      'POST',
      `/api/connections/${connection?.id}/check`,
    );
    expect(checked.connection).toMatchObject({ status: 'active', statusReason: null });
    const { adAccounts } = await api<{ adAccounts: AdAccountView[] }>('GET', '/api/ad-accounts');
    expect(adAccounts.map((account) => account.health)).toEqual(['ok', 'ok', 'ok']);
    expect(await campaigns()).toContainEqual(
      expect.objectContaining({ id: campaignId, name: 'Kept | Campaign' }),
    );
    expect(await figures()).toEqual(before);
  }, 90_000);
});
