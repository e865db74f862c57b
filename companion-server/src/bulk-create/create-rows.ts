import type { CellError, CreateColumn, EntityType } from '../contract/bulk-create';
import {
  currencyRule,
  formatMoney,
  hasCurrencyPrecision,
  maximumBudget,
} from '../contract/currency';
import { isIsoDate, utcDateTime, zonedTimeToInstant } from '../lib/time-zone';
import { withTrackingTemplate } from './landing-url-tracking';

/**
 * One spreadsheet row checked against TikTok's creation rules and turned into what will be
 * sent (shared/reference/tiktok-marketing-api.md §5–6). Pure: the file-wide checks (refs,
 * parents at TikTok, unique names) are the planner's.
 */

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
const BILLING_EVENTS = ['CPC', 'CPM', 'CPV', 'OCPM'] as const;
const OPTIMIZATION_GOALS = ['CLICK', 'CONVERT', 'REACH', 'VIDEO_VIEW', 'SHOW'] as const;
const AD_FORMATS = ['SINGLE_VIDEO', 'SINGLE_IMAGE', 'CAROUSEL_ADS'] as const;
const CAMPAIGN_MIN_BASE = 50;
const AD_GROUP_MIN_BASE = 20;
/** Only the CPC bid maximum is documented (30 × the currency ratio); others are TikTok's to refuse. */
const CPC_MAX_BID_BASE = 30;
const LATEST_START = Date.parse('2028-01-01T00:00:00Z');
const LATEST_END = Date.parse('2038-01-01T00:00:00Z');
const START_GRACE_MS = 12 * 3_600_000;
const DAY_MS = 86_400_000;
const EMOJI = /\p{Extended_Pictographic}/u;
const LANDING_URL_MAX = 1000;
const ID = /^\d{1,20}$/;

export type Cells = Partial<Record<CreateColumn, string>>;

interface Base {
  row: number;
  ref: string | null;
  name: string;
  status: 'ENABLE' | 'DISABLE';
  /** Parent: a ref in the file or an existing TikTok id (null for campaigns). */
  parent: { ref: string } | { id: string } | null;
}

export interface CampaignSpec extends Base {
  type: 'campaign';
  fields: {
    campaign_name: string;
    objective_type: string;
    budget_mode: 'BUDGET_MODE_DAY' | 'BUDGET_MODE_TOTAL' | 'BUDGET_MODE_INFINITE';
    budget?: number;
    operation_status: 'ENABLE' | 'DISABLE';
  };
}

export interface AdGroupSpec extends Base {
  type: 'adgroup';
  fields: Record<string, unknown> & {
    adgroup_name: string;
    budget_mode: 'BUDGET_MODE_DAY' | 'BUDGET_MODE_TOTAL';
    budget: number;
  };
}

export interface AdSpec extends Base {
  type: 'ad';
  creative: Record<string, unknown> & { ad_name: string };
  /** The tracking template's parameters added to its landing page (the preview says so). */
  trackingAdded: string[];
}

export type CreateSpec = CampaignSpec | AdGroupSpec | AdSpec;

export interface RowContext {
  currency: string;
  timezone: string;
  now: number;
  /** The orders settings' tracking template, added to new ads' landing pages. */
  trackingTemplate: string;
}

/** Collects errors against the row's cells. */
class RowCheck {
  readonly errors: CellError[] = [];
  constructor(
    readonly row: number,
    readonly cells: Cells,
  ) {}

  fail(column: CreateColumn | null, message: string): void {
    this.errors.push({ row: this.row, column, message });
  }

  text(column: CreateColumn, options: { required: boolean; max?: number }): string | null {
    const value = (this.cells[column] ?? '').trim();
    if (value === '') {
      if (options.required) this.fail(column, 'Required.');
      return null;
    }
    if (options.max && value.length > options.max) {
      this.fail(column, `At most ${options.max} characters (this has ${value.length}).`);
      return null;
    }
    return value;
  }

  choice<T extends string>(column: CreateColumn, allowed: readonly T[], fallback?: T): T | null {
    const value = (this.cells[column] ?? '').trim().toUpperCase();
    if (value === '') {
      if (fallback !== undefined) return fallback;
      this.fail(column, `Required: one of ${allowed.join(', ')}.`);
      return null;
    }
    if (!allowed.includes(value as T)) {
      this.fail(column, `"${this.cells[column]}" is not one of ${allowed.join(', ')}.`);
      return null;
    }
    return value as T;
  }

  amount(column: CreateColumn, currency: string, required: boolean): number | null {
    const raw = (this.cells[column] ?? '').trim();
    if (raw === '') {
      if (required) this.fail(column, `Required: an amount in ${currency}.`);
      return null;
    }
    if (!/^\d+(\.\d+)?$/.test(raw)) {
      this.fail(
        column,
        `"${raw}" is not an amount (digits, a dot for decimals, no currency sign).`,
      );
      return null;
    }
    const value = Number(raw);
    if (!hasCurrencyPrecision(value, currency)) {
      this.fail(
        column,
        currencyRule(currency).integerOnly
          ? `${currency} amounts are whole numbers.`
          : `${currency} amounts have at most two decimals.`,
      );
      return null;
    }
    return value;
  }

  /** A time in the ad account's time zone, "YYYY-MM-DD HH:MM", as TikTok's UTC text. */
  time(column: CreateColumn, timezone: string): number | null {
    const raw = (this.cells[column] ?? '').trim();
    if (raw === '') return null;
    const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::\d{2})?$/.exec(raw);
    if (!match) {
      this.fail(
        column,
        `"${raw}" is not a time: write YYYY-MM-DD HH:MM (the ad account's time zone).`,
      );
      return null;
    }
    const [date, hour, minute] = [match[1] as string, Number(match[2]), Number(match[3])];
    if (!isIsoDate(date) || hour > 23 || minute > 59) {
      this.fail(column, `"${raw}" is not a valid date and time.`);
      return null;
    }
    const instant = zonedTimeToInstant(date, timezone, hour, minute);
    return instant;
  }
}

function baseOf(check: RowCheck, type: EntityType, nameMax: number): Omit<Base, 'parent'> {
  const name = check.text('name', { required: true, max: nameMax }) ?? '';
  if (name && EMOJI.test(name)) check.fail('name', 'Names cannot contain emoji.');
  const ref = (check.cells.ref ?? '').trim() || null;
  if (ref && !/^[A-Za-z0-9_-]{1,40}$/.test(ref)) {
    check.fail('ref', 'A ref is 1–40 letters, digits, "-" or "_".');
  }
  if (type === 'ad' && ref) check.fail('ref', 'Ads have no children: leave ref empty.');
  const status = check.choice('status', ['ENABLE', 'DISABLE'] as const, 'DISABLE') ?? 'DISABLE';
  return { row: check.row, ref, name, status };
}

function parentOf(check: RowCheck): Base['parent'] {
  const value = (check.cells.parent ?? '').trim();
  if (value === '') {
    check.fail('parent', 'Required: the ref of a row above, or the id of an existing one.');
    return null;
  }
  if (ID.test(value) && value.length >= 15) return { id: value };
  if (/^[A-Za-z0-9_-]{1,40}$/.test(value)) return { ref: value };
  check.fail('parent', `"${value}" is neither a ref nor a TikTok id.`);
  return null;
}

function minimum(base: number, currency: string): number {
  return base * currencyRule(currency).ratio;
}

export function checkRow(
  row: number,
  cells: Cells,
  context: RowContext,
): { spec: CreateSpec | null; errors: CellError[]; type: EntityType | null } {
  const check = new RowCheck(row, cells);
  const type = check.choice(
    'type',
    ['campaign', 'adgroup', 'ad'].map((t) => t.toUpperCase()) as Uppercase<EntityType>[],
  );
  if (!type) return { spec: null, errors: check.errors, type: null };
  const lower = type.toLowerCase() as EntityType;
  const spec =
    lower === 'campaign'
      ? campaignRow(check, context)
      : lower === 'adgroup'
        ? adGroupRow(check, context)
        : adRow(check, context);
  return { spec: check.errors.length === 0 ? spec : null, errors: check.errors, type: lower };
}

function campaignRow(check: RowCheck, { currency }: RowContext): CampaignSpec {
  const base = baseOf(check, 'campaign', 512);
  if ((check.cells.parent ?? '').trim() !== '') check.fail('parent', 'Campaigns have no parent.');
  const objective = check.choice('objective_type', OBJECTIVE_TYPES) ?? 'TRAFFIC';
  const mode =
    check.choice('budget_mode', [
      'BUDGET_MODE_DAY',
      'BUDGET_MODE_TOTAL',
      'BUDGET_MODE_INFINITE',
    ] as const) ?? 'BUDGET_MODE_DAY';
  const budget = check.amount('budget', currency, mode !== 'BUDGET_MODE_INFINITE');
  if (mode === 'BUDGET_MODE_INFINITE' && budget !== null) {
    check.fail(
      'budget',
      'A campaign without a budget limit (BUDGET_MODE_INFINITE) takes no budget.',
    );
  }
  if (budget !== null && mode !== 'BUDGET_MODE_INFINITE') {
    const min = minimum(CAMPAIGN_MIN_BASE, currency);
    const lifetime = mode === 'BUDGET_MODE_TOTAL';
    if (lifetime ? budget <= min : budget < min) {
      check.fail(
        'budget',
        `${lifetime ? 'A lifetime campaign budget must be more than' : 'At least'} ${formatMoney(min, currency)} (TikTok's minimum in ${currency}).`,
      );
    } else if (budget >= maximumBudget(currency)) {
      check.fail('budget', `Must be less than ${formatMoney(maximumBudget(currency), currency)}.`);
    }
  }
  return {
    type: 'campaign',
    ...base,
    parent: null,
    fields: {
      campaign_name: base.name,
      objective_type: objective,
      budget_mode: mode,
      ...(budget !== null && mode !== 'BUDGET_MODE_INFINITE' ? { budget } : {}),
      operation_status: base.status,
    },
  };
}

function adGroupRow(check: RowCheck, { currency, timezone, now }: RowContext): AdGroupSpec {
  const base = baseOf(check, 'adgroup', 512);
  const parent = parentOf(check);
  const mode =
    check.choice('budget_mode', ['BUDGET_MODE_DAY', 'BUDGET_MODE_TOTAL'] as const) ??
    'BUDGET_MODE_DAY';
  const budget = check.amount('budget', currency, true);
  const billing = check.choice('billing_event', BILLING_EVENTS) ?? 'CPC';
  const goal = check.choice('optimization_goal', OPTIMIZATION_GOALS) ?? 'CLICK';
  const bidType = check.choice(
    'bid_type',
    ['BID_TYPE_NO_BID', 'BID_TYPE_CUSTOM'] as const,
    'BID_TYPE_NO_BID',
  );
  const bid = check.amount('bid', currency, bidType === 'BID_TYPE_CUSTOM');
  if (bidType !== 'BID_TYPE_CUSTOM' && bid !== null) {
    check.fail('bid', 'Only custom-bid ad groups (bid_type BID_TYPE_CUSTOM) take a bid.');
  }
  const start = check.time('schedule_start', timezone) ?? now;
  const end = check.time('schedule_end', timezone);
  if (start < now - START_GRACE_MS)
    check.fail('schedule_start', 'Cannot be more than 12 hours in the past.');
  if (start >= LATEST_START) check.fail('schedule_start', 'Must be before 2028-01-01.');
  if (end !== null && end <= start) check.fail('schedule_end', 'Must be after schedule_start.');
  if (end !== null && end > LATEST_END) check.fail('schedule_end', 'Must be before 2038-01-01.');
  if (mode === 'BUDGET_MODE_TOTAL' && end === null) {
    check.fail('schedule_end', 'A lifetime budget needs an end (schedule_end).');
  }
  if (budget !== null) {
    const days = end === null ? 1 : Math.max(1, Math.ceil((end - start) / DAY_MS));
    const min = minimum(AD_GROUP_MIN_BASE, currency) * (mode === 'BUDGET_MODE_TOTAL' ? days : 1);
    if (budget < min) {
      check.fail(
        'budget',
        `At least ${formatMoney(min, currency)} (TikTok's minimum${mode === 'BUDGET_MODE_TOTAL' ? ` for ${days} days` : ''} in ${currency}).`,
      );
    } else if (budget >= maximumBudget(currency)) {
      check.fail('budget', `Must be less than ${formatMoney(maximumBudget(currency), currency)}.`);
    }
    if (bid !== null && bid >= budget) check.fail('bid', 'The bid must be lower than the budget.');
  }
  if (bid !== null && billing === 'CPC' && bid > minimum(CPC_MAX_BID_BASE, currency)) {
    check.fail(
      'bid',
      `At most ${formatMoney(minimum(CPC_MAX_BID_BASE, currency), currency)} for CPC.`,
    );
  }
  const locations = (check.cells.location_ids ?? '')
    .split(/[;\s]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  if (locations.length === 0)
    check.fail('location_ids', 'Required: at least one location id (separate several with ";").');
  else if (locations.some((id) => !ID.test(id)))
    check.fail('location_ids', 'Location ids are digits, separated by ";".');

  return {
    type: 'adgroup',
    ...base,
    parent,
    fields: {
      adgroup_name: base.name,
      budget_mode: mode,
      budget: budget ?? 0,
      billing_event: billing,
      optimization_goal: goal,
      pacing: 'PACING_MODE_SMOOTH',
      bid_type: bidType ?? 'BID_TYPE_NO_BID',
      ...(bid !== null ? { [billing === 'OCPM' ? 'conversion_bid_price' : 'bid_price']: bid } : {}),
      schedule_type: end === null ? 'SCHEDULE_FROM_NOW' : 'SCHEDULE_START_END',
      schedule_start_time: utcDateTime(Math.max(start, now)),
      ...(end === null ? {} : { schedule_end_time: utcDateTime(end) }),
      placement_type: 'PLACEMENT_TYPE_AUTOMATIC',
      location_ids: locations,
      operation_status: base.status,
    },
  };
}

function adRow(check: RowCheck, { trackingTemplate }: RowContext): AdSpec {
  const base = baseOf(check, 'ad', 512);
  const parent = parentOf(check);
  const format = check.choice('ad_format', AD_FORMATS) ?? 'SINGLE_VIDEO';
  const text = check.text('ad_text', { required: true, max: 100 });
  const video = check.text('video_id', { required: format === 'SINGLE_VIDEO' });
  const images = (check.cells.image_ids ?? '')
    .split(/[;\s]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  if (format !== 'SINGLE_VIDEO' && images.length === 0)
    check.fail('image_ids', `Required for ${format} ads.`);
  const identity = check.text('identity_id', { required: true });
  if (identity && !ID.test(identity)) check.fail('identity_id', 'An identity id is digits.');
  const cta = check.text('call_to_action', { required: true, max: 40 });
  const url = check.text('landing_page_url', { required: true, max: LANDING_URL_MAX });
  let landing = { url: url ?? '', added: [] as string[] };
  if (url && (!/^https?:\/\/[^\s/]+\.[^\s]+$/.test(url) || !URL.canParse(url))) {
    check.fail('landing_page_url', `"${url}" is not a web address (https://…).`);
  } else if (url) {
    landing = withTrackingTemplate(url, trackingTemplate);
    if (landing.url.length > LANDING_URL_MAX) {
      check.fail(
        'landing_page_url',
        `With the tracking template's parameters (${landing.added.join(', ')}) added, the landing page would be ${landing.url.length} characters; at most ${LANDING_URL_MAX}. Shorten it, or add those parameters yourself with shorter values.`,
      );
    }
  }
  return {
    type: 'ad',
    ...base,
    parent,
    creative: {
      ad_name: base.name,
      ad_format: format,
      ad_text: text ?? '',
      identity_id: identity ?? '',
      identity_type: 'CUSTOMIZED_USER',
      ...(video ? { video_id: video } : {}),
      ...(images.length > 0 ? { image_ids: images } : {}),
      call_to_action: cta ?? '',
      landing_page_url: landing.url,
    },
    trackingAdded: landing.added,
  };
}
