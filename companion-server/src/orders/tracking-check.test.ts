import { describe, expect, it } from 'vitest';
import type { Ad } from '../marketing-api/ads';
import { DEFAULT_TRACKING_TEMPLATE } from './attribution';
import { adsLackingTemplate } from './tracking-check';

let next = 0;
function ad(status: Ad['operation_status'], landing: string | undefined): Ad {
  next += 1;
  return {
    ad_id: String(1_800_000_000_000_000_000n + BigInt(next)),
    ad_name: `Ad ${next}`,
    adgroup_id: '1700000000000000001',
    campaign_id: '1600000000000000001',
    advertiser_id: '7252569388304511798',
    operation_status: status,
    ...(landing === undefined ? {} : { landing_page_url: landing }),
    create_time: '2026-11-01 10:00:00',
    modify_time: '2026-11-01 10:00:00',
  };
}

describe('adsLackingTemplate', () => {
  it('lists ads lacking any parameter with the names missing, active ones first', () => {
    const pausedBare = ad('DISABLE', 'https://bayme.example/a');
    const tracked = ad('ENABLE', `https://bayme.example/b?${DEFAULT_TRACKING_TEMPLATE}`);
    const activePartial = ad('ENABLE', 'https://bayme.example/c?utm_source=tiktok&ad_id=123');
    const activeBare = ad('ENABLE', ' https://bayme.example/d#x ');
    const result = adsLackingTemplate(
      [pausedBare, tracked, activePartial, activeBare],
      DEFAULT_TRACKING_TEMPLATE,
    );
    expect(result.withoutLandingUrl).toBe(0);
    expect(result.ads.map((a) => [a.adId, a.operationStatus, a.missing])).toEqual([
      [activePartial.ad_id, 'ENABLE', ['campaign_id', 'adgroup_id']],
      [activeBare.ad_id, 'ENABLE', ['utm_source', 'campaign_id', 'adgroup_id', 'ad_id']],
      [pausedBare.ad_id, 'DISABLE', ['utm_source', 'campaign_id', 'adgroup_id', 'ad_id']],
    ]);
    expect(result.ads[1]?.landingUrl).toBe('https://bayme.example/d#x');
  });

  it('leaves deleted ads out and counts ads without a landing page apart', () => {
    const result = adsLackingTemplate(
      [ad('DELETE', 'https://bayme.example/'), ad('ENABLE', undefined), ad('DISABLE', '  ')],
      DEFAULT_TRACKING_TEMPLATE,
    );
    expect(result).toEqual({ ads: [], withoutLandingUrl: 2 });
  });

  it('a parameter counts by name, whatever its value (TikTok fills it)', () => {
    const result = adsLackingTemplate(
      [ad('ENABLE', 'https://bayme.example/?utm_source=&campaign_id=__CAMPAIGN_ID__')],
      'utm_source=tiktok&campaign_id=__CAMPAIGN_ID__',
    );
    expect(result.ads).toEqual([]);
  });
});
