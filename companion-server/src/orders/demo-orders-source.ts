import { runIntegratedReport } from '../../emulator/metrics/integrated-report';
import type { EmulatorRuntime } from '../../emulator/runtime';
import { addDays, zonedDate } from '../lib/time-zone';
import type { DemoDelivery } from './demo-orders';

/**
 * What the demo orders follow: the built-in emulator's own daily figures per ad (purchases
 * and purchase value), read in process from its report engine, the way TikTok would report
 * them. Only for `npm start` without TikTok credentials, where the emulator runs inside the
 * server; nothing here is reachable with real credentials.
 */

/** Accounts with more ads than this are load-test worlds, not demo accounts: skipped. */
const DEMO_ACCOUNT_MAX_ADS = 500;

function metric(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : 0;
}

export function emulatorDeliveries(
  runtime: EmulatorRuntime,
  days: number,
  nowMs: number,
): DemoDelivery[] {
  const deliveries: DemoDelivery[] = [];
  for (const advertiser of runtime.state.advertisers.values()) {
    const ads = runtime.state.adsOfAdvertiser(advertiser.advertiser_id);
    if (ads.length === 0 || ads.length > DEMO_ACCOUNT_MAX_ADS) continue;
    const byId = new Map(ads.map((ad) => [ad.ad_id, ad]));
    const today = zonedDate(nowMs, advertiser.timezone);
    const result = runIntegratedReport(
      {
        advertiser,
        level: 'ad',
        idDimension: 'ad_id',
        timeDimension: 'stat_time_day',
        metrics: ['spend', 'conversion', 'complete_payment_roas'],
        startDate: addDays(today, -(days - 1)),
        endDate: today,
        idFilters: {},
        statusScope: 'STATUS_ALL',
        orderField: null,
        orderType: 'DESC',
        enableTotalMetrics: false,
      },
      runtime.state,
      runtime.simulator,
      nowMs,
    );
    for (const row of result.rows) {
      const ad = byId.get(row.dimensions.ad_id ?? '');
      const date = (row.dimensions.stat_time_day ?? '').slice(0, 10);
      if (!ad || date.length !== 10) continue;
      const spend = metric(row.metrics.spend);
      deliveries.push({
        advertiserId: advertiser.advertiser_id,
        currency: advertiser.currency,
        timeZone: advertiser.timezone,
        campaignId: ad.campaign_id,
        adgroupId: ad.adgroup_id,
        adId: ad.ad_id,
        date,
        conversions: metric(row.metrics.conversion),
        purchaseValue: spend * metric(row.metrics.complete_payment_roas),
      });
    }
  }
  return deliveries;
}
