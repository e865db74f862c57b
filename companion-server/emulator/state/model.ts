/**
 * The emulator's in-memory model of TikTok's world: apps, TikTok users, ad accounts and
 * their campaigns, ad groups and ads, tokens and authorization codes.
 *
 * Entities keep the history that metrics depend on (when they were on or off, which budget
 * applied when), so that pausing freezes spend and a budget change never rewrites past days.
 * Times are epoch milliseconds; field names follow TikTok's where a field is exposed.
 */

export type BudgetMode =
  | 'BUDGET_MODE_INFINITE'
  | 'BUDGET_MODE_TOTAL'
  | 'BUDGET_MODE_DAY'
  | 'BUDGET_MODE_DYNAMIC_DAILY_BUDGET';

export const BUDGET_MODES: readonly BudgetMode[] = [
  'BUDGET_MODE_INFINITE',
  'BUDGET_MODE_TOTAL',
  'BUDGET_MODE_DAY',
  'BUDGET_MODE_DYNAMIC_DAILY_BUDGET',
];

export type OperationStatus = 'ENABLE' | 'DISABLE';

export const OBJECTIVE_TYPES = [
  'TRAFFIC',
  'WEB_CONVERSIONS',
  'APP_PROMOTION',
  'REACH',
  'VIDEO_VIEWS',
  'ENGAGEMENT',
  'LEAD_GENERATION',
  'PRODUCT_SALES',
] as const;
export type ObjectiveType = (typeof OBJECTIVE_TYPES)[number];

export type BidType = 'BID_TYPE_CUSTOM' | 'BID_TYPE_NO_BID';
export const BILLING_EVENTS = ['CPC', 'CPM', 'CPV', 'OCPM'] as const;
export type BillingEvent = (typeof BILLING_EVENTS)[number];
export type ScheduleType = 'SCHEDULE_START_END' | 'SCHEDULE_FROM_NOW';
export type ProductSource = 'STORE' | 'SHOWCASE' | 'CATALOG';

export interface StatusChange {
  at: number;
  enabled: boolean;
}

export interface BudgetChange {
  at: number;
  budget: number;
}

export interface App {
  app_id: string;
  secret: string;
  name: string;
  redirect_uris: string[];
}

/** A person signed in to TikTok for Business who can grant the app access to ad accounts. */
export interface TikTokUser {
  user_id: string;
  display_name: string;
  email: string;
  advertiser_ids: string[];
}

export interface Advertiser {
  advertiser_id: string;
  name: string;
  company: string;
  currency: string;
  timezone: string;
  display_timezone: string;
  status: 'STATUS_ENABLE' | 'STATUS_LIMIT' | 'STATUS_DISABLE';
  balance: number;
  country: string;
  create_time: number;
  /** Whether the account's pixel reports purchase value (ROAS); when not, those metrics are "-". */
  reportsPurchaseValue: boolean;
}

interface Lifecycle {
  statusTimeline: StatusChange[];
  deletedAt: number | null;
  create_time: number;
  modify_time: number;
}

export interface Campaign extends Lifecycle {
  campaign_id: string;
  advertiser_id: string;
  campaign_name: string;
  objective_type: ObjectiveType;
  campaign_type: 'REGULAR_CAMPAIGN';
  budget_mode: BudgetMode;
  budgetHistory: BudgetChange[];
  budget_optimize_on: boolean;
  campaign_product_source: ProductSource | null;
}

export interface AdGroup extends Lifecycle {
  adgroup_id: string;
  campaign_id: string;
  advertiser_id: string;
  adgroup_name: string;
  budget_mode: BudgetMode;
  budgetHistory: BudgetChange[];
  bid_type: BidType;
  bid_price: number;
  conversion_bid_price: number;
  billing_event: BillingEvent;
  optimization_goal: 'CLICK' | 'CONVERT' | 'REACH' | 'VIDEO_VIEW' | 'SHOW';
  optimization_event: string | null;
  pacing: 'PACING_MODE_SMOOTH' | 'PACING_MODE_FAST';
  schedule_type: ScheduleType;
  schedule_start_time: number;
  schedule_end_time: number;
  placement_type: 'PLACEMENT_TYPE_AUTOMATIC' | 'PLACEMENT_TYPE_NORMAL';
  placements: string[];
  location_ids: string[];
  age_groups: string[];
  gender: 'GENDER_UNLIMITED' | 'GENDER_MALE' | 'GENDER_FEMALE';
  languages: string[];
  promotion_type: string;
  product_source: ProductSource | null;
  /**
   * TikTok's 336-character grid (48 half hours × 7 days, Monday first). Absent or null:
   * delivery at all hours, as TikTok reads an empty, all-0 or all-1 grid.
   */
  dayparting?: string | null;
}

/**
 * Where an ad stands in TikTok's review after its creative changed. Absent or null:
 * approved. `in_review` ends by itself at `until` (approved), unless someone decides first.
 */
export type AdReview =
  | { state: 'in_review'; since: number; until: number }
  | { state: 'rejected'; reason: string };

export interface Ad extends Lifecycle {
  ad_id: string;
  adgroup_id: string;
  campaign_id: string;
  advertiser_id: string;
  ad_name: string;
  ad_format: 'SINGLE_VIDEO' | 'SINGLE_IMAGE' | 'CAROUSEL_ADS';
  ad_text: string;
  call_to_action: string;
  landing_page_url: string;
  video_id: string | null;
  image_ids: string[];
  identity_id: string;
  identity_type: 'CUSTOMIZED_USER' | 'AUTH_CODE' | 'TT_USER' | 'BC_AUTH_TT';
  display_name: string;
  review?: AdReview | null;
}

/** The review an ad is under at an instant: a review whose time is up is over (approved). */
export function reviewAt(ad: Pick<Ad, 'review'>, instant: number): AdReview | null {
  const review = ad.review ?? null;
  if (review?.state === 'in_review' && review.until <= instant) return null;
  return review;
}

export interface AccessToken {
  access_token: string;
  app_id: string;
  user_id: string | null;
  advertiser_ids: string[];
  /** TikTok permission ids as decimal strings; some exceed 2^53. */
  scope: string[];
  created_at: number;
  revoked_at: number | null;
  /** Only in the emulator's expiring-token mode (TikTok's advertiser tokens never expire). */
  expires_at: number | null;
  refresh_token: string | null;
  /** How the token came to be: the consent flow, or minted through the control API. */
  source: 'oauth' | 'control-api';
}

export interface AuthCode {
  auth_code: string;
  app_id: string;
  user_id: string;
  advertiser_ids: string[];
  redirect_uri: string;
  created_at: number;
  used_at: number | null;
}

export type ReportTaskStatus = 'QUEUING' | 'PROCESSING' | 'SUCCESS' | 'FAILED' | 'CANCELED';

export interface ReportTask {
  task_id: string;
  app_id: string;
  advertiser_id: string;
  created_at: number;
  canceled_at: number | null;
  file_name: string;
  output_format: 'CSV_DOWNLOAD' | 'CSV_STRING' | 'XLSX_DOWNLOAD';
  /** The report, computed when the task was created (a snapshot, like TikTok's). */
  csv: string;
}

/** The value of a history at an instant: the last change at or before it. */
export function valueAt<T extends { at: number }>(
  history: readonly T[],
  instant: number,
): T | undefined {
  let found: T | undefined;
  for (const change of history) {
    if (change.at <= instant) found = change;
    else break;
  }
  return found;
}

export function budgetAt(entity: { budgetHistory: BudgetChange[] }, instant: number): number {
  return valueAt(entity.budgetHistory, instant)?.budget ?? 0;
}

/** A budget that is recorded but takes effect later (a scheduled daily budget), if any. */
export function pendingBudget(
  entity: { budgetHistory: BudgetChange[] },
  now: number,
): BudgetChange | undefined {
  const pending = entity.budgetHistory.filter((change) => change.at > now);
  return pending[pending.length - 1];
}

export function isEnabledAt(entity: Lifecycle, instant: number): boolean {
  return valueAt(entity.statusTimeline, instant)?.enabled ?? false;
}

export function isDeletedAt(entity: Lifecycle, instant: number): boolean {
  return entity.deletedAt !== null && entity.deletedAt <= instant;
}

export function operationStatusAt(entity: Lifecycle, instant: number): OperationStatus {
  return isEnabledAt(entity, instant) ? 'ENABLE' : 'DISABLE';
}

/** Record a budget change, dropping any change that the new one supersedes. */
export function recordBudget(
  entity: { budgetHistory: BudgetChange[] },
  at: number,
  budget: number,
): void {
  entity.budgetHistory = entity.budgetHistory.filter((change) => change.at < at);
  entity.budgetHistory.push({ at, budget });
}

export function recordStatus(entity: Lifecycle, at: number, enabled: boolean): void {
  entity.statusTimeline = entity.statusTimeline.filter((change) => change.at < at);
  entity.statusTimeline.push({ at, enabled });
}
