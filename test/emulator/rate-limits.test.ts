import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import type { RawResponse } from '../helpers/raw-api';

/**
 * Reference §3: app-level limits per tier (40100 in an HTTP 200 body, no rate-limit headers),
 * the per-minute restriction, endpoint limits (ad/create 5 QPS → 40016) and the sandbox's
 * 1 QPS per endpoint. The emulator's clock keeps these tests fast: windows are on its time.
 */

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

function codesOf(responses: RawResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const response of responses) {
    const key = String(response.body.code);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function burst(count: number, call: () => Promise<RawResponse>): Promise<RawResponse[]> {
  return Promise.all(Array.from({ length: count }, call));
}

describe('the basic tier (10 QPS, 600 QPM)', () => {
  let emulator: TestEmulator;
  let token: string;
  let usId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ rateLimiting: true });
  });

  beforeEach(async () => {
    await emulator.control.reset();
    await emulator.control.settings({ tier: 'basic', qpmPenaltyMs: 300_000 });
    usId = (await emulator.control.account('USD')).advertiser_id;
    token = await emulator.control.mintToken([usId]);
  });

  afterAll(() => emulator.close());

  const campaigns = () => emulator.api.get('campaign/get/', { advertiser_id: usId }, token);

  it('answers 2 of 12 immediate calls with 40100 inside an HTTP 200 body', async () => {
    const responses = await burst(12, campaigns);

    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(codesOf(responses)).toEqual({ '0': 10, '40100': 2 });
    const throttled = responses.find((r) => r.body.code === 40100);
    expect(throttled?.body.data).toEqual({});
    expect(throttled?.body.message).toMatch(/too many requests/i);
  });

  it('sends no rate-limit headers', async () => {
    const responses = await burst(12, campaigns);

    for (const response of responses) {
      const names = [...response.headers.keys()];
      expect(names.filter((name) => /rate|limit|retry/i.test(name))).toEqual([]);
    }
  });

  it('records throttled calls in the control call log', async () => {
    await emulator.control.clearCalls();

    await burst(12, campaigns);

    const log = await emulator.control.calls({ path: 'campaign/get/' });
    expect(log.total).toBe(12);
    expect(log.by_path['campaign/get/']).toEqual({ count: 12, codes: { '0': 10, '40100': 2 } });
    expect(log.calls.filter((call) => call.code === 40100).map((call) => call.http_status)).toEqual(
      [200, 200],
    );
  });

  it('shares the limit between endpoints and tokens of the app', async () => {
    const otherToken = await emulator.control.mintToken([usId]);
    await burst(10, campaigns);

    const adGroups = await emulator.api.get('adgroup/get/', { advertiser_id: usId }, otherToken);

    expect(adGroups.body.code).toBe(40100);
  });

  it('admits calls again in the next second', async () => {
    await burst(12, campaigns);
    await emulator.control.clock({ advance_ms: SECOND_MS });

    expect((await campaigns()).body.code).toBe(0);
  });

  it('restricts the app for 5 minutes once it exceeds its per-minute limit', async () => {
    // 600 calls inside a minute: admitted 50 a second under the ultimate tier, then counted
    // against the basic tier's 600 QPM.
    await emulator.control.settings({ tier: 'ultimate' });
    for (let second = 0; second < 12; second += 1) {
      expect(codesOf(await burst(50, campaigns))).toEqual({ '0': 50 });
      await emulator.control.clock({ advance_ms: SECOND_MS });
    }
    await emulator.control.settings({ tier: 'basic' });

    expect((await campaigns()).body.code).toBe(40100);
    // The minute window empties, but the restriction holds.
    await emulator.control.clock({ advance_ms: MINUTE_MS + SECOND_MS });
    expect((await campaigns()).body.code).toBe(40100);
    await emulator.control.clock({ advance_ms: 4 * MINUTE_MS });
    expect((await campaigns()).body.code).toBe(0);
  });

  it('keeps the restriction for qpmPenaltyMs when configured', async () => {
    await emulator.control.settings({ tier: 'ultimate', qpmPenaltyMs: 90_000 });
    for (let second = 0; second < 12; second += 1) {
      await burst(50, campaigns);
      await emulator.control.clock({ advance_ms: SECOND_MS });
    }
    await emulator.control.settings({ tier: 'basic', qpmPenaltyMs: 90_000 });
    expect((await campaigns()).body.code).toBe(40100);

    await emulator.control.clock({ advance_ms: 80_000 });
    expect((await campaigns()).body.code).toBe(40100);
    await emulator.control.clock({ advance_ms: 11_000 });
    expect((await campaigns()).body.code).toBe(0);
  });
});

describe('the ultimate tier (50 QPS)', () => {
  let emulator: TestEmulator;
  let token: string;
  let usId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ rateLimiting: true, tier: 'ultimate' });
    usId = (await emulator.control.account('USD')).advertiser_id;
    token = await emulator.control.mintToken([usId]);
  });

  afterAll(() => emulator.close());

  it('admits 50 calls in a second and throttles the 51st', async () => {
    const campaigns = () => emulator.api.get('campaign/get/', { advertiser_id: usId }, token);

    const responses = await burst(50, campaigns);
    const next = await campaigns();

    expect(codesOf(responses)).toEqual({ '0': 50 });
    expect(next.body.code).toBe(40100);
  });
});

describe('ad/create (5 QPS of its own)', () => {
  let emulator: TestEmulator;
  let token: string;
  let usId: string;
  let adGroupId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ rateLimiting: true });
    const state = await emulator.control.state();
    const us = state.advertisers.find((a) => a.currency === 'USD');
    usId = us?.advertiser_id ?? '';
    adGroupId =
      state.adgroups.find((g) => g.adgroup_name === 'US | Broad 18-44 | Purchase')?.adgroup_id ??
      '';
    token = await emulator.control.mintToken([usId]);
  });

  afterAll(() => emulator.close());

  it('answers 40016 beyond 5 calls a second while other endpoints still work', async () => {
    let n = 0;
    const createAd = () => {
      n += 1;
      return emulator.api.post(
        'ad/create/',
        {
          advertiser_id: usId,
          adgroup_id: adGroupId,
          creatives: [
            {
              ad_name: `Rate limit ad ${n}`,
              ad_format: 'SINGLE_VIDEO',
              ad_text: 'Cosy homes start here.',
              identity_id: '7300000000000000001',
              identity_type: 'CUSTOMIZED_USER',
              video_id: `v10033g50000rate${n}`,
              call_to_action: 'SHOP_NOW',
              landing_page_url: 'https://bayme.example/',
            },
          ],
        },
        token,
      );
    };

    const responses = await burst(7, createAd);
    const campaigns = await emulator.api.get('campaign/get/', { advertiser_id: usId }, token);

    expect(codesOf(responses)).toEqual({ '0': 5, '40016': 2 });
    expect(responses.map((r) => r.status)).toEqual(Array(7).fill(200));
    expect(campaigns.body.code).toBe(0);
  });
});

describe('report/task/create (2 QPS of its own)', () => {
  let emulator: TestEmulator;
  let token: string;
  let usId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ rateLimiting: true, asyncReportsAllowlisted: true });
    usId = (await emulator.control.account('USD')).advertiser_id;
    token = await emulator.control.mintToken([usId]);
  });

  afterAll(() => emulator.close());

  it('answers 40016 beyond 2 tasks a second', async () => {
    const createTask = () =>
      emulator.api.post(
        'report/task/create/',
        {
          advertiser_id: usId,
          report_type: 'BASIC',
          data_level: 'AUCTION_ADVERTISER',
          dimensions: ['advertiser_id'],
          query_lifetime: true,
        },
        token,
      );

    const responses = await burst(3, createTask);

    expect(codesOf(responses)).toEqual({ '0': 2, '40016': 1 });
  });
});

describe('the sandbox (1 QPS per endpoint)', () => {
  let emulator: TestEmulator;
  let token: string;
  let usId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ rateLimiting: true, sandbox: true });
    usId = (await emulator.control.account('USD')).advertiser_id;
    token = await emulator.control.mintToken([usId]);
  });

  beforeEach(async () => {
    await emulator.control.clock({ advance_ms: 2 * SECOND_MS });
  });

  afterAll(() => emulator.close());

  it('answers 40016 to a second call of an endpoint in the same second, while another endpoint works', async () => {
    const first = await emulator.api.get('campaign/get/', { advertiser_id: usId }, token);
    const second = await emulator.api.get('campaign/get/', { advertiser_id: usId }, token);
    const other = await emulator.api.get('adgroup/get/', { advertiser_id: usId }, token);

    expect(first.body.code).toBe(0);
    expect(second.status).toBe(200);
    expect(second.body.code).toBe(40016);
    expect(other.body.code).toBe(0);

    await emulator.control.clock({ advance_ms: SECOND_MS });
    expect(
      (await emulator.api.get('campaign/get/', { advertiser_id: usId }, token)).body.code,
    ).toBe(0);
  });

  it('allows 30 calls a minute per endpoint, then answers 40016', async () => {
    for (let second = 0; second < 30; second += 1) {
      await emulator.control.clock({ advance_ms: SECOND_MS });
      const response = await emulator.api.get('ad/get/', { advertiser_id: usId }, token);
      expect(response.body.code).toBe(0);
    }
    await emulator.control.clock({ advance_ms: SECOND_MS });

    const response = await emulator.api.get('ad/get/', { advertiser_id: usId }, token);
    const other = await emulator.api.get('adgroup/get/', { advertiser_id: usId }, token);

    expect(response.body.code).toBe(40016);
    expect(other.body.code).toBe(0);
  });

  it('omits secondary_status from campaigns, as the sandbox does', async () => {
    const response = await emulator.api.get('campaign/get/', { advertiser_id: usId }, token);

    expect(response.body.code).toBe(0);
    for (const campaign of response.body.data.list) {
      expect(campaign).not.toHaveProperty('secondary_status');
    }
  });
});
