import { describe, expect, it } from 'vitest';
import { seededEmulator } from '../helpers/seeded-emulator';

/**
 * Reference §6 (bids): only custom-bid ad groups take bids; bid_price for CPC/CPM/CPV,
 * conversion_bid_price for OCPM; a bid stays below the budgets; CPC at most 30 × ratio.
 */

const emulator = seededEmulator();

function updateAdGroup(name: string, changes: Record<string, unknown>) {
  const adGroup = emulator.seed.adGroup(name);
  return emulator.api.post(
    'adgroup/update/',
    { advertiser_id: adGroup.advertiser_id, adgroup_id: adGroup.adgroup_id, ...changes },
    emulator.token,
  );
}

async function adGroupNow(name: string): Promise<any> {
  const adGroup = emulator.seed.adGroup(name);
  const response = await emulator.api.get(
    'adgroup/get/',
    { advertiser_id: adGroup.advertiser_id, filtering: { adgroup_ids: [adGroup.adgroup_id] } },
    emulator.token,
  );
  return response.body.data.list[0];
}

const NO_BID = 'US | Broad 18-44 | Purchase';
const OCPM_CUSTOM = 'US | Interest: Home decor | Purchase';
const CPC_CUSTOM = 'US | Site visitors 14d | Clicks';
const JPY_CPC_CUSTOM = 'JP | 購入者 180日';

describe('which ad groups take bids', () => {
  it('rejects a bid on a BID_TYPE_NO_BID ad group', async () => {
    const conversionBid = await updateAdGroup(NO_BID, { conversion_bid_price: 10 });
    const bid = await updateAdGroup(NO_BID, { bid_price: 10 });

    expect(conversionBid.body.code).toBe(40002);
    expect(bid.body.code).toBe(40002);
    expect(await adGroupNow(NO_BID)).toMatchObject({
      bid_type: 'BID_TYPE_NO_BID',
      bid_price: 0,
      conversion_bid_price: 0,
    });
  });
});

describe('the bid field must match the billing event', () => {
  it('takes conversion_bid_price, not bid_price, for OCPM', async () => {
    const wrongField = await updateAdGroup(OCPM_CUSTOM, { bid_price: 30 });
    expect(wrongField.body.code).toBe(40002);

    const rightField = await updateAdGroup(OCPM_CUSTOM, { conversion_bid_price: 30 });
    expect(rightField.body.code).toBe(0);
    expect(await adGroupNow(OCPM_CUSTOM)).toMatchObject({ conversion_bid_price: 30, bid_price: 0 });
  });

  it('takes bid_price, not conversion_bid_price, for CPC', async () => {
    const wrongField = await updateAdGroup(CPC_CUSTOM, { conversion_bid_price: 2 });
    expect(wrongField.body.code).toBe(40002);

    const rightField = await updateAdGroup(CPC_CUSTOM, { bid_price: 2 });
    expect(rightField.body.code).toBe(0);
    expect(await adGroupNow(CPC_CUSTOM)).toMatchObject({ bid_price: 2, conversion_bid_price: 0 });
  });

  it('takes bid_price for CPM', async () => {
    const cpm = 'JP | Reach | 東京';
    expect((await updateAdGroup(cpm, { conversion_bid_price: 500 })).body.code).toBe(40002);
    expect((await updateAdGroup(cpm, { bid_price: 500 })).body.code).toBe(0);
    expect((await adGroupNow(cpm)).bid_price).toBe(500);
  });
});

describe('the bid must stay below the budget', () => {
  it("rejects a bid equal to the ad group's budget and accepts one just below", async () => {
    // Home decor: OCPM, daily budget 120 (its campaign's is 500).
    const atBudget = await updateAdGroup(OCPM_CUSTOM, { conversion_bid_price: 120 });
    expect(atBudget.body.code).toBe(40002);

    const below = await updateAdGroup(OCPM_CUSTOM, { conversion_bid_price: 119.99 });
    expect(below.body.code).toBe(0);
    expect((await adGroupNow(OCPM_CUSTOM)).conversion_bid_price).toBe(119.99);
  });

  it('checks a bid against the new budget when both change together', async () => {
    const response = await updateAdGroup(OCPM_CUSTOM, { budget: 140, conversion_bid_price: 130 });

    expect(response.body.code).toBe(0);
    expect(await adGroupNow(OCPM_CUSTOM)).toMatchObject({ budget: 140, conversion_bid_price: 130 });
  });

  it("rejects lowering the ad group's budget to or below its current bid", async () => {
    // Home decor bids 28.50; a budget of 28.50 would leave the bid not below the budget.
    // Reading of §6 "bid < ad group and campaign budgets": an invariant, whichever field changes.
    const response = await updateAdGroup(OCPM_CUSTOM, { budget: 28.5 });

    expect(response.body.code).toBe(40002);
    expect((await adGroupNow(OCPM_CUSTOM)).budget).toBe(120);
  });
});

describe('the CPC bid maximum is 30 × the currency ratio', () => {
  it('accepts 30 USD and rejects 30.01 USD', async () => {
    const over = await updateAdGroup(CPC_CUSTOM, { bid_price: 30.01 });
    expect(over.body.code).toBe(40002);

    const atMax = await updateAdGroup(CPC_CUSTOM, { bid_price: 30 });
    expect(atMax.body.code).toBe(0);
    expect((await adGroupNow(CPC_CUSTOM)).bid_price).toBe(30);
  });

  it('accepts 3,000 JPY and rejects 3,001 JPY', async () => {
    const over = await updateAdGroup(JPY_CPC_CUSTOM, { bid_price: 3_001 });
    expect(over.body.code).toBe(40002);

    const atMax = await updateAdGroup(JPY_CPC_CUSTOM, { bid_price: 3_000 });
    expect(atMax.body.code).toBe(0);
    expect((await adGroupNow(JPY_CPC_CUSTOM)).bid_price).toBe(3_000);
  });

  it('applies the currency precision to bids', async () => {
    expect((await updateAdGroup(JPY_CPC_CUSTOM, { bid_price: 90.5 })).body.code).toBe(40002);
    expect((await updateAdGroup(CPC_CUSTOM, { bid_price: 1.255 })).body.code).toBe(40002);
    expect((await updateAdGroup(CPC_CUSTOM, { bid_price: 1.25 })).body.code).toBe(0);
    expect((await adGroupNow(CPC_CUSTOM)).bid_price).toBe(1.25);
  });

  it('rejects a bid of zero or less', async () => {
    expect((await updateAdGroup(CPC_CUSTOM, { bid_price: 0 })).body.code).toBe(40002);
    expect((await updateAdGroup(CPC_CUSTOM, { bid_price: -1 })).body.code).toBe(40002);
    expect((await adGroupNow(CPC_CUSTOM)).bid_price).toBe(1.2);
  });
});
