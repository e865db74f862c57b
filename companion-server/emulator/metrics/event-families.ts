/**
 * The conversion events an emulated ad drives, one family per event TikTok reports (its
 * "App", "Website", "TikTok", "Shop", "Offline" and "Messaging" metric groups). Each family is
 * counted from a parent count of the same ad and day, so that it never exceeds it:
 *
 * - `count`: ⌊parent × share⌋, with the share drawn once per ad within `share`. The parent is
 *   the channel's (app installs for in-app events, destination clicks for every other channel:
 *   TikTok's rates are "out of all app installs" and "out of all clicks") or, with `parent`,
 *   an earlier family's count (a purchase needs a registration first). `conversions` families
 *   are the ad's conversions themselves (the event the ad group optimizes for).
 * - `repeat`: families TikTok counts both once per person ("unique") and every time ("total")
 *   get a `Total` counter, ⌊count × repeat⌋ ≥ count.
 * - `value`: families with a value get a `Value` counter, the value of every (total) event:
 *   `value` × the ad's average order value of the day.
 *
 * Which ads have which channel is the derivation's business (delivery-counts.ts); this table
 * only says what each family is made of. Parents come before their children.
 */

/** Where an event happens; EVENT_CHANNELS in delivery-counts.ts says which ads have it. */
export type EventChannel = 'app' | 'web' | 'offline' | 'onsite' | 'messaging' | 'shop';

interface EventFamilySpec {
  name: string;
  channel: EventChannel;
  /** Share of the parent that does the event, per ad: [min, max). */
  share: readonly [number, number];
  /** An earlier family whose count is the parent (default: the channel's parent). */
  parent?: string;
  /** The family is the ad's conversions. */
  conversions?: true;
  /** Events per person, [min, max): the family has a Total counter. */
  repeat?: readonly [number, number];
  /** Value of one event as a share of the average order value: the family has a Value counter. */
  value?: number;
  /** Counters the family writes besides its own (see `deriveFamilyExtras`). */
  extras?: readonly string[];
}

export const EVENT_FAMILIES = [
  // ── In-app events (app promotion ads; parent: app installs) ──────────────────────────────
  {
    name: 'appRegistration',
    channel: 'app',
    share: [0.15, 0.4],
    repeat: [1, 1.15],
    extras: ['appRegistrationVta', 'appRegistrationEvta', 'appRegistrationCta'],
  },
  {
    name: 'appPurchase',
    channel: 'app',
    parent: 'appRegistration',
    share: [0.1, 0.35],
    repeat: [1.1, 1.6],
    value: 1,
    extras: [
      'appPurchaseVta',
      'appPurchaseEvta',
      'appPurchaseCta',
      'appPurchaseValueDay0',
      'appPurchaseValueDay2',
      'appPurchaseValueDay6',
    ],
  },
  { name: 'appAddToCart', channel: 'app', share: [0.05, 0.2], repeat: [1.2, 1.8], value: 0.9 },
  { name: 'appCheckout', channel: 'app', share: [0.04, 0.15], repeat: [1.05, 1.3], value: 1 },
  { name: 'appViewContent', channel: 'app', share: [0.4, 0.8], repeat: [1.5, 3], value: 0.2 },
  { name: 'appNextDayOpen', channel: 'app', share: [0.25, 0.45], repeat: [1, 1.1] },
  {
    name: 'appDay7Retention',
    channel: 'app',
    parent: 'appNextDayOpen',
    share: [0.3, 0.6],
    repeat: [1, 1.05],
    value: 0.05,
  },
  { name: 'appAddPaymentInfo', channel: 'app', share: [0.03, 0.1], repeat: [1, 1.2] },
  { name: 'appAddToWishlist', channel: 'app', share: [0.02, 0.08], repeat: [1.1, 1.5], value: 0.8 },
  { name: 'appLaunch', channel: 'app', share: [0.5, 0.9], repeat: [2, 5] },
  { name: 'appCompleteTutorial', channel: 'app', share: [0.2, 0.5], repeat: [1, 1.1], value: 0.02 },
  { name: 'appCreateGroup', channel: 'app', share: [0.01, 0.05], repeat: [1, 1.3], value: 0.02 },
  { name: 'appJoinGroup', channel: 'app', share: [0.02, 0.08], repeat: [1, 1.5], value: 0.02 },
  { name: 'appCreateRole', channel: 'app', share: [0.1, 0.3], repeat: [1, 1.2], value: 0.02 },
  { name: 'appSpendCredits', channel: 'app', share: [0.03, 0.1], repeat: [1.2, 2.5], value: 0.3 },
  { name: 'appAchieveLevel', channel: 'app', share: [0.1, 0.4], repeat: [1.5, 4], value: 0.02 },
  {
    name: 'appUnlockAchievement',
    channel: 'app',
    share: [0.05, 0.2],
    repeat: [1.2, 3],
    value: 0.02,
  },
  { name: 'appSalesLead', channel: 'app', share: [0.02, 0.08], repeat: [1, 1.3], value: 0.5 },
  { name: 'appInAppAdClick', channel: 'app', share: [0.02, 0.1], repeat: [1.5, 4], value: 0.01 },
  {
    name: 'appInAppAdImpression',
    channel: 'app',
    share: [0.3, 0.7],
    repeat: [5, 20],
    value: 0.002,
  },
  { name: 'appLoanApply', channel: 'app', share: [0.01, 0.04], repeat: [1, 1.2] },
  {
    name: 'appLoanCredit',
    channel: 'app',
    parent: 'appLoanApply',
    share: [0.3, 0.6],
    repeat: [1, 1.05],
  },
  {
    name: 'appLoanDisbursement',
    channel: 'app',
    parent: 'appLoanCredit',
    share: [0.6, 0.9],
    repeat: [1, 1.02],
  },
  { name: 'appLogin', channel: 'app', share: [0.3, 0.6], repeat: [1.5, 3] },
  { name: 'appRating', channel: 'app', share: [0.01, 0.05], repeat: [1, 1.1], value: 0.01 },
  { name: 'appSearch', channel: 'app', share: [0.2, 0.5], repeat: [1.5, 4] },
  { name: 'appStartTrial', channel: 'app', share: [0.02, 0.08], repeat: [1, 1.05] },
  {
    name: 'appSubscribe',
    channel: 'app',
    parent: 'appStartTrial',
    share: [0.3, 0.6],
    repeat: [1, 1.1],
    value: 1.5,
  },
  { name: 'appCustomEvent', channel: 'app', share: [0.05, 0.2], repeat: [1.2, 2.5], value: 0.1 },
  /** Impressions of ads shown inside the advertiser's app (its ad revenue). */
  {
    name: 'appAdImpressionEvent',
    channel: 'app',
    share: [0.2, 0.6],
    repeat: [5, 25],
    value: 0.003,
    extras: ['appAdRevenueDay0', 'appAdRevenueDay2', 'appAdRevenueDay6'],
  },

  // ── Website events (pixel; website ads; parent: destination clicks) ───────────────────────
  {
    name: 'webPurchase',
    channel: 'web',
    share: [1, 1],
    conversions: true,
    value: 1,
    extras: ['webPurchaseVta', 'webPurchaseEvta', 'webPurchaseVtaValue'],
  },
  { name: 'webLandingPageView', channel: 'web', share: [0.6, 0.92] },
  { name: 'webButtonClick', channel: 'web', share: [0.1, 0.4], value: 0.05 },
  { name: 'webContact', channel: 'web', share: [0.01, 0.05], value: 0.1 },
  { name: 'webRegistration', channel: 'web', share: [0.03, 0.12], value: 0.1 },
  { name: 'webViewContent', channel: 'web', share: [0.3, 0.7], value: 0.3 },
  { name: 'webAddToCart', channel: 'web', share: [0.05, 0.2], value: 0.9 },
  { name: 'webPlaceOrder', channel: 'web', share: [0.02, 0.06], value: 1 },
  { name: 'webInitiateCheckout', channel: 'web', share: [0.03, 0.1], value: 1 },
  { name: 'webAddBilling', channel: 'web', share: [0.02, 0.07], value: 1 },
  { name: 'webSearch', channel: 'web', share: [0.05, 0.25], value: 0.05 },
  { name: 'webForm', channel: 'web', share: [0.01, 0.06], value: 0.2 },
  { name: 'webDownload', channel: 'web', share: [0.01, 0.04], value: 0.1 },
  { name: 'webAddToWishlist', channel: 'web', share: [0.01, 0.05], value: 0.8 },
  { name: 'webSubscribe', channel: 'web', share: [0.005, 0.02], value: 1.5 },
  { name: 'webFindLocation', channel: 'web', share: [0.005, 0.03], value: 0.05 },
  { name: 'webSchedule', channel: 'web', share: [0.005, 0.02], value: 0.3 },
  { name: 'webCustomizeProduct', channel: 'web', share: [0.005, 0.02], value: 0.5 },
  { name: 'webCustomEvent', channel: 'web', share: [0.02, 0.1], value: 0.1 },

  // ── Offline events (uploaded CRM and store events; website ads; parent: clicks) ──────────
  { name: 'offlineCrm', channel: 'offline', share: [0.005, 0.03], value: 0.3 },
  { name: 'offlinePurchase', channel: 'offline', share: [0.005, 0.03], value: 1 },
  { name: 'offlineContact', channel: 'offline', share: [0.002, 0.01], value: 0.1 },
  { name: 'offlineSubscribe', channel: 'offline', share: [0.001, 0.005], value: 1.5 },
  { name: 'offlineForm', channel: 'offline', share: [0.002, 0.01], value: 0.2 },
  { name: 'offlineAddPaymentInfo', channel: 'offline', share: [0.002, 0.01], value: 1 },
  { name: 'offlineAddToCart', channel: 'offline', share: [0.005, 0.02], value: 0.9 },
  { name: 'offlineAddToWishlist', channel: 'offline', share: [0.001, 0.006], value: 0.8 },
  { name: 'offlineClickButton', channel: 'offline', share: [0.002, 0.01], value: 0.05 },
  { name: 'offlineRegistration', channel: 'offline', share: [0.002, 0.01], value: 0.1 },
  { name: 'offlineDownload', channel: 'offline', share: [0.001, 0.005], value: 0.1 },
  { name: 'offlineInitiateCheckout', channel: 'offline', share: [0.003, 0.015], value: 1 },
  { name: 'offlinePlaceOrder', channel: 'offline', share: [0.003, 0.015], value: 1 },
  { name: 'offlineSearch', channel: 'offline', share: [0.002, 0.01], value: 0.05 },
  { name: 'offlineViewContent', channel: 'offline', share: [0.005, 0.03], value: 0.3 },
  { name: 'offlineFindLocation', channel: 'offline', share: [0.002, 0.01], value: 0.05 },
  { name: 'offlineSchedule', channel: 'offline', share: [0.001, 0.006], value: 0.3 },
  { name: 'offlineCustomizeProduct', channel: 'offline', share: [0.001, 0.005], value: 0.5 },
  { name: 'offlineCustomEvent', channel: 'offline', share: [0.002, 0.01], value: 0.1 },

  // ── TikTok (onsite) events: instant pages and forms (lead generation ads; parent: clicks) ──
  { name: 'onsiteForm', channel: 'onsite', share: [1, 1], conversions: true, value: 0.2 },
  { name: 'onsiteFilteredOutForm', channel: 'onsite', share: [0.002, 0.01] },
  /** Instant page views: the page every other onsite event happens on. */
  {
    name: 'onsitePageView',
    channel: 'onsite',
    share: [0.7, 0.95],
    extras: ['onsitePageCentiseconds', 'onsitePageViewedPermille'],
  },
  { name: 'onsiteButtonClick', channel: 'onsite', parent: 'onsitePageView', share: [0.2, 0.5] },
  { name: 'onsiteProductClick', channel: 'onsite', parent: 'onsitePageView', share: [0.05, 0.2] },
  { name: 'onsiteDestinationVisit', channel: 'onsite', share: [0.3, 0.6] },
  { name: 'onsiteDownloadStart', channel: 'onsite', share: [0.01, 0.05] },
  { name: 'onsiteAddToWishlist', channel: 'onsite', share: [0.005, 0.02], value: 0.8 },
  { name: 'onsiteAddBilling', channel: 'onsite', share: [0.002, 0.01], value: 1 },
  {
    name: 'onsitePurchase',
    channel: 'onsite',
    share: [0.002, 0.01],
    repeat: [1, 1.2],
    value: 1,
  },
  { name: 'onsiteCheckout', channel: 'onsite', share: [0.005, 0.02], value: 1 },
  { name: 'onsiteAddToCart', channel: 'onsite', share: [0.01, 0.04], value: 0.9 },
  { name: 'onsiteProductPageView', channel: 'onsite', share: [0.05, 0.2], value: 0.3 },
  { name: 'onsiteRegistration', channel: 'onsite', share: [0.01, 0.04], repeat: [1, 1.1] },
  { name: 'messagingDirectMessage', channel: 'messaging', share: [0.01, 0.05] },
  { name: 'messagingInstantMessagingApp', channel: 'messaging', share: [0.005, 0.03] },

  // ── TikTok Shop (Shop ads; parent: clicks) ─────────────────────────────────────────────────
  {
    name: 'shopPurchase',
    channel: 'shop',
    share: [1, 1],
    conversions: true,
    value: 1,
    extras: ['shopOrdersBySubmission', 'shopRevenueBySubmission', 'shopItems'],
  },
  { name: 'shopProductPageView', channel: 'shop', share: [0.5, 0.9], value: 0.3 },
  { name: 'shopAddToCart', channel: 'shop', share: [0.05, 0.2], value: 0.9 },
  { name: 'shopCheckout', channel: 'shop', share: [0.03, 0.12], value: 1 },
] as const satisfies readonly EventFamilySpec[];

export type EventFamily = (typeof EVENT_FAMILIES)[number];
type WithTotal = Extract<EventFamily, { repeat: readonly [number, number] }>['name'];
type WithValue = Extract<EventFamily, { value: number }>['name'];
type Extra = Extract<EventFamily, { extras: readonly string[] }>['extras'][number];

/** Every counter the families write. */
export type EventCounter = EventFamily['name'] | `${WithTotal}Total` | `${WithValue}Value` | Extra;

/** The counters of one family: its count, then Total, Value and extras where it has them. */
export function familyCounters(family: EventFamilySpec): EventCounter[] {
  const names = [family.name];
  if ('repeat' in family && family.repeat) names.push(`${family.name}Total`);
  if ('value' in family && family.value !== undefined) names.push(`${family.name}Value`);
  if ('extras' in family && family.extras) names.push(...family.extras);
  return names as EventCounter[];
}

export const EVENT_COUNTERS: readonly EventCounter[] = EVENT_FAMILIES.flatMap(familyCounters);
