import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import {
  addDays,
  localDate,
  localInstant,
  START,
  unknownIds,
  utcDateTime,
  type World,
  world,
} from './support';

/**
 * Reference §5 and §6: budget ranges per currency, precision, the 105%-of-spend floor, CBO,
 * unlimited campaigns, and adgroup/budget/update (lifetime now, daily from the next midnight,
 * locked from 23:55 to midnight in the account's time zone).
 */

let emulator: TestEmulator;
let token: string;
let seed: World;
let nameCounter = 0;

beforeAll(async () => {
  emulator = await startTestEmulator({ startAt: START });
});

beforeEach(async () => {
  await emulator.control.clock({ set: START });
  await emulator.control.reset();
  token = await emulator.control.mintToken();
  seed = world(await emulator.control.state());
});

afterAll(() => emulator.close());

const post = (path: string, body: Record<string, unknown>) => emulator.api.post(path, body, token);

async function createCampaign(
  advertiserId: string,
  budgetMode: string,
  budget?: number,
): Promise<string> {
  nameCounter += 1;
  const response = await post('campaign/create/', {
    advertiser_id: advertiserId,
    campaign_name: `Budget rules ${nameCounter}`,
    objective_type: 'WEB_CONVERSIONS',
    budget_mode: budgetMode,
    ...(budget === undefined ? {} : { budget }),
  });
  expect(response.body.code, response.body.message).toBe(0);
  return response.body.data.campaign_id;
}

/** A fresh daily-budget ad group (no ads, so it never spends) under an unlimited campaign. */
async function createDailyAdGroup(advertiserId: string, budget: number): Promise<string> {
  const campaignId = await createCampaign(advertiserId, 'BUDGET_MODE_INFINITE');
  const now = (await emulator.control.clock({ advance_ms: 0 })).now_ms;
  const response = await post('adgroup/create/', {
    advertiser_id: advertiserId,
    campaign_id: campaignId,
    adgroup_name: `Budget rules ad group ${nameCounter}`,
    budget_mode: 'BUDGET_MODE_DAY',
    budget,
    billing_event: 'OCPM',
    optimization_goal: 'CONVERT',
    pacing: 'PACING_MODE_SMOOTH',
    schedule_type: 'SCHEDULE_FROM_NOW',
    schedule_start_time: utcDateTime(now),
    placement_type: 'PLACEMENT_TYPE_AUTOMATIC',
    location_ids: ['6252001'],
  });
  expect(response.body.code, response.body.message).toBe(0);
  return response.body.data.adgroup_id;
}

async function campaignBudget(advertiserId: string, campaignId: string): Promise<number> {
  const response = await emulator.api.get(
    'campaign/get/',
    { advertiser_id: advertiserId, filtering: { campaign_ids: [campaignId] } },
    token,
  );
  return response.body.data.list[0].budget;
}

async function adGroupNow(advertiserId: string, adGroupId: string): Promise<any> {
  const response = await emulator.api.get(
    'adgroup/get/',
    { advertiser_id: advertiserId, filtering: { adgroup_ids: [adGroupId] } },
    token,
  );
  return response.body.data.list[0];
}

/** Spend reported for one entity: today in the account's time zone, or lifetime. */
async function reportedSpend(
  advertiserId: string,
  level: 'campaign' | 'adgroup',
  id: string,
  when: { date: string } | 'lifetime',
): Promise<number> {
  const response = await emulator.api.get(
    'report/integrated/get/',
    {
      advertiser_id: advertiserId,
      report_type: 'BASIC',
      data_level: level === 'campaign' ? 'AUCTION_CAMPAIGN' : 'AUCTION_ADGROUP',
      dimensions: [`${level}_id`],
      metrics: ['spend'],
      filtering: [
        { field_name: `${level}_ids`, filter_type: 'IN', filter_value: JSON.stringify([id]) },
      ],
      ...(when === 'lifetime'
        ? { query_lifetime: true }
        : { start_date: when.date, end_date: when.date }),
    },
    token,
  );
  expect(response.body.code, response.body.message).toBe(0);
  return Number(response.body.data.list[0]?.metrics.spend ?? '0');
}

const CURRENCIES = [
  { currency: 'USD', campaignMin: 50, adGroupMin: 20, step: 0.01, max: 10_000_000 },
  { currency: 'GBP', campaignMin: 50, adGroupMin: 20, step: 0.01, max: 10_000_000 },
  { currency: 'JPY', campaignMin: 5_000, adGroupMin: 2_000, step: 1, max: 1_000_000_000 },
];

describe.each(CURRENCIES)(
  '$currency budget range',
  ({ currency, campaignMin, adGroupMin, step, max }) => {
    it(`accepts a daily campaign budget of ${campaignMin} and rejects one step below`, async () => {
      const advertiserId = seed.account(currency).advertiser_id;
      const campaignId = await createCampaign(advertiserId, 'BUDGET_MODE_DAY', campaignMin * 2);

      const below = await post('campaign/update/', {
        advertiser_id: advertiserId,
        campaign_id: campaignId,
        budget: Math.round((campaignMin - step) * 100) / 100,
      });
      expect(below.body.code).toBe(40002);
      expect(await campaignBudget(advertiserId, campaignId)).toBe(campaignMin * 2);

      const atMinimum = await post('campaign/update/', {
        advertiser_id: advertiserId,
        campaign_id: campaignId,
        budget: campaignMin,
      });
      expect(atMinimum.body.code).toBe(0);
      expect(atMinimum.body.data.budget).toBe(campaignMin);
      expect(await campaignBudget(advertiserId, campaignId)).toBe(campaignMin);
    });

    it(`accepts a daily ad group budget of ${adGroupMin} and rejects one step below`, async () => {
      const advertiserId = seed.account(currency).advertiser_id;
      const adGroupId = await createDailyAdGroup(advertiserId, adGroupMin * 2);

      const below = await post('adgroup/update/', {
        advertiser_id: advertiserId,
        adgroup_id: adGroupId,
        budget: Math.round((adGroupMin - step) * 100) / 100,
      });
      expect(below.body.code).toBe(40002);

      const atMinimum = await post('adgroup/update/', {
        advertiser_id: advertiserId,
        adgroup_id: adGroupId,
        budget: adGroupMin,
      });
      expect(atMinimum.body.code).toBe(0);
      expect((await adGroupNow(advertiserId, adGroupId)).budget).toBe(adGroupMin);
    });

    it('rejects a scheduled ad group budget below the minimum', async () => {
      const advertiserId = seed.account(currency).advertiser_id;
      const adGroupId = await createDailyAdGroup(advertiserId, adGroupMin * 2);

      const response = await post('adgroup/budget/update/', {
        advertiser_id: advertiserId,
        scheduled_budget: [
          { adgroup_id: adGroupId, scheduled_budget: Math.round((adGroupMin - step) * 100) / 100 },
        ],
      });

      expect(response.body.code).toBe(40002);
    });

    it(`rejects a budget of ${max} (the maximum is exclusive) and accepts just below it`, async () => {
      const advertiserId = seed.account(currency).advertiser_id;
      const campaignId = await createCampaign(advertiserId, 'BUDGET_MODE_DAY', campaignMin * 2);
      const adGroupId = await createDailyAdGroup(advertiserId, adGroupMin * 2);

      const campaignAtMax = await post('campaign/update/', {
        advertiser_id: advertiserId,
        campaign_id: campaignId,
        budget: max,
      });
      const adGroupAtMax = await post('adgroup/update/', {
        advertiser_id: advertiserId,
        adgroup_id: adGroupId,
        budget: max,
      });
      expect(campaignAtMax.body.code).toBe(40002);
      expect(adGroupAtMax.body.code).toBe(40002);

      const justBelow = Math.round((max - step) * 100) / 100;
      const campaignBelowMax = await post('campaign/update/', {
        advertiser_id: advertiserId,
        campaign_id: campaignId,
        budget: justBelow,
      });
      expect(campaignBelowMax.body.code).toBe(0);
      expect(await campaignBudget(advertiserId, campaignId)).toBe(justBelow);
    });
  },
);

describe('budget precision', () => {
  it.each(['USD', 'GBP'])(
    'rejects more than two decimals in %s and accepts two',
    async (currency) => {
      const advertiserId = seed.account(currency).advertiser_id;
      const campaignId = await createCampaign(advertiserId, 'BUDGET_MODE_DAY', 100);
      const adGroupId = await createDailyAdGroup(advertiserId, 100);

      expect(
        (
          await post('campaign/update/', {
            advertiser_id: advertiserId,
            campaign_id: campaignId,
            budget: 60.123,
          })
        ).body.code,
      ).toBe(40002);
      expect(
        (
          await post('adgroup/update/', {
            advertiser_id: advertiserId,
            adgroup_id: adGroupId,
            budget: 30.005,
          })
        ).body.code,
      ).toBe(40002);

      expect(
        (
          await post('campaign/update/', {
            advertiser_id: advertiserId,
            campaign_id: campaignId,
            budget: 60.12,
          })
        ).body.code,
      ).toBe(0);
      expect(await campaignBudget(advertiserId, campaignId)).toBe(60.12);
      expect(
        (
          await post('adgroup/update/', {
            advertiser_id: advertiserId,
            adgroup_id: adGroupId,
            budget: 30.05,
          })
        ).body.code,
      ).toBe(0);
      expect((await adGroupNow(advertiserId, adGroupId)).budget).toBe(30.05);
    },
  );

  it('accepts only whole yen', async () => {
    const advertiserId = seed.account('JPY').advertiser_id;
    const campaignId = await createCampaign(advertiserId, 'BUDGET_MODE_DAY', 10_000);
    const adGroupId = await createDailyAdGroup(advertiserId, 4_000);

    expect(
      (
        await post('campaign/update/', {
          advertiser_id: advertiserId,
          campaign_id: campaignId,
          budget: 6_000.5,
        })
      ).body.code,
    ).toBe(40002);
    expect(
      (
        await post('adgroup/update/', {
          advertiser_id: advertiserId,
          adgroup_id: adGroupId,
          budget: 3_000.5,
        })
      ).body.code,
    ).toBe(40002);
    expect(
      (
        await post('adgroup/budget/update/', {
          advertiser_id: advertiserId,
          scheduled_budget: [{ adgroup_id: adGroupId, scheduled_budget: 3_000.5 }],
        })
      ).body.code,
    ).toBe(40002);
    expect(await campaignBudget(advertiserId, campaignId)).toBe(10_000);
    expect((await adGroupNow(advertiserId, adGroupId)).budget).toBe(4_000);
  });
});

describe('the 105%-of-spend floor', () => {
  const today = localDate(START, 'America/Los_Angeles');

  it('rejects an ad group budget equal to its spend today and accepts 110% of it', async () => {
    const usId = seed.account('USD').advertiser_id;
    const adGroup = seed.adGroup('US | Broad 18-44 | Purchase');
    const spend = await reportedSpend(usId, 'adgroup', adGroup.adgroup_id, { date: today });
    // Above the minimum, so that only the spend rule can refuse it.
    expect(spend).toBeGreaterThan(20);

    const atSpend = await post('adgroup/update/', {
      advertiser_id: usId,
      adgroup_id: adGroup.adgroup_id,
      budget: spend,
    });
    expect(atSpend.body.code).toBe(40002);
    expect((await adGroupNow(usId, adGroup.adgroup_id)).budget).toBe(150);

    const above = Math.ceil(spend * 1.1 * 100) / 100;
    const accepted = await post('adgroup/update/', {
      advertiser_id: usId,
      adgroup_id: adGroup.adgroup_id,
      budget: above,
    });
    expect(accepted.body.code).toBe(0);
    expect((await adGroupNow(usId, adGroup.adgroup_id)).budget).toBe(above);
  });

  it('rejects a campaign budget equal to its spend today and accepts 110% of it', async () => {
    const usId = seed.account('USD').advertiser_id;
    const campaign = seed.campaign('US | Prospecting | Evergreen');
    const spend = await reportedSpend(usId, 'campaign', campaign.campaign_id, { date: today });
    expect(spend).toBeGreaterThan(50);

    const atSpend = await post('campaign/update/', {
      advertiser_id: usId,
      campaign_id: campaign.campaign_id,
      budget: spend,
    });
    expect(atSpend.body.code).toBe(40002);
    expect(await campaignBudget(usId, campaign.campaign_id)).toBe(500);

    const above = Math.ceil(spend * 1.1 * 100) / 100;
    const accepted = await post('campaign/update/', {
      advertiser_id: usId,
      campaign_id: campaign.campaign_id,
      budget: above,
    });
    expect(accepted.body.code).toBe(0);
    expect(await campaignBudget(usId, campaign.campaign_id)).toBe(above);
  });

  it('holds a lifetime ad group budget to 105% of its lifetime spend', async () => {
    const jpId = seed.account('JPY').advertiser_id;
    const adGroup = seed.adGroup('JP | 年末セール | Lifetime');
    const spend = await reportedSpend(jpId, 'adgroup', adGroup.adgroup_id, 'lifetime');
    expect(spend).toBeGreaterThan(60_000);

    const atSpend = await post('adgroup/budget/update/', {
      advertiser_id: jpId,
      budget: [{ adgroup_id: adGroup.adgroup_id, budget: spend }],
    });
    expect(atSpend.body.code).toBe(40002);

    const above = Math.ceil(spend * 1.1);
    const accepted = await post('adgroup/budget/update/', {
      advertiser_id: jpId,
      budget: [{ adgroup_id: adGroup.adgroup_id, budget: above }],
    });
    expect(accepted.body.code).toBe(0);
    expect((await adGroupNow(jpId, adGroup.adgroup_id)).budget).toBe(above);
  });
});

describe('campaign budget optimization and unlimited campaigns', () => {
  it('rejects an ad group budget update under CBO (adgroup/update)', async () => {
    const usId = seed.account('USD').advertiser_id;
    const adGroup = seed.adGroup('US | BF | Broad');

    const response = await post('adgroup/update/', {
      advertiser_id: usId,
      adgroup_id: adGroup.adgroup_id,
      budget: 300,
    });

    expect(response.body.code).toBe(40002);
    expect((await adGroupNow(usId, adGroup.adgroup_id)).budget).toBe(0);
  });

  it('rejects an ad group budget update under CBO (adgroup/budget/update)', async () => {
    const usId = seed.account('USD').advertiser_id;
    const adGroup = seed.adGroup('US | BF | Gifting interests');

    const response = await post('adgroup/budget/update/', {
      advertiser_id: usId,
      scheduled_budget: [{ adgroup_id: adGroup.adgroup_id, scheduled_budget: 300 }],
    });

    expect(response.body.code).toBe(40002);
  });

  it('accepts a budget change on the CBO campaign itself', async () => {
    const usId = seed.account('USD').advertiser_id;
    const campaign = seed.campaign('US | Black Friday 2026 | CBO');

    const response = await post('campaign/update/', {
      advertiser_id: usId,
      campaign_id: campaign.campaign_id,
      budget: 1_800,
    });

    expect(response.body.code).toBe(0);
    expect(await campaignBudget(usId, campaign.campaign_id)).toBe(1_800);
  });

  it('rejects a budget on a campaign with BUDGET_MODE_INFINITE', async () => {
    const usId = seed.account('USD').advertiser_id;
    const campaign = seed.campaign('US | Retargeting | Cart abandoners');

    const response = await post('campaign/update/', {
      advertiser_id: usId,
      campaign_id: campaign.campaign_id,
      budget: 500,
    });

    expect(response.body.code).toBe(40002);
    const after = await emulator.api.get(
      'campaign/get/',
      { advertiser_id: usId, filtering: { campaign_ids: [campaign.campaign_id] } },
      token,
    );
    expect(after.body.data.list[0]).toMatchObject({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: 0,
    });
  });
});

describe('adgroup/budget/update/', () => {
  const LA = 'America/Los_Angeles';
  const TOKYO = 'Asia/Tokyo';

  it('answers 40011 for more than 20 items', async () => {
    const usId = seed.account('USD').advertiser_id;
    const response = await post('adgroup/budget/update/', {
      advertiser_id: usId,
      scheduled_budget: unknownIds(21).map((id) => ({ adgroup_id: id, scheduled_budget: 100 })),
    });

    expect(response.body.code).toBe(40011);
  });

  it('applies a lifetime budget immediately', async () => {
    const jpId = seed.account('JPY').advertiser_id;
    const adGroup = seed.adGroup('JP | Reach | 大阪');

    const response = await post('adgroup/budget/update/', {
      advertiser_id: jpId,
      budget: [{ adgroup_id: adGroup.adgroup_id, budget: 250_000 }],
    });

    expect(response.body.code).toBe(0);
    expect((await adGroupNow(jpId, adGroup.adgroup_id)).budget).toBe(250_000);
  });

  it("applies a scheduled daily budget only from the next midnight in the account's time zone", async () => {
    const usId = seed.account('USD').advertiser_id;
    const adGroup = seed.adGroup('US | ATC 30d | Purchase');
    const today = localDate(START, LA);

    const response = await post('adgroup/budget/update/', {
      advertiser_id: usId,
      scheduled_budget: [{ adgroup_id: adGroup.adgroup_id, scheduled_budget: 95 }],
    });
    expect(response.body.code).toBe(0);
    expect((await adGroupNow(usId, adGroup.adgroup_id)).budget).toBe(80);

    await emulator.control.clock({ set: localInstant(today, LA, 23, 59) });
    expect((await adGroupNow(usId, adGroup.adgroup_id)).budget).toBe(80);

    await emulator.control.clock({ set: localInstant(addDays(today, 1), LA, 0, 1) });
    expect((await adGroupNow(usId, adGroup.adgroup_id)).budget).toBe(95);
  });

  it('reports the pending scheduled budget in scheduled_budget until it applies', async () => {
    const usId = seed.account('USD').advertiser_id;
    const adGroup = seed.adGroup('US | ATC 30d | Purchase');

    await post('adgroup/budget/update/', {
      advertiser_id: usId,
      scheduled_budget: [{ adgroup_id: adGroup.adgroup_id, scheduled_budget: 95 }],
    });

    expect(await adGroupNow(usId, adGroup.adgroup_id)).toMatchObject({
      budget: 80,
      scheduled_budget: 95,
    });
  });

  it("refuses changes between 23:55 and midnight in the account's time zone", async () => {
    const usId = seed.account('USD').advertiser_id;
    const jpId = seed.account('JPY').advertiser_id;
    const usAdGroup = seed.adGroup('US | ATC 30d | Purchase');
    const jpAdGroup = seed.adGroup('JP | ブロード 20-39');
    const usChange = {
      advertiser_id: usId,
      scheduled_budget: [{ adgroup_id: usAdGroup.adgroup_id, scheduled_budget: 150 }],
    };
    const jpChange = {
      advertiser_id: jpId,
      scheduled_budget: [{ adgroup_id: jpAdGroup.adgroup_id, scheduled_budget: 20_000 }],
    };
    const today = localDate(START, LA);

    await emulator.control.clock({ set: localInstant(today, LA, 23, 57) });
    const locked = await post('adgroup/budget/update/', usChange);
    expect(locked.body.code).toBe(40002);
    expect((await adGroupNow(usId, usAdGroup.adgroup_id)).scheduled_budget).toBe(0);
    // At the same instant it is mid-afternoon in Tokyo: the Japanese account is not locked.
    expect((await post('adgroup/budget/update/', jpChange)).body.code).toBe(0);

    await emulator.control.clock({ set: localInstant(addDays(today, 1), LA, 0, 1) });
    expect((await post('adgroup/budget/update/', usChange)).body.code).toBe(0);
  });

  it('accepts changes at 23:54 local time', async () => {
    const usId = seed.account('USD').advertiser_id;
    const usAdGroup = seed.adGroup('US | ATC 30d | Purchase');
    await emulator.control.clock({ set: localInstant(localDate(START, LA), LA, 23, 54) });

    const response = await post('adgroup/budget/update/', {
      advertiser_id: usId,
      scheduled_budget: [{ adgroup_id: usAdGroup.adgroup_id, scheduled_budget: 150 }],
    });

    expect(response.body.code).toBe(0);
  });

  it('locks the Japanese account at 23:57 Tokyo time while the US account is open', async () => {
    const usId = seed.account('USD').advertiser_id;
    const jpId = seed.account('JPY').advertiser_id;
    const tokyoDate = localDate(START, TOKYO);
    await emulator.control.clock({ set: localInstant(tokyoDate, TOKYO, 23, 57) });

    const jp = await post('adgroup/budget/update/', {
      advertiser_id: jpId,
      scheduled_budget: [
        { adgroup_id: seed.adGroup('JP | ブロード 20-39').adgroup_id, scheduled_budget: 20_000 },
      ],
    });
    const us = await post('adgroup/budget/update/', {
      advertiser_id: usId,
      scheduled_budget: [
        { adgroup_id: seed.adGroup('US | ATC 30d | Purchase').adgroup_id, scheduled_budget: 150 },
      ],
    });

    expect(jp.body.code).toBe(40002);
    expect(us.body.code).toBe(0);
  });
});
