import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { DAY_MS, expectTikTokId, HOUR_MS, START, utcDateTime, type World, world } from './support';

/**
 * Reference §0 and §5/§6: campaign/create (request_id idempotency, budget modes with and
 * without CBO), adgroup/create (schedule and budget-mode rules), ad/create (≤20 creatives).
 */

let emulator: TestEmulator;
let token: string;
let seed: World;
let usId: string;
let nameCounter = 0;

beforeAll(async () => {
  emulator = await startTestEmulator({ startAt: START });
});

beforeEach(async () => {
  await emulator.control.clock({ set: START });
  await emulator.control.reset();
  token = await emulator.control.mintToken();
  seed = world(await emulator.control.state());
  usId = seed.account('USD').advertiser_id;
});

afterAll(() => emulator.close());

const post = (path: string, body: Record<string, unknown>) => emulator.api.post(path, body, token);

const uniqueName = (prefix: string) => {
  nameCounter += 1;
  return `${prefix} ${nameCounter}`;
};

const emulatorNow = async () => (await emulator.control.clock({ advance_ms: 0 })).now_ms;

function campaignBody(overrides: Record<string, unknown> = {}) {
  return {
    advertiser_id: usId,
    campaign_name: uniqueName('Create test campaign'),
    objective_type: 'WEB_CONVERSIONS',
    budget_mode: 'BUDGET_MODE_DAY',
    budget: 100,
    ...overrides,
  };
}

async function newCampaign(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await post('campaign/create/', campaignBody(overrides));
  expect(response.body.code, response.body.message).toBe(0);
  return response.body.data.campaign_id;
}

async function adGroupBody(campaignId: string, overrides: Record<string, unknown> = {}) {
  return {
    advertiser_id: usId,
    campaign_id: campaignId,
    adgroup_name: uniqueName('Create test ad group'),
    budget_mode: 'BUDGET_MODE_DAY',
    budget: 50,
    billing_event: 'OCPM',
    optimization_goal: 'CONVERT',
    pacing: 'PACING_MODE_SMOOTH',
    schedule_type: 'SCHEDULE_FROM_NOW',
    schedule_start_time: utcDateTime(await emulatorNow()),
    placement_type: 'PLACEMENT_TYPE_AUTOMATIC',
    location_ids: ['6252001'],
    ...overrides,
  };
}

function creative(index: number) {
  return {
    ad_name: `Creative ${index}`,
    ad_format: 'SINGLE_VIDEO',
    ad_text: 'Cosy homes start here.',
    identity_id: '7300000000000000001',
    identity_type: 'CUSTOMIZED_USER',
    video_id: `v10033g50000test${index}`,
    call_to_action: 'SHOP_NOW',
    landing_page_url: 'https://bayme.example/collections/new',
  };
}

async function campaignsNamed(name: string): Promise<any[]> {
  const response = await emulator.api.get(
    'campaign/get/',
    { advertiser_id: usId, page_size: 1000, filtering: { campaign_name: name } },
    token,
  );
  return response.body.data.list.filter((c: any) => c.campaign_name === name);
}

describe('campaign/create/', () => {
  it('returns the new campaign with a 19-digit string id', async () => {
    const body = campaignBody();
    const response = await post('campaign/create/', body);

    expect(response.body.code).toBe(0);
    expectTikTokId(response.body.data.campaign_id);
    expect(response.body.data).toMatchObject({
      advertiser_id: usId,
      campaign_name: body.campaign_name,
      budget_mode: 'BUDGET_MODE_DAY',
      budget: 100,
    });
    expect(await campaignsNamed(body.campaign_name)).toHaveLength(1);
  });

  it('is idempotent for a repeated request_id: same campaign_id, one campaign', async () => {
    const body = campaignBody({ request_id: '734019283746501' });

    const first = await post('campaign/create/', body);
    const second = await post('campaign/create/', body);

    expect(first.body.code).toBe(0);
    expect(second.body.code).toBe(0);
    expect(second.body.data.campaign_id).toBe(first.body.data.campaign_id);
    const listed = await campaignsNamed(body.campaign_name);
    expect(listed.map((c) => c.campaign_id)).toEqual([first.body.data.campaign_id]);
  });

  it('creates separate campaigns for different request_ids', async () => {
    const first = await post('campaign/create/', campaignBody({ request_id: '1001' }));
    const second = await post('campaign/create/', campaignBody({ request_id: '1002' }));

    expect(first.body.code).toBe(0);
    expect(second.body.code).toBe(0);
    expect(second.body.data.campaign_id).not.toBe(first.body.data.campaign_id);
  });

  it.each(['BUDGET_MODE_INFINITE', 'BUDGET_MODE_TOTAL', 'BUDGET_MODE_DAY'])(
    'accepts %s without CBO',
    async (mode) => {
      const response = await post(
        'campaign/create/',
        campaignBody({
          budget_mode: mode,
          budget: mode === 'BUDGET_MODE_INFINITE' ? undefined : 500,
        }),
      );

      expect(response.body.code).toBe(0);
      expect(response.body.data.budget_mode).toBe(mode);
      expect(response.body.data.budget).toBe(mode === 'BUDGET_MODE_INFINITE' ? 0 : 500);
    },
  );

  it('rejects BUDGET_MODE_DYNAMIC_DAILY_BUDGET without CBO', async () => {
    const body = campaignBody({ budget_mode: 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET', budget: 500 });
    const response = await post('campaign/create/', body);

    expect(response.body.code).toBe(40002);
    expect(await campaignsNamed(body.campaign_name)).toHaveLength(0);
  });

  it.each(['BUDGET_MODE_TOTAL', 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET', 'BUDGET_MODE_DAY'])(
    'accepts %s with CBO',
    async (mode) => {
      const response = await post(
        'campaign/create/',
        campaignBody({ budget_mode: mode, budget: 500, budget_optimize_on: true }),
      );

      expect(response.body.code).toBe(0);
      expect(response.body.data).toMatchObject({ budget_mode: mode, budget_optimize_on: true });
    },
  );

  it('rejects BUDGET_MODE_INFINITE with CBO', async () => {
    const response = await post(
      'campaign/create/',
      campaignBody({
        budget_mode: 'BUDGET_MODE_INFINITE',
        budget: undefined,
        budget_optimize_on: true,
      }),
    );

    expect(response.body.code).toBe(40002);
  });

  it('requires a lifetime campaign budget above 50 USD', async () => {
    const lifetime = { budget_mode: 'BUDGET_MODE_TOTAL' };
    expect(
      (await post('campaign/create/', campaignBody({ ...lifetime, budget: 50 }))).body.code,
    ).toBe(40002);
    expect(
      (await post('campaign/create/', campaignBody({ ...lifetime, budget: 50.01 }))).body.code,
    ).toBe(0);
  });

  it('requires a budget with BUDGET_MODE_DAY', async () => {
    const response = await post('campaign/create/', campaignBody({ budget: undefined }));

    expect(response.body.code).toBe(40002);
  });

  it('applies the budget minimum at creation', async () => {
    expect((await post('campaign/create/', campaignBody({ budget: 49.99 }))).body.code).toBe(40002);
    expect((await post('campaign/create/', campaignBody({ budget: 50 }))).body.code).toBe(0);
  });
});

describe('adgroup/create/', () => {
  it('returns the new ad group with a 19-digit string id', async () => {
    const campaignId = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });
    const response = await post('adgroup/create/', await adGroupBody(campaignId));

    expect(response.body.code).toBe(0);
    expectTikTokId(response.body.data.adgroup_id);
    expect(response.body.data).toMatchObject({
      campaign_id: campaignId,
      budget_mode: 'BUDGET_MODE_DAY',
      budget: 50,
      schedule_type: 'SCHEDULE_FROM_NOW',
    });
  });

  it('keeps schedule times as UTC YYYY-MM-DD HH:MM:SS', async () => {
    const campaignId = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });
    const now = await emulatorNow();
    const start = utcDateTime(now + 2 * HOUR_MS);
    const end = utcDateTime(now + 2 * HOUR_MS + 5 * DAY_MS);

    const response = await post(
      'adgroup/create/',
      await adGroupBody(campaignId, {
        budget_mode: 'BUDGET_MODE_TOTAL',
        budget: 500,
        schedule_type: 'SCHEDULE_START_END',
        schedule_start_time: start,
        schedule_end_time: end,
      }),
    );

    expect(response.body.code).toBe(0);
    expect(response.body.data.schedule_start_time).toBe(start);
    expect(response.body.data.schedule_end_time).toBe(end);
  });

  it('rejects a start time more than 12 hours in the past, and accepts 11 hours', async () => {
    const campaignId = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });
    const now = await emulatorNow();

    const tooEarly = await post(
      'adgroup/create/',
      await adGroupBody(campaignId, { schedule_start_time: utcDateTime(now - 13 * HOUR_MS) }),
    );
    expect(tooEarly.body.code).toBe(40002);

    const recent = await post(
      'adgroup/create/',
      await adGroupBody(campaignId, { schedule_start_time: utcDateTime(now - 11 * HOUR_MS) }),
    );
    expect(recent.body.code).toBe(0);
  });

  it('requires a daily budget with SCHEDULE_FROM_NOW', async () => {
    const campaignId = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });

    const lifetime = await post(
      'adgroup/create/',
      await adGroupBody(campaignId, { budget_mode: 'BUDGET_MODE_TOTAL', budget: 5_000 }),
    );
    expect(lifetime.body.code).toBe(40002);

    const dynamic = await post(
      'adgroup/create/',
      await adGroupBody(campaignId, {
        budget_mode: 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET',
        budget: 50,
      }),
    );
    expect(dynamic.body.code).toBe(0);
  });

  it('rejects a lifetime ad group in a campaign with a daily budget', async () => {
    const dailyCampaign = await newCampaign({ budget_mode: 'BUDGET_MODE_DAY', budget: 500 });
    const now = await emulatorNow();
    const lifetimeSchedule = {
      budget_mode: 'BUDGET_MODE_TOTAL',
      budget: 2_000,
      schedule_type: 'SCHEDULE_START_END',
      schedule_start_time: utcDateTime(now + HOUR_MS),
      schedule_end_time: utcDateTime(now + HOUR_MS + 10 * DAY_MS),
    };

    const rejected = await post(
      'adgroup/create/',
      await adGroupBody(dailyCampaign, lifetimeSchedule),
    );
    expect(rejected.body.code).toBe(40002);

    const unlimitedCampaign = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });
    const accepted = await post(
      'adgroup/create/',
      await adGroupBody(unlimitedCampaign, lifetimeSchedule),
    );
    expect(accepted.body.code).toBe(0);
    expect(accepted.body.data.budget_mode).toBe('BUDGET_MODE_TOTAL');
  });

  it('scales the lifetime minimum with the scheduled days (20 USD a day)', async () => {
    const campaignId = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });
    const now = await emulatorNow();
    const tenDays = {
      budget_mode: 'BUDGET_MODE_TOTAL',
      schedule_type: 'SCHEDULE_START_END',
      schedule_start_time: utcDateTime(now + HOUR_MS),
      schedule_end_time: utcDateTime(now + HOUR_MS + 10 * DAY_MS),
    };

    const tooLow = await post(
      'adgroup/create/',
      await adGroupBody(campaignId, { ...tenDays, budget: 199 }),
    );
    expect(tooLow.body.code).toBe(40002);
    const enough = await post(
      'adgroup/create/',
      await adGroupBody(campaignId, { ...tenDays, budget: 200 }),
    );
    expect(enough.body.code).toBe(0);
  });

  it('rejects a bid on a BID_TYPE_NO_BID ad group', async () => {
    const campaignId = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });

    const response = await post(
      'adgroup/create/',
      await adGroupBody(campaignId, { bid_type: 'BID_TYPE_NO_BID', conversion_bid_price: 10 }),
    );

    expect(response.body.code).toBe(40002);
  });

  it('is idempotent for a repeated request_id', async () => {
    const campaignId = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });
    const body = await adGroupBody(campaignId, { request_id: '5550001' });

    const first = await post('adgroup/create/', body);
    const second = await post('adgroup/create/', body);

    expect(first.body.code).toBe(0);
    expect(second.body.data.adgroup_id).toBe(first.body.data.adgroup_id);
    const listed = await emulator.api.get(
      'adgroup/get/',
      { advertiser_id: usId, filtering: { campaign_ids: [campaignId] } },
      token,
    );
    expect(listed.body.data.list).toHaveLength(1);
  });
});

describe('ad/create/', () => {
  async function liveAdGroup(): Promise<string> {
    const campaignId = await newCampaign({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: undefined,
    });
    const response = await post('adgroup/create/', await adGroupBody(campaignId));
    expect(response.body.code).toBe(0);
    return response.body.data.adgroup_id;
  }

  async function adIdsOf(adGroupId: string): Promise<string[]> {
    const response = await emulator.api.get(
      'ad/get/',
      { advertiser_id: usId, page_size: 1000, filtering: { adgroup_ids: [adGroupId] } },
      token,
    );
    return response.body.data.list.map((ad: any) => ad.ad_id);
  }

  it('creates 20 ads in one call and returns their 19-digit string ids', async () => {
    const adGroupId = await liveAdGroup();
    const creatives = Array.from({ length: 20 }, (_, i) => creative(i));

    const response = await post('ad/create/', {
      advertiser_id: usId,
      adgroup_id: adGroupId,
      creatives,
    });

    expect(response.body.code).toBe(0);
    const ids: string[] = response.body.data.ad_ids;
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expectTikTokId(id);
    expect((await adIdsOf(adGroupId)).sort()).toEqual([...ids].sort());
  });

  it('rejects 21 creatives and creates nothing', async () => {
    const adGroupId = await liveAdGroup();
    const creatives = Array.from({ length: 21 }, (_, i) => creative(i));

    const response = await post('ad/create/', {
      advertiser_id: usId,
      adgroup_id: adGroupId,
      creatives,
    });

    expect(response.body.code).not.toBe(0);
    expect([40002, 40011]).toContain(response.body.code);
    expect(response.body.data).toEqual({});
    expect(await adIdsOf(adGroupId)).toEqual([]);
  });

  it('rejects ads in a deleted ad group', async () => {
    const deleted = seed.adGroup('US | Viewed product 3d | Purchase (old)');

    const response = await post('ad/create/', {
      advertiser_id: usId,
      adgroup_id: deleted.adgroup_id,
      creatives: [creative(1)],
    });

    expect(response.body.code).toBe(40002);
  });
});
