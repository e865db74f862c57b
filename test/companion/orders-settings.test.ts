import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreatePlan } from '../../companion-server/src/contract/bulk-create';
import type {
  OrdersSettings,
  trackingCheck,
} from '../../companion-server/src/contract/orders-settings';
import type { RouteResponse } from '../../companion-server/src/contract/route';
import { type Ad, creativeOf } from '../../companion-server/src/marketing-api/ads';
import { DEFAULT_TRACKING_TEMPLATE } from '../../companion-server/src/orders/attribution';
import { adGroupRow, adRow, campaignRow, createCsv } from '../helpers/bulk-create-csv';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { callAs, connectAdvertisers } from '../helpers/companion-calls';

/**
 * The orders settings over the real app with the emulator: the tracking template and click
 * window (validated, admins only, audited), bulk create adding the template to new ads'
 * landing pages, and the check listing an account's ads whose landing page lacks it.
 */

const US = '7252569388304511798';

let companion: TestCompanion;
let token = '';

type Check = RouteResponse<typeof trackingCheck>;

async function patchSettings(role: 'admin' | 'buyer', body: Partial<OrdersSettings>) {
  const response = await companion.app.inject({
    method: 'PATCH',
    url: '/api/orders/settings',
    headers: companion.as(role),
    payload: body,
  });
  return { status: response.statusCode, body: response.json() };
}

/** Every live ad of the account, as the companion's client reads it. */
async function liveAds(): Promise<Ad[]> {
  return companion.context.marketingApi.ads.list(token, { advertiserId: US });
}

/** Sets ads' landing pages at TikTok (the emulator) with ad/update/, whole ad group at once. */
async function setLandingUrls(urls: ReadonlyMap<string, string>): Promise<void> {
  const ads = await liveAds();
  const groups = new Set(ads.filter((ad) => urls.has(ad.ad_id)).map((ad) => ad.adgroup_id));
  for (const adgroupId of groups) {
    const full = await companion.context.marketingApi.ads.listForUpdate(token, {
      advertiserId: US,
      adgroupId,
    });
    await companion.context.marketingApi.ads.update(token, {
      advertiserId: US,
      adgroupId,
      creatives: full.map((ad) => ({
        ...creativeOf(ad),
        landing_page_url: urls.get(ad.ad_id) ?? ad.landing_page_url,
      })),
    });
  }
}

beforeAll(async () => {
  companion = await startTestCompanion();
});

afterAll(async () => {
  await companion?.close();
});

beforeEach(async () => {
  await companion.context.bulkCreate.settled();
  await companion.emulator.control.reset();
  token = await connectAdvertisers(companion, [US]);
  await patchSettings('admin', { trackingTemplate: DEFAULT_TRACKING_TEMPLATE, clickWindowDays: 7 });
});

describe('orders settings', () => {
  it('start from the default template and a 7-day window; buyers read, viewers may not', async () => {
    const read = await callAs<OrdersSettings>(companion, 'buyer', 'GET', '/api/orders/settings');
    expect(read).toEqual({
      status: 200,
      body: { trackingTemplate: DEFAULT_TRACKING_TEMPLATE, clickWindowDays: 7 },
    });
    const viewer = await callAs(companion, 'viewer', 'GET', '/api/orders/settings');
    expect(viewer.status).toBe(403);
  });

  it('admins change them, audited with before and after; buyers may not', async () => {
    const template = 'utm_source=tiktok&ad_id=__CID__&name=__CID_NAME__';
    const changed = await patchSettings('admin', { trackingTemplate: ` ?${template}` });
    expect(changed).toEqual({
      status: 200,
      body: { trackingTemplate: template, clickWindowDays: 7 },
    });
    expect(companion.context.store.read().ordersSettings.trackingTemplate).toBe(template);

    const window = await patchSettings('admin', { clickWindowDays: 28 });
    expect(window.body).toEqual({ trackingTemplate: template, clickWindowDays: 28 });

    const refused = await patchSettings('buyer', { clickWindowDays: 1 });
    expect(refused.status).toBe(403);
    expect(companion.context.store.read().ordersSettings.clickWindowDays).toBe(28);

    const audit = await callAs<{ entries: Array<Record<string, any>> }>(
      companion,
      'admin',
      'GET',
      '/api/audit?action=orders.settings.update&limit=2',
    );
    expect(audit.body.entries.map((entry) => entry.changes)).toEqual([
      [{ entityId: 'orders_settings', field: 'clickWindowDays', before: 7, after: 28 }],
      [
        {
          entityId: 'orders_settings',
          field: 'trackingTemplate',
          before: DEFAULT_TRACKING_TEMPLATE,
          after: template,
        },
      ],
    ]);
  });

  it.each([
    [
      { trackingTemplate: 'campaign_id=__CAMPAIGNID__' },
      /"__CAMPAIGNID__" is not a TikTok macro.*__CAMPAIGN_ID__/,
    ],
    [{ trackingTemplate: 'ad_id=_CID_' }, /"_CID_" is not a TikTok macro/],
    [{ trackingTemplate: `a=${'x'.repeat(1_000)}` }, /at most 1000/],
    [{ trackingTemplate: 'utm_source' }, /has no "="/],
    [{ clickWindowDays: 0 }, /At least 1 day/],
    [{ clickWindowDays: 29 }, /At most 28 days/],
  ])('refuse %j with a plain message, changing nothing', async (body, message) => {
    const refused = await patchSettings('admin', body as Partial<OrdersSettings>);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(message);
    expect(companion.context.store.read().ordersSettings).toEqual({
      trackingTemplate: DEFAULT_TRACKING_TEMPLATE,
      clickWindowDays: 7,
    });
  });
});

describe('bulk create with the tracking template', () => {
  it('adds the missing parameters to new ads’ landing pages, shows them in the preview, keeps the rest', async () => {
    const identityId = String(
      (await companion.emulator.control.state(US)).ads[0]?.identity_id ?? '',
    );
    const csv = createCsv([
      campaignRow({ name: 'Tracked sale' }),
      adGroupRow(),
      adRow(1, identityId, { landing_page_url: 'https://bayme.store/winter' }),
      adRow(2, identityId, {
        landing_page_url: 'https://bayme.store/p?q=red%20sofa&utm_source=newsletter#reviews',
      }),
    ]);
    const planned = await callAs<CreatePlan>(
      companion,
      'buyer',
      'POST',
      `/api/ad-accounts/${US}/bulk-create/plans`,
      { csv },
    );
    expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    const adRows = planned.body.rows.filter((row) => row.type === 'ad');
    expect(adRows.map((row) => row.summary)).toEqual([
      `SINGLE_VIDEO: "Warm up for less" → https://bayme.store/winter?${DEFAULT_TRACKING_TEMPLATE} (tracking parameters added: utm_source, campaign_id, adgroup_id, ad_id)`,
      'SINGLE_VIDEO: "Warm up for less" → https://bayme.store/p?q=red%20sofa&utm_source=newsletter&campaign_id=__CAMPAIGN_ID__&adgroup_id=__AID__&ad_id=__CID__#reviews (tracking parameters added: campaign_id, adgroup_id, ad_id)',
    ]);

    const applied = await callAs(
      companion,
      'buyer',
      'POST',
      `/api/bulk-create/plans/${planned.body.planId}/apply`,
    );
    expect(applied.status).toBe(200);
    await companion.context.bulkCreate.settled();
    const created = (await liveAds()).filter((ad) => ad.ad_name.startsWith('Winter sale | Video'));
    expect(Object.fromEntries(created.map((ad) => [ad.ad_name, ad.landing_page_url]))).toEqual({
      'Winter sale | Video 1': `https://bayme.store/winter?${DEFAULT_TRACKING_TEMPLATE}`,
      'Winter sale | Video 2':
        'https://bayme.store/p?q=red%20sofa&utm_source=newsletter&campaign_id=__CAMPAIGN_ID__&adgroup_id=__AID__&ad_id=__CID__#reviews',
    });
  });

  it('refuses a row whose landing page would grow past 1,000 characters', async () => {
    const identityId = String(
      (await companion.emulator.control.state(US)).ads[0]?.identity_id ?? '',
    );
    const long = `https://bayme.store/${'a'.repeat(950)}`;
    const planned = await callAs<CreatePlan>(
      companion,
      'buyer',
      'POST',
      `/api/ad-accounts/${US}/bulk-create/plans`,
      {
        csv: createCsv([
          campaignRow({ name: 'Long sale' }),
          adGroupRow(),
          adRow(1, identityId, { landing_page_url: long }),
        ]),
      },
    );
    expect(planned.body.canApply).toBe(false);
    expect(planned.body.rows.flatMap((row) => row.errors)).toEqual([
      expect.objectContaining({
        row: 4,
        column: 'landing_page_url',
        message: expect.stringMatching(/would be 1049 characters; at most 1000/),
      }),
    ]);
  });
});

describe('ads lacking the tracking template', () => {
  it('lists the account’s ads whose landing page lacks parameters, active first, with which', async () => {
    const ads = await liveAds();
    const [full, partial] = ads.filter((ad) => ad.operation_status === 'ENABLE');
    const disabled = ads.find((ad) => ad.operation_status === 'DISABLE');
    expect(full && partial && disabled).toBeTruthy();
    await setLandingUrls(
      new Map([
        [String(full?.ad_id), `https://bayme.example/a?${DEFAULT_TRACKING_TEMPLATE}`],
        [String(partial?.ad_id), 'https://bayme.example/b?utm_source=tiktok&ad_id=__CID__'],
      ]),
    );

    const check = await callAs<Check>(
      companion,
      'viewer',
      'GET',
      `/api/ad-accounts/${US}/tracking-check`,
    );
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    const { body } = check;
    expect(body.trackingTemplate).toBe(DEFAULT_TRACKING_TEMPLATE);
    expect(body.adsChecked).toBe(ads.length);
    const listed = new Map(body.ads.map((ad) => [ad.adId, ad]));
    expect(listed.has(String(full?.ad_id))).toBe(false);
    expect(listed.get(String(partial?.ad_id))).toMatchObject({
      landingUrl: 'https://bayme.example/b?utm_source=tiktok&ad_id=__CID__',
      missing: ['campaign_id', 'adgroup_id'],
      operationStatus: 'ENABLE',
    });
    // The seed's ads have a landing page without any parameter.
    expect(listed.get(String(disabled?.ad_id))?.missing).toEqual([
      'utm_source',
      'campaign_id',
      'adgroup_id',
      'ad_id',
    ]);
    expect(body.lacking).toBe(ads.length - 1 - body.withoutLandingUrl);
    expect(body.lackingActive).toBe(
      body.ads.filter((ad) => ad.operationStatus === 'ENABLE').length,
    );
    expect(body.lackingActive).toBeGreaterThan(0);
    expect(body.ads).toHaveLength(Math.min(body.lacking, 500));
    const statuses = body.ads.map((ad) => ad.operationStatus);
    expect(statuses.indexOf('DISABLE')).toBeGreaterThan(statuses.lastIndexOf('ENABLE'));
  });

  it('checks against the template the admin set', async () => {
    await patchSettings('admin', { trackingTemplate: 'utm_source=tiktok' });
    const ads = await liveAds();
    const target = ads[0];
    await setLandingUrls(new Map([[String(target?.ad_id), 'https://bayme.example/?utm_source=x']]));
    const check = await callAs<Check>(
      companion,
      'viewer',
      'GET',
      `/api/ad-accounts/${US}/tracking-check`,
    );
    expect(check.body.trackingTemplate).toBe('utm_source=tiktok');
    expect(check.body.ads.some((ad) => ad.adId === target?.ad_id)).toBe(false);
    expect(check.body.ads.every((ad) => ad.missing.join() === 'utm_source')).toBe(true);
  });

  it('answers 404 for an account that is not connected', async () => {
    const check = await callAs<{ error: { message: string } }>(
      companion,
      'viewer',
      'GET',
      '/api/ad-accounts/1234567890123456/tracking-check',
    );
    expect(check.status).toBe(404);
    expect(check.body.error.message).toMatch(/not connected/);
  });
});
