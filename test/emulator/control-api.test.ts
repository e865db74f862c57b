import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Permission } from '../../companion-server/emulator/core/permissions';
import type { EmulatorSnapshot } from '../helpers/control-client';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { DAY_MS } from './support';

/** The emulator's own /__emulator control API: reset, faults, call log, tokens, clock, settings. */

let emulator: TestEmulator;
let token: string;
let usId: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
});

beforeEach(async () => {
  await emulator.control.reset();
  await emulator.control.clearFaults();
  usId = (await emulator.control.account('USD')).advertiser_id;
  token = await emulator.control.mintToken();
});

afterAll(() => emulator.close());

const campaigns = () => emulator.api.get('campaign/get/', { advertiser_id: usId }, token);
const adGroups = () => emulator.api.get('adgroup/get/', { advertiser_id: usId }, token);

/** What the seed defines, without anything derived from the clock. */
function seedShape(snapshot: EmulatorSnapshot) {
  return {
    advertisers: snapshot.advertisers.map((a) => [a.advertiser_id, a.name, a.currency, a.timezone]),
    campaigns: snapshot.campaigns.map((c) => [
      c.campaign_id,
      c.campaign_name,
      c.budget_mode,
      c.budget,
      c.operation_status,
      c.deleted,
    ]),
    adgroups: snapshot.adgroups.map((g) => [
      g.adgroup_id,
      g.campaign_id,
      g.adgroup_name,
      g.budget,
      g.bid_price,
      g.conversion_bid_price,
      g.operation_status,
      g.deleted,
    ]),
    ads: snapshot.ads.map((ad) => [
      ad.ad_id,
      ad.adgroup_id,
      ad.ad_name,
      ad.operation_status,
      ad.deleted,
    ]),
  };
}

describe('reset', () => {
  it('restores the seed data after changes', async () => {
    const before = seedShape(await emulator.control.state());
    const state = await emulator.control.state(usId);
    const [first, second] = state.campaigns;
    const adGroup = state.adgroups.find((g) => g.budget_mode === 'BUDGET_MODE_DAY' && !g.deleted);

    await emulator.api.post(
      'campaign/status/update/',
      { advertiser_id: usId, campaign_ids: [first?.campaign_id], operation_status: 'DELETE' },
      token,
    );
    await emulator.api.post(
      'campaign/update/',
      { advertiser_id: usId, campaign_id: second?.campaign_id, campaign_name: 'Renamed' },
      token,
    );
    await emulator.api.post(
      'adgroup/status/update/',
      { advertiser_id: usId, adgroup_ids: [adGroup?.adgroup_id], operation_status: 'DISABLE' },
      token,
    );
    const created = await emulator.api.post(
      'campaign/create/',
      {
        advertiser_id: usId,
        campaign_name: 'Created before reset',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_INFINITE',
      },
      token,
    );
    expect(created.body.code).toBe(0);
    expect(seedShape(await emulator.control.state())).not.toEqual(before);

    await emulator.control.reset();

    expect(seedShape(await emulator.control.state())).toEqual(before);
  });

  it('keeps ids stable across resets, clock moves and emulator instances', async () => {
    const first = seedShape(await emulator.control.state());
    await emulator.control.clock({ advance_ms: 3 * DAY_MS });
    await emulator.control.reset();
    const afterReset = seedShape(await emulator.control.state());

    const other = await startTestEmulator();
    try {
      const elsewhere = seedShape(await other.control.state());
      const ids = (shape: ReturnType<typeof seedShape>) => ({
        advertisers: shape.advertisers.map((row) => row[0]),
        campaigns: shape.campaigns.map((row) => row[0]),
        adgroups: shape.adgroups.map((row) => row[0]),
        ads: shape.ads.map((row) => row[0]),
      });
      expect(ids(afterReset)).toEqual(ids(first));
      expect(ids(elsewhere)).toEqual(ids(first));
      expect(ids(first).ads).toHaveLength(120);
    } finally {
      await other.close();
    }
  });

  it('forgets tokens and auth codes', async () => {
    expect((await campaigns()).body.code).toBe(0);

    await emulator.control.reset();

    expect((await campaigns()).body.code).toBe(40105);
    const snapshot = await emulator.control.state();
    expect(snapshot.tokens).toEqual([]);
    expect(snapshot.auth_codes).toEqual([]);
  });
});

describe('faults', () => {
  it('answers the next N calls of a path with the given code, then answers normally', async () => {
    await emulator.control.fault({ path: 'campaign/get/', count: 2, code: 50002 });

    const first = await campaigns();
    const second = await campaigns();
    const third = await campaigns();

    for (const faulted of [first, second]) {
      expect(faulted.status).toBe(200);
      expect(faulted.body.code).toBe(50002);
      expect(faulted.body.data).toEqual({});
      expect(faulted.body.request_id.length).toBeGreaterThan(0);
    }
    expect(third.body.code).toBe(0);
    expect(third.body.data.list.length).toBeGreaterThan(0);
  });

  it('uses the given message', async () => {
    await emulator.control.fault({ path: 'campaign/get/', code: 40100, message: 'Slow down.' });

    const response = await campaigns();

    expect(response.body).toMatchObject({ code: 40100, message: 'Slow down.', data: {} });
  });

  it('answers with an HTTP 5xx and a non-JSON body, then answers normally', async () => {
    await emulator.control.fault({ path: 'campaign/get/', http_status: 504 });

    const faulted = await campaigns();
    const next = await campaigns();

    expect(faulted.status).toBe(504);
    expect(() => JSON.parse(faulted.text)).toThrow();
    expect(next.status).toBe(200);
    expect(next.body.code).toBe(0);
  });

  it('delays a response, then answers at normal speed', async () => {
    await emulator.control.fault({ path: 'campaign/get/', delay_ms: 400 });

    const slowStart = performance.now();
    const slow = await campaigns();
    const slowMs = performance.now() - slowStart;
    const fastStart = performance.now();
    const fast = await campaigns();
    const fastMs = performance.now() - fastStart;

    expect(slow.body.code).toBe(0);
    expect(slowMs).toBeGreaterThanOrEqual(390);
    expect(fast.body.code).toBe(0);
    expect(fastMs).toBeLessThan(300);
  });

  it('answers with a raw body, then answers normally', async () => {
    const truncated = '{"code":0,"message":"OK","data":{"list":[';
    await emulator.control.fault({ path: 'campaign/get/', raw_body: truncated });

    const faulted = await campaigns();
    const next = await campaigns();

    expect(faulted.status).toBe(200);
    expect(faulted.text).toBe(truncated);
    expect(next.body.code).toBe(0);
  });

  it('affects only its own path', async () => {
    await emulator.control.fault({ path: 'campaign/get/', code: 50000 });

    expect((await adGroups()).body.code).toBe(0);
    expect((await campaigns()).body.code).toBe(50000);
  });

  it('accepts a full API path and normalizes it', async () => {
    await emulator.control.fault({ path: '/open_api/v1.3/adgroup/get', code: 50000 });

    expect((await adGroups()).body.code).toBe(50000);
  });

  it('applies a * fault to every path', async () => {
    await emulator.control.fault({ path: '*', count: 2, code: 60001 });

    expect((await adGroups()).body.code).toBe(60001);
    expect((await campaigns()).body.code).toBe(60001);
    expect((await campaigns()).body.code).toBe(0);
  });

  it('drops pending faults on clearFaults', async () => {
    await emulator.control.fault({ path: 'campaign/get/', count: 5, code: 50000 });
    await emulator.control.clearFaults();

    expect((await campaigns()).body.code).toBe(0);
  });
});

describe('the call log', () => {
  it('counts calls per path and code', async () => {
    await emulator.control.clearCalls();

    await campaigns();
    await campaigns();
    await campaigns();
    await emulator.api.get('campaign/get/', { advertiser_id: usId });
    await adGroups();
    await adGroups();

    const log = await emulator.control.calls();
    expect(log.total).toBe(6);
    expect(log.by_path).toEqual({
      'campaign/get/': { count: 4, codes: { '0': 3, '40104': 1 } },
      'adgroup/get/': { count: 2, codes: { '0': 2 } },
    });
    expect(log.calls.map((call) => call.path)).toEqual([
      'campaign/get/',
      'campaign/get/',
      'campaign/get/',
      'campaign/get/',
      'adgroup/get/',
      'adgroup/get/',
    ]);
  });

  it('filters by path and by sequence number', async () => {
    await emulator.control.clearCalls();
    await campaigns();
    await adGroups();
    const marker = (await emulator.control.calls()).calls.at(-1)?.seq ?? 0;
    await campaigns();

    const onlyCampaigns = await emulator.control.calls({ path: 'campaign/get/' });
    const sinceMarker = await emulator.control.calls({ since_seq: marker });

    expect(onlyCampaigns.total).toBe(2);
    expect(Object.keys(onlyCampaigns.by_path)).toEqual(['campaign/get/']);
    expect(sinceMarker.total).toBe(1);
    expect(sinceMarker.calls[0]?.path).toBe('campaign/get/');
  });

  it('records injected transport faults by their HTTP status', async () => {
    await emulator.control.clearCalls();
    await emulator.control.fault({ path: 'campaign/get/', http_status: 503 });

    await campaigns();

    const log = await emulator.control.calls({ path: 'campaign/get/' });
    expect(log.by_path['campaign/get/']).toEqual({ count: 1, codes: { http_503: 1 } });
    expect(log.calls[0]?.http_status).toBe(503);
  });
});

describe('tokens', () => {
  it('mints a working token without the consent page', async () => {
    await emulator.control.reset();
    const minted = await emulator.control.mintToken([usId]);

    expect(
      (await emulator.api.get('campaign/get/', { advertiser_id: usId }, minted)).body.code,
    ).toBe(0);
    const snapshot = await emulator.control.state();
    expect(snapshot.auth_codes).toEqual([]);
    expect(snapshot.tokens).toEqual([
      expect.objectContaining({
        access_token: minted,
        advertiser_ids: [usId],
        source: 'control-api',
        revoked_at: null,
      }),
    ]);
  });

  it('mints a token with only the scopes asked for', async () => {
    const reportingOnly = await emulator.control.mintToken([usId], [Permission.REPORTING]);

    expect(
      (await emulator.api.get('campaign/get/', { advertiser_id: usId }, reportingOnly)).body.code,
    ).toBe(40001);
  });

  it('revokes a token', async () => {
    const minted = await emulator.control.mintToken([usId]);
    await emulator.control.revokeToken(minted);

    expect(
      (await emulator.api.get('campaign/get/', { advertiser_id: usId }, minted)).body.code,
    ).toBe(40105);
    const record = (await emulator.control.state()).tokens.find((t) => t.access_token === minted);
    expect(record?.revoked_at).not.toBeNull();
  });
});

describe('clock', () => {
  it('advances by the given milliseconds and sets an absolute instant', async () => {
    const before = (await emulator.control.clock({ advance_ms: 0 })).now_ms;
    const advanced = (await emulator.control.clock({ advance_ms: DAY_MS })).now_ms;
    expect(advanced - before).toBeGreaterThanOrEqual(DAY_MS);
    expect(advanced - before).toBeLessThan(DAY_MS + 5_000);

    const set = (await emulator.control.clock({ set: '2026-06-01T12:00:00Z' })).now_ms;
    expect(set - Date.parse('2026-06-01T12:00:00Z')).toBeGreaterThanOrEqual(0);
    expect(set - Date.parse('2026-06-01T12:00:00Z')).toBeLessThan(5_000);
  });
});

describe('settings', () => {
  it('changes only the settings it is given', async () => {
    const other = await startTestEmulator({ sandbox: true, qpmPenaltyMs: 1_000 });
    try {
      const after = await other.control.settings({ asyncReportDelayMs: 500 });

      expect(after).toMatchObject({
        asyncReportDelayMs: 500,
        rateLimiting: false,
        sandbox: true,
        qpmPenaltyMs: 1_000,
        tier: 'basic',
      });
    } finally {
      await other.close();
    }
  });

  it('leaves rate limiting off when another setting changes', async () => {
    const other = await startTestEmulator();
    try {
      await other.control.settings({ asyncReportsAllowlisted: true });
      const otherUs = (await other.control.account('USD')).advertiser_id;
      const otherToken = await other.control.mintToken([otherUs]);

      const responses = await Promise.all(
        Array.from({ length: 15 }, () =>
          other.api.get('campaign/get/', { advertiser_id: otherUs }, otherToken),
        ),
      );

      expect(responses.map((r) => r.body.code)).toEqual(Array(15).fill(0));
    } finally {
      await other.close();
    }
  });
});

describe('who may call it', () => {
  const controlPaths: Array<['GET' | 'POST', string]> = [
    ['GET', '/__emulator/state'],
    ['GET', '/__emulator/calls'],
    ['POST', '/__emulator/tokens'],
  ];

  it.each(['10.1.2.3', '192.168.1.20', '::ffff:10.1.2.3', '2001:db8::1'])(
    'refuses a caller at %s with 403, and mints nothing',
    async (remoteAddress) => {
      const before = (await emulator.control.state()).tokens.length;
      for (const [method, url] of controlPaths) {
        const response = await emulator.server.app.inject({
          method,
          url,
          remoteAddress,
          ...(method === 'POST' ? { payload: { advertiser_ids: [usId] } } : {}),
        });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json()).toEqual({
          error: 'The emulator control API answers only callers on this machine (loopback).',
        });
        expect(response.body).not.toContain(token);
      }
      expect((await emulator.control.state()).tokens).toHaveLength(before);
    },
  );

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])(
    'answers a caller at %s',
    async (remoteAddress) => {
      const response = await emulator.server.app.inject({
        method: 'GET',
        url: '/__emulator/state',
        remoteAddress,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().advertisers.length).toBeGreaterThan(0);
    },
  );

  it('leaves the TikTok API itself open to any address (it checks tokens, as TikTok does)', async () => {
    const response = await emulator.server.app.inject({
      method: 'GET',
      url: `/open_api/v1.3/campaign/get/?advertiser_id=${usId}`,
      headers: { 'access-token': token },
      remoteAddress: '10.1.2.3',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().code).toBe(0);
  });
});
