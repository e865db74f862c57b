import { seededId } from '../core/ids';
import { pick, seededRandom } from '../core/random';
import type {
  Ad,
  AdGroup,
  Advertiser,
  App,
  BidType,
  BillingEvent,
  BudgetMode,
  Campaign,
  ObjectiveType,
  ProductSource,
} from './model';
import type { EmulatorState } from './store';

/**
 * The default data set: what a newcomer sees on `npm start` and what every test starts from.
 * Ids come from a fixed seed, so they are the same on every run; times are relative to the
 * emulator's clock, so there is always recent history to report on.
 */

const DAY_MS = 86_400_000;
const TEN_YEARS_MS = 3_652 * DAY_MS;
const SEED = 20_261_121;

interface AdGroupSeed {
  name: string;
  budgetMode: BudgetMode;
  budget: number;
  bid?: { billing: BillingEvent; price: number };
  billing?: BillingEvent;
  goal?: AdGroup['optimization_goal'];
  pausedDaysAgo?: number;
  deletedDaysAgo?: number;
  /** Lifetime ad groups run between fixed dates: days from now (negative = in the past). */
  schedule?: { startDays: number; endDays: number };
  productSource?: ProductSource;
}

interface CampaignSeed {
  name: string;
  objective: ObjectiveType;
  budgetMode: BudgetMode;
  budget: number;
  cbo?: boolean;
  createdDaysAgo: number;
  pausedDaysAgo?: number;
  deletedDaysAgo?: number;
  /** An earlier budget, replaced `daysAgo` days ago by `budget`. */
  previousBudget?: { budget: number; daysAgo: number };
  adGroups: AdGroupSeed[];
}

interface AdvertiserSeed {
  name: string;
  currency: string;
  timezone: string;
  country: string;
  balance: number;
  reportsPurchaseValue: boolean;
  campaigns: CampaignSeed[];
}

const noBid = undefined;

const DEFAULT_ACCOUNTS: AdvertiserSeed[] = [
  {
    name: 'Bayme US',
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    country: 'US',
    balance: 24_850.75,
    reportsPurchaseValue: true,
    campaigns: [
      {
        name: 'US | Prospecting | Evergreen',
        objective: 'WEB_CONVERSIONS',
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 500,
        createdDaysAgo: 75,
        previousBudget: { budget: 400, daysAgo: 12 },
        adGroups: [
          {
            name: 'US | Broad 18-44 | Purchase',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 150,
            bid: noBid,
          },
          {
            name: 'US | Interest: Home decor | Purchase',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 120,
            bid: { billing: 'OCPM', price: 28.5 },
          },
          {
            name: 'US | Lookalike 1% buyers | Purchase',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 200,
            bid: { billing: 'OCPM', price: 32 },
          },
          {
            name: 'US | Interest: Kitchen | Purchase',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 80,
            pausedDaysAgo: 6,
          },
          { name: 'US | Broad 45+ | Purchase', budgetMode: 'BUDGET_MODE_DAY', budget: 60 },
        ],
      },
      {
        name: 'US | Retargeting | Cart abandoners',
        objective: 'WEB_CONVERSIONS',
        budgetMode: 'BUDGET_MODE_INFINITE',
        budget: 0,
        createdDaysAgo: 60,
        adGroups: [
          { name: 'US | ATC 7d | Purchase', budgetMode: 'BUDGET_MODE_DAY', budget: 50 },
          { name: 'US | ATC 30d | Purchase', budgetMode: 'BUDGET_MODE_DAY', budget: 80 },
          {
            name: 'US | Site visitors 14d | Clicks',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 120,
            bid: { billing: 'CPC', price: 1.2 },
            goal: 'CLICK',
          },
          {
            name: 'US | Viewed product 3d | Purchase (old)',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 60,
            pausedDaysAgo: 20,
            deletedDaysAgo: 18,
          },
        ],
      },
      {
        name: 'US | Black Friday 2026 | CBO',
        objective: 'PRODUCT_SALES',
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 1_500,
        cbo: true,
        createdDaysAgo: 9,
        adGroups: [
          { name: 'US | BF | Broad', budgetMode: 'BUDGET_MODE_INFINITE', budget: 0 },
          { name: 'US | BF | Past buyers LAL 3%', budgetMode: 'BUDGET_MODE_INFINITE', budget: 0 },
          { name: 'US | BF | Gifting interests', budgetMode: 'BUDGET_MODE_INFINITE', budget: 0 },
          {
            name: 'US | BF | Deal seekers',
            budgetMode: 'BUDGET_MODE_INFINITE',
            budget: 0,
            bid: { billing: 'OCPM', price: 25 },
          },
        ],
      },
      {
        name: 'US | Spring launch | Lifetime',
        objective: 'TRAFFIC',
        budgetMode: 'BUDGET_MODE_TOTAL',
        budget: 6_000,
        createdDaysAgo: 40,
        pausedDaysAgo: 3,
        adGroups: [
          {
            name: 'US | Spring | Traffic broad',
            budgetMode: 'BUDGET_MODE_TOTAL',
            budget: 2_000,
            bid: { billing: 'CPC', price: 0.8 },
            goal: 'CLICK',
            schedule: { startDays: -40, endDays: 20 },
          },
          {
            name: 'US | Spring | Traffic interests',
            budgetMode: 'BUDGET_MODE_TOTAL',
            budget: 1_800,
            bid: { billing: 'CPC', price: 0.65 },
            goal: 'CLICK',
            schedule: { startDays: -40, endDays: 20 },
          },
          {
            name: 'US | Spring | Traffic LAL',
            budgetMode: 'BUDGET_MODE_TOTAL',
            budget: 1_500,
            billing: 'CPC',
            goal: 'CLICK',
            schedule: { startDays: -40, endDays: 20 },
          },
        ],
      },
    ],
  },
  {
    name: 'Bayme UK',
    currency: 'GBP',
    timezone: 'Europe/London',
    country: 'GB',
    balance: 9_120.4,
    reportsPurchaseValue: true,
    campaigns: [
      {
        name: 'UK | Prospecting | Broad',
        objective: 'WEB_CONVERSIONS',
        budgetMode: 'BUDGET_MODE_INFINITE',
        budget: 0,
        createdDaysAgo: 55,
        adGroups: [
          { name: 'UK | Broad 18-34 | Purchase', budgetMode: 'BUDGET_MODE_DAY', budget: 150 },
          { name: 'UK | Broad 35+ | Purchase', budgetMode: 'BUDGET_MODE_DAY', budget: 90 },
          {
            name: 'UK | Interest: Interiors | Purchase',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 40,
          },
          { name: 'UK | Test | Minimum budget', budgetMode: 'BUDGET_MODE_DAY', budget: 20 },
        ],
      },
      {
        name: 'UK | Video views | Brand',
        objective: 'VIDEO_VIEWS',
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 300,
        createdDaysAgo: 30,
        adGroups: [
          {
            name: 'UK | Views | 6s focused',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 100,
            bid: { billing: 'CPV', price: 0.05 },
            goal: 'VIDEO_VIEW',
          },
          {
            name: 'UK | Views | 15s focused',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 100,
            billing: 'CPV',
            goal: 'VIDEO_VIEW',
          },
          {
            name: 'UK | Views | Creators',
            budgetMode: 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET',
            budget: 70,
            billing: 'CPV',
            goal: 'VIDEO_VIEW',
          },
          {
            name: 'UK | Views | Paused test',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 50,
            billing: 'CPV',
            goal: 'VIDEO_VIEW',
            pausedDaysAgo: 10,
          },
        ],
      },
      {
        name: 'UK | Summer 2026 (ended)',
        objective: 'WEB_CONVERSIONS',
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 250,
        createdDaysAgo: 90,
        pausedDaysAgo: 50,
        deletedDaysAgo: 45,
        adGroups: [
          { name: 'UK | Summer | Broad', budgetMode: 'BUDGET_MODE_DAY', budget: 100 },
          { name: 'UK | Summer | Beach interests', budgetMode: 'BUDGET_MODE_DAY', budget: 80 },
          { name: 'UK | Summer | Retargeting', budgetMode: 'BUDGET_MODE_DAY', budget: 60 },
        ],
      },
    ],
  },
  {
    name: 'Bayme Japan',
    currency: 'JPY',
    timezone: 'Asia/Tokyo',
    country: 'JP',
    balance: 1_845_000,
    reportsPurchaseValue: false,
    campaigns: [
      {
        name: 'JP | 新規獲得 | Conversions',
        objective: 'WEB_CONVERSIONS',
        budgetMode: 'BUDGET_MODE_INFINITE',
        budget: 0,
        createdDaysAgo: 70,
        adGroups: [
          { name: 'JP | ブロード 20-39', budgetMode: 'BUDGET_MODE_DAY', budget: 15_000 },
          { name: 'JP | ブロード 40+', budgetMode: 'BUDGET_MODE_DAY', budget: 8_000 },
          {
            name: 'JP | インテリア興味',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 30_000,
            bid: { billing: 'OCPM', price: 3_200 },
          },
          { name: 'JP | 最低予算テスト', budgetMode: 'BUDGET_MODE_DAY', budget: 2_000 },
          {
            name: 'JP | 年末セール | Lifetime',
            budgetMode: 'BUDGET_MODE_TOTAL',
            budget: 600_000,
            schedule: { startDays: -14, endDays: 16 },
          },
        ],
      },
      {
        name: 'JP | Retargeting',
        objective: 'WEB_CONVERSIONS',
        budgetMode: 'BUDGET_MODE_DAY',
        budget: 50_000,
        createdDaysAgo: 50,
        adGroups: [
          { name: 'JP | カート追加 7日', budgetMode: 'BUDGET_MODE_DAY', budget: 12_000 },
          { name: 'JP | 閲覧 14日', budgetMode: 'BUDGET_MODE_DAY', budget: 9_000 },
          {
            name: 'JP | 購入者 180日',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 6_000,
            bid: { billing: 'CPC', price: 90 },
            goal: 'CLICK',
          },
          {
            name: 'JP | 旧リタゲ (削除済)',
            budgetMode: 'BUDGET_MODE_DAY',
            budget: 5_000,
            pausedDaysAgo: 30,
            deletedDaysAgo: 29,
          },
        ],
      },
      {
        name: 'JP | Reach | Awareness',
        objective: 'REACH',
        budgetMode: 'BUDGET_MODE_TOTAL',
        budget: 1_000_000,
        createdDaysAgo: 21,
        adGroups: [
          {
            name: 'JP | Reach | 東京',
            budgetMode: 'BUDGET_MODE_TOTAL',
            budget: 300_000,
            bid: { billing: 'CPM', price: 450 },
            goal: 'REACH',
            schedule: { startDays: -21, endDays: 9 },
          },
          {
            name: 'JP | Reach | 大阪',
            budgetMode: 'BUDGET_MODE_TOTAL',
            budget: 200_000,
            bid: { billing: 'CPM', price: 420 },
            goal: 'REACH',
            schedule: { startDays: -21, endDays: 9 },
          },
          {
            name: 'JP | Reach | 全国',
            budgetMode: 'BUDGET_MODE_TOTAL',
            budget: 400_000,
            billing: 'CPM',
            goal: 'REACH',
            schedule: { startDays: -21, endDays: 9 },
          },
          {
            name: 'JP | Reach | 名古屋 (停止)',
            budgetMode: 'BUDGET_MODE_TOTAL',
            budget: 100_000,
            billing: 'CPM',
            goal: 'REACH',
            schedule: { startDays: -21, endDays: 9 },
            pausedDaysAgo: 7,
          },
        ],
      },
    ],
  },
];

const AD_CONCEPTS = [
  'UGC unboxing',
  'Founder story',
  'Before / after',
  'Product demo 15s',
  'Customer review montage',
  'Gift guide',
  'Behind the scenes',
  'Limited drop teaser',
];

const CALLS_TO_ACTION = ['SHOP_NOW', 'LEARN_MORE', 'ORDER_NOW', 'GET_QUOTE'];

export interface SeedOptions {
  now: number;
  app: App;
  /** When above zero, adds an ad account with this many ad groups (one ad each). */
  largeAccountAdGroups: number;
  /** How many such accounts (default 1): the rules benchmark needs several of that size. */
  largeAccounts?: number;
}

export function seedState(state: EmulatorState, options: SeedOptions): void {
  const random = seededRandom(SEED);
  const { now } = options;
  state.apps.set(options.app.app_id, options.app);

  const identityId = seededId('identity', random);
  const advertiserIds: string[] = [];

  for (const account of DEFAULT_ACCOUNTS) {
    const advertiser = addAdvertiser(state, account, random, now);
    advertiserIds.push(advertiser.advertiser_id);
    for (const campaignSeed of account.campaigns) {
      addCampaignTree(state, advertiser, campaignSeed, random, now, identityId);
    }
  }

  if (options.largeAccountAdGroups > 0) {
    for (let n = 1; n <= (options.largeAccounts ?? 1); n += 1) {
      const large = seedLargeAccount(state, options.largeAccountAdGroups, now, identityId, n);
      advertiserIds.push(large.advertiser_id);
    }
  }

  const userRandom = seededRandom(SEED + 1);
  state.users.set('emulated-user', {
    user_id: seededId('advertiser', userRandom),
    display_name: 'Bayme Marketing',
    email: 'ads@bayme.example',
    advertiser_ids: advertiserIds,
  });
}

function addAdvertiser(
  state: EmulatorState,
  seed: Omit<AdvertiserSeed, 'campaigns'>,
  random: () => number,
  now: number,
): Advertiser {
  const advertiser: Advertiser = {
    advertiser_id: seededId('advertiser', random),
    name: seed.name,
    company: 'Bayme Ltd',
    currency: seed.currency,
    timezone: seed.timezone,
    display_timezone: seed.timezone,
    status: 'STATUS_ENABLE',
    balance: seed.balance,
    country: seed.country,
    create_time: now - 400 * DAY_MS,
    reportsPurchaseValue: seed.reportsPurchaseValue,
  };
  state.addAdvertiser(advertiser);
  return advertiser;
}

function lifecycle(created: number, now: number, pausedDaysAgo?: number, deletedDaysAgo?: number) {
  const statusTimeline = [{ at: created, enabled: true }];
  if (pausedDaysAgo !== undefined) {
    statusTimeline.push({ at: now - pausedDaysAgo * DAY_MS, enabled: false });
  }
  const deletedAt = deletedDaysAgo === undefined ? null : now - deletedDaysAgo * DAY_MS;
  const lastChange = deletedAt ?? statusTimeline[statusTimeline.length - 1]?.at ?? created;
  return { statusTimeline, deletedAt, create_time: created, modify_time: lastChange };
}

function addCampaignTree(
  state: EmulatorState,
  advertiser: Advertiser,
  seed: CampaignSeed,
  random: () => number,
  now: number,
  identityId: string,
): void {
  const created = now - seed.createdDaysAgo * DAY_MS;
  const budgetHistory = seed.previousBudget
    ? [
        { at: created, budget: seed.previousBudget.budget },
        { at: now - seed.previousBudget.daysAgo * DAY_MS, budget: seed.budget },
      ]
    : [{ at: created, budget: seed.budget }];
  const campaign: Campaign = {
    campaign_id: seededId('campaign', random),
    advertiser_id: advertiser.advertiser_id,
    campaign_name: seed.name,
    objective_type: seed.objective,
    campaign_type: 'REGULAR_CAMPAIGN',
    budget_mode: seed.budgetMode,
    budgetHistory,
    budget_optimize_on: seed.cbo ?? false,
    campaign_product_source: seed.objective === 'PRODUCT_SALES' ? 'CATALOG' : null,
    ...lifecycle(created, now, seed.pausedDaysAgo, seed.deletedDaysAgo),
  };
  state.addCampaign(campaign);

  seed.adGroups.forEach((adGroupSeed, index) => {
    const adGroupCreated = created + (index + 1) * 3_600_000;
    // Deleting a campaign deletes everything under it.
    const deletedDaysAgo = seed.deletedDaysAgo ?? adGroupSeed.deletedDaysAgo;
    const pausedDaysAgo = adGroupSeed.pausedDaysAgo;
    const adGroup = buildAdGroup({
      id: seededId('adgroup', random),
      campaign,
      country: advertiser.country,
      seed: adGroupSeed,
      created: adGroupCreated,
      now,
      pausedDaysAgo,
      deletedDaysAgo,
    });
    state.addAdGroup(adGroup);
    for (let n = 0; n < 3; n += 1) {
      // A few ads of live ad groups are paused or deleted on their own, as in real accounts.
      const adIndex = state.ads.size;
      const adDeletedDaysAgo = deletedDaysAgo ?? (adIndex % 17 === 11 ? 8 : undefined);
      const adPausedDaysAgo = adIndex % 7 === 5 ? 4 : undefined;
      state.addAd(
        buildAd({
          id: seededId('ad', random),
          adGroup,
          name: `${pick(random, AD_CONCEPTS)} v${n + 1}`,
          created: adGroupCreated + (n + 1) * 60_000,
          now,
          pausedDaysAgo: adPausedDaysAgo,
          deletedDaysAgo: adDeletedDaysAgo,
          identityId,
          random,
        }),
      );
    }
  });
}

/** GeoNames ids, which TikTok uses for locations: each account targets its own country. */
const COUNTRY_LOCATION_IDS: Record<string, string> = {
  US: '6252001',
  GB: '2635167',
  JP: '1861060',
};

interface AdGroupBuild {
  id: string;
  campaign: Campaign;
  /** The account's country, targeted by its ad groups. */
  country: string;
  seed: AdGroupSeed;
  created: number;
  now: number;
  pausedDaysAgo: number | undefined;
  deletedDaysAgo: number | undefined;
}

function buildAdGroup({
  id,
  campaign,
  country,
  seed,
  created,
  now,
  pausedDaysAgo,
  deletedDaysAgo,
}: AdGroupBuild): AdGroup {
  const billing = seed.bid?.billing ?? seed.billing ?? 'OCPM';
  const bidType: BidType = seed.bid ? 'BID_TYPE_CUSTOM' : 'BID_TYPE_NO_BID';
  const goal = seed.goal ?? 'CONVERT';
  const scheduleStart = seed.schedule ? now + seed.schedule.startDays * DAY_MS : created;
  const scheduleEnd = seed.schedule
    ? now + seed.schedule.endDays * DAY_MS
    : scheduleStart + TEN_YEARS_MS;
  return {
    adgroup_id: id,
    campaign_id: campaign.campaign_id,
    advertiser_id: campaign.advertiser_id,
    adgroup_name: seed.name,
    budget_mode: seed.budgetMode,
    budgetHistory: [{ at: created, budget: seed.budget }],
    bid_type: bidType,
    bid_price: seed.bid && billing !== 'OCPM' ? seed.bid.price : 0,
    conversion_bid_price: seed.bid && billing === 'OCPM' ? seed.bid.price : 0,
    billing_event: billing,
    optimization_goal: goal,
    optimization_event: goal === 'CONVERT' ? 'SHOPPING' : null,
    pacing: 'PACING_MODE_SMOOTH',
    schedule_type: seed.schedule ? 'SCHEDULE_START_END' : 'SCHEDULE_FROM_NOW',
    schedule_start_time: scheduleStart,
    schedule_end_time: scheduleEnd,
    placement_type: 'PLACEMENT_TYPE_NORMAL',
    placements: ['PLACEMENT_TIKTOK'],
    location_ids: COUNTRY_LOCATION_IDS[country] ? [COUNTRY_LOCATION_IDS[country]] : [],
    age_groups: ['AGE_18_24', 'AGE_25_34', 'AGE_35_44'],
    gender: 'GENDER_UNLIMITED',
    languages: [],
    promotion_type: 'WEBSITE',
    product_source: seed.productSource ?? null,
    ...lifecycle(created, now, pausedDaysAgo, deletedDaysAgo),
  };
}

interface AdBuild {
  id: string;
  adGroup: AdGroup;
  name: string;
  created: number;
  now: number;
  pausedDaysAgo: number | undefined;
  deletedDaysAgo: number | undefined;
  identityId: string;
  random: () => number;
}

function buildAd({
  id,
  adGroup,
  name,
  created,
  now,
  pausedDaysAgo,
  deletedDaysAgo,
  identityId,
  random,
}: AdBuild): Ad {
  const videoSuffix = Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0');
  return {
    ad_id: id,
    adgroup_id: adGroup.adgroup_id,
    campaign_id: adGroup.campaign_id,
    advertiser_id: adGroup.advertiser_id,
    ad_name: name,
    ad_format: 'SINGLE_VIDEO',
    ad_text: 'Cosy homes start here. Free delivery this week.',
    call_to_action: pick(random, CALLS_TO_ACTION),
    landing_page_url: 'https://bayme.example/collections/new',
    video_id: `v10033g50000${videoSuffix}`,
    image_ids: [],
    identity_id: identityId,
    identity_type: 'CUSTOMIZED_USER',
    display_name: 'Bayme',
    ...lifecycle(created, now, pausedDaysAgo, deletedDaysAgo),
  };
}

/**
 * How long before the seed the big account's campaigns start: old enough that every ad group
 * delivers on each day of a 90-day report ending yesterday (the range of the big exports).
 */
const LARGE_ACCOUNT_AGE_DAYS = 100;

/**
 * A big account for performance work: `adGroupCount` ad groups in campaigns of 100. The first
 * keeps the seed (and so the ids) it always had; each further one (`number` 2, 3, …) has a
 * seed of its own, so its ids differ.
 */
function seedLargeAccount(
  state: EmulatorState,
  adGroupCount: number,
  now: number,
  identityId: string,
  number: number,
): Advertiser {
  const random = seededRandom(number === 1 ? SEED + 2 : SEED + 100 + number);
  const advertiser = addAdvertiser(
    state,
    {
      name: number === 1 ? 'Bayme Scale Test' : `Bayme Scale Test ${number}`,
      currency: 'USD',
      timezone: 'America/New_York',
      country: 'US',
      balance: 250_000,
      reportsPurchaseValue: true,
    },
    random,
    now,
  );
  const campaignCount = Math.ceil(adGroupCount / 100);
  for (let c = 0; c < campaignCount; c += 1) {
    const created = now - LARGE_ACCOUNT_AGE_DAYS * DAY_MS + c * 60_000;
    const campaign: Campaign = {
      campaign_id: seededId('campaign', random),
      advertiser_id: advertiser.advertiser_id,
      campaign_name: `Scale | Campaign ${String(c + 1).padStart(3, '0')}`,
      objective_type: 'WEB_CONVERSIONS',
      campaign_type: 'REGULAR_CAMPAIGN',
      budget_mode: 'BUDGET_MODE_INFINITE',
      budgetHistory: [{ at: created, budget: 0 }],
      budget_optimize_on: false,
      campaign_product_source: null,
      ...lifecycle(created, now),
    };
    state.addCampaign(campaign);
    const inThisCampaign = Math.min(100, adGroupCount - c * 100);
    for (let g = 0; g < inThisCampaign; g += 1) {
      const number = c * 100 + g + 1;
      const adGroup = buildAdGroup({
        id: seededId('adgroup', random),
        campaign,
        country: 'US',
        seed: {
          name: `Scale | Ad group ${String(number).padStart(5, '0')}`,
          budgetMode: 'BUDGET_MODE_DAY',
          budget: 20 + (number % 40) * 5,
        },
        created: created + g * 1_000,
        now,
        pausedDaysAgo: number % 10 === 0 ? 2 : undefined,
        deletedDaysAgo: undefined,
      });
      state.addAdGroup(adGroup);
      state.addAd(
        buildAd({
          id: seededId('ad', random),
          adGroup,
          name: `Scale | Ad ${String(number).padStart(5, '0')}`,
          created: created + g * 1_000 + 500,
          now,
          pausedDaysAgo: undefined,
          deletedDaysAgo: undefined,
          identityId,
          random,
        }),
      );
    }
  }
  return advertiser;
}
