import { beforeEach, describe, expect, it } from 'vitest';
import { seededEmulator } from '../helpers/seeded-emulator';
import { addDays, cents, DAY_MS, HOUR_MS, localDate, START, unknownIds } from './support';

/** Reference §7.1: report/integrated/get, BASIC reports at every AUCTION data level. */

const LA = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';
/** Local dates at START: 2026-06-17 in Los Angeles, 2026-06-18 in Tokyo. */
const US_TODAY = localDate(START, LA);
const US_YESTERDAY = addDays(US_TODAY, -1);
const JP_TODAY = localDate(START, TOKYO);

const emulator = seededEmulator();
let jpId: string;

beforeEach(() => {
  jpId = emulator.seed.account('JPY').advertiser_id;
});

type Level = 'AUCTION_ADVERTISER' | 'AUCTION_CAMPAIGN' | 'AUCTION_ADGROUP' | 'AUCTION_AD';

const ID_DIMENSION: Record<Level, string> = {
  AUCTION_ADVERTISER: 'advertiser_id',
  AUCTION_CAMPAIGN: 'campaign_id',
  AUCTION_ADGROUP: 'adgroup_id',
  AUCTION_AD: 'ad_id',
};

function report(advertiserId: string, level: Level, params: Record<string, unknown>) {
  return emulator.api.get(
    'report/integrated/get/',
    {
      advertiser_id: advertiserId,
      report_type: 'BASIC',
      data_level: level,
      dimensions: [ID_DIMENSION[level]],
      page_size: 1000,
      ...params,
    },
    emulator.token,
  );
}

const idFilter = (field: string, ids: string[]) => [
  { field_name: field, filter_type: 'IN', filter_value: JSON.stringify(ids) },
];

/** Spend of one ad group on one local date, as a number of currency units. */
async function adGroupSpend(name: string, date: string): Promise<number> {
  const adGroup = emulator.seed.adGroup(name);
  const response = await report(adGroup.advertiser_id, 'AUCTION_ADGROUP', {
    metrics: ['spend'],
    start_date: date,
    end_date: date,
    filtering: idFilter('adgroup_ids', [adGroup.adgroup_id]),
  });
  expect(response.body.code, response.body.message).toBe(0);
  return Number(response.body.data.list[0]?.metrics.spend ?? '0');
}

describe('metrics', () => {
  const METRICS = [
    'spend',
    'impressions',
    'clicks',
    'ctr',
    'cpc',
    'cpm',
    'conversion',
    'conversion_rate',
    'cost_per_conversion',
    'reach',
    'frequency',
  ];

  it('are all strings, money with three decimals and counts as integers', async () => {
    const response = await report(emulator.usId, 'AUCTION_CAMPAIGN', {
      dimensions: ['campaign_id', 'stat_time_day'],
      metrics: METRICS,
      start_date: addDays(US_TODAY, -6),
      end_date: US_TODAY,
    });

    expect(response.body.code).toBe(0);
    const rows = response.body.data.list;
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(Object.keys(row.metrics).sort()).toEqual([...METRICS].sort());
      for (const value of Object.values(row.metrics)) expect(typeof value).toBe('string');
      expect(row.metrics.spend).toMatch(/^\d+\.\d{3}$/);
      expect(row.metrics.impressions).toMatch(/^\d+$/);
      expect(row.metrics.clicks).toMatch(/^\d+$/);
      expect(row.dimensions.stat_time_day).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00$/);
    }
  });

  it('gives ctr and conversion_rate as percents consistent with the counts', async () => {
    const response = await report(emulator.usId, 'AUCTION_AD', {
      metrics: METRICS,
      start_date: addDays(US_TODAY, -6),
      end_date: US_YESTERDAY,
    });

    const rows = response.body.data.list.filter((row: any) => Number(row.metrics.clicks) > 0);
    expect(rows.length).toBeGreaterThan(20);
    for (const { metrics } of rows) {
      const impressions = Number(metrics.impressions);
      const clicks = Number(metrics.clicks);
      const spend = Number(metrics.spend);
      expect(Number(metrics.ctr)).toBeCloseTo((clicks / impressions) * 100, 2);
      expect(Number(metrics.conversion_rate)).toBeCloseTo(
        (Number(metrics.conversion) / clicks) * 100,
        2,
      );
      expect(Number(metrics.cpc)).toBeCloseTo(spend / clicks, 3);
      expect(Number(metrics.cpm)).toBeCloseTo((spend / impressions) * 1000, 3);
    }
  });

  it('answers "-" for purchase value and ROAS on the JPY account, which reports none', async () => {
    const metrics = ['spend', 'total_purchase_value', 'complete_payment_roas'];
    const jp = await report(jpId, 'AUCTION_CAMPAIGN', {
      metrics,
      start_date: addDays(JP_TODAY, -6),
      end_date: JP_TODAY,
    });
    const us = await report(emulator.usId, 'AUCTION_CAMPAIGN', {
      metrics,
      start_date: addDays(US_TODAY, -6),
      end_date: US_TODAY,
    });

    expect(jp.body.data.list.length).toBeGreaterThan(0);
    for (const row of jp.body.data.list) {
      expect(Number(row.metrics.spend)).toBeGreaterThan(0);
      expect(row.metrics.total_purchase_value).toBe('-');
      expect(row.metrics.complete_payment_roas).toBe('-');
    }
    expect(us.body.data.list.length).toBeGreaterThan(0);
    for (const row of us.body.data.list) {
      expect(row.metrics.total_purchase_value).toMatch(/^\d+\.\d{3}$/);
      expect(row.metrics.complete_payment_roas).toMatch(/^\d+(\.\d+)?$/);
    }
  });

  it('rejects an unknown metric with 40002', async () => {
    const response = await report(emulator.usId, 'AUCTION_CAMPAIGN', {
      metrics: ['spend', 'no_such_metric'],
      start_date: US_YESTERDAY,
      end_date: US_YESTERDAY,
    });

    expect(response.body.code).toBe(40002);
  });
});

describe('date windows', () => {
  const window = (dimensions: string[], days: number) =>
    report(emulator.usId, 'AUCTION_CAMPAIGN', {
      dimensions,
      start_date: addDays(US_YESTERDAY, -(days - 1)),
      end_date: US_YESTERDAY,
    });

  it('allows 30 days with stat_time_day and answers 40002 for 31', async () => {
    expect((await window(['campaign_id', 'stat_time_day'], 30)).body.code).toBe(0);
    expect((await window(['campaign_id', 'stat_time_day'], 31)).body.code).toBe(40002);
  });

  it('allows 1 day with stat_time_hour and answers 40002 for 2', async () => {
    const oneDay = await window(['campaign_id', 'stat_time_hour'], 1);
    expect(oneDay.body.code).toBe(0);
    expect(oneDay.body.data.list[0].dimensions.stat_time_hour).toMatch(
      new RegExp(`^${US_YESTERDAY} \\d{2}:00:00$`),
    );
    expect((await window(['campaign_id', 'stat_time_hour'], 2)).body.code).toBe(40002);
  });

  it('allows 365 days without a time dimension and answers 40002 for 366', async () => {
    expect((await window(['campaign_id'], 365)).body.code).toBe(0);
    expect((await window(['campaign_id'], 366)).body.code).toBe(40002);
  });

  it('answers 40002 for query_lifetime with a time dimension', async () => {
    for (const time of ['stat_time_day', 'stat_time_hour']) {
      const response = await report(emulator.usId, 'AUCTION_CAMPAIGN', {
        dimensions: ['campaign_id', time],
        query_lifetime: true,
      });
      expect(response.body.code).toBe(40002);
    }
  });

  it('answers query_lifetime without a time dimension, ignoring dates', async () => {
    const lifetime = await report(emulator.usId, 'AUCTION_CAMPAIGN', {
      metrics: ['spend'],
      query_lifetime: true,
    });
    const lastWeek = await report(emulator.usId, 'AUCTION_CAMPAIGN', {
      metrics: ['spend'],
      start_date: addDays(US_TODAY, -6),
      end_date: US_TODAY,
    });

    expect(lifetime.body.code).toBe(0);
    const total = (response: any) =>
      response.body.data.list.reduce((sum: number, row: any) => sum + cents(row.metrics.spend), 0);
    expect(total(lifetime)).toBeGreaterThan(total(lastWeek));
  });
});

describe('stability', () => {
  it('gives identical answers to repeated queries', async () => {
    const query = {
      dimensions: ['ad_id', 'stat_time_day'],
      metrics: ['spend', 'impressions', 'clicks', 'conversion', 'reach'],
      start_date: addDays(US_YESTERDAY, -9),
      end_date: US_YESTERDAY,
    };

    const first = await report(emulator.usId, 'AUCTION_AD', query);
    const second = await report(emulator.usId, 'AUCTION_AD', query);

    expect(first.body.code).toBe(0);
    expect(first.body.data.list.length).toBeGreaterThan(100);
    expect(second.body.data).toEqual(first.body.data);
  });

  it("grows today's spend as the clock moves forward an hour", async () => {
    const name = 'US | Broad 18-44 | Purchase';
    const before = await adGroupSpend(name, US_TODAY);

    await emulator.control.clock({ advance_ms: HOUR_MS });
    const after = await adGroupSpend(name, US_TODAY);

    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(before);
  });

  it('never changes a finished day, whatever happens afterwards', async () => {
    const query = {
      dimensions: ['adgroup_id', 'stat_time_day'],
      metrics: ['spend', 'impressions', 'clicks', 'conversion'],
      start_date: addDays(US_YESTERDAY, -2),
      end_date: US_YESTERDAY,
    };
    const before = await report(emulator.usId, 'AUCTION_ADGROUP', query);
    expect(before.body.data.list.length).toBeGreaterThan(20);

    const broad = emulator.seed.adGroup('US | Broad 18-44 | Purchase');
    const paused = await emulator.api.post(
      'adgroup/status/update/',
      {
        advertiser_id: emulator.usId,
        adgroup_ids: [broad.adgroup_id],
        operation_status: 'DISABLE',
      },
      emulator.token,
    );
    expect(paused.body.code).toBe(0);
    const rebudget = await emulator.api.post(
      'campaign/update/',
      {
        advertiser_id: emulator.usId,
        campaign_id: emulator.seed.campaign('US | Prospecting | Evergreen').campaign_id,
        budget: 900,
      },
      emulator.token,
    );
    expect(rebudget.body.code).toBe(0);
    await emulator.control.clock({ advance_ms: HOUR_MS });
    const anHourLater = await report(emulator.usId, 'AUCTION_ADGROUP', query);
    await emulator.control.clock({ advance_ms: 2 * DAY_MS });
    const daysLater = await report(emulator.usId, 'AUCTION_ADGROUP', query);

    expect(anHourLater.body.data).toEqual(before.body.data);
    expect(daysLater.body.data).toEqual(before.body.data);
  });

  it('freezes the spend of a paused ad group for the rest of the day', async () => {
    const pausedName = 'US | ATC 30d | Purchase';
    const siblingName = 'US | ATC 7d | Purchase';
    const response = await emulator.api.post(
      'adgroup/status/update/',
      {
        advertiser_id: emulator.usId,
        adgroup_ids: [emulator.seed.adGroup(pausedName).adgroup_id],
        operation_status: 'DISABLE',
      },
      emulator.token,
    );
    expect(response.body.code).toBe(0);
    const pausedBefore = await adGroupSpend(pausedName, US_TODAY);
    const siblingBefore = await adGroupSpend(siblingName, US_TODAY);

    await emulator.control.clock({ advance_ms: 3 * HOUR_MS });

    expect(pausedBefore).toBeGreaterThan(0);
    expect(await adGroupSpend(pausedName, US_TODAY)).toBe(pausedBefore);
    expect(await adGroupSpend(siblingName, US_TODAY)).toBeGreaterThan(siblingBefore);
  });

  it('does not lower the spend already reported for today when a daily budget is lowered', async () => {
    const name = 'US | Broad 18-44 | Purchase';
    const adGroup = emulator.seed.adGroup(name);
    const before = await adGroupSpend(name, US_TODAY);

    const lowered = await emulator.api.post(
      'adgroup/update/',
      {
        advertiser_id: emulator.usId,
        adgroup_id: adGroup.adgroup_id,
        budget: Math.max(20, Math.ceil(before * 1.06 * 100) / 100),
      },
      emulator.token,
    );
    expect(lowered.body.code).toBe(0);
    // A second later, so that no report computed in the instant of the change is reused.
    await emulator.control.clock({ advance_ms: 1_000 });

    // Money already spent this morning stays spent: the new budget only limits what follows.
    expect(await adGroupSpend(name, US_TODAY)).toBeGreaterThanOrEqual(before);
  });

  it('does not add spend to hours already past when a daily budget is raised', async () => {
    const name = 'US | Broad 18-44 | Purchase';
    const adGroup = emulator.seed.adGroup(name);
    const before = await adGroupSpend(name, US_TODAY);

    const raised = await emulator.api.post(
      'adgroup/update/',
      { advertiser_id: emulator.usId, adgroup_id: adGroup.adgroup_id, budget: 1_500 },
      emulator.token,
    );
    expect(raised.body.code).toBe(0);
    await emulator.control.clock({ advance_ms: 1_000 });

    // One second passes between the two reports; the morning's spend cannot grow tenfold.
    expect(await adGroupSpend(name, US_TODAY)).toBeLessThan(before + 0.5);
  });
});

describe('consistency between levels', () => {
  it.each([
    'US | Prospecting | Evergreen',
    'US | Black Friday 2026 | CBO',
    'US | Retargeting | Cart abandoners',
  ])('sums ad-group and ad spend to the campaign spend (%s, yesterday)', async (name) => {
    const campaignId = emulator.seed.campaign(name).campaign_id;
    const day = {
      metrics: ['spend', 'impressions'],
      start_date: US_YESTERDAY,
      end_date: US_YESTERDAY,
    };
    const filtering = idFilter('campaign_ids', [campaignId]);

    const campaign = await report(emulator.usId, 'AUCTION_CAMPAIGN', { ...day, filtering });
    const adGroups = await report(emulator.usId, 'AUCTION_ADGROUP', { ...day, filtering });
    const ads = await report(emulator.usId, 'AUCTION_AD', { ...day, filtering });

    const sum = (response: any, metric: string) =>
      response.body.data.list.reduce(
        (total: number, row: any) => total + cents(row.metrics[metric]),
        0,
      );
    expect(campaign.body.data.list).toHaveLength(1);
    const campaignSpend = cents(campaign.body.data.list[0].metrics.spend);
    expect(campaignSpend).toBeGreaterThan(0);
    expect(adGroups.body.data.list.length).toBeGreaterThan(1);
    expect(sum(adGroups, 'spend')).toBe(campaignSpend);
    expect(sum(ads, 'spend')).toBe(campaignSpend);
    expect(sum(adGroups, 'impressions')).toBe(sum(campaign, 'impressions'));
    expect(sum(ads, 'impressions')).toBe(sum(campaign, 'impressions'));
  });

  it('sums campaign spend to the advertiser spend', async () => {
    const day = { metrics: ['spend'], start_date: US_YESTERDAY, end_date: US_YESTERDAY };
    const advertiser = await report(emulator.usId, 'AUCTION_ADVERTISER', day);
    const campaigns = await report(emulator.usId, 'AUCTION_CAMPAIGN', day);

    expect(advertiser.body.data.list).toHaveLength(1);
    expect(advertiser.body.data.list[0].dimensions.advertiser_id).toBe(emulator.usId);
    const total = campaigns.body.data.list.reduce(
      (sum: number, row: any) => sum + cents(row.metrics.spend),
      0,
    );
    expect(total).toBe(cents(advertiser.body.data.list[0].metrics.spend));
  });
});

describe("the account's time zone", () => {
  it('reports Tokyo days for the JPY account while it is still the day before in Los Angeles', async () => {
    expect(JP_TODAY).toBe(addDays(US_TODAY, 1));
    const query = {
      dimensions: ['advertiser_id', 'stat_time_day'],
      metrics: ['spend'],
      start_date: JP_TODAY,
      end_date: JP_TODAY,
    };

    const jp = await report(jpId, 'AUCTION_ADVERTISER', query);
    const us = await report(emulator.usId, 'AUCTION_ADVERTISER', query);

    expect(jp.body.code).toBe(0);
    expect(jp.body.data.list).toHaveLength(1);
    expect(jp.body.data.list[0].dimensions.stat_time_day).toBe(`${JP_TODAY} 00:00:00`);
    expect(Number(jp.body.data.list[0].metrics.spend)).toBeGreaterThan(0);
    expect(us.body.code).toBe(0);
    expect(us.body.data.list).toEqual([]);
  });

  it("labels hours in the account's local time, up to the current local hour", async () => {
    // Half an hour in, so that the current hour has delivered something.
    await emulator.control.clock({ advance_ms: HOUR_MS / 2 });
    const query = {
      dimensions: ['advertiser_id', 'stat_time_hour'],
      metrics: ['spend'],
    };
    const jp = await report(jpId, 'AUCTION_ADVERTISER', {
      ...query,
      start_date: JP_TODAY,
      end_date: JP_TODAY,
    });
    const us = await report(emulator.usId, 'AUCTION_ADVERTISER', {
      ...query,
      start_date: US_TODAY,
      end_date: US_TODAY,
    });

    const hours = (response: any) =>
      response.body.data.list.map((row: any) => row.dimensions.stat_time_hour).sort();
    // 04:30 in Tokyo: hours 00 to 04 of the Tokyo date.
    expect(hours(jp)).toEqual([0, 1, 2, 3, 4].map((h) => `${JP_TODAY} 0${h}:00:00`));
    // 12:30 in Los Angeles: hours 00 to 12 of the Los Angeles date.
    expect(hours(us)).toEqual(
      Array.from({ length: 13 }, (_, h) => `${US_TODAY} ${String(h).padStart(2, '0')}:00:00`),
    );
  });
});

describe('deleted objects', () => {
  const ukRange = { start: addDays(US_TODAY, -70), end: addDays(US_TODAY, -46) };

  it('leaves out a deleted campaign by default and includes it with campaign_status STATUS_ALL', async () => {
    const ukId = emulator.seed.account('GBP').advertiser_id;
    const deleted = emulator.seed.campaign('UK | Summer 2026 (ended)').campaign_id;
    const query = { metrics: ['spend'], start_date: ukRange.start, end_date: ukRange.end };

    const byDefault = await report(ukId, 'AUCTION_CAMPAIGN', query);
    const all = await report(ukId, 'AUCTION_CAMPAIGN', {
      ...query,
      filtering: [
        { field_name: 'campaign_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' },
      ],
    });

    const ids = (response: any) =>
      response.body.data.list.map((row: any) => row.dimensions.campaign_id);
    expect(byDefault.body.code).toBe(0);
    expect(ids(byDefault)).not.toContain(deleted);
    expect(all.body.code).toBe(0);
    expect(ids(all)).toContain(deleted);
    const row = all.body.data.list.find((r: any) => r.dimensions.campaign_id === deleted);
    expect(Number(row.metrics.spend)).toBeGreaterThan(0);
  });
});

describe('total_metrics', () => {
  it('sums the rows when enable_total_metrics is true', async () => {
    const response = await report(emulator.usId, 'AUCTION_CAMPAIGN', {
      metrics: ['spend', 'impressions', 'clicks'],
      start_date: addDays(US_YESTERDAY, -6),
      end_date: US_YESTERDAY,
      enable_total_metrics: true,
    });

    const rows = response.body.data.list;
    const total = response.body.data.total_metrics;
    expect(total.spend).toMatch(/^\d+\.\d{3}$/);
    expect(cents(total.spend)).toBe(
      rows.reduce((sum: number, row: any) => sum + cents(row.metrics.spend), 0),
    );
    expect(Number(total.impressions)).toBe(
      rows.reduce((sum: number, row: any) => sum + Number(row.metrics.impressions), 0),
    );
  });
});

describe('paging and filtering', () => {
  it('pages with page_size and page_info, each row once', async () => {
    const query = { metrics: ['spend'], start_date: US_YESTERDAY, end_date: US_YESTERDAY };
    const everything = await report(emulator.usId, 'AUCTION_AD', query);
    const expected = everything.body.data.list.map((row: any) => row.dimensions.ad_id);
    expect(expected.length).toBeGreaterThan(20);

    const seen: string[] = [];
    let totalPage = 0;
    for (let page = 1; page === 1 || page <= totalPage; page += 1) {
      const response = await report(emulator.usId, 'AUCTION_AD', { ...query, page, page_size: 7 });
      const info = response.body.data.page_info;
      expect(info).toMatchObject({ page, page_size: 7, total_number: expected.length });
      totalPage = info.total_page;
      expect(response.body.data.list.length).toBeLessThanOrEqual(7);
      seen.push(...response.body.data.list.map((row: any) => row.dimensions.ad_id));
    }

    expect(totalPage).toBe(Math.ceil(expected.length / 7));
    expect(seen).toEqual(expected);
  });

  it('rejects page_size 1001 with 40002', async () => {
    const response = await report(emulator.usId, 'AUCTION_AD', {
      start_date: US_YESTERDAY,
      end_date: US_YESTERDAY,
      page_size: 1001,
    });

    expect(response.body.code).toBe(40002);
  });

  it('restricts rows to the campaign_ids filter, up to 100 ids', async () => {
    const campaignId = emulator.seed.campaign('US | Prospecting | Evergreen').campaign_id;
    const response = await report(emulator.usId, 'AUCTION_ADGROUP', {
      dimensions: ['adgroup_id'],
      metrics: ['spend', 'campaign_id'],
      start_date: US_YESTERDAY,
      end_date: US_YESTERDAY,
      filtering: idFilter('campaign_ids', [campaignId, ...unknownIds(99)]),
    });

    expect(response.body.code).toBe(0);
    expect(response.body.data.list.length).toBeGreaterThan(1);
    for (const row of response.body.data.list) expect(row.metrics.campaign_id).toBe(campaignId);
  });

  it('answers 40011 for more than 100 campaign_ids', async () => {
    const response = await report(emulator.usId, 'AUCTION_CAMPAIGN', {
      start_date: US_YESTERDAY,
      end_date: US_YESTERDAY,
      filtering: idFilter('campaign_ids', unknownIds(101)),
    });

    expect(response.body.code).toBe(40011);
  });
});
