import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { addDays, cents, localDate, START, type World, world } from './support';

/**
 * Parameters the official SDK sends (tiktok-business-api-sdk: report_integrated_get.yml,
 * CampaignStatusUpdateBody), accepted and acted on as TikTok documents them.
 */

const LA = 'America/Los_Angeles';
const LONDON = 'Europe/London';
const US_YESTERDAY = addDays(localDate(START, LA), -1);

let emulator: TestEmulator;
let token: string;
let seed: World;
let usId: string;
let ukId: string;
let jpId: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ startAt: START });
});

beforeEach(async () => {
  await emulator.control.clock({ set: START });
  await emulator.control.reset();
  await emulator.control.settings({ sandbox: false });
  token = await emulator.control.mintToken();
  seed = world(await emulator.control.state());
  usId = seed.account('USD').advertiser_id;
  ukId = seed.account('GBP').advertiser_id;
  jpId = seed.account('JPY').advertiser_id;
});

afterAll(() => emulator.close());

function report(params: Record<string, unknown>, accessToken = token) {
  return emulator.api.get(
    'report/integrated/get/',
    {
      report_type: 'BASIC',
      data_level: 'AUCTION_CAMPAIGN',
      dimensions: ['campaign_id'],
      metrics: ['spend', 'impressions', 'clicks', 'cpc'],
      start_date: addDays(US_YESTERDAY, -2),
      end_date: US_YESTERDAY,
      page_size: 1000,
      ...params,
    },
    accessToken,
  );
}

/** Money of multi-advertiser reports: no padding to three decimals ("100", not "100.000"). */
const plainNumber = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;

describe('advertiser_ids: a report over several accounts', () => {
  it("marks each row with its account's advertiser_id, currency and time zone", async () => {
    const response = await report({ advertiser_ids: [usId, ukId] });

    expect(response.body.code, response.body.message).toBe(0);
    const rows = response.body.data.list;
    const campaigns = new Map(seed.snapshot.campaigns.map((c) => [c.campaign_id, c]));
    const accounts = new Set(rows.map((row: any) => row.metrics.advertiser_id));
    expect(accounts).toEqual(new Set([usId, ukId]));
    for (const row of rows) {
      const campaign = campaigns.get(row.dimensions.campaign_id);
      expect(row.metrics.advertiser_id).toBe(campaign?.advertiser_id);
      const [currency, timezone] =
        row.metrics.advertiser_id === usId ? ['USD', LA] : ['GBP', LONDON];
      expect(row.metrics.currency).toBe(currency);
      expect(row.metrics.timezone).toBe(timezone);
      expect(row.metrics.spend).toMatch(plainNumber);
      expect(row.metrics.impressions).toMatch(/^\d+$/);
    }
  });

  it("gives each account's rows the figures of a report on that account alone", async () => {
    const both = await report({ advertiser_ids: [usId, ukId] });
    const usOnly = await report({ advertiser_id: usId });

    const usRows = both.body.data.list.filter((row: any) => row.metrics.advertiser_id === usId);
    expect(usRows.length).toBe(usOnly.body.data.list.length);
    for (const row of usOnly.body.data.list) {
      const same = usRows.find((r: any) => r.dimensions.campaign_id === row.dimensions.campaign_id);
      expect(cents(same.metrics.spend)).toBe(cents(row.metrics.spend));
      expect(same.metrics.impressions).toBe(row.metrics.impressions);
    }
  });

  it('ignores advertiser_id when advertiser_ids is given, as TikTok documents', async () => {
    const response = await report({ advertiser_id: jpId, advertiser_ids: [ukId] });

    expect(response.body.code).toBe(0);
    const accounts = new Set(response.body.data.list.map((row: any) => row.metrics.advertiser_id));
    expect(accounts).toEqual(new Set([ukId]));
  });

  it('takes at most five accounts (40011) and checks each against the token (40106)', async () => {
    const six = seed.snapshot.advertisers.map((a) => a.advertiser_id);
    while (six.length < 6) six.push(`72${String(six.length).padStart(17, '0')}`);
    const tooMany = await report({ advertiser_ids: six.slice(0, 6) });
    const ukOnlyToken = await emulator.control.mintToken([ukId]);
    const unauthorized = await report({ advertiser_ids: [ukId, usId] }, ukOnlyToken);

    expect(tooMany.body.code).toBe(40011);
    expect(unauthorized.body.code).toBe(40106);
  });

  it('writes "0" for the account fields and "-" for money when rows mix accounts', async () => {
    const response = await report({
      advertiser_ids: [usId, ukId],
      dimensions: ['stat_time_day'],
      metrics: ['spend', 'impressions'],
    });

    expect(response.body.code, response.body.message).toBe(0);
    expect(response.body.data.list.length).toBe(3);
    for (const { metrics } of response.body.data.list) {
      expect(metrics).toMatchObject({ currency: '0', timezone: '0', advertiser_id: '0' });
      expect(metrics.spend).toBe('-');
      expect(Number(metrics.impressions)).toBeGreaterThan(0);
    }
  });

  it('totals several accounts: counts added, money "-" across currencies, account fields "-"', async () => {
    const response = await report({ advertiser_ids: [usId, ukId], enable_total_metrics: true });

    const { list, total_metrics: total } = response.body.data;
    expect(total).toMatchObject({ currency: '-', timezone: '-', advertiser_id: '-', spend: '-' });
    const impressions = list.reduce(
      (s: number, row: any) => s + Number(row.metrics.impressions),
      0,
    );
    expect(Number(total.impressions)).toBe(impressions);
  });

  describe('multi_adv_report_in_utc_time', () => {
    const day = { metrics: ['impressions'], dimensions: ['advertiser_id', 'stat_time_day'] };

    it("reports UTC days when true, each account's own days when false", async () => {
      const date = addDays(US_YESTERDAY, -1);
      const range = { start_date: date, end_date: date };
      const local = await report({
        advertiser_ids: [usId],
        data_level: 'AUCTION_ADVERTISER',
        ...day,
        ...range,
      });
      const utc = await report({
        advertiser_ids: [usId],
        data_level: 'AUCTION_ADVERTISER',
        ...day,
        ...range,
        multi_adv_report_in_utc_time: true,
      });
      // A UTC day is the account's hours from 16:00 (17:00 in winter) the day before in Los Angeles.
      const hours = await report({
        advertiser_ids: [usId],
        data_level: 'AUCTION_ADVERTISER',
        metrics: ['impressions'],
        dimensions: ['advertiser_id', 'stat_time_hour'],
        start_date: date,
        end_date: date,
        multi_adv_report_in_utc_time: true,
      });

      expect(utc.body.code, utc.body.message).toBe(0);
      expect(utc.body.data.list).toHaveLength(1);
      expect(utc.body.data.list[0].dimensions.stat_time_day).toBe(`${date} 00:00:00`);
      expect(utc.body.data.list[0].metrics.impressions).not.toBe(
        local.body.data.list[0].metrics.impressions,
      );
      const hourly = hours.body.data.list;
      expect(hourly).toHaveLength(24);
      for (const row of hourly) expect(row.dimensions.stat_time_hour.slice(0, 10)).toBe(date);
      const sum = hourly.reduce((s: number, row: any) => s + Number(row.metrics.impressions), 0);
      expect(sum).toBe(Number(utc.body.data.list[0].metrics.impressions));
    });

    it('answers 40002 when true without advertiser_ids', async () => {
      const response = await report({ advertiser_id: usId, multi_adv_report_in_utc_time: true });

      expect(response.body.code).toBe(40002);
      expect(response.body.message).toContain('advertiser_ids');
    });
  });
});

describe('enable_total_metrics', () => {
  it('totals reports by an ID dimension, with or without the day, and not by the hour', async () => {
    const byId = await report({ advertiser_id: usId, enable_total_metrics: true });
    const byDay = await report({
      advertiser_id: usId,
      dimensions: ['campaign_id', 'stat_time_day'],
      enable_total_metrics: true,
    });
    const byHour = await report({
      advertiser_id: usId,
      dimensions: ['campaign_id', 'stat_time_hour'],
      start_date: US_YESTERDAY,
      end_date: US_YESTERDAY,
      enable_total_metrics: true,
    });

    for (const response of [byId, byDay]) {
      const { list, total_metrics: total } = response.body.data;
      const spend = list.reduce((s: number, row: any) => s + cents(row.metrics.spend), 0);
      expect(cents(total.spend)).toBe(spend);
      expect(total.cpc).toBe((spend / 100 / Number(total.clicks)).toFixed(3));
    }
    expect(cents(byDay.body.data.total_metrics.spend)).toBe(
      cents(byId.body.data.total_metrics.spend),
    );
    expect(byHour.body.code).toBe(0);
    expect(byHour.body.data.total_metrics).toBeUndefined();
  });

  it('is refused in the sandbox', async () => {
    await emulator.control.settings({ sandbox: true });
    const response = await report({ advertiser_id: usId, enable_total_metrics: true });

    expect(response.body.code).toBe(40002);
  });
});

describe('query_mode', () => {
  it('CHUNK answers every row at once, without pages', async () => {
    const paged = await report({
      advertiser_id: usId,
      data_level: 'AUCTION_AD',
      dimensions: ['ad_id'],
    });
    const chunk = await emulator.api.get(
      'report/integrated/get/',
      {
        advertiser_id: usId,
        report_type: 'BASIC',
        data_level: 'AUCTION_AD',
        dimensions: ['ad_id'],
        metrics: ['spend'],
        start_date: US_YESTERDAY,
        end_date: US_YESTERDAY,
        query_mode: 'CHUNK',
      },
      token,
    );

    expect(chunk.body.code, chunk.body.message).toBe(0);
    const total = chunk.body.data.page_info.total_number;
    expect(total).toBeGreaterThan(10);
    expect(chunk.body.data.list).toHaveLength(total);
    expect(chunk.body.data.page_info).toMatchObject({ page: 1, total_page: 1 });
    expect(paged.body.code).toBe(0);
  });

  it('REGULAR pages; CHUNK with page or page_size, or another mode, is refused', async () => {
    const regular = await report({ advertiser_id: usId, query_mode: 'REGULAR', page_size: 2 });
    const chunkPaged = await report({ advertiser_id: usId, query_mode: 'CHUNK', page_size: 2 });
    const unknown = await report({ advertiser_id: usId, query_mode: 'STREAM' });

    expect(regular.body.code).toBe(0);
    expect(regular.body.data.list).toHaveLength(2);
    expect(chunkPaged.body.code).toBe(40002);
    expect(unknown.body.code).toBe(40002);
  });
});

describe('filtering forms', () => {
  const campaignId = () => seed.campaign('US | Prospecting | Evergreen').campaign_id;

  it('takes a list of {field_name, filter_type, filter_value} with a JSON-encoded value', async () => {
    const response = await report({
      advertiser_id: usId,
      filtering: [
        {
          field_name: 'campaign_ids',
          filter_type: 'IN',
          filter_value: JSON.stringify([campaignId()]),
        },
        { field_name: 'campaign_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' },
      ],
    });

    expect(response.body.code, response.body.message).toBe(0);
    expect(response.body.data.list.map((row: any) => row.dimensions.campaign_id)).toEqual([
      campaignId(),
    ]);
  });

  it('takes the same list in a POST body (report/task/create/)', async () => {
    await emulator.control.settings({ asyncReportsAllowlisted: true, asyncReportDelayMs: 0 });
    const created = await emulator.api.post(
      'report/task/create/',
      {
        advertiser_id: usId,
        report_type: 'BASIC',
        data_level: 'AUCTION_CAMPAIGN',
        dimensions: ['campaign_id'],
        metrics: ['spend'],
        start_date: US_YESTERDAY,
        end_date: US_YESTERDAY,
        output_format: 'CSV_STRING',
        filtering: [
          {
            field_name: 'campaign_ids',
            filter_type: 'IN',
            filter_value: JSON.stringify([campaignId()]),
          },
        ],
      },
      token,
    );
    expect(created.body.code, created.body.message).toBe(0);
    const downloaded = await emulator.api.get(
      'report/task/download/',
      { advertiser_id: usId, task_id: created.body.data.task_id },
      token,
    );

    const lines = downloaded.body.data.csv.trim().split('\n');
    expect(lines).toEqual(['campaign_id,spend', expect.stringMatching(`^${campaignId()},`)]);
  });

  it.each([
    ['the object form of campaign/get', { campaign_ids: ['1'] }, 'Not a valid list'],
    [
      'a filter_value that is not text',
      [{ field_name: 'campaign_ids', filter_type: 'IN', filter_value: ['1'] }],
      'filter_value',
    ],
    [
      'an unknown filter_type',
      [{ field_name: 'campaign_ids', filter_type: 'SOME', filter_value: '["1"]' }],
      'filter_type',
    ],
    [
      'a field reports do not filter on',
      [{ field_name: 'spend', filter_type: 'GREATER_THAN', filter_value: '10' }],
      'spend',
    ],
  ])('refuses %s with 40002', async (_, filtering, mentions) => {
    const response = await report({ advertiser_id: usId, filtering });

    expect(response.body.code).toBe(40002);
    expect(response.body.message).toContain(mentions);
  });
});

describe('postback_window_mode on campaign/status/update/', () => {
  const update = (body: Record<string, unknown>) =>
    emulator.api.post(
      'campaign/status/update/',
      {
        advertiser_id: usId,
        campaign_ids: [seed.campaign('US | Prospecting | Evergreen').campaign_id],
        ...body,
      },
      token,
    );

  it.each(['POSTBACK_WINDOW_MODE1', 'POSTBACK_WINDOW_MODE2', 'POSTBACK_WINDOW_MODE3'])(
    'takes %s when pausing, and answers it for each campaign',
    async (mode) => {
      const response = await update({ operation_status: 'DISABLE', postback_window_mode: mode });

      expect(response.body.code, response.body.message).toBe(0);
      expect(response.body.data.campaign_list).toEqual([
        expect.objectContaining({ status: 'DISABLE', postback_window_mode: mode }),
      ]);
    },
  );

  it('refuses an unknown mode, and a mode with anything but DISABLE (40002)', async () => {
    const unknown = await update({ operation_status: 'DISABLE', postback_window_mode: 'MODE4' });
    const enabling = await update({
      operation_status: 'ENABLE',
      postback_window_mode: 'POSTBACK_WINDOW_MODE1',
    });

    expect(unknown.body.code).toBe(40002);
    expect(unknown.body.message).toContain('POSTBACK_WINDOW_MODE1');
    expect(enabling.body.code).toBe(40002);
    expect(enabling.body.message).toContain('DISABLE');
  });
});

describe('postback_window_mode on campaign/create/', () => {
  const create = (body: Record<string, unknown>) =>
    emulator.api.post(
      'campaign/create/',
      {
        advertiser_id: usId,
        campaign_name: `SKAN ${Math.random().toString(36).slice(2)}`,
        objective_type: 'APP_PROMOTION',
        budget_mode: 'BUDGET_MODE_DAY',
        budget: 100,
        ...body,
      },
      token,
    );

  it.each(['POSTBACK_WINDOW_MODE1', 'POSTBACK_WINDOW_MODE2', 'POSTBACK_WINDOW_MODE3'])(
    'takes %s for an app promotion campaign created paused',
    async (mode) => {
      const response = await create({ operation_status: 'DISABLE', postback_window_mode: mode });

      expect(response.body.code, response.body.message).toBe(0);
      expect(response.body.data.campaign_id).toMatch(/^\d+$/);
      expect(response.body.data.operation_status).toBe('DISABLE');
    },
  );

  it('ignores it for a campaign created enabled, as TikTok documents', async () => {
    const enabled = await create({
      objective_type: 'WEB_CONVERSIONS',
      postback_window_mode: 'POSTBACK_WINDOW_MODE2',
    });

    expect(enabled.body.code, enabled.body.message).toBe(0);
    expect(enabled.body.data.operation_status).toBe('ENABLE');
  });

  it('refuses an unknown mode whatever the status, and a paused campaign without an app (40002)', async () => {
    const unknown = await create({ postback_window_mode: 'POSTBACK_WINDOW_MODE4' });
    const lowercase = await create({
      operation_status: 'DISABLE',
      postback_window_mode: 'postback_window_mode1',
    });
    const website = await create({
      objective_type: 'WEB_CONVERSIONS',
      operation_status: 'DISABLE',
      postback_window_mode: 'POSTBACK_WINDOW_MODE1',
    });

    expect(unknown.body.code).toBe(40002);
    expect(unknown.body.message).toContain('POSTBACK_WINDOW_MODE3');
    expect(lowercase.body.code).toBe(40002);
    expect(website.body.code).toBe(40002);
    expect(website.body.message).toContain('APP_PROMOTION');
    const names = (await emulator.control.state()).campaigns.map((c) => c.campaign_name);
    expect(names.filter((name) => name.startsWith('SKAN '))).toHaveLength(0);
  });
});
