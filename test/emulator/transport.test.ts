import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { API_PREFIX, encodeParams } from '../helpers/raw-api';
import { expectTikTokId, type World, world } from './support';

/** Reference §0 and §2: paths, encoding, the envelope and string ids. */

let emulator: TestEmulator;
let token: string;
let seed: World;
let usId: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  token = await emulator.control.mintToken();
  seed = world(await emulator.control.state());
  usId = seed.account('USD').advertiser_id;
});

afterAll(() => emulator.close());

describe('the envelope', () => {
  it('wraps a success as HTTP 200 {code: 0, message, request_id, data} with an x-tt-logid header', async () => {
    const response = await emulator.api.get('campaign/get/', { advertiser_id: usId }, token);

    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['code', 'data', 'message', 'request_id']);
    expect(response.body.code).toBe(0);
    expect(typeof response.body.message).toBe('string');
    expect(response.body.request_id).toMatch(/^\w{10,}$/);
    expect(response.body.data.list.length).toBeGreaterThan(0);
    expect(response.headers.get('x-tt-logid')).toMatch(/^\w{10,}$/);
  });

  it('answers an API error with HTTP 200, a non-zero code and data {}', async () => {
    const response = await emulator.api.get('campaign/get/', { advertiser_id: usId });

    expect(response.status).toBe(200);
    expect(response.body.code).toBe(40104);
    expect(response.body.data).toEqual({});
    expect(response.body.message.length).toBeGreaterThan(0);
    expect(response.body.request_id).toMatch(/^\w{10,}$/);
    expect(response.headers.get('x-tt-logid')).toMatch(/^\w{10,}$/);
  });

  it('answers a validation error with HTTP 200, 40002 and data {}', async () => {
    const response = await emulator.api.get('campaign/get/', { advertiser_id: 'abc' }, token);

    expect(response.status).toBe(200);
    expect(response.body.code).toBe(40002);
    expect(response.body.data).toEqual({});
  });

  it('gives each response its own request_id', async () => {
    const first = await emulator.api.get('campaign/get/', { advertiser_id: usId }, token);
    const second = await emulator.api.get('campaign/get/', { advertiser_id: usId }, token);

    expect(first.body.request_id).not.toBe(second.body.request_id);
  });

  it('answers an unreadable JSON body with the envelope (40002), not an HTTP error', async () => {
    const response = await emulator.api.fetch(`${API_PREFIX}campaign/update/`, {
      method: 'POST',
      headers: { 'Access-Token': token, 'content-type': 'application/json' },
      body: '{"advertiser_id": ',
    });
    const body = (await response.json()) as { code: number; data: unknown };

    expect(response.status).toBe(200);
    expect(body.code).toBe(40002);
    expect(body.data).toEqual({});
  });
});

describe('paths', () => {
  it('answers HTTP 404 for a GET path without its trailing slash', async () => {
    const query = encodeParams({ advertiser_id: usId });
    const response = await emulator.api.fetch(`${API_PREFIX}campaign/get?${query}`, {
      headers: { 'Access-Token': token },
    });

    expect(response.status).toBe(404);
  });

  it('answers HTTP 404 for a POST path without its trailing slash', async () => {
    const response = await emulator.api.fetch(`${API_PREFIX}campaign/status/update`, {
      method: 'POST',
      headers: { 'Access-Token': token, 'content-type': 'application/json' },
      body: JSON.stringify({
        advertiser_id: usId,
        campaign_ids: [seed.campaign('US | Prospecting | Evergreen').campaign_id],
        operation_status: 'DISABLE',
      }),
    });

    expect(response.status).toBe(404);
    const after = await emulator.control.state(usId);
    expect(
      after.campaigns.find((c) => c.campaign_name === 'US | Prospecting | Evergreen')
        ?.operation_status,
    ).toBe('ENABLE');
  });

  it('answers HTTP 404 for an unknown path', async () => {
    const response = await emulator.api.fetch(`${API_PREFIX}campaign/nonexistent/`, {
      headers: { 'Access-Token': token },
    });

    expect(response.status).toBe(404);
  });

  it('answers an HTTP 4xx for the wrong method on a known path', async () => {
    const response = await emulator.api.fetch(`${API_PREFIX}campaign/update/`, {
      headers: { 'Access-Token': token },
    });

    expect([404, 405]).toContain(response.status);
  });
});

describe('GET parameters', () => {
  it('reads JSON-encoded arrays and objects from the query string', async () => {
    const campaignId = seed.campaign('US | Prospecting | Evergreen').campaign_id;
    const response = await emulator.api.get(
      'campaign/get/',
      {
        advertiser_id: usId,
        fields: ['campaign_id', 'campaign_name'],
        filtering: { campaign_ids: [campaignId] },
      },
      token,
    );

    expect(response.body.code).toBe(0);
    expect(response.body.data.list).toEqual([
      { campaign_id: campaignId, campaign_name: 'US | Prospecting | Evergreen' },
    ]);
  });

  it('rejects a fields parameter that is not JSON with 40002', async () => {
    const response = await emulator.api.get(
      'campaign/get/',
      { advertiser_id: usId, fields: 'campaign_id,campaign_name' },
      token,
    );

    expect(response.body.code).toBe(40002);
  });

  it('rejects a filtering parameter that is not JSON with 40002', async () => {
    const response = await emulator.api.get(
      'campaign/get/',
      { advertiser_id: usId, filtering: 'campaign_ids=1' },
      token,
    );

    expect(response.body.code).toBe(40002);
  });
});

describe('ids', () => {
  /** Ids must travel as strings: a bare number this large would already be corrupted. */
  function expectNoBareIds(text: string): void {
    expect(text).not.toMatch(/"[a-z_]*_id"\s*:\s*\d/);
    expect(text).not.toMatch(/"[a-z_]*_ids"\s*:\s*\[\s*\d/);
  }

  it('sends campaign ids as 19-digit strings', async () => {
    const response = await emulator.api.get(
      'campaign/get/',
      { advertiser_id: usId, page_size: 1000 },
      token,
    );

    expect(response.body.data.list.length).toBe(4);
    for (const campaign of response.body.data.list) {
      expectTikTokId(campaign.campaign_id);
      expectTikTokId(campaign.advertiser_id);
    }
    expectNoBareIds(response.text);
  });

  it('sends ad group ids as 19-digit strings', async () => {
    const response = await emulator.api.get(
      'adgroup/get/',
      { advertiser_id: usId, page_size: 1000 },
      token,
    );

    expect(response.body.data.list.length).toBeGreaterThan(10);
    for (const adGroup of response.body.data.list) {
      expectTikTokId(adGroup.adgroup_id);
      expectTikTokId(adGroup.campaign_id);
      expectTikTokId(adGroup.advertiser_id);
    }
    expectNoBareIds(response.text);
  });

  it('sends ad ids as 19-digit strings', async () => {
    const response = await emulator.api.get(
      'ad/get/',
      { advertiser_id: usId, page_size: 1000 },
      token,
    );

    expect(response.body.data.list.length).toBeGreaterThan(30);
    for (const ad of response.body.data.list) {
      expectTikTokId(ad.ad_id);
      expectTikTokId(ad.adgroup_id);
      expectTikTokId(ad.campaign_id);
      expectTikTokId(ad.advertiser_id);
    }
    expectNoBareIds(response.text);
  });

  it('sends advertiser ids as 19-digit strings', async () => {
    const ids = seed.snapshot.advertisers.map((a) => a.advertiser_id);
    const info = await emulator.api.get('advertiser/info/', { advertiser_ids: ids }, token);

    expect(info.body.code).toBe(0);
    expect(info.body.data.list.map((a: any) => a.advertiser_id).sort()).toEqual([...ids].sort());
    for (const advertiser of info.body.data.list) expectTikTokId(advertiser.advertiser_id);
    expectNoBareIds(info.text);
  });

  it('sends report id dimensions as 19-digit strings', async () => {
    const response = await emulator.api.get(
      'report/integrated/get/',
      {
        advertiser_id: usId,
        report_type: 'BASIC',
        data_level: 'AUCTION_AD',
        dimensions: ['ad_id'],
        query_lifetime: true,
        page_size: 1000,
      },
      token,
    );

    expect(response.body.code).toBe(0);
    expect(response.body.data.list.length).toBeGreaterThan(30);
    for (const row of response.body.data.list) expectTikTokId(row.dimensions.ad_id);
    expectNoBareIds(response.text);
  });
});
