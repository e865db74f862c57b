import { describe, expect, it } from 'vitest';
import { COUNTERS } from './delivery-counts';
import { METRIC_CATALOG, type ReportLevel } from './metric-catalog';

/** Metrics issue 14 names, from TikTok's documented catalog of BASIC metrics. */
const ISSUE_METRICS = [
  'voucher_spend',
  'cost_per_1000_reached',
  'reach',
  'frequency',
  'video_play_actions',
  'video_watched_2s',
  'video_watched_6s',
  'average_video_play',
  'average_video_play_per_user',
  'video_views_p25',
  'video_views_p50',
  'video_views_p75',
  'video_views_p100',
  'profile_visits',
  'profile_visits_rate',
  'likes',
  'comments',
  'shares',
  'follows',
  'clicks_on_music_disc',
  'real_time_conversion',
  'real_time_cost_per_conversion',
  'real_time_conversion_rate',
  'real_time_result',
  'real_time_cost_per_result',
  'real_time_result_rate',
  'result',
  'cost_per_result',
  'result_rate',
  'secondary_goal_result',
  'cost_per_secondary_goal_result',
  'secondary_goal_result_rate',
  'spend',
  'cpc',
  'cpm',
  'ctr',
  'impressions',
  'clicks',
  'conversion',
  'cost_per_conversion',
  'conversion_rate',
  'campaign_name',
  'campaign_id',
  'adgroup_name',
  'ad_name',
  'ad_text',
  'objective_type',
  'budget',
  'currency',
  'promotion_type',
  'opt_status',
];

/** The product's own report metrics (companion-server/src/reporting/report-figures.ts). */
const PRODUCT_METRICS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'conversion',
  'cost_per_conversion',
  'complete_payment_roas',
  'cash_spend',
  'total_purchase_value',
  'complete_payment',
];

/**
 * What Airbyte's source-tiktok-marketing asks for in its BASIC report streams, by level
 * (its manifest: the common list plus each level's report_metrics).
 */
const AIRBYTE_COMMON = [
  'spend',
  'cpc',
  'cpm',
  'impressions',
  'clicks',
  'ctr',
  'reach',
  'cost_per_1000_reached',
  'frequency',
  'video_play_actions',
  'video_watched_2s',
  'video_watched_6s',
  'average_video_play',
  'average_video_play_per_user',
  'video_views_p25',
  'video_views_p50',
  'video_views_p75',
  'video_views_p100',
  'profile_visits',
  'likes',
  'comments',
  'shares',
  'follows',
  'clicks_on_music_disc',
  'real_time_app_install',
  'real_time_app_install_cost',
  'app_install',
];
const AIRBYTE_ADGROUP = [
  'campaign_name',
  'campaign_id',
  'adgroup_name',
  'placement_type',
  'tt_app_id',
  'tt_app_name',
  'mobile_app_id',
  'promotion_type',
  'dpa_target_audience_type',
  'conversion',
  'cost_per_conversion',
  'conversion_rate',
  'real_time_conversion',
  'real_time_cost_per_conversion',
  'real_time_conversion_rate',
  'result',
  'cost_per_result',
  'result_rate',
  'real_time_result',
  'real_time_cost_per_result',
  'real_time_result_rate',
  'secondary_goal_result',
  'cost_per_secondary_goal_result',
  'secondary_goal_result_rate',
];
const AIRBYTE_METRICS: Record<ReportLevel, string[]> = {
  advertiser: [...AIRBYTE_COMMON, 'cash_spend', 'voucher_spend'],
  campaign: [...AIRBYTE_COMMON, 'campaign_name'],
  adgroup: [...AIRBYTE_COMMON, ...AIRBYTE_ADGROUP],
  ad: [
    ...AIRBYTE_COMMON,
    ...AIRBYTE_ADGROUP,
    'adgroup_id',
    'ad_name',
    'ad_text',
    'total_purchase_value',
    'total_onsite_shopping_value',
    'onsite_shopping',
    'vta_purchase',
    'vta_conversion',
    'cta_purchase',
    'cta_conversion',
    'total_pageview',
    'complete_payment',
    'value_per_complete_payment',
    'total_complete_payment_rate',
    'profile_visits_rate',
    'purchase',
    'purchase_rate',
    'registration',
    'registration_rate',
    'sales_lead',
    'sales_lead_rate',
    'cost_per_app_install',
    'cost_per_purchase',
    'cost_per_registration',
    'cost_per_sales_lead',
    'cost_per_total_sales_lead',
    'cost_per_total_app_event_add_to_cart',
    'total_app_event_add_to_cart',
    'engaged_view',
    'engagements',
    'paid_engaged_view',
    'engaged_view_through_conversions',
    'paid_engagement_engaged_view',
    'engaged_view_15s',
    'paid_engaged_view_15s',
    'paid_engagement_engaged_view_15s',
  ],
};

const byName = new Map(METRIC_CATALOG.map((metric) => [metric.name, metric]));

describe('METRIC_CATALOG', () => {
  it('names each metric once', () => {
    expect(byName.size).toBe(METRIC_CATALOG.length);
  });

  it.each([
    ['issue 14', ISSUE_METRICS],
    ['the product', PRODUCT_METRICS],
  ])('has every metric %s names', (_, names) => {
    expect(names.filter((name) => !byName.has(name))).toEqual([]);
  });

  it.each(Object.entries(AIRBYTE_METRICS))(
    "allows at the %s level every metric Airbyte's connector asks for there",
    (level, names) => {
      const refused = names.filter(
        (name) => !byName.get(name)?.levels.includes(level as ReportLevel),
      );
      expect(refused).toEqual([]);
    },
  );

  it('reads only counters that delivery-counts.ts keeps', () => {
    const known = new Set<string>([...COUNTERS, 'reach']);
    for (const metric of METRIC_CATALOG) {
      if (metric.kind === 'attribute') continue;
      const terms = [...metric.numerator, ...(metric.minus ?? []), ...(metric.denominator ?? [])];
      for (const term of terms) expect(known.has(term), `${metric.name}: ${term}`).toBe(true);
    }
  });

  it('keeps attributes to the levels where TikTok documents them', () => {
    const levels = (name: string) => byName.get(name)?.levels;
    expect(levels('campaign_name')).toEqual(['campaign', 'adgroup', 'ad']);
    expect(levels('campaign_id')).toEqual(['adgroup', 'ad']);
    expect(levels('adgroup_name')).toEqual(['adgroup', 'ad']);
    expect(levels('adgroup_id')).toEqual(['ad']);
    expect(levels('ad_name')).toEqual(['ad']);
    expect(levels('ad_text')).toEqual(['ad']);
    expect(levels('cash_spend')).toEqual(['advertiser']);
    for (const metric of METRIC_CATALOG) {
      if (metric.kind === 'attribute') expect(metric.needsIdDimension, metric.name).toBe(true);
    }
  });

  it('gives every quantity a kind its format follows', () => {
    for (const metric of METRIC_CATALOG) {
      if (metric.kind === 'attribute') continue;
      const expected = { count: [0], money: [3, 4], rate: [2], ratio: [2] }[metric.kind];
      expect(expected, metric.name).toContain(metric.digits);
      if (metric.kind === 'rate') expect(metric.scale, metric.name).toBe(100);
    }
  });
});
