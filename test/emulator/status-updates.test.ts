import { describe, expect, it } from 'vitest';
import { seededEmulator } from '../helpers/seeded-emulator';
import { addDays, localDate, START, unknownIds } from './support';

/** Reference §5: campaign/adgroup/ad status/update. */

const emulator = seededEmulator();

const post = (path: string, body: Record<string, unknown>) =>
  emulator.api.post(path, body, emulator.token);

async function campaignNow(campaignId: string): Promise<any> {
  const response = await emulator.api.get(
    'campaign/get/',
    {
      advertiser_id: emulator.usId,
      filtering: { campaign_ids: [campaignId], primary_status: 'STATUS_ALL' },
    },
    emulator.token,
  );
  return response.body.data.list[0];
}

async function adGroupsNow(filtering: Record<string, unknown>): Promise<any[]> {
  const response = await emulator.api.get(
    'adgroup/get/',
    {
      advertiser_id: emulator.usId,
      page_size: 1000,
      filtering: { primary_status: 'STATUS_ALL', ...filtering },
    },
    emulator.token,
  );
  return response.body.data.list;
}

async function adsNow(filtering: Record<string, unknown>): Promise<any[]> {
  const response = await emulator.api.get(
    'ad/get/',
    {
      advertiser_id: emulator.usId,
      page_size: 1000,
      filtering: { primary_status: 'STATUS_ALL', ...filtering },
    },
    emulator.token,
  );
  return response.body.data.list;
}

const BATCHES = [
  { path: 'campaign/status/update/', idsField: 'campaign_ids' },
  { path: 'adgroup/status/update/', idsField: 'adgroup_ids' },
  { path: 'ad/status/update/', idsField: 'ad_ids' },
];

describe.each(BATCHES)('$path batch size', ({ path, idsField }) => {
  it('answers 40011 for 21 ids', async () => {
    const response = await post(path, {
      advertiser_id: emulator.usId,
      [idsField]: unknownIds(21),
      operation_status: 'DISABLE',
    });

    expect(response.body.code).toBe(40011);
  });

  it('answers 40002 for an empty list', async () => {
    const response = await post(path, {
      advertiser_id: emulator.usId,
      [idsField]: [],
      operation_status: 'DISABLE',
    });

    expect(response.body.code).toBe(40002);
  });
});

describe('campaign/status/update/', () => {
  it('accepts 20 ids', async () => {
    const ids = emulator.seed.snapshot.campaigns
      .filter((c) => c.advertiser_id === emulator.usId)
      .map((c) => c.campaign_id);
    const padded = [...ids, ...ids, ...ids, ...ids, ...ids].slice(0, 20);
    expect(padded).toHaveLength(20);

    const response = await post('campaign/status/update/', {
      advertiser_id: emulator.usId,
      campaign_ids: padded,
      operation_status: 'DISABLE',
    });

    expect(response.body.code).toBe(0);
    expect([...response.body.data.campaign_ids].sort()).toEqual([...ids].sort());
  });

  it('disables and re-enables a campaign', async () => {
    const campaign = emulator.seed.campaign('US | Prospecting | Evergreen');

    const disable = await post('campaign/status/update/', {
      advertiser_id: emulator.usId,
      campaign_ids: [campaign.campaign_id],
      operation_status: 'DISABLE',
    });
    expect(disable.body.code).toBe(0);
    expect(disable.body.data).toMatchObject({
      campaign_ids: [campaign.campaign_id],
      status: 'DISABLE',
      campaign_list: [{ campaign_id: campaign.campaign_id, status: 'DISABLE' }],
    });
    expect(await campaignNow(campaign.campaign_id)).toMatchObject({
      operation_status: 'DISABLE',
      secondary_status: 'CAMPAIGN_STATUS_DISABLE',
    });

    const enable = await post('campaign/status/update/', {
      advertiser_id: emulator.usId,
      campaign_ids: [campaign.campaign_id],
      operation_status: 'ENABLE',
    });
    expect(enable.body.code).toBe(0);
    expect((await campaignNow(campaign.campaign_id)).operation_status).toBe('ENABLE');
  });

  it('answers 40007 for a campaign that does not exist', async () => {
    const response = await post('campaign/status/update/', {
      advertiser_id: emulator.usId,
      campaign_ids: unknownIds(1),
      operation_status: 'DISABLE',
    });

    expect(response.body.code).toBe(40007);
  });

  it('makes DELETE irreversible: a later ENABLE answers 40002', async () => {
    const campaign = emulator.seed.campaign('US | Prospecting | Evergreen');

    const deleted = await post('campaign/status/update/', {
      advertiser_id: emulator.usId,
      campaign_ids: [campaign.campaign_id],
      operation_status: 'DELETE',
    });
    expect(deleted.body.code).toBe(0);

    const enable = await post('campaign/status/update/', {
      advertiser_id: emulator.usId,
      campaign_ids: [campaign.campaign_id],
      operation_status: 'ENABLE',
    });
    expect(enable.body.code).toBe(40002);
    expect((await campaignNow(campaign.campaign_id)).secondary_status).toBe(
      'CAMPAIGN_STATUS_DELETE',
    );
    const listed = await emulator.api.get(
      'campaign/get/',
      { advertiser_id: emulator.usId },
      emulator.token,
    );
    expect(listed.body.data.list.map((c: any) => c.campaign_id)).not.toContain(
      campaign.campaign_id,
    );
  });

  it('deletes the ad groups and ads of a deleted campaign', async () => {
    const campaign = emulator.seed.campaign('US | Prospecting | Evergreen');
    const adGroupIds = emulator.seed.snapshot.adgroups
      .filter((g) => g.campaign_id === campaign.campaign_id)
      .map((g) => g.adgroup_id);
    expect(adGroupIds).toHaveLength(5);

    await post('campaign/status/update/', {
      advertiser_id: emulator.usId,
      campaign_ids: [campaign.campaign_id],
      operation_status: 'DELETE',
    });

    const adGroups = await adGroupsNow({ campaign_ids: [campaign.campaign_id] });
    expect(adGroups.map((g) => g.adgroup_id).sort()).toEqual([...adGroupIds].sort());
    for (const adGroup of adGroups) expect(adGroup.secondary_status).toBe('ADGROUP_STATUS_DELETE');
    const ads = await adsNow({ campaign_ids: [campaign.campaign_id] });
    expect(ads).toHaveLength(15);
    for (const ad of ads) expect(ad.secondary_status).toBe('AD_STATUS_DELETE');

    const visibleGroups = await emulator.api.get(
      'adgroup/get/',
      { advertiser_id: emulator.usId, filtering: { campaign_ids: [campaign.campaign_id] } },
      emulator.token,
    );
    expect(visibleGroups.body.data.list).toEqual([]);
    const enableChild = await post('adgroup/status/update/', {
      advertiser_id: emulator.usId,
      adgroup_ids: [adGroupIds[0]],
      operation_status: 'ENABLE',
    });
    expect(enableChild.body.code).toBe(40002);
  });
  it('drops the ad groups and ads of a deleted campaign from default reports', async () => {
    const campaign = emulator.seed.campaign('US | Prospecting | Evergreen');
    const yesterday = addDays(localDate(START, 'America/Los_Angeles'), -1);
    const report = (level: string, dimension: string, status?: string) =>
      emulator.api.get(
        'report/integrated/get/',
        {
          advertiser_id: emulator.usId,
          report_type: 'BASIC',
          data_level: level,
          dimensions: [dimension],
          start_date: yesterday,
          end_date: yesterday,
          page_size: 1000,
          filtering: [
            {
              field_name: 'campaign_ids',
              filter_type: 'IN',
              filter_value: JSON.stringify([campaign.campaign_id]),
            },
            ...(status
              ? [{ field_name: status, filter_type: 'IN', filter_value: '["STATUS_ALL"]' }]
              : []),
          ],
        },
        emulator.token,
      );
    expect((await report('AUCTION_ADGROUP', 'adgroup_id')).body.data.list.length).toBeGreaterThan(
      0,
    );

    await post('campaign/status/update/', {
      advertiser_id: emulator.usId,
      campaign_ids: [campaign.campaign_id],
      operation_status: 'DELETE',
    });

    expect((await report('AUCTION_ADGROUP', 'adgroup_id')).body.data.list).toEqual([]);
    expect((await report('AUCTION_AD', 'ad_id')).body.data.list).toEqual([]);
    const all = await report('AUCTION_ADGROUP', 'adgroup_id', 'adgroup_status');
    expect(all.body.data.list.length).toBeGreaterThan(0);
  });
});

describe('adgroup/status/update/', () => {
  it('disables and re-enables an ad group', async () => {
    const adGroup = emulator.seed.adGroup('US | Broad 18-44 | Purchase');

    const disable = await post('adgroup/status/update/', {
      advertiser_id: emulator.usId,
      adgroup_ids: [adGroup.adgroup_id],
      operation_status: 'DISABLE',
    });
    expect(disable.body.code).toBe(0);
    expect(disable.body.data).toMatchObject({
      adgroup_ids: [adGroup.adgroup_id],
      status: 'DISABLE',
    });
    expect((await adGroupsNow({ adgroup_ids: [adGroup.adgroup_id] }))[0].operation_status).toBe(
      'DISABLE',
    );

    await post('adgroup/status/update/', {
      advertiser_id: emulator.usId,
      adgroup_ids: [adGroup.adgroup_id],
      operation_status: 'ENABLE',
    });
    expect((await adGroupsNow({ adgroup_ids: [adGroup.adgroup_id] }))[0]).toMatchObject({
      operation_status: 'ENABLE',
      secondary_status: 'ADGROUP_STATUS_DELIVERY_OK',
    });
  });

  it('deletes the ads of a deleted ad group', async () => {
    const adGroup = emulator.seed.adGroup('US | Broad 18-44 | Purchase');

    const response = await post('adgroup/status/update/', {
      advertiser_id: emulator.usId,
      adgroup_ids: [adGroup.adgroup_id],
      operation_status: 'DELETE',
    });

    expect(response.body.code).toBe(0);
    const ads = await adsNow({ adgroup_ids: [adGroup.adgroup_id] });
    expect(ads).toHaveLength(3);
    for (const ad of ads) expect(ad.secondary_status).toBe('AD_STATUS_DELETE');
  });

  it('without allow_partial_success, fails the whole batch when one id is invalid', async () => {
    const valid = emulator.seed.adGroup('US | Broad 18-44 | Purchase');
    const deleted = emulator.seed.adGroup('US | Viewed product 3d | Purchase (old)');

    const response = await post('adgroup/status/update/', {
      advertiser_id: emulator.usId,
      adgroup_ids: [valid.adgroup_id, deleted.adgroup_id],
      operation_status: 'DISABLE',
    });

    expect(response.body.code).not.toBe(0);
    expect(response.body.code).not.toBe(20001);
    expect(response.body.data).toEqual({});
    expect((await adGroupsNow({ adgroup_ids: [valid.adgroup_id] }))[0].operation_status).toBe(
      'ENABLE',
    );
  });

  it('with allow_partial_success, applies the valid ids and answers 20001 with an error_list', async () => {
    const valid = emulator.seed.adGroup('US | Broad 18-44 | Purchase');
    const alsoValid = emulator.seed.adGroup('US | Broad 45+ | Purchase');
    const deleted = emulator.seed.adGroup('US | Viewed product 3d | Purchase (old)');
    const [missing] = unknownIds(1);

    const response = await post('adgroup/status/update/', {
      advertiser_id: emulator.usId,
      adgroup_ids: [valid.adgroup_id, deleted.adgroup_id, alsoValid.adgroup_id, missing],
      operation_status: 'DISABLE',
      allow_partial_success: true,
    });

    expect(response.body.code).toBe(20001);
    expect([...response.body.data.adgroup_ids].sort()).toEqual(
      [valid.adgroup_id, alsoValid.adgroup_id].sort(),
    );
    const errors = response.body.data.error_list;
    expect(errors.map((e: any) => e.adgroup_id).sort()).toEqual(
      [deleted.adgroup_id, missing].sort(),
    );
    for (const error of errors) expect(error.error_message.length).toBeGreaterThan(0);
    const after = await adGroupsNow({ adgroup_ids: [valid.adgroup_id, alsoValid.adgroup_id] });
    for (const adGroup of after) expect(adGroup.operation_status).toBe('DISABLE');
  });

  it('with allow_partial_success and no errors, answers 0 without an error_list', async () => {
    const valid = emulator.seed.adGroup('US | Broad 18-44 | Purchase');

    const response = await post('adgroup/status/update/', {
      advertiser_id: emulator.usId,
      adgroup_ids: [valid.adgroup_id],
      operation_status: 'DISABLE',
      allow_partial_success: true,
    });

    expect(response.body.code).toBe(0);
    expect(response.body.data.error_list ?? []).toEqual([]);
  });
});

describe('ad/status/update/', () => {
  it('disables and re-enables an ad', async () => {
    const adGroup = emulator.seed.adGroup('US | Broad 18-44 | Purchase');
    const ad = emulator.seed
      .adsOf(adGroup.adgroup_id)
      .find((a) => !a.deleted && a.operation_status === 'ENABLE');
    if (!ad) throw new Error('No live ad in the seed');

    const disable = await post('ad/status/update/', {
      advertiser_id: emulator.usId,
      ad_ids: [ad.ad_id],
      operation_status: 'DISABLE',
    });
    expect(disable.body.code).toBe(0);
    expect(disable.body.data).toMatchObject({ ad_ids: [ad.ad_id], status: 'DISABLE' });
    expect((await adsNow({ ad_ids: [ad.ad_id] }))[0].operation_status).toBe('DISABLE');

    await post('ad/status/update/', {
      advertiser_id: emulator.usId,
      ad_ids: [ad.ad_id],
      operation_status: 'ENABLE',
    });
    expect((await adsNow({ ad_ids: [ad.ad_id] }))[0].operation_status).toBe('ENABLE');
  });

  it('makes DELETE irreversible for an ad', async () => {
    const adGroup = emulator.seed.adGroup('US | Broad 18-44 | Purchase');
    const ad = emulator.seed.adsOf(adGroup.adgroup_id).find((a) => !a.deleted);
    if (!ad) throw new Error('No live ad in the seed');

    await post('ad/status/update/', {
      advertiser_id: emulator.usId,
      ad_ids: [ad.ad_id],
      operation_status: 'DELETE',
    });
    const enable = await post('ad/status/update/', {
      advertiser_id: emulator.usId,
      ad_ids: [ad.ad_id],
      operation_status: 'ENABLE',
    });

    expect(enable.body.code).toBe(40002);
    expect((await adsNow({ ad_ids: [ad.ad_id] }))[0].secondary_status).toBe('AD_STATUS_DELETE');
  });
});
