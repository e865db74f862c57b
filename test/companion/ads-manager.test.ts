import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  EntityView,
  Level,
  LevelMetrics,
} from '../../companion-server/src/contract/ads-manager';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * The Ads Manager routes: a level's metrics for a date range (checked against the emulator's
 * own report, and counted in upstream report calls per page view), the level's entities, and
 * page-health reports in the audit log.
 *
 * Both clocks, the companion's and the emulator's, start at the same fixed instant (noon on
 * 2026-11-21 in Los Angeles) and run on from there, so that the dates below always have the
 * same history; tests move the companion's clock forward to expire caches.
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const REPORT_PATH = 'report/integrated/get/';
const METRICS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'conversion',
  'cost_per_conversion',
  'complete_payment_roas',
];

interface Harness {
  companion: TestCompanion;
  /** Move the companion's clock (only) forward. */
  advance(ms: number): void;
}

async function startHarness(
  env: Record<string, string> = {},
  largeAccountAdGroups = 0,
): Promise<Harness> {
  let shiftMs = START - Date.now();
  const companion = await startTestCompanion(env, { now: () => new Date(Date.now() + shiftMs) });
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  // Reseeded at the emulator's new "now", so that its history ends on the same day as ours.
  await companion.emulator.control.reset({ large_account_adgroups: largeAccountAdGroups });
  return {
    companion,
    advance(ms) {
      shiftMs += ms;
    },
  };
}

/** Connect ad accounts as an admin would with a token made in TikTok's portal; the token. */
async function connect(companion: TestCompanion, advertiserIds: string[]): Promise<string> {
  const token = await companion.emulator.control.mintToken(advertiserIds);
  const response = await companion.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: companion.as('admin'),
    payload: { accessToken: token },
  });
  expect(response.statusCode, response.body).toBe(200);
  return token;
}

interface MetricsQuery {
  level: Level;
  start: string;
  end: string;
  compare?: 'previous';
}

function getMetrics(
  companion: TestCompanion,
  advertiserId: string,
  query: MetricsQuery,
  headers: Record<string, string> = companion.as('viewer'),
) {
  return companion.app.inject({
    method: 'GET',
    url: `/api/ad-accounts/${advertiserId}/metrics?${new URLSearchParams({ ...query })}`,
    headers,
  });
}

async function metrics(
  companion: TestCompanion,
  advertiserId: string,
  query: MetricsQuery,
): Promise<LevelMetrics> {
  const response = await getMetrics(companion, advertiserId, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function reportCalls(companion: TestCompanion): Promise<number> {
  return (await companion.emulator.control.calls({ path: REPORT_PATH })).total;
}

/** The emulator's own report, asked for directly: metric strings by entity id. */
async function tiktokReport(
  companion: TestCompanion,
  token: string,
  advertiserId: string,
  level: Level,
  start: string,
  end: string,
): Promise<Map<string, Record<string, string>>> {
  const response = await companion.emulator.api.get(
    REPORT_PATH,
    {
      advertiser_id: advertiserId,
      report_type: 'BASIC',
      data_level: { campaign: 'AUCTION_CAMPAIGN', adgroup: 'AUCTION_ADGROUP', ad: 'AUCTION_AD' }[
        level
      ],
      dimensions: [`${level}_id`],
      metrics: [...METRICS, `${level}_name`],
      start_date: start,
      end_date: end,
      page_size: 1000,
    },
    token,
  );
  expect(response.body.code, response.body.message).toBe(0);
  expect(response.body.data.page_info.total_page).toBeLessThanOrEqual(1);
  return new Map(
    response.body.data.list.map((row: any) => [row.dimensions[`${level}_id`], row.metrics]),
  );
}

/** The test's own reading of TikTok's strings. */
function figures(metrics: Record<string, string>) {
  const figure = (value: string | undefined) =>
    value === undefined || value === '-' ? null : Number(value);
  // TikTok writes a ratio over zero as 0; the server reports it as no figure (null).
  const over = (value: string | undefined, denominator: string | undefined) =>
    Number(denominator) === 0 ? null : figure(value);
  return {
    spend: figure(metrics.spend),
    impressions: figure(metrics.impressions),
    clicks: figure(metrics.clicks),
    ctr: over(metrics.ctr, metrics.impressions),
    cpc: over(metrics.cpc, metrics.clicks),
    conversions: figure(metrics.conversion),
    cpa: over(metrics.cost_per_conversion, metrics.conversion),
    roas: over(metrics.complete_payment_roas, metrics.spend),
  };
}

describe('level metrics and entities', () => {
  let harness: Harness;
  let companion: TestCompanion;
  let token: string;
  let us: string;
  let japan: string;

  beforeAll(async () => {
    harness = await startHarness();
    companion = harness.companion;
    const state = await companion.emulator.control.state();
    const byCurrency = (currency: string) => {
      const account = state.advertisers.find((a) => a.currency === currency);
      if (!account) throw new Error(`no ${currency} account`);
      return account.advertiser_id;
    };
    us = byCurrency('USD');
    japan = byCurrency('JPY');
    token = await connect(
      companion,
      state.advertisers.map((a) => a.advertiser_id),
    );
  });

  afterAll(async () => {
    await companion.close();
  });

  describe('figures', () => {
    it.each(['campaign', 'adgroup', 'ad'] as const)(
      '%s level: equal to TikTok’s own report for each id, in both periods',
      async (level) => {
        const body = await metrics(companion, us, {
          level,
          start: '2026-11-10',
          end: '2026-11-16',
          compare: 'previous',
        });
        expect(body).toMatchObject({
          advertiserId: us,
          level,
          currency: 'USD',
          timezone: 'America/Los_Angeles',
          range: { start: '2026-11-10', end: '2026-11-16' },
          previousRange: { start: '2026-11-03', end: '2026-11-09' },
          compared: true,
          includesToday: false,
          reportsPurchaseValue: true,
        });

        const current = await tiktokReport(companion, token, us, level, '2026-11-10', '2026-11-16');
        const previous = await tiktokReport(
          companion,
          token,
          us,
          level,
          '2026-11-03',
          '2026-11-09',
        );
        const ids = new Set([...current.keys(), ...previous.keys()]);
        expect(current.size).toBeGreaterThan(0);
        expect(body.rows.map((row) => row.id).sort()).toEqual([...ids].sort());

        for (const row of body.rows) {
          const now = current.get(row.id);
          const before = previous.get(row.id);
          if (now) expect(row.current, row.id).toEqual(figures(now));
          expect(row.previous, row.id).toEqual(before ? figures(before) : null);
          expect(row.name).toBe((now ?? before)?.[`${level}_name`]);
          expect(row.name?.length).toBeGreaterThan(0);
        }
        // The Black Friday campaign started on 2026-11-12: delivery now, none the week before.
        expect(body.rows.some((row) => row.previous === null)).toBe(true);
        expect(body.rows.some((row) => row.previous !== null)).toBe(true);

        // Without the comparison: the range's rows only, the same figures, no previous.
        const plain = await metrics(companion, us, {
          level,
          start: '2026-11-10',
          end: '2026-11-16',
        });
        expect(plain.compared).toBe(false);
        expect(plain.rows.map((row) => row.id).sort()).toEqual([...current.keys()].sort());
        for (const row of plain.rows) {
          expect(row).not.toHaveProperty('previous');
          expect(row.current).toEqual(body.rows.find((r) => r.id === row.id)?.current);
        }
      },
    );

    it('lists an entity that delivered only in the previous period, with nothing spent now', async () => {
      // The spring campaign was paused on 2026-11-18 (Los Angeles), after its morning's delivery.
      const body = await metrics(companion, us, {
        level: 'campaign',
        start: '2026-11-19',
        end: '2026-11-20',
        compare: 'previous',
      });
      expect(body.previousRange).toEqual({ start: '2026-11-17', end: '2026-11-18' });
      const current = await tiktokReport(
        companion,
        token,
        us,
        'campaign',
        '2026-11-19',
        '2026-11-20',
      );
      const onlyBefore = body.rows.filter((row) => !current.has(row.id));
      expect(onlyBefore.map((row) => row.name)).toEqual(['US | Spring launch | Lifetime']);
      expect(onlyBefore[0]?.current).toEqual({
        spend: 0,
        impressions: 0,
        clicks: 0,
        ctr: null,
        cpc: null,
        conversions: 0,
        cpa: null,
        roas: null,
      });
      expect(onlyBefore[0]?.previous?.spend).toBeGreaterThan(0);
    });

    it('gives no ROAS for the JPY account, which reports no purchase value', async () => {
      const body = await metrics(companion, japan, {
        level: 'adgroup',
        start: '2026-11-10',
        end: '2026-11-16',
        compare: 'previous',
      });
      expect(body.currency).toBe('JPY');
      expect(body.timezone).toBe('Asia/Tokyo');
      expect(body.reportsPurchaseValue).toBe(false);
      expect(body.rows.length).toBeGreaterThan(0);
      for (const row of body.rows) {
        expect(row.current.roas).toBeNull();
        expect(row.previous?.roas ?? null).toBeNull();
        expect(row.current.spend).toBeGreaterThan(0);
        expect(row.current.impressions).toBeGreaterThan(0);
      }
      const usRows = (
        await metrics(companion, us, { level: 'adgroup', start: '2026-11-10', end: '2026-11-16' })
      ).rows;
      expect(usRows.every((row) => typeof row.current.roas === 'number')).toBe(true);
    });
  });

  describe('upstream report calls per page view', () => {
    it('cold: 1; warm: 0, with the original fetchedAt', async () => {
      const view = { level: 'adgroup' as const, start: '2026-10-01', end: '2026-10-07' };
      const before = await reportCalls(companion);
      const first = await metrics(companion, us, view);
      expect((await reportCalls(companion)) - before).toBe(1);

      harness.advance(30_000);
      const again = await metrics(companion, us, view);
      expect((await reportCalls(companion)) - before).toBe(1);
      expect(again.fetchedAt).toBe(first.fetchedAt);
      expect(again.rows).toEqual(first.rows);
    });

    it('the comparison costs one more call, once; the range’s report is reused', async () => {
      const view = { level: 'adgroup' as const, start: '2026-08-08', end: '2026-08-14' };
      const before = await reportCalls(companion);
      const plain = await metrics(companion, us, view);
      expect((await reportCalls(companion)) - before).toBe(1);
      const compared = await metrics(companion, us, { ...view, compare: 'previous' });
      await metrics(companion, us, { ...view, compare: 'previous' });
      expect((await reportCalls(companion)) - before).toBe(2);
      expect(compared.fetchedAt).toBe(plain.fetchedAt);
      expect(compared.previousRange).toEqual({ start: '2026-08-01', end: '2026-08-07' });
      // The previous period's report serves a view of that week too.
      await metrics(companion, us, { level: 'adgroup', start: '2026-08-01', end: '2026-08-07' });
      expect((await reportCalls(companion)) - before).toBe(2);
    });

    it('10 identical requests at once: 1 call in all', async () => {
      const view = { level: 'campaign' as const, start: '2026-10-08', end: '2026-10-14' };
      const before = await reportCalls(companion);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => getMetrics(companion, us, view)),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
      expect(new Set(responses.map((r) => r.body)).size).toBe(1);
      expect((await reportCalls(companion)) - before).toBe(1);
    });

    it('a different range: 1 more; the same range after the TTL: 1 more', async () => {
      const view = { level: 'ad' as const, start: '2026-10-15', end: '2026-10-21' };
      const before = await reportCalls(companion);
      const first = await metrics(companion, us, view);
      await metrics(companion, us, { ...view, end: '2026-10-22' });
      expect((await reportCalls(companion)) - before).toBe(2);

      harness.advance(299_000);
      await metrics(companion, us, view);
      expect((await reportCalls(companion)) - before).toBe(2);

      harness.advance(2_000);
      const refreshed = await metrics(companion, us, view);
      expect((await reportCalls(companion)) - before).toBe(3);
      expect(Date.parse(refreshed.fetchedAt)).toBeGreaterThan(Date.parse(first.fetchedAt));
    });

    it('a range that includes today is reused for 60 seconds only', async () => {
      const view = {
        level: 'campaign' as const,
        start: '2026-11-15',
        end: '2026-11-21',
        compare: 'previous' as const,
      };
      const before = await reportCalls(companion);
      const first = await metrics(companion, us, view);
      expect(first.includesToday).toBe(true);
      expect((await reportCalls(companion)) - before).toBe(2);

      harness.advance(61_000);
      const second = await metrics(companion, us, view);
      // Only the range, which includes today, is fetched again; the previous week is still cached.
      expect((await reportCalls(companion)) - before).toBe(3);
      expect(Date.parse(second.fetchedAt) - Date.parse(first.fetchedAt)).toBeGreaterThanOrEqual(
        61_000,
      );
    });

    it('a failed report is not cached: the next view fetches only what failed', async () => {
      const view = {
        level: 'adgroup' as const,
        start: '2026-09-01',
        end: '2026-09-07',
        compare: 'previous' as const,
      };
      await companion.emulator.control.fault({
        path: REPORT_PATH,
        code: 40002,
        message: 'dimensions: something TikTok did not like.',
      });
      const before = await reportCalls(companion);
      const failed = await getMetrics(companion, us, view);
      expect(failed.statusCode).toBe(502);
      expect(failed.json().error).toEqual({
        code: 'tiktok_error',
        message: `TikTok refused the ad group report for ad account ${us}: GET /report/integrated/get/: dimensions: something TikTok did not like.`,
      });
      // The other period's report may still be on its way when the answer is sent.
      await vi.waitFor(async () => expect((await reportCalls(companion)) - before).toBe(2));

      await metrics(companion, us, view);
      expect((await reportCalls(companion)) - before).toBe(3);
    });
  });

  describe('refusals', () => {
    it.each([
      [
        'a range ending before it starts',
        { start: '2026-11-16', end: '2026-11-10' },
        'The range ends (2026-11-10) before it starts (2026-11-16); send the earlier date as start.',
      ],
      [
        'a range of 366 days',
        { start: '2025-11-20', end: '2026-11-20' },
        'The range 2025-11-20..2026-11-20 is 366 days; TikTok totals at most 365 days in one report. Choose a shorter range.',
      ],
      [
        'a range ending after tomorrow in the account’s time zone',
        { start: '2026-11-20', end: '2026-11-23' },
        "The range ends on 2026-11-23, but today is 2026-11-21 in the ad account's time zone (America/Los_Angeles); TikTok has no figures after 2026-11-22. Choose a range that ends by then.",
      ],
      [
        'a date that is not in the calendar',
        { start: '2026-02-29', end: '2026-03-01' },
        'start (2026-02-29) is not a calendar date; send YYYY-MM-DD.',
      ],
    ])('%s → 400', async (_label, range, message) => {
      const before = await reportCalls(companion);
      const response = await getMetrics(companion, us, { level: 'campaign', ...range });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({ code: 'bad_range', message });
      expect(await reportCalls(companion)).toBe(before);
    });

    it('accepts a range ending tomorrow in the account’s time zone', async () => {
      const body = await metrics(companion, us, {
        level: 'campaign',
        start: '2026-11-22',
        end: '2026-11-22',
      });
      expect(body.includesToday).toBe(true);
      expect(body.previousRange).toEqual({ start: '2026-11-21', end: '2026-11-21' });
    });

    it('refuses a malformed date or an unknown level', async () => {
      const badDate = await getMetrics(companion, us, {
        level: 'campaign',
        start: '2026-11-1',
        end: '2026-11-16',
      });
      expect(badDate.statusCode).toBe(400);
      expect(badDate.json().error.message).toBe(
        'Invalid query: start: Expected a date (YYYY-MM-DD).',
      );
      const badLevel = await getMetrics(companion, us, {
        level: 'account' as Level,
        start: '2026-11-10',
        end: '2026-11-16',
      });
      expect(badLevel.statusCode).toBe(400);
      expect(badLevel.json().error.message).toMatch(/^Invalid query: level: /);
      const badCompare = await getMetrics(companion, us, {
        level: 'campaign',
        start: '2026-11-10',
        end: '2026-11-16',
        compare: 'last-year' as 'previous',
      });
      expect(badCompare.statusCode).toBe(400);
      expect(badCompare.json().error.message).toMatch(/^Invalid query: compare: /);
    });

    it('answers 401 without a staff key and 404 for an ad account that is not connected', async () => {
      const view = { level: 'campaign' as const, start: '2026-11-10', end: '2026-11-16' };
      const anonymous = await getMetrics(companion, us, view, {});
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.code).toBe('unauthorized');

      const unknown = await getMetrics(companion, '1234567890123', view);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.message).toBe(
        'Ad account 1234567890123 is not connected. Authorize it first.',
      );
    });
  });

  describe('entities', () => {
    async function entities(level: Level) {
      const response = await companion.app.inject({
        method: 'GET',
        url: `/api/ad-accounts/${us}/entities?level=${level}`,
        headers: companion.as('viewer'),
      });
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ advertiserId: us, level, currency: 'USD' });
      return body.entities as EntityView[];
    }

    it('lists each level with statuses, budgets and parents', async () => {
      const state = await companion.emulator.control.state(us);
      const live = <T extends { deleted: boolean }>(items: T[]) => items.filter((i) => !i.deleted);

      const campaigns = await entities('campaign');
      expect(campaigns.map((c) => c.id).sort()).toEqual(
        live(state.campaigns)
          .map((c) => c.campaign_id)
          .sort(),
      );
      for (const campaign of campaigns) {
        expect(campaign.parentId).toBeNull();
        expect(typeof campaign.budget).toBe('number');
        expect(campaign.operationStatus).toMatch(/^(ENABLE|DISABLE)$/);
        expect(campaign.secondaryStatus).toMatch(/^CAMPAIGN_STATUS_/);
      }
      const cbo = state.campaigns.find((c) => c.budget_optimize_on === true);
      expect(campaigns.find((c) => c.id === cbo?.campaign_id)).toMatchObject({
        name: 'US | Black Friday 2026 | CBO',
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 1_500,
      });

      const adGroups = await entities('adgroup');
      expect(adGroups.map((g) => g.id).sort()).toEqual(
        live(state.adgroups)
          .map((g) => g.adgroup_id)
          .sort(),
      );
      const campaignIds = new Set(campaigns.map((c) => c.id));
      for (const adGroup of adGroups) {
        expect(campaignIds.has(adGroup.parentId ?? '')).toBe(true);
        if (adGroup.parentId === cbo?.campaign_id) {
          expect(adGroup).toMatchObject({ budgetMode: 'BUDGET_MODE_INFINITE', budget: null });
        } else {
          expect(adGroup.budget).toBeGreaterThan(0);
        }
      }
      expect(adGroups.filter((g) => g.budget === null)).toHaveLength(4);
      expect(adGroups.find((g) => g.name === 'US | Broad 18-44 | Purchase')).toMatchObject({
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 150,
      });

      const ads = await entities('ad');
      expect(ads.map((a) => a.id).sort()).toEqual(
        live(state.ads)
          .map((a) => a.ad_id)
          .sort(),
      );
      const adGroupIds = new Set(adGroups.map((g) => g.id));
      for (const ad of ads) {
        expect(ad).toMatchObject({ budgetMode: null, budget: null });
        expect(adGroupIds.has(ad.parentId ?? '')).toBe(true);
      }
    });

    it('reuses a listing for 30 seconds', async () => {
      const listCalls = async () =>
        (await companion.emulator.control.calls({ path: 'campaign/get/' })).total;
      harness.advance(31_000);
      const before = await listCalls();
      await Promise.all([entities('campaign'), entities('campaign'), entities('campaign')]);
      expect((await listCalls()) - before).toBe(1);
      harness.advance(29_000);
      await entities('campaign');
      expect((await listCalls()) - before).toBe(1);
      harness.advance(2_000);
      await entities('campaign');
      expect((await listCalls()) - before).toBe(2);
    });
  });

  describe('page health', () => {
    const report = {
      problem: 'no_rows_mapped',
      path: '/i18n/manage/adgroup',
      level: 'adgroup',
      advertiserId: '7000000000000000001',
      extensionVersion: '0.3.1',
      selectorMatches: { 'table.rows#current': 0, 'table.rows#2026-09': 0 },
    };

    function send(body: Record<string, unknown>, role: 'viewer' | 'buyer' = 'viewer') {
      return companion.app.inject({
        method: 'POST',
        url: '/api/page-health',
        headers: companion.as(role),
        payload: body,
      });
    }

    async function layoutEntries() {
      return (await companion.context.audit.query({ action: 'extension.page_layout' })).entries;
    }

    it('records a report once per staff member, problem and path in 10 minutes', async () => {
      const first = await send({ ...report, advertiserId: us });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ recorded: true });

      const entries = await layoutEntries();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'extension.page_layout',
        outcome: 'failure',
        actor: {
          kind: 'staff',
          staffId: companion.staffIds.viewer,
          email: 'viewer@bayme.example',
        },
        advertiserId: us,
        message:
          "The extension (extension 0.3.1) found the table on the Ads Manager page /i18n/manage/adgroup but could not match any of its rows to ad groups: TikTok may have changed the page's layout, so the figures are missing there. Compare the selector matches in the details with the page and update the extension's selectors.",
        details: { ...report, advertiserId: us },
      });

      expect(
        (await send({ ...report, advertiserId: us, extensionVersion: '0.3.2' })).json(),
      ).toEqual({ recorded: false });
      expect(await layoutEntries()).toHaveLength(1);

      // Another person, another problem or another page is news.
      expect((await send(report, 'buyer')).json()).toEqual({ recorded: true });
      expect((await send({ ...report, problem: 'no_table' })).json()).toEqual({ recorded: true });
      expect((await send({ ...report, path: '/i18n/manage/ad' })).json()).toEqual({
        recorded: true,
      });
      expect(await layoutEntries()).toHaveLength(4);

      harness.advance(10 * 60_000 + 1_000);
      expect((await send(report)).json()).toEqual({ recorded: true });
      expect(await layoutEntries()).toHaveLength(5);
    });

    it('refuses a path that carries a query', async () => {
      const response = await send({ ...report, path: '/i18n/manage/adgroup?token=abc' });
      expect(response.statusCode).toBe(400);
    });
  });
});

describe('a token TikTok no longer accepts', () => {
  let companion: TestCompanion;
  let uk: string;
  let token: string;

  beforeAll(async () => {
    ({ companion } = await startHarness());
    uk = (await companion.emulator.control.account('GBP')).advertiser_id;
    token = await connect(companion, [uk]);
  });

  afterAll(async () => {
    await companion.close();
  });

  it('answers 409 and marks the connection broken; later requests do not call TikTok', async () => {
    const view = { level: 'campaign' as const, start: '2026-11-10', end: '2026-11-16' };
    await metrics(companion, uk, view);
    await companion.emulator.control.revokeToken(token);

    const response = await getMetrics(companion, uk, { ...view, end: '2026-11-17' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('connection_broken');
    expect(response.json().error.message).toMatch(
      new RegExp(
        `^TikTok no longer accepts the authorization for ad account ${uk} \\(.+\\); it is now marked broken\\. Re-authorize the ad account\\.$`,
      ),
    );
    const connection = companion.context.store.read().connections[0];
    expect(connection?.status).toBe('broken');
    expect(connection?.statusReason).toMatch(/revoked or is no longer valid/);

    // Cached figures are not served for a broken connection, and TikTok is not asked again.
    const before = await reportCalls(companion);
    const cached = await getMetrics(companion, uk, view);
    expect(cached.statusCode).toBe(409);
    expect(cached.json().error.message).toMatch(/is not working .*Re-authorize it\.$/);
    const listing = await companion.app.inject({
      method: 'GET',
      url: `/api/ad-accounts/${uk}/entities?level=adgroup`,
      headers: companion.as('viewer'),
    });
    expect(listing.statusCode).toBe(409);
    expect(listing.json().error.code).toBe('connection_broken');
    expect(await reportCalls(companion)).toBe(before);
  });
});

describe('METRICS_CACHE_TTL_SECONDS', () => {
  let harness: Harness;
  let us: string;

  beforeAll(async () => {
    harness = await startHarness({ METRICS_CACHE_TTL_SECONDS: '1' });
    us = (await harness.companion.emulator.control.account('USD')).advertiser_id;
    await connect(harness.companion, [us]);
  });

  afterAll(async () => {
    await harness.companion.close();
  });

  it('sets how long a report is reused', async () => {
    const { companion } = harness;
    const view = { level: 'campaign' as const, start: '2026-11-10', end: '2026-11-16' };
    const before = await reportCalls(companion);
    await metrics(companion, us, view);
    harness.advance(900);
    await metrics(companion, us, view);
    expect((await reportCalls(companion)) - before).toBe(1);
    harness.advance(200);
    await metrics(companion, us, view);
    expect((await reportCalls(companion)) - before).toBe(2);
  });
});

describe('a level with more than 1,000 entities', () => {
  let companion: TestCompanion;
  let scale: string;

  beforeAll(async () => {
    ({ companion } = await startHarness({}, 1_500));
    const account = (await companion.emulator.control.state()).advertisers.find(
      (a) => a.name === 'Bayme Scale Test',
    );
    if (!account) throw new Error('the emulator did not add the large account');
    scale = account.advertiser_id;
    await connect(companion, [scale]);
  });

  afterAll(async () => {
    await companion.close();
  });

  it('costs one report call per page of 1,000 rows, and as many for the comparison', async () => {
    const before = await reportCalls(companion);
    const plain = await metrics(companion, scale, {
      level: 'adgroup',
      start: '2026-11-14',
      end: '2026-11-20',
    });
    expect(plain.rows).toHaveLength(1_500);
    expect((await reportCalls(companion)) - before).toBe(2);

    const body = await metrics(companion, scale, {
      level: 'adgroup',
      start: '2026-11-14',
      end: '2026-11-20',
      compare: 'previous',
    });
    const calls = (await reportCalls(companion)) - before;
    const withPrevious = body.rows.filter((row) => row.previous !== null).length;
    expect(body.rows).toHaveLength(1_500);
    expect(withPrevious).toBe(1_500);
    // 1,500 rows in each period: two pages each.
    expect(calls).toBe(Math.ceil(body.rows.length / 1_000) + Math.ceil(withPrevious / 1_000));
    expect(calls).toBe(4);

    const again = await metrics(companion, scale, {
      level: 'adgroup',
      start: '2026-11-14',
      end: '2026-11-20',
      compare: 'previous',
    });
    expect(again.rows).toHaveLength(1_500);
    expect((await reportCalls(companion)) - before).toBe(4);
  });
});
