import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { unknownIds, type World, world } from './support';

/** Reference §2 and §4: campaign/get, adgroup/get, ad/get. */

let emulator: TestEmulator;
let token: string;
let seed: World;
let usId: string;
let ukId: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  token = await emulator.control.mintToken();
  seed = world(await emulator.control.state());
  usId = seed.account('USD').advertiser_id;
  ukId = seed.account('GBP').advertiser_id;
});

afterAll(() => emulator.close());

const get = (path: string, params: Record<string, unknown>) =>
  emulator.api.get(path, params, token);

interface Level {
  path: string;
  idField: string;
  idFilter: string;
  fields: [string, string];
}

const LEVELS: Level[] = [
  {
    path: 'campaign/get/',
    idField: 'campaign_id',
    idFilter: 'campaign_ids',
    fields: ['campaign_id', 'budget'],
  },
  {
    path: 'adgroup/get/',
    idField: 'adgroup_id',
    idFilter: 'adgroup_ids',
    fields: ['adgroup_id', 'bid_type'],
  },
  { path: 'ad/get/', idField: 'ad_id', idFilter: 'ad_ids', fields: ['ad_id', 'ad_name'] },
];

/** Every row of a listing, page by page, as a client loops while page < total_page. */
async function allPages(path: string, params: Record<string, unknown>, pageSize: number) {
  const rows: any[] = [];
  let page = 1;
  let totalPage = 1;
  let totalNumber = 0;
  do {
    const response = await get(path, { ...params, page, page_size: pageSize });
    expect(response.body.code).toBe(0);
    const info = response.body.data.page_info;
    expect(info.page).toBe(page);
    expect(info.page_size).toBe(pageSize);
    rows.push(...response.body.data.list);
    totalPage = info.total_page;
    totalNumber = info.total_number;
    page += 1;
  } while (page <= totalPage);
  return { rows, totalPage, totalNumber };
}

describe.each(LEVELS)('$path', ({ path, idField, idFilter, fields }) => {
  it('returns only the requested fields', async () => {
    const response = await get(path, { advertiser_id: usId, fields });

    expect(response.body.code).toBe(0);
    expect(response.body.data.list.length).toBeGreaterThan(0);
    for (const row of response.body.data.list)
      expect(Object.keys(row).sort()).toEqual([...fields].sort());
  });

  it('rejects an unknown field with 40002', async () => {
    const response = await get(path, { advertiser_id: usId, fields: [idField, 'no_such_field'] });

    expect(response.body.code).toBe(40002);
  });

  it('accepts 100 ids in its id filter', async () => {
    const response = await get(path, {
      advertiser_id: usId,
      filtering: { [idFilter]: unknownIds(100) },
    });

    expect(response.body.code).toBe(0);
    expect(response.body.data.list).toEqual([]);
  });

  it('answers 40011 for 101 ids in its id filter', async () => {
    const response = await get(path, {
      advertiser_id: usId,
      filtering: { [idFilter]: unknownIds(101) },
    });

    expect(response.body.code).toBe(40011);
  });

  it('accepts page_size 1000 and rejects 1001 and 0 with 40002', async () => {
    expect((await get(path, { advertiser_id: usId, page_size: 1000 })).body.code).toBe(0);
    expect((await get(path, { advertiser_id: usId, page_size: 1001 })).body.code).toBe(40002);
    expect((await get(path, { advertiser_id: usId, page_size: 0 })).body.code).toBe(40002);
  });

  it('defaults to page 1 of 10 and describes paging in page_info', async () => {
    const response = await get(path, { advertiser_id: usId });

    const info = response.body.data.page_info;
    expect(info.page).toBe(1);
    expect(info.page_size).toBe(10);
    expect(info.total_page).toBe(Math.ceil(info.total_number / 10));
    expect(response.body.data.list.length).toBe(Math.min(10, info.total_number));
  });

  it('pages through every row exactly once', async () => {
    const everything = await get(path, { advertiser_id: usId, page_size: 1000 });
    const expected = everything.body.data.list.map((row: any) => row[idField]);

    const paged = await allPages(path, { advertiser_id: usId }, 3);

    expect(paged.totalNumber).toBe(expected.length);
    expect(paged.totalPage).toBe(Math.ceil(expected.length / 3));
    expect(paged.rows.map((row) => row[idField])).toEqual(expected);
  });

  it('returns an empty list past the last page', async () => {
    const response = await get(path, { advertiser_id: usId, page: 999, page_size: 10 });

    expect(response.body.code).toBe(0);
    expect(response.body.data.list).toEqual([]);
    expect(response.body.data.page_info.page).toBe(999);
  });
});

describe('deleted entities', () => {
  it('campaign/get hides deleted campaigns unless primary_status is STATUS_ALL or STATUS_DELETE', async () => {
    const deleted = seed.campaign('UK | Summer 2026 (ended)');
    const live = seed.campaign('UK | Video views | Brand');
    const ids = (response: any) => response.body.data.list.map((c: any) => c.campaign_id);

    const byDefault = await get('campaign/get/', { advertiser_id: ukId });
    const all = await get('campaign/get/', {
      advertiser_id: ukId,
      filtering: { primary_status: 'STATUS_ALL' },
    });
    const onlyDeleted = await get('campaign/get/', {
      advertiser_id: ukId,
      filtering: { primary_status: 'STATUS_DELETE' },
    });

    expect(ids(byDefault)).not.toContain(deleted.campaign_id);
    expect(ids(byDefault)).toContain(live.campaign_id);
    expect(byDefault.body.data.page_info.total_number).toBe(2);
    expect(ids(all)).toContain(deleted.campaign_id);
    expect(all.body.data.page_info.total_number).toBe(3);
    expect(ids(onlyDeleted)).toEqual([deleted.campaign_id]);
    expect(onlyDeleted.body.data.list[0].secondary_status).toBe('CAMPAIGN_STATUS_DELETE');
  });

  it('adgroup/get hides deleted ad groups unless primary_status is STATUS_ALL', async () => {
    const deleted = seed.adGroup('US | Viewed product 3d | Purchase (old)');
    const campaignIds = [deleted.campaign_id];
    const ids = (response: any) => response.body.data.list.map((g: any) => g.adgroup_id);

    const byDefault = await get('adgroup/get/', {
      advertiser_id: usId,
      filtering: { campaign_ids: campaignIds },
    });
    const all = await get('adgroup/get/', {
      advertiser_id: usId,
      filtering: { campaign_ids: campaignIds, primary_status: 'STATUS_ALL' },
    });

    expect(ids(byDefault)).toHaveLength(3);
    expect(ids(byDefault)).not.toContain(deleted.adgroup_id);
    expect(ids(all)).toHaveLength(4);
    const shown = all.body.data.list.find((g: any) => g.adgroup_id === deleted.adgroup_id);
    expect(shown.secondary_status).toBe('ADGROUP_STATUS_DELETE');
  });

  it('ad/get hides deleted ads unless primary_status is STATUS_ALL or STATUS_DELETE', async () => {
    const deletedAds = seed.snapshot.ads.filter((ad) => ad.advertiser_id === usId && ad.deleted);
    const liveAds = seed.snapshot.ads.filter((ad) => ad.advertiser_id === usId && !ad.deleted);
    expect(deletedAds.length).toBeGreaterThan(0);

    const byDefault = await get('ad/get/', { advertiser_id: usId, page_size: 1000 });
    const all = await get('ad/get/', {
      advertiser_id: usId,
      page_size: 1000,
      filtering: { primary_status: 'STATUS_ALL' },
    });
    const onlyDeleted = await get('ad/get/', {
      advertiser_id: usId,
      page_size: 1000,
      filtering: { primary_status: 'STATUS_DELETE' },
    });

    const ids = (response: any) => response.body.data.list.map((ad: any) => ad.ad_id).sort();
    expect(ids(byDefault)).toEqual(liveAds.map((ad) => ad.ad_id).sort());
    expect(ids(all)).toEqual([...liveAds, ...deletedAds].map((ad) => ad.ad_id).sort());
    expect(ids(onlyDeleted)).toEqual(deletedAds.map((ad) => ad.ad_id).sort());
    for (const ad of onlyDeleted.body.data.list)
      expect(ad.secondary_status).toBe('AD_STATUS_DELETE');
  });
});

describe('deleted entities through secondary_status', () => {
  it('ad/get returns deleted ads with secondary_status AD_STATUS_ALL', async () => {
    const deletedIds = seed.snapshot.ads
      .filter((ad) => ad.advertiser_id === usId && ad.deleted)
      .map((ad) => ad.ad_id);

    const response = await get('ad/get/', {
      advertiser_id: usId,
      page_size: 1000,
      filtering: { secondary_status: 'AD_STATUS_ALL' },
    });

    const ids = response.body.data.list.map((ad: any) => ad.ad_id);
    for (const id of deletedIds) expect(ids).toContain(id);
    expect(ids).toHaveLength(seed.snapshot.ads.filter((ad) => ad.advertiser_id === usId).length);
  });

  it('campaign/get returns deleted campaigns with secondary_status CAMPAIGN_STATUS_DELETE', async () => {
    const response = await get('campaign/get/', {
      advertiser_id: ukId,
      filtering: { secondary_status: 'CAMPAIGN_STATUS_DELETE' },
    });

    expect(response.body.data.list.map((c: any) => c.campaign_id)).toEqual([
      seed.campaign('UK | Summer 2026 (ended)').campaign_id,
    ]);
  });
});

describe('campaign/get', () => {
  it('sorts campaigns by campaign_id, descending', async () => {
    const response = await get('campaign/get/', {
      advertiser_id: ukId,
      filtering: { primary_status: 'STATUS_ALL' },
    });
    const ids: string[] = response.body.data.list.map((c: any) => c.campaign_id);
    const sorted = [...ids].sort((a, b) =>
      BigInt(b) > BigInt(a) ? 1 : BigInt(b) < BigInt(a) ? -1 : 0,
    );

    expect(ids).toHaveLength(3);
    expect(ids).toEqual(sorted);
  });

  it('keeps the descending order across pages', async () => {
    const paged = await allPages(
      'campaign/get/',
      { advertiser_id: usId, fields: ['campaign_id'] },
      1,
    );
    const ids = paged.rows.map((row) => BigInt(row.campaign_id));

    expect(ids).toHaveLength(4);
    for (let i = 1; i < ids.length; i += 1) {
      expect((ids[i - 1] ?? 0n) > (ids[i] ?? 0n)).toBe(true);
    }
  });

  it('returns the seeded budgets and statuses', async () => {
    const response = await get('campaign/get/', { advertiser_id: usId });
    const byName = new Map<string, any>(
      response.body.data.list.map((c: any) => [c.campaign_name, c]),
    );

    expect(byName.get('US | Prospecting | Evergreen')).toMatchObject({
      budget_mode: 'BUDGET_MODE_DAY',
      budget: 500,
      operation_status: 'ENABLE',
      objective_type: 'WEB_CONVERSIONS',
    });
    expect(byName.get('US | Retargeting | Cart abandoners')).toMatchObject({
      budget_mode: 'BUDGET_MODE_INFINITE',
      budget: 0,
    });
    expect(byName.get('US | Spring launch | Lifetime')).toMatchObject({
      budget_mode: 'BUDGET_MODE_TOTAL',
      operation_status: 'DISABLE',
    });
  });

  it('returns budget_optimize_on only for campaigns that use it', async () => {
    const response = await get('campaign/get/', { advertiser_id: usId });
    const byName = new Map<string, any>(
      response.body.data.list.map((c: any) => [c.campaign_name, c]),
    );

    expect(byName.get('US | Black Friday 2026 | CBO').budget_optimize_on).toBe(true);
    expect(byName.get('US | Prospecting | Evergreen')).not.toHaveProperty('budget_optimize_on');
  });

  it('drops null fields when asked with exclude_field_types_in_response', async () => {
    const withNulls = await get('campaign/get/', { advertiser_id: usId });
    const withoutNulls = await get('campaign/get/', {
      advertiser_id: usId,
      exclude_field_types_in_response: ['NULL_FIELD'],
    });

    const nullsIn = (list: any[]) =>
      list.flatMap((row) => Object.entries(row).filter(([, value]) => value === null));
    expect(nullsIn(withNulls.body.data.list).length).toBeGreaterThan(0);
    expect(nullsIn(withoutNulls.body.data.list)).toEqual([]);
  });

  it('filters by campaign_ids', async () => {
    const wanted = [
      seed.campaign('US | Prospecting | Evergreen').campaign_id,
      seed.campaign('US | Black Friday 2026 | CBO').campaign_id,
    ];
    const response = await get('campaign/get/', {
      advertiser_id: usId,
      filtering: { campaign_ids: wanted },
    });

    expect(response.body.data.list.map((c: any) => c.campaign_id).sort()).toEqual(
      [...wanted].sort(),
    );
  });
});

describe('adgroup/get', () => {
  it('returns the seeded bid and budget fields', async () => {
    const seeded = seed.adGroup('US | Interest: Home decor | Purchase');
    const response = await get('adgroup/get/', {
      advertiser_id: usId,
      filtering: { adgroup_ids: [seeded.adgroup_id] },
    });

    expect(response.body.data.list).toHaveLength(1);
    expect(response.body.data.list[0]).toMatchObject({
      adgroup_id: seeded.adgroup_id,
      campaign_id: seeded.campaign_id,
      budget_mode: 'BUDGET_MODE_DAY',
      budget: 120,
      bid_type: 'BID_TYPE_CUSTOM',
      billing_event: 'OCPM',
      conversion_bid_price: 28.5,
      bid_price: 0,
      operation_status: 'ENABLE',
    });
  });
});
