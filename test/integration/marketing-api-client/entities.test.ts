import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientFor } from '../../helpers/client';
import type { EmulatorSnapshot } from '../../helpers/control-client';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator';

describe('Marketing API client: campaigns, ad groups and ads', () => {
  let emulator: TestEmulator;
  let token: string;
  let state: EmulatorSnapshot;
  let usId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await emulator.control.reset();
    token = await emulator.control.mintToken();
    state = await emulator.control.state();
    usId = (await emulator.control.account('USD')).advertiser_id;
  });

  const campaignNamed = (name: string) => {
    const campaign = state.campaigns.find((c) => c.campaign_name === name);
    if (!campaign) throw new Error(`no campaign ${name}`);
    return campaign;
  };
  const adGroupNamed = (name: string) => {
    const adGroup = state.adgroups.find((g) => g.adgroup_name === name);
    if (!adGroup) throw new Error(`no ad group ${name}`);
    return adGroup;
  };

  it('lists campaigns with string ids, hiding deleted ones unless asked', async () => {
    const { client } = clientFor(emulator);
    const ukId = (await emulator.control.account('GBP')).advertiser_id;
    const live = await client.campaigns.list(token, { advertiserId: ukId });
    const all = await client.campaigns.list(token, { advertiserId: ukId, includeDeleted: true });
    expect(live.map((c) => c.campaign_name).sort()).toEqual([
      'UK | Prospecting | Broad',
      'UK | Video views | Brand',
    ]);
    expect(all).toHaveLength(3);
    for (const campaign of all) expect(campaign.campaign_id).toMatch(/^\d{19}$/);
    expect(all.find((c) => c.campaign_name.includes('ended'))?.secondary_status).toBe(
      'CAMPAIGN_STATUS_DELETE',
    );
  });

  it('updates a campaign budget and reads it back', async () => {
    const { client } = clientFor(emulator);
    const evergreen = campaignNamed('US | Prospecting | Evergreen');
    const { campaign, requestId } = await client.campaigns.update(token, {
      advertiserId: usId,
      campaignId: evergreen.campaign_id,
      budget: 650,
    });
    expect(campaign.budget).toBe(650);
    expect(requestId).not.toBe('');
    const [reread] = await client.campaigns.list(token, {
      advertiserId: usId,
      campaignIds: [evergreen.campaign_id],
    });
    expect(reread?.budget).toBe(650);
  });

  it('changes statuses in batches of 20 and reports each batch on its own', async () => {
    const { client } = clientFor(emulator);
    const created = [];
    for (let i = 0; i < 24; i += 1) {
      const { campaign } = await client.campaigns.create(token, {
        advertiserId: usId,
        name: `Bulk test ${i}`,
        objectiveType: 'TRAFFIC',
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 60,
      });
      created.push(campaign.campaign_id);
    }
    await emulator.control.clearCalls();
    const outcomes = await client.campaigns.updateStatus(token, {
      advertiserId: usId,
      campaignIds: created,
      status: 'DISABLE',
    });
    expect(outcomes.map((o) => [o.ok, o.ids.length])).toEqual([
      [true, 20],
      [true, 4],
    ]);
    expect((await emulator.control.calls({ path: 'campaign/status/update/' })).total).toBe(2);
    const after = await client.campaigns.list(token, { advertiserId: usId, campaignIds: created });
    expect(new Set(after.map((c) => c.operation_status))).toEqual(new Set(['DISABLE']));
  });

  it('keeps going when one batch fails, so the caller knows exactly which ids changed', async () => {
    const { client } = clientFor(emulator);
    const created: string[] = [];
    for (let i = 0; i < 21; i += 1) {
      const { campaign } = await client.campaigns.create(token, {
        advertiserId: usId,
        name: `Batch failure test ${i}`,
        objectiveType: 'TRAFFIC',
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 60,
      });
      created.push(campaign.campaign_id);
    }
    const foreign = state.campaigns.find((c) => c.advertiser_id !== usId);
    if (!foreign) throw new Error('seed has campaigns in other accounts');
    // The second batch holds the last new campaign and an id of another account.
    const outcomes = await client.campaigns.updateStatus(token, {
      advertiserId: usId,
      campaignIds: [...created, foreign.campaign_id],
      status: 'DISABLE',
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    const failed = outcomes[1];
    if (failed?.ok !== false) throw new Error('expected the second batch to fail');
    expect(failed.ids).toEqual([created[20], foreign.campaign_id]);
    expect(failed.error).toMatchObject({ code: 40007, category: 'invalid_request' });

    const after = await client.campaigns.list(token, { advertiserId: usId, campaignIds: created });
    const status = new Map(after.map((c) => [c.campaign_id, c.operation_status]));
    expect(created.slice(0, 20).every((id) => status.get(id) === 'DISABLE')).toBe(true);
    expect(status.get(created[20] ?? '')).toBe('ENABLE');
  });

  it('updates ad group budgets and bids, and lists ad groups by campaign', async () => {
    const { client } = clientFor(emulator);
    const evergreen = campaignNamed('US | Prospecting | Evergreen');
    const groups = await client.adGroups.list(token, {
      advertiserId: usId,
      campaignIds: [evergreen.campaign_id],
    });
    expect(groups.map((g) => g.adgroup_name)).toContain('US | Interest: Home decor | Purchase');

    const homeDecor = adGroupNamed('US | Interest: Home decor | Purchase');
    const { adGroup } = await client.adGroups.update(token, {
      advertiserId: usId,
      adgroupId: homeDecor.adgroup_id,
      budget: 140,
      conversionBidPrice: 30,
    });
    expect([adGroup.budget, adGroup.conversion_bid_price]).toEqual([140, 30]);
  });

  it('applies lifetime budgets at once and schedules daily ones for tomorrow', async () => {
    const { client } = clientFor(emulator);
    const lifetime = adGroupNamed('US | Spring | Traffic broad');
    const daily = adGroupNamed('US | Broad 45+ | Purchase');
    const lifetimeOutcomes = await client.adGroups.updateBudgets(token, {
      advertiserId: usId,
      change: { kind: 'lifetime', items: [{ adgroupId: lifetime.adgroup_id, budget: 2_400 }] },
    });
    const dailyOutcomes = await client.adGroups.updateBudgets(token, {
      advertiserId: usId,
      change: { kind: 'scheduled-daily', items: [{ adgroupId: daily.adgroup_id, budget: 75 }] },
    });
    expect([lifetimeOutcomes[0]?.ok, dailyOutcomes[0]?.ok]).toEqual([true, true]);

    const after = await client.adGroups.list(token, {
      advertiserId: usId,
      adgroupIds: [lifetime.adgroup_id, daily.adgroup_id],
    });
    const byId = new Map(after.map((g) => [g.adgroup_id, g]));
    expect(byId.get(lifetime.adgroup_id)?.budget).toBe(2_400);
    expect(byId.get(daily.adgroup_id)?.budget).toBe(60);
    expect(byId.get(daily.adgroup_id)?.scheduled_budget).toBe(75);
  });

  it('uses partial success for ad group status changes when asked', async () => {
    const { client } = clientFor(emulator);
    const live = adGroupNamed('US | Broad 45+ | Purchase');
    const deleted = adGroupNamed('US | Viewed product 3d | Purchase (old)');
    const [outcome] = await client.adGroups.updateStatus(token, {
      advertiserId: usId,
      adgroupIds: [live.adgroup_id, deleted.adgroup_id],
      status: 'DISABLE',
      allowPartialSuccess: true,
    });
    if (!outcome?.ok) throw new Error('expected a partial success');
    expect(outcome.code).toBe(20001);
    expect(outcome.data.adgroup_ids).toEqual([live.adgroup_id]);
    expect(outcome.data.error_list?.map((e) => e.adgroup_id)).toEqual([deleted.adgroup_id]);
  });

  it('creates campaigns idempotently: a repeated key creates only once', async () => {
    const { client } = clientFor(emulator);
    const input = {
      advertiserId: usId,
      name: 'Idempotent launch',
      objectiveType: 'WEB_CONVERSIONS',
      budgetMode: 'BUDGET_MODE_DAY' as const,
      budget: 100,
      idempotencyKey: '912345678901234567',
    };
    const first = await client.campaigns.create(token, input);
    const second = await client.campaigns.create(token, input);
    expect(second.campaign.campaign_id).toBe(first.campaign.campaign_id);
    const named = (await client.campaigns.list(token, { advertiserId: usId })).filter(
      (c) => c.campaign_name === 'Idempotent launch',
    );
    expect(named).toHaveLength(1);
  });

  it('creates an ad group, then 25 ads in two calls of at most 20', async () => {
    const { client } = clientFor(emulator);
    const retargeting = campaignNamed('US | Retargeting | Cart abandoners');
    const start = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const { adGroup } = await client.adGroups.create(token, {
      advertiserId: usId,
      campaignId: retargeting.campaign_id,
      fields: {
        adgroup_name: 'Client test ad group',
        budget_mode: 'BUDGET_MODE_DAY',
        budget: 40,
        billing_event: 'OCPM',
        optimization_goal: 'CONVERT',
        pacing: 'PACING_MODE_SMOOTH',
        schedule_type: 'SCHEDULE_FROM_NOW',
        schedule_start_time: start,
        placement_type: 'PLACEMENT_TYPE_AUTOMATIC',
        location_ids: ['6252001'],
      },
    });
    expect(adGroup.adgroup_id).toMatch(/^\d{19}$/);

    const identity = state.ads[0]?.identity_id;
    const creatives = Array.from({ length: 25 }, (_, i) => ({
      ad_name: `Client test ad ${i + 1}`,
      ad_format: 'SINGLE_VIDEO',
      ad_text: 'Cosy homes start here.',
      identity_id: identity,
      identity_type: 'CUSTOMIZED_USER',
      video_id: 'v10033g50000clienttest',
      call_to_action: 'SHOP_NOW',
      landing_page_url: 'https://bayme.example/',
    }));
    await emulator.control.clearCalls();
    const outcomes = await client.ads.create(token, {
      advertiserId: usId,
      adgroupId: adGroup.adgroup_id,
      creatives,
    });
    expect(outcomes.map((o) => (o.ok ? o.adIds.length : -1))).toEqual([20, 5]);
    expect((await emulator.control.calls({ path: 'ad/create/' })).total).toBe(2);

    const ads = await client.ads.list(token, {
      advertiserId: usId,
      adgroupIds: [adGroup.adgroup_id],
    });
    expect(ads).toHaveLength(25);
    const paused = await client.ads.updateStatus(token, {
      advertiserId: usId,
      adIds: ads.map((ad) => ad.ad_id),
      status: 'DISABLE',
    });
    expect(paused.map((o) => o.ok)).toEqual([true, true]);
  });
});
