import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorizeThroughConsentPage, clientFor } from '../../helpers/client';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator';

const REDIRECT_URI = 'http://127.0.0.1:8787/oauth/callback';

describe('Marketing API client: retries on injected faults', () => {
  let emulator: TestEmulator;
  let usId: string;
  let token: string;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await emulator.control.reset();
    usId = (await emulator.control.account('USD')).advertiser_id;
    token = await emulator.control.mintToken();
  });

  it.each([
    ['throttling (40100)', { code: 40100 }],
    ['endpoint throttling (40016)', { code: 40016 }],
    ['advertiser QPS (40133)', { code: 40133 }],
    ['system error (50000)', { code: 50000 }],
    ['TikTok-side error (50002)', { code: 50002 }],
    ['satellite service (51305)', { code: 51305 }],
    ['maintenance (60001)', { code: 60001 }],
    ['HTTP 504', { http_status: 504 }],
    ['HTTP 500', { http_status: 500 }],
  ])('retries a read after %s and succeeds', async (_name, fault) => {
    const { client, events } = clientFor(emulator);
    await emulator.control.fault({ path: 'campaign/get/', count: 2, ...fault });
    const campaigns = await client.campaigns.list(token, { advertiserId: usId });
    expect(campaigns.length).toBe(4);
    expect((await emulator.control.calls({ path: 'campaign/get/' })).total).toBe(3);
    expect(events.filter((e) => e.type === 'retry').map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('waits at least until the next second after throttling, and pauses everyone', async () => {
    const { client, events } = clientFor(emulator);
    await emulator.control.fault({ path: 'campaign/get/', code: 40100, count: 1 });
    const started = performance.now();
    await client.campaigns.list(token, { advertiserId: usId });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    const retry = events.find((e) => e.type === 'retry');
    expect(retry && 'delayMs' in retry ? retry.delayMs : 0).toBeGreaterThanOrEqual(1000);
  });

  it('retries a timeout: the call is abandoned and sent again', async () => {
    const { client } = clientFor(emulator, { timeoutMs: 300 });
    await emulator.control.fault({ path: 'campaign/get/', delay_ms: 1_000, count: 1 });
    const campaigns = await client.campaigns.list(token, { advertiserId: usId });
    expect(campaigns).toHaveLength(4);
    expect((await emulator.control.calls({ path: 'campaign/get/' })).total).toBe(2);
  });

  it('never repeats a non-idempotent call that may have reached TikTok (auth code exchange)', async () => {
    const { client } = clientFor(emulator);
    const url = client.oauth.authorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const authCode = (await authorizeThroughConsentPage(url)).get('auth_code') ?? '';
    await emulator.control.fault({ path: 'oauth2/access_token/', code: 50000, count: 1 });
    const error = await client.oauth.exchangeAuthCode(authCode).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 50000, category: 'retryable', attempts: 1 });
    expect((await emulator.control.calls({ path: 'oauth2/access_token/' })).total).toBe(1);
  });

  it('does repeat a non-idempotent call that TikTok throttled before doing anything', async () => {
    const { client } = clientFor(emulator);
    const url = client.oauth.authorizationUrl({ state: 's', redirectUri: REDIRECT_URI });
    const authCode = (await authorizeThroughConsentPage(url)).get('auth_code') ?? '';
    await emulator.control.fault({ path: 'oauth2/access_token/', code: 40100, count: 1 });
    const grant = await client.oauth.exchangeAuthCode(authCode);
    expect(grant.access_token).toMatch(/^[0-9a-f]{40}$/);
    expect((await emulator.control.calls({ path: 'oauth2/access_token/' })).total).toBe(2);
  });

  it('does not repeat ad creation after a server error (no idempotency key exists)', async () => {
    const { client } = clientFor(emulator);
    const state = await emulator.control.state(usId);
    const adGroup = state.adgroups.find(
      (g) => !g.deleted && g.secondary_status === 'ADGROUP_STATUS_DELIVERY_OK',
    );
    const identity = state.ads[0]?.identity_id;
    await emulator.control.fault({ path: 'ad/create/', http_status: 502, count: 1 });
    const [outcome] = await client.ads.create(token, {
      advertiserId: usId,
      adgroupId: adGroup?.adgroup_id ?? '',
      creatives: [
        {
          ad_name: 'Not twice',
          ad_format: 'SINGLE_VIDEO',
          ad_text: 'Hello',
          identity_id: identity,
          identity_type: 'CUSTOMIZED_USER',
          video_id: 'v1',
          call_to_action: 'SHOP_NOW',
          landing_page_url: 'https://bayme.example/',
        },
      ],
    });
    expect(outcome?.ok).toBe(false);
    expect((await emulator.control.calls({ path: 'ad/create/' })).total).toBe(1);
  });

  it('retries idempotent writes (a status change) after a server error', async () => {
    const { client } = clientFor(emulator);
    const campaigns = await client.campaigns.list(token, { advertiserId: usId });
    await emulator.control.fault({ path: 'campaign/status/update/', code: 50002, count: 1 });
    const [outcome] = await client.campaigns.updateStatus(token, {
      advertiserId: usId,
      campaignIds: campaigns.map((c) => c.campaign_id),
      status: 'DISABLE',
    });
    expect(outcome?.ok).toBe(true);
    expect((await emulator.control.calls({ path: 'campaign/status/update/' })).total).toBe(2);
  });

  it('does not retry an invalid request', async () => {
    const { client } = clientFor(emulator);
    await emulator.control.fault({ path: 'campaign/get/', code: 40002, count: 3 });
    await expect(client.campaigns.list(token, { advertiserId: usId })).rejects.toMatchObject({
      code: 40002,
      attempts: 1,
    });
    expect((await emulator.control.calls({ path: 'campaign/get/' })).total).toBe(1);
  });

  it('stops waiting when the caller aborts', async () => {
    const { client } = clientFor(emulator, {
      retry: { maxAttempts: 5, baseDelayMs: 5_000, maxDelayMs: 5_000 },
    });
    await emulator.control.fault({ path: 'campaign/get/', code: 50000, count: 5 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('request cancelled')), 200);
    const started = performance.now();
    await expect(
      client.campaigns.list(token, { advertiserId: usId }, { signal: controller.signal }),
    ).rejects.toThrow('request cancelled');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
