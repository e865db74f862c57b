import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { addDays, localDate, START, type World, world } from './support';

/**
 * A report is computed once per query, world state and clock minute, and paged from that: the
 * pages of one report belong together, repeat exactly, and a change to the world or a new
 * minute gives a new report.
 */

const LA = 'America/Los_Angeles';
const US_TODAY = localDate(START, LA);

let emulator: TestEmulator;
let token: string;
let seed: World;
let usId: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ startAt: START, largeAccountAdGroups: 300 });
});

beforeEach(async () => {
  await emulator.control.clock({ set: START });
  await emulator.control.reset({ large_account_adgroups: 300 });
  token = await emulator.control.mintToken();
  seed = world(await emulator.control.state());
  usId = seed.account('USD').advertiser_id;
});

afterAll(() => emulator.close());

const page = (advertiserId: string, number: number, params: Record<string, unknown> = {}) =>
  emulator.api.get(
    'report/integrated/get/',
    {
      advertiser_id: advertiserId,
      report_type: 'BASIC',
      data_level: 'AUCTION_AD',
      dimensions: ['ad_id', 'stat_time_day'],
      metrics: ['spend', 'impressions', 'clicks', 'video_watched_2s'],
      // Today included: its figures grow as the clock moves.
      start_date: addDays(US_TODAY, -6),
      end_date: US_TODAY,
      page: number,
      page_size: 500,
      ...params,
    },
    token,
  );

const keys = (response: any): string[] =>
  response.body.data.list.map(
    (row: any) => `${row.dimensions.ad_id}|${row.dimensions.stat_time_day}`,
  );

describe('paging a computed report', () => {
  it('repeats every page exactly and covers each row once, across pages', async () => {
    const scale = seed.snapshot.advertisers.find((a) => a.name === 'Bayme Scale Test');
    const scaleId = scale?.advertiser_id ?? '';
    const first = await page(scaleId, 1);
    const totalPage = first.body.data.page_info.total_page;
    expect(totalPage).toBeGreaterThan(3);

    const seen: string[] = [];
    for (let number = 1; number <= totalPage; number += 1) {
      const once = await page(scaleId, number);
      const twice = await page(scaleId, number);
      expect(twice.body.data).toEqual(once.body.data);
      seen.push(...keys(once));
    }
    expect(seen).toHaveLength(first.body.data.page_info.total_number);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('keeps the pages of one report together while the clock moves within a minute', async () => {
    const before = await page(usId, 1, { page_size: 1000 });
    await emulator.control.clock({ advance_ms: 20_000 });
    const later = await page(usId, 1, { page_size: 1000 });

    expect(later.body.data).toEqual(before.body.data);
  });

  it("computes a new report in the next minute: today's spend has grown", async () => {
    const spendToday = (response: any) =>
      response.body.data.list
        .filter((row: any) => row.dimensions.stat_time_day === `${US_TODAY} 00:00:00`)
        .reduce((sum: number, row: any) => sum + Number(row.metrics.spend), 0);
    const before = await page(usId, 1, { page_size: 1000 });
    await emulator.control.clock({ advance_ms: 5 * 60_000 });
    const later = await page(usId, 1, { page_size: 1000 });

    expect(spendToday(before)).toBeGreaterThan(0);
    expect(spendToday(later)).toBeGreaterThan(spendToday(before));
  });

  it('computes a new report as soon as the world changes, within the same minute', async () => {
    const campaign = seed.campaign('US | Retargeting | Cart abandoners');
    const adIds = new Set(
      seed.snapshot.ads
        .filter((ad) => ad.campaign_id === campaign.campaign_id)
        .map((ad) => ad.ad_id),
    );
    const before = await page(usId, 1, { page_size: 1000 });
    expect(keys(before).some((key) => adIds.has(key.split('|')[0] ?? ''))).toBe(true);

    const deleted = await emulator.api.post(
      'campaign/status/update/',
      { advertiser_id: usId, campaign_ids: [campaign.campaign_id], operation_status: 'DELETE' },
      token,
    );
    expect(deleted.body.code).toBe(0);
    const after = await page(usId, 1, { page_size: 1000 });

    // Deleted ads are left out by default (ad_status STATUS_NOT_DELETE).
    expect(keys(after).some((key) => adIds.has(key.split('|')[0] ?? ''))).toBe(false);
    expect(after.body.data.page_info.total_number).toBeLessThan(
      before.body.data.page_info.total_number,
    );
  });
});
