import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDate } from '../../../companion-server/src/lib/time-zone';
import { clientFor } from '../../helpers/client';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator';

/** The emulator's large account: 2,500 ad groups with one ad each, in campaigns of 100. */
describe('Marketing API client: pagination over more than 1,000 rows', () => {
  let emulator: TestEmulator;
  let token: string;
  let largeId: string;
  let timezone: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({ largeAccountAdGroups: 2_500 });
    token = await emulator.control.mintToken();
    const large = (await emulator.control.state()).advertisers.find(
      (a) => a.name === 'Bayme Scale Test',
    );
    if (!large) throw new Error('large account missing');
    largeId = large.advertiser_id;
    timezone = large.timezone;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('lists 2,500 ad groups in three pages of at most 1,000', async () => {
    const { client } = clientFor(emulator);
    await emulator.control.clearCalls();
    const adGroups = await client.adGroups.list(token, { advertiserId: largeId });
    expect(adGroups).toHaveLength(2_500);
    expect(new Set(adGroups.map((g) => g.adgroup_id)).size).toBe(2_500);
    const calls = await emulator.control.calls({ path: 'adgroup/get/' });
    expect(calls.total).toBe(3);
  });

  it('lists 2,500 ads the same way', async () => {
    const { client } = clientFor(emulator);
    await emulator.control.clearCalls();
    const ads = await client.ads.list(token, { advertiserId: largeId });
    expect(ads).toHaveLength(2_500);
    expect((await emulator.control.calls({ path: 'ad/get/' })).total).toBe(3);
  });

  it('filters by 250 ids in chunks of 100 and returns each entity once', async () => {
    const { client } = clientFor(emulator);
    const all = await client.adGroups.list(token, { advertiserId: largeId });
    const wanted = all.slice(0, 250).map((g) => g.adgroup_id);
    await emulator.control.clearCalls();
    const found = await client.adGroups.list(token, {
      advertiserId: largeId,
      adgroupIds: [...wanted, ...wanted.slice(0, 10)],
    });
    expect(found.map((g) => g.adgroup_id).sort()).toEqual([...wanted].sort());
    expect((await emulator.control.calls({ path: 'adgroup/get/' })).total).toBe(3);
  });

  it('pages through a report of several thousand rows at page_size 1000', async () => {
    const { client } = clientFor(emulator);
    const yesterday = zonedDate(Date.now() - 86_400_000, timezone);
    const threeDaysAgo = zonedDate(Date.now() - 3 * 86_400_000, timezone);
    await emulator.control.clearCalls();
    const report = await client.reports.integrated(token, {
      advertiserId: largeId,
      dataLevel: 'AUCTION_ADGROUP',
      dimensions: ['adgroup_id', 'stat_time_day'],
      metrics: ['spend', 'impressions'],
      range: { startDate: threeDaysAgo, endDate: yesterday },
    });
    const pages = Math.ceil(report.rows.length / 1_000);
    expect(report.rows.length).toBeGreaterThan(5_000);
    expect(report.requests).toBe(pages);
    expect((await emulator.control.calls({ path: 'report/integrated/get/' })).total).toBe(pages);
    const keys = new Set(
      report.rows.map((r) => `${r.dimensions.adgroup_id}|${r.dimensions.stat_time_day}`),
    );
    expect(keys.size).toBe(report.rows.length);
  });
});
