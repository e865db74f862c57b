import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/random';
import {
  type AdProfile,
  C,
  COUNTERS,
  type Counts,
  dayRates,
  deriveCounts,
  emptyCounts,
} from './delivery-counts';
import type { DeliveryTotals } from './delivery-simulator';
import { METRIC_CATALOG, type MetricDefinition, type ReportLevel } from './metric-catalog';
import { formatMetric, type MetricValue, type RowFormat, rowCounts } from './report-metrics';

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
      const terms = [...metric.numerator, ...(metric.denominator ?? [])];
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

/*
 * The whole catalog, value by value. Every quantity metric is computed on rows of every kind of
 * ad (website, app, Shop, lead generation), summed over days as reports sum them, and checked
 * against what its name means in TikTok's docs — worked out here from the name and the other
 * metrics' reported values, never from the catalog's own derivation — so that a line that
 * derives a metric from the wrong counter, scale or parent fails.
 */

const NAMES = new Set(METRIC_CATALOG.map((metric) => metric.name));
const quantities = METRIC_CATALOG.filter(
  (metric): metric is Exclude<MetricDefinition, { kind: 'attribute' }> =>
    metric.kind !== 'attribute',
);

/** The first candidate the catalog has: TikTok's names follow a few patterns, in this order. */
function firstKnown(candidates: readonly string[]): string | null {
  return candidates.find((name) => NAMES.has(name)) ?? null;
}

/** Names of an event's count: as is, plural, or with `total_` after a channel prefix. */
function countNames(prefix: string, rest: string): string[] {
  return [
    `${prefix}${rest}`,
    `${prefix}${rest}s`,
    `${prefix}total_${rest}`,
    `${prefix}total_${rest}s`,
  ];
}

const CHANNEL_PREFIX = /^(offline_|website_|onsite_|skan_|real_time_|messaging_)?/;

/** Costs whose event TikTok names irregularly, and the per-1,000 costs. */
const COST_OF: Record<string, [event: string, per: number]> = {
  cpc: ['clicks', 1],
  cpm: ['impressions', 1000],
  cost_per_1000_reached: ['reach', 1000],
  real_time_app_install_cost: ['real_time_app_install', 1],
  cost_per_vta_payments_completed: ['vta_complete_payment', 1],
  cost_per_evta_payments_completed: ['evta_payments_completed', 1],
  cost_pre_ad_impression_event: ['ads_impression_events', 1],
};

/** The event a cost is per: "cost_per_X", "<channel>_cost_per_X" or "cost_total_X". */
function costEvent(name: string): [string, number] | null {
  const irregular = COST_OF[name];
  if (irregular) return irregular;
  const match = /^(.*?)cost_(per|total)_(.+)$/.exec(name);
  if (!match) return null;
  const [, prefix = '', how, rest = ''] = match;
  const event = firstKnown(how === 'total' ? [`${prefix}total_${rest}`] : countNames(prefix, rest));
  return event ? [event, 1] : null;
}

/** Rates whose parts TikTok does not name after the rate. */
const RATE_OF: Record<string, [event: string, parent: string]> = {
  ctr: ['clicks', 'impressions'],
  conversion_rate: ['conversion', 'clicks'],
  conversion_rate_v2: ['conversion', 'impressions'],
  real_time_conversion_rate: ['real_time_conversion', 'clicks'],
  real_time_conversion_rate_v2: ['real_time_conversion', 'impressions'],
  result_rate: ['result', 'impressions'],
  real_time_result_rate: ['real_time_result', 'impressions'],
  profile_visits_rate: ['profile_visits', 'impressions'],
  tt_playlist_visit_rate: ['tt_playlist_visit', 'impressions'],
  anchor_click_rate: ['anchor_clicks', 'impressions'],
  engagement_rate: ['engagements', 'impressions'],
  skan_result_rate: ['skan_result', 'impressions'],
  skan_conversion_rate: ['skan_conversion', 'clicks'],
  skan_conversion_rate_v2: ['skan_conversion', 'impressions'],
  customized_ad_impression_event_rate: ['unique_ad_impression_events', 'app_install'],
  custom_app_event_rate: ['unique_custom_app_events', 'app_install'],
};

/** In-app events: TikTok's rates for them are "out of all app installs". */
const APP_EVENTS = new Set([
  'registration',
  'purchase',
  'app_event_add_to_cart',
  'checkout',
  'view_content',
  'next_day_open',
  'day7_retention',
  'add_payment_info',
  'add_to_wishlist',
  'launch_app',
  'complete_tutorial',
  'create_group',
  'join_group',
  'create_gamerole',
  'spend_credits',
  'achieve_level',
  'unlock_achievement',
  'sales_lead',
  'in_app_ad_click',
  'in_app_ad_impr',
  'loan_apply',
  'loan_credit',
  'loan_disbursement',
  'login',
  'ratings',
  'search',
  'start_trial',
  'subscribe',
]);

/** The event and parent of a rate: "X_rate" of every other event is out of all clicks. */
function rateParts(name: string): [string, string] | null {
  const irregular = RATE_OF[name];
  if (irregular) return irregular;
  const messaging = /^messaging_conversation_rate_(.+)$/.exec(name);
  if (messaging) return [`messaging_total_conversation_${messaging[1]}`, 'clicks'];
  const match = /^(.+?)(_rate|_per_click)$/.exec(name);
  if (!match) return null;
  const stem = match[1] ?? '';
  const prefix = CHANNEL_PREFIX.exec(stem)?.[0] ?? '';
  const event = firstKnown(countNames(prefix, stem.slice(prefix.length)));
  if (!event) return null;
  if (event.startsWith('skan_')) return [event, 'skan_app_install'];
  return [event, APP_EVENTS.has(event) ? 'app_install' : 'clicks'];
}

/** Values per event whose value or count TikTok names irregularly. */
const VALUE_PER_OF: Record<string, [value: string, count: string]> = {
  value_per_complete_payment: ['total_complete_payment_rate', 'complete_payment'],
  avg_value_per_pageview: ['total_value_per_pageview', 'total_pageview'],
  value_per_page_content_view_event: [
    'total_page_view_content_events_value',
    'page_content_view_events',
  ],
  value_per_ad_impression_event: ['total_ad_impression_events_value', 'ads_impression_events'],
};

/**
 * A value per event: the total value of the event's actions ÷ the number of them. Where TikTok
 * counts unique and total events, the value is of every (total) event.
 */
function valuePerParts(name: string): [string, string] | null {
  const irregular = VALUE_PER_OF[name];
  if (irregular) return irregular;
  const match = /^(.*?)value_per_(.+)$/.exec(name);
  if (!match) return null;
  const [, prefix = '', stem = ''] = match;
  const rest = stem.replace(/^total_/, '');
  const count = firstKnown([
    `${prefix}total_${rest}`,
    `${prefix}total_${rest}s`,
    `${prefix}${rest}`,
    `${prefix}${rest}s`,
  ]);
  const value = firstKnown([
    `${prefix}total_${rest}_value`,
    `${prefix}${rest}_value`,
    `${prefix}${rest}s_value`,
    `${prefix}total_${rest}s_value`,
  ]);
  return count && value ? [value, count] : null;
}

/** Return on ad spend: each ROAS and the value it returns. */
const ROAS_OF: Record<string, string> = {
  complete_payment_roas: 'total_complete_payment_rate',
  total_active_pay_roas: 'total_purchase_value',
  total_purchase_roas_day0: 'total_purchase_value_day0',
  total_purchase_roas_day2: 'total_purchase_value_day2',
  total_purchase_roas_day6: 'total_purchase_value_day6',
  total_ad_impression_roas: 'total_ad_impression_events_value',
  ad_impression_ad_revenue_roas_day0: 'ad_impression_ad_revenue_day0',
  ad_impression_ad_revenue_roas_day2: 'ad_impression_ad_revenue_day2',
  ad_impression_ad_revenue_roas_day6: 'ad_impression_ad_revenue_day6',
  onsite_purchases_roas: 'onsite_total_purchase_value',
  offline_shopping_events_roas: 'offline_shopping_events_value',
  onsite_shopping_roas: 'total_onsite_shopping_value',
  vta_complete_payment_roas: 'vta_complete_payment_value',
  skan_total_repetitive_active_pay_roas: 'skan_total_purchase_value',
};

/** Averages that are neither costs, rates nor values per event. */
const AVERAGE_OF: Record<string, [numerator: string, denominator: string, unit: number]> = {
  frequency: ['impressions', 'reach', 1],
};

/** Counts TikTok counts once per person next to every time: unique ≤ total. */
const UNIQUE_OF_TOTAL: Array<[unique: string, total: string]> = [
  ['onsite_unique_purchase', 'onsite_total_purchase'],
  ['onsite_unique_registration', 'onsite_total_registration'],
  ['unique_custom_app_events', 'custom_app_events'],
  ['unique_ad_impression_events', 'ads_impression_events'],
  ...[...APP_EVENTS].map((event): [string, string] => [event, `total_${event}`]),
];

/** Counts that may pass their rate's parent: several page views follow one click. */
const ABOVE_PARENT = new Set(['total_pageview']);

type Row = Record<string, MetricValue>;

const PROFILE: AdProfile = {
  adId: '1900000000000000007',
  channel: 'web',
  video: true,
  spark: true,
  goal: 'CONVERT',
  reportsPurchaseValue: true,
  currencyRatio: 1,
  moneyStep: 1,
};

/** A few days of plausible delivery for one ad. */
function deliveries(seed: number, days = 6): DeliveryTotals[] {
  const random = seededRandom(seed);
  return Array.from({ length: days }, () => {
    const impressions = 20_000 + Math.floor(random() * 180_000);
    const clicks = Math.floor(impressions * (0.005 + random() * 0.02));
    return {
      spendHundredths: Math.floor(impressions * (0.5 + random())),
      impressions,
      clicks,
      conversions: Math.floor(clicks * (0.02 + random() * 0.1)),
    };
  });
}

/** Each day's counts of one ad, and their sum (a row over the whole range). */
function days(profile: AdProfile, seed: number): { days: Counts[]; sum: Counts } {
  const sum = emptyCounts();
  const perDay = deliveries(seed).map((delivery, index) => {
    const counts = deriveCounts(delivery, profile, dayRates(profile, `2026-11-${10 + index}`));
    counts.forEach((value, i) => {
      sum[i] = (sum[i] ?? 0) + value;
    });
    return counts;
  });
  return { days: perDay, sum };
}

function metricsOf(counts: Counts, format: Partial<RowFormat> = {}): Row {
  const row = rowCounts((counter) => counts[C[counter]] ?? 0, 'row', 1);
  const full: RowFormat = {
    hourly: false,
    reportsPurchaseValue: true,
    multiAdvertiser: null,
    ...format,
  };
  return Object.fromEntries(
    quantities.map((metric) => [metric.name, formatMetric(metric, row, full, null)]),
  );
}

const num = (row: Row, name: string): number => {
  const value = row[name];
  if (typeof value !== 'string' || value === '-') throw new Error(`${name} is ${value}`);
  return Number(value);
};

/** `value` is `exact` written with `digits` decimals. */
function expectWritten(value: number, exact: number, digits: number, what: string): void {
  expect(Math.abs(value - exact), what).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9);
}

/** Checks one row against every relation the metric names promise. */
function expectDocumented(row: Row, where: string): void {
  const spend = num(row, 'spend');
  const ratio = (numerator: number, denominator: number) =>
    denominator > 0 ? numerator / denominator : 0;
  for (const metric of quantities) {
    const name = metric.name;
    const value = row[name];
    if (value === null) continue;
    const what = `${name} (${where})`;
    const v = num(row, name);
    expect(v, what).toBeGreaterThanOrEqual(0);
    const cost = metric.kind === 'money' ? costEvent(name) : null;
    if (cost) {
      const [event, per] = cost;
      expectWritten(
        v,
        ratio(spend, num(row, event)) * per,
        metric.digits,
        `${what} = spend ÷ ${event}`,
      );
      continue;
    }
    if (metric.kind === 'rate') {
      const [event, parent] = rateParts(name) ?? ['?', '?'];
      expectWritten(
        v,
        ratio(num(row, event), num(row, parent)) * 100,
        2,
        `${what} = ${event} ÷ ${parent}`,
      );
      const count = num(row, event);
      if (!ABOVE_PARENT.has(event) && metric.unless === undefined) {
        expect(count, `${event} ≤ ${parent} (${where})`).toBeLessThanOrEqual(num(row, parent));
      }
      continue;
    }
    const roasOf = ROAS_OF[name];
    if (roasOf) {
      expectWritten(v, ratio(num(row, roasOf), spend), 2, `${what} = ${roasOf} ÷ spend`);
      continue;
    }
    const valuePer = /value_per_/.test(name) && name !== 'total_value_per_pageview';
    if (valuePer) {
      const [valueName, countName] = valuePerParts(name) ?? ['?', '?'];
      expectWritten(
        v,
        ratio(num(row, valueName), num(row, countName)),
        metric.digits,
        `${what} = ${valueName} ÷ ${countName}`,
      );
    }
  }
  for (const [unique, total] of UNIQUE_OF_TOTAL) {
    expect(num(row, unique), `${unique} ≤ ${total} (${where})`).toBeLessThanOrEqual(
      num(row, total),
    );
  }
  for (const [event, parts] of [
    ['conversion', ['vta_conversion', 'cta_conversion', 'engaged_view_through_conversions']],
    ['app_install', ['vta_app_install', 'cta_app_install', 'evta_app_install']],
    ['registration', ['vta_registration', 'cta_registration', 'evta_registration']],
    ['purchase', ['vta_purchase', 'cta_purchase', 'evta_purchase']],
  ] as const) {
    const sum = parts.reduce((s, part) => s + num(row, part), 0);
    expect(sum, `${parts.join(' + ')} = ${event} (${where})`).toBe(num(row, event));
  }
  for (const [small, large] of [
    ['vta_complete_payment', 'complete_payment'],
    ['evta_payments_completed', 'complete_payment'],
    ['vta_complete_payment_value', 'total_complete_payment_rate'],
    ['total_purchase_value_day0', 'total_purchase_value_day2'],
    ['total_purchase_value_day2', 'total_purchase_value_day6'],
    ['total_purchase_value_day6', 'total_purchase_value'],
    ['ad_impression_ad_revenue_day0', 'ad_impression_ad_revenue_day2'],
    ['ad_impression_ad_revenue_day2', 'ad_impression_ad_revenue_day6'],
    ['ad_impression_ad_revenue_day6', 'total_ad_impression_events_value'],
    ['impressions', 'gross_impressions'],
    ['ix_page_view_count', 'clicks'],
    ['ix_button_click_count', 'ix_page_view_count'],
    ['ix_product_click_count', 'ix_page_view_count'],
    ['onsite_total_filtered_out_form_submission', 'clicks'],
    ['onsite_shopping', 'shop_total_items_purchased'],
    ['reach', 'impressions'],
  ] as const) {
    expect(num(row, small), `${small} ≤ ${large} (${where})`).toBeLessThanOrEqual(num(row, large));
  }
  for (const [name, [numerator, denominator, unit]] of Object.entries(AVERAGE_OF)) {
    expectWritten(
      num(row, name),
      ratio(num(row, numerator), num(row, denominator)) * unit,
      2,
      `${name} = ${numerator} ÷ ${denominator}`,
    );
  }
}

const CHANNELS: AdProfile['channel'][] = ['web', 'app', 'shop', 'onsite'];

describe('METRIC_CATALOG: every metric as its name documents it', () => {
  it('finds, for every cost, rate, value per event and ROAS, the metrics it is made of', () => {
    const unresolved = quantities
      .map((metric) => metric.name)
      .filter((name) => {
        const metric = quantities.find((m) => m.name === name);
        if (metric?.unless?.includes('null')) return false;
        if (metric?.kind === 'money' && /(^|_)cost(_|$)|^cp[cm]$/.test(name)) {
          return costEvent(name) === null;
        }
        if (metric?.kind === 'rate') return rateParts(name) === null;
        if (/roas/.test(name)) return !(name in ROAS_OF);
        if (/value_per_/.test(name) && name !== 'total_value_per_pageview') {
          return valuePerParts(name) === null;
        }
        return false;
      });
    expect(unresolved).toEqual([]);
  });

  it.each(CHANNELS)(
    'derives every metric of a %s ad as documented, by day and summed',
    (channel) => {
      for (const [seed, currency] of [
        [11, { currencyRatio: 1, moneyStep: 1 }],
        [29, { currencyRatio: 100, moneyStep: 100 }],
      ] as const) {
        const profile = { ...PROFILE, ...currency, channel, adId: `19000000000000000${seed}` };
        const { days: perDay, sum } = days(profile, seed);
        const dayRows = perDay.map((counts) => metricsOf(counts));
        dayRows.forEach((row, index) => {
          expectDocumented(row, `${channel} day ${index}`);
        });
        const total = metricsOf(sum);
        expectDocumented(total, `${channel} summed`);
        // Counts and amounts add up over days; everything else is recomputed from the sums.
        for (const metric of quantities) {
          const additive =
            metric.kind === 'count' ||
            (metric.kind === 'money' && metric.denominator === undefined);
          if (!additive || metric.name === 'reach' || total[metric.name] === null) continue;
          const byDay = dayRows.reduce((s, row) => s + Math.round(num(row, metric.name) * 100), 0);
          expect(Math.round(num(total, metric.name) * 100), metric.name).toBe(byDay);
        }
      }
    },
  );

  it('gives the events of each kind of ad figures, and no other kind', () => {
    const totals = Object.fromEntries(
      CHANNELS.map((channel) => [channel, metricsOf(days({ ...PROFILE, channel }, 5).sum)]),
    ) as Record<AdProfile['channel'], Row>;
    const positive = (channel: AdProfile['channel'], names: string[]) =>
      names.filter((name) => num(totals[channel], name) <= 0);
    expect(
      positive('web', ['complete_payment', 'initiate_checkout', 'offline_contact_events']),
    ).toEqual([]);
    expect(
      positive('app', ['app_install', 'total_checkout', 'day7_retention', 'ads_impression_events']),
    ).toEqual([]);
    expect(
      positive('shop', ['onsite_shopping', 'onsite_on_web_cart', 'shop_total_items_purchased']),
    ).toEqual([]);
    expect(
      positive('onsite', [
        'onsite_form',
        'ix_page_view_count',
        'messaging_total_conversation_tiktok_direct_message',
      ]),
    ).toEqual([]);
    for (const [channel, absent] of [
      ['web', ['app_install', 'onsite_shopping', 'onsite_form']],
      ['app', ['complete_payment', 'offline_contact_events', 'onsite_shopping']],
      ['shop', ['complete_payment', 'app_install', 'onsite_form']],
      ['onsite', ['complete_payment', 'app_install', 'onsite_shopping']],
    ] as const) {
      for (const name of absent)
        expect(num(totals[channel], name), `${name} of ${channel}`).toBe(0);
    }
  });

  it('answers "-" exactly where TikTok does: values without a pixel value, ID-only metrics by the hour', () => {
    const counts = days({ ...PROFILE, channel: 'app' }, 3).sum;
    const noValue = metricsOf(counts, { reportsPurchaseValue: false });
    const hourly = metricsOf(counts, { hourly: true });
    for (const metric of quantities) {
      const unless = metric.unless ?? [];
      if (unless.includes('null')) continue;
      expect(noValue[metric.name] === '-', metric.name).toBe(unless.includes('purchase-value'));
      expect(hourly[metric.name] === '-', metric.name).toBe(unless.includes('not-hourly'));
    }
    // Every value, ROAS and value per event but the Shop's (always known) depends on the pixel.
    for (const metric of quantities) {
      const valueLike = /value|roas|revenue|total_complete_payment_rate/.test(metric.name);
      const shop = /onsite_shopping|shop_|onsite_initiate_checkout_count|onsite_on_web_/.test(
        metric.name,
      );
      const zero = metric.numerator.length === 0;
      if (valueLike && !shop && !zero && metric.kind !== 'count') {
        expect(metric.unless ?? [], metric.name).toContain('purchase-value');
      }
    }
  });

  it('would notice a metric derived from the wrong counter', () => {
    const row = metricsOf(days({ ...PROFILE, channel: 'app' }, 7).sum);
    row.cost_per_total_checkout = row.cost_per_checkout ?? null;
    expect(() => expectDocumented(row, 'tampered')).toThrow(/cost_per_total_checkout/);
  });
});

describe('METRIC_CATALOG: levels', () => {
  it('offers every event metric at all four data levels, and results only where goals agree', () => {
    const all: ReportLevel[] = ['advertiser', 'campaign', 'adgroup', 'ad'];
    for (const metric of quantities) {
      const resultLike = /(^|_)result(_|$)|secondary_goal/.test(metric.name);
      const accountOnly = metric.dailyOnly === true;
      if (resultLike) expect(metric.levels, metric.name).toEqual(['adgroup', 'ad']);
      else if (accountOnly) expect(metric.levels, metric.name).toEqual(['advertiser']);
      else expect(metric.levels, metric.name).toEqual(all);
    }
  });
});
