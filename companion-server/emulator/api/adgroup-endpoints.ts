import { z } from 'zod';
import { addDays, startOfZonedDay, zonedDate, zonedParts } from '../../src/lib/time-zone';
import { ApiError, parameterError, ReturnCode } from '../core/api-error';
import { compareIdsDescending, freshId } from '../core/ids';
import {
  amount,
  boolean,
  DateTimeSchema,
  fieldList,
  IdSchema,
  idList,
  jsonEncoded,
  parseUtcDateTime,
  returnCodeIssue,
  typeError,
} from '../core/params';
import { Permission } from '../core/permissions';
import { bidFieldFor, checkBid, checkBudgetAboveBid, currentBid } from '../rules/bid-rules';
import { checkAdGroupBudgetMode, checkBudget } from '../rules/budget-rules';
import {
  daypartingProblem,
  scheduleEndProblem,
  scheduleStartProblem,
} from '../rules/schedule-rules';
import type { EmulatorRuntime } from '../runtime';
import {
  type AdGroup,
  type Advertiser,
  BILLING_EVENTS,
  BUDGET_MODES,
  budgetAt,
  type Campaign,
  isEnabledAt,
  recordBudget,
  recordStatus,
} from '../state/model';
import {
  adGroupSecondaryStatus,
  matchesPrimaryStatus,
  matchesSecondaryStatus,
  PRIMARY_STATUSES,
} from '../state/status';
import { defineEndpoint, PartialSuccess } from './endpoint';
import { ADGROUP_FIELDS, exhaustedDailyBudget, presentAdGroup } from './entity-presenters';
import { pagingParams, presentPage, sharedFilters } from './listing';
import {
  adGroupOf,
  advertiserOf,
  assertEditable,
  campaignOf,
  checkName,
  parentCampaign,
  unique,
} from './lookup';
import { deleteAdGroupTree } from './status-changes';

const DAY_MS = 86_400_000;
const TEN_YEARS_MS = 3_652 * DAY_MS;
const LATEST_START = Date.parse('2028-01-01T00:00:00Z');
const LATEST_END = Date.parse('2038-01-01T00:00:00Z');

const AdGroupFilteringSchema = z.strictObject({
  campaign_ids: idList(100).optional(),
  adgroup_ids: idList(100).optional(),
  adgroup_name: z.string().optional(),
  primary_status: z.enum(PRIMARY_STATUSES).optional(),
  secondary_status: z.string().optional(),
  objective_type: z.string().optional(),
  buying_types: z.array(z.string()).optional(),
  optimization_goal: z.string().optional(),
  promotion_type: z.string().optional(),
  bid_strategy: z.string().optional(),
  billing_events: z.array(z.enum(BILLING_EVENTS)).optional(),
  creation_filter_start_time: DateTimeSchema.optional(),
  creation_filter_end_time: DateTimeSchema.optional(),
});

export const adGroupGet = defineEndpoint({
  method: 'GET',
  path: 'adgroup/get/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.object({
    advertiser_id: IdSchema,
    fields: fieldList(ADGROUP_FIELDS).optional(),
    exclude_field_types_in_response: jsonEncoded(z.array(z.enum(['NULL_FIELD']))).optional(),
    filtering: jsonEncoded(AdGroupFilteringSchema).optional(),
    page: pagingParams.page,
    page_size: pagingParams.page_size,
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    advertiserOf(runtime, params.advertiser_id);
    const filtering = params.filtering ?? {};
    const { primary, createdWithin } = sharedFilters(filtering);
    const campaignIds = filtering.campaign_ids ? new Set(filtering.campaign_ids) : null;
    const adGroupIds = filtering.adgroup_ids ? new Set(filtering.adgroup_ids) : null;
    const nameFragment = filtering.adgroup_name?.toLowerCase();

    const matching: Array<{ adGroup: AdGroup; campaign: Campaign }> = [];
    for (const campaign of runtime.state.campaignsOf(params.advertiser_id)) {
      if (campaignIds && !campaignIds.has(campaign.campaign_id)) continue;
      if (filtering.objective_type && campaign.objective_type !== filtering.objective_type)
        continue;
      for (const adGroup of runtime.state.adGroupsOf(campaign.campaign_id)) {
        if (adGroupIds && !adGroupIds.has(adGroup.adgroup_id)) continue;
        if (nameFragment && !adGroup.adgroup_name.toLowerCase().includes(nameFragment)) continue;
        if (
          filtering.optimization_goal &&
          adGroup.optimization_goal !== filtering.optimization_goal
        ) {
          continue;
        }
        if (filtering.billing_events && !filtering.billing_events.includes(adGroup.billing_event)) {
          continue;
        }
        if (!createdWithin(adGroup.create_time)) continue;
        const wantsSecondary = filtering.secondary_status !== undefined;
        const secondary = adGroupSecondaryStatus(
          adGroup,
          campaign,
          now,
          wantsSecondary && exhaustedDailyBudget(runtime, 'adgroup', adGroup, now),
        );
        if (!matchesPrimaryStatus(primary, secondary, isEnabledAt(adGroup, now))) continue;
        if (
          wantsSecondary &&
          !matchesSecondaryStatus(filtering.secondary_status ?? '', secondary)
        ) {
          continue;
        }
        matching.push({ adGroup, campaign });
      }
    }
    matching.sort((a, b) => compareIdsDescending(a.adGroup.adgroup_id, b.adGroup.adgroup_id));

    return presentPage(matching, params, ({ adGroup, campaign }) =>
      presentAdGroup(runtime, adGroup, campaign, now),
    );
  },
});

/** Spend that a new budget must stay at or above 105% of: today's, or lifetime for lifetime budgets. */
function adGroupSpendSoFar(runtime: EmulatorRuntime, adGroup: AdGroup): number {
  return adGroup.budget_mode === 'BUDGET_MODE_TOTAL'
    ? runtime.simulator.spendLifetime('adgroup', adGroup)
    : runtime.simulator.spendToday('adgroup', adGroup);
}

function scheduledDays(
  adGroup: Pick<AdGroup, 'schedule_start_time' | 'schedule_end_time'>,
): number {
  return Math.max(1, Math.ceil((adGroup.schedule_end_time - adGroup.schedule_start_time) / DAY_MS));
}

function checkAdGroupBudget(
  runtime: EmulatorRuntime,
  advertiser: Advertiser,
  campaign: Campaign,
  adGroup: AdGroup,
  budget: number,
  bidAfter: number | null = currentBid(adGroup),
): void {
  if (campaign.budget_optimize_on) {
    throw parameterError(
      'budget: The ad group budget cannot be updated when campaign budget optimization is on.',
    );
  }
  const problem = checkBudget({
    level: 'adgroup',
    mode: adGroup.budget_mode,
    budget,
    currency: advertiser.currency,
    spendSoFar: adGroupSpendSoFar(runtime, adGroup),
    productSource: adGroup.product_source,
    scheduledDays: scheduledDays(adGroup),
  });
  if (problem) throw parameterError(problem);
  const belowBid = checkBudgetAboveBid(budget, bidAfter, advertiser.currency);
  if (belowBid) throw parameterError(belowBid);
}

/** Budgets a bid must stay below: the ad group's (unless under CBO) and the campaign's. */
function bidCeilings(campaign: Campaign, adGroupBudget: number, now: number): number[] {
  const ceilings: number[] = [];
  if (!campaign.budget_optimize_on) ceilings.push(adGroupBudget);
  if (campaign.budget_mode !== 'BUDGET_MODE_INFINITE') ceilings.push(budgetAt(campaign, now));
  return ceilings;
}

export const adGroupUpdate = defineEndpoint({
  method: 'POST',
  path: 'adgroup/update/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  // The emulator supports the fields the product edits; other fields are refused, not ignored.
  params: z.strictObject(
    {
      advertiser_id: IdSchema,
      adgroup_id: IdSchema,
      adgroup_name: z.string({ error: typeError('Not a valid string.') }).optional(),
      budget: amount().optional(),
      bid_price: amount().optional(),
      conversion_bid_price: amount().optional(),
      schedule_end_time: DateTimeSchema.optional(),
      schedule_start_time: DateTimeSchema.optional(),
      dayparting: z.string({ error: typeError('Not a valid string.') }).optional(),
    },
    {
      error:
        'The emulator can update adgroup_name, budget, bid_price, conversion_bid_price, schedule_start_time, schedule_end_time and dayparting only.',
    },
  ),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    const advertiser = advertiserOf(runtime, params.advertiser_id);
    const adGroup = adGroupOf(runtime, params.advertiser_id, params.adgroup_id);
    const campaign = parentCampaign(runtime, adGroup);
    assertEditable('Ad group', adGroup.adgroup_id, now, adGroup, campaign);

    if (params.adgroup_name !== undefined) checkName('adgroup_name', params.adgroup_name);
    const newEnd =
      params.schedule_end_time === undefined ? null : parseUtcDateTime(params.schedule_end_time);
    const newStart =
      params.schedule_start_time === undefined
        ? null
        : parseUtcDateTime(params.schedule_start_time);
    if (newEnd !== null) {
      const problem = scheduleEndProblem({
        adGroup: newStart === null ? adGroup : { ...adGroup, schedule_start_time: newStart },
        budget: budgetAt(adGroup, now),
        end: newEnd,
        now,
        currency: advertiser.currency,
      });
      if (problem) throw parameterError(problem);
    }
    if (newStart !== null) {
      const problem = scheduleStartProblem({
        adGroup,
        budget: budgetAt(adGroup, now),
        start: newStart,
        end: newEnd ?? adGroup.schedule_end_time,
        now,
        currency: advertiser.currency,
      });
      if (problem) throw parameterError(problem);
    }
    if (params.dayparting !== undefined) {
      const problem = daypartingProblem(params.dayparting);
      if (problem) throw parameterError(problem);
    }
    if (params.budget !== undefined) {
      const bidAfter =
        bidFieldFor(adGroup.billing_event) === 'bid_price'
          ? (params.bid_price ?? currentBid(adGroup))
          : (params.conversion_bid_price ?? currentBid(adGroup));
      checkAdGroupBudget(runtime, advertiser, campaign, adGroup, params.budget, bidAfter);
    }
    const budgetAfter = params.budget ?? budgetAt(adGroup, now);
    for (const field of ['bid_price', 'conversion_bid_price'] as const) {
      const value = params[field];
      if (value === undefined) continue;
      const problem = checkBid({
        adGroup,
        field,
        value,
        currency: advertiser.currency,
        budgets: bidCeilings(campaign, budgetAfter, now),
      });
      if (problem) throw parameterError(problem);
    }

    if (params.adgroup_name !== undefined) adGroup.adgroup_name = params.adgroup_name;
    if (newEnd !== null) adGroup.schedule_end_time = newEnd;
    if (newStart !== null) {
      // An ad group that runs from its start on has no end of its own: it moves along.
      if (adGroup.schedule_type === 'SCHEDULE_FROM_NOW' && newEnd === null) {
        adGroup.schedule_end_time = newStart + TEN_YEARS_MS;
      }
      adGroup.schedule_start_time = newStart;
    }
    if (params.dayparting !== undefined) adGroup.dayparting = params.dayparting;
    // Daily and lifetime budgets set here apply at once.
    if (params.budget !== undefined) recordBudget(adGroup, now, params.budget);
    if (params.bid_price !== undefined) adGroup.bid_price = params.bid_price;
    if (params.conversion_bid_price !== undefined) {
      adGroup.conversion_bid_price = params.conversion_bid_price;
    }
    adGroup.modify_time = now;
    runtime.state.touch();
    return presentAdGroup(runtime, adGroup, campaign, now);
  },
});

export const adGroupStatusUpdate = defineEndpoint({
  method: 'POST',
  path: 'adgroup/status/update/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.strictObject({
    advertiser_id: IdSchema,
    adgroup_ids: idList(20),
    operation_status: z.enum(['ENABLE', 'DISABLE', 'DELETE'], {
      error: typeError('Must be one of: ENABLE, DISABLE, DELETE.'),
    }),
    allow_partial_success: boolean().default(false),
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    const accepted: AdGroup[] = [];
    const errors: Array<{ adgroup_id: string; error: ApiError }> = [];
    for (const id of unique(params.adgroup_ids)) {
      try {
        const adGroup = adGroupOf(runtime, params.advertiser_id, id);
        assertEditable('Ad group', id, now, adGroup, parentCampaign(runtime, adGroup));
        accepted.push(adGroup);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        errors.push({ adgroup_id: id, error });
      }
    }
    const firstError = errors[0];
    // Without allow_partial_success the whole request fails and nothing changes.
    if (firstError && (!params.allow_partial_success || accepted.length === 0)) {
      throw firstError.error;
    }

    for (const adGroup of accepted) {
      if (params.operation_status === 'DELETE') deleteAdGroupTree(runtime, adGroup, now);
      else recordStatus(adGroup, now, params.operation_status === 'ENABLE');
      adGroup.modify_time = now;
    }
    runtime.state.touch();
    const data = {
      adgroup_ids: accepted.map((adGroup) => adGroup.adgroup_id),
      status: params.operation_status,
    };
    if (errors.length === 0) return data;
    return new PartialSuccess({
      ...data,
      error_list: errors.map(({ adgroup_id, error }) => ({
        adgroup_id,
        error_message: error.message,
      })),
    });
  },
});

function atMostTwentyItems<T extends z.ZodType>(item: T) {
  return z
    .array(item, { error: typeError('Not a valid list.') })
    .min(1, { error: 'Length must be at least 1.' })
    .superRefine((items, ctx) => {
      if (items.length > 20) {
        ctx.addIssue(
          returnCodeIssue(
            `At most 20 items per request; got ${items.length}.`,
            ReturnCode.TOO_MANY_IDS,
          ),
        );
      }
    });
}

const BudgetItemsSchema = atMostTwentyItems(
  z.strictObject({ adgroup_id: IdSchema, budget: amount() }),
);
const ScheduledBudgetItemsSchema = atMostTwentyItems(
  z.strictObject({ adgroup_id: IdSchema, scheduled_budget: amount() }),
);

/** Budget changes are refused from 23:55 to midnight in the account's time zone. */
function assertOutsideBudgetLock(advertiser: Advertiser, now: number): void {
  const { hour, minute } = zonedParts(now, advertiser.timezone);
  if (hour === 23 && minute >= 55) {
    throw parameterError(
      `Budgets cannot be changed between 23:55 and 00:00 in the ad account's time zone (${advertiser.timezone}). Try again after midnight.`,
    );
  }
}

export const adGroupBudgetUpdate = defineEndpoint({
  method: 'POST',
  path: 'adgroup/budget/update/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  unavailableInSandbox: true,
  params: z
    .strictObject({
      advertiser_id: IdSchema,
      budget: BudgetItemsSchema.optional(),
      scheduled_budget: ScheduledBudgetItemsSchema.optional(),
    })
    .refine((params) => (params.budget === undefined) !== (params.scheduled_budget === undefined), {
      error: 'Send either budget (lifetime budgets) or scheduled_budget (daily budgets), not both.',
    }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    const advertiser = advertiserOf(runtime, params.advertiser_id);
    assertOutsideBudgetLock(advertiser, now);
    const immediate = params.budget !== undefined;
    const items = immediate
      ? (params.budget ?? []).map((item) => ({ adgroup_id: item.adgroup_id, value: item.budget }))
      : (params.scheduled_budget ?? []).map((item) => ({
          adgroup_id: item.adgroup_id,
          value: item.scheduled_budget,
        }));
    if (unique(items.map((item) => item.adgroup_id)).length !== items.length) {
      throw parameterError('adgroup_id: Each ad group may appear only once per request.');
    }

    // All items are checked before any is applied: one bad item fails the whole request.
    // (TikTok does not document partial application here; all-or-nothing is the safer reading.)
    const changes = items.map((item) => {
      const adGroup = adGroupOf(runtime, params.advertiser_id, item.adgroup_id);
      const campaign = parentCampaign(runtime, adGroup);
      assertEditable('Ad group', adGroup.adgroup_id, now, adGroup, campaign);
      const lifetime = adGroup.budget_mode === 'BUDGET_MODE_TOTAL';
      if (immediate && !lifetime) {
        throw parameterError(
          `budget: Ad group ${adGroup.adgroup_id} has a daily budget; use scheduled_budget (applies from tomorrow) or adgroup/update (applies now).`,
        );
      }
      if (!immediate && lifetime) {
        throw parameterError(
          `scheduled_budget: Ad group ${adGroup.adgroup_id} has a lifetime budget; use budget.`,
        );
      }
      // A scheduled budget is checked against today's spend as well (stricter than needed).
      checkAdGroupBudget(runtime, advertiser, campaign, adGroup, item.value);
      return { adGroup, value: item.value };
    });

    const tomorrow = addDays(zonedDate(now, advertiser.timezone), 1);
    const effectiveAt = immediate ? now : startOfZonedDay(tomorrow, advertiser.timezone);
    for (const { adGroup, value } of changes) {
      recordBudget(adGroup, effectiveAt, value);
      adGroup.modify_time = now;
    }
    runtime.state.touch();
    return {};
  },
});

export const adGroupCreate = defineEndpoint({
  method: 'POST',
  path: 'adgroup/create/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.strictObject({
    advertiser_id: IdSchema,
    campaign_id: IdSchema,
    adgroup_name: z.string({ error: typeError('Not a valid string.') }),
    budget_mode: z.enum(BUDGET_MODES, { error: typeError('Not a valid budget_mode.') }).optional(),
    budget: amount().optional(),
    billing_event: z.enum(BILLING_EVENTS, { error: typeError('Not a valid billing_event.') }),
    optimization_goal: z.enum(['CLICK', 'CONVERT', 'REACH', 'VIDEO_VIEW', 'SHOW'], {
      error: typeError('Not a valid optimization_goal.'),
    }),
    optimization_event: z.string().optional(),
    pacing: z.enum(['PACING_MODE_SMOOTH', 'PACING_MODE_FAST'], {
      error: typeError('Not a valid pacing.'),
    }),
    schedule_type: z.enum(['SCHEDULE_START_END', 'SCHEDULE_FROM_NOW'], {
      error: typeError('Not a valid schedule_type.'),
    }),
    schedule_start_time: DateTimeSchema,
    schedule_end_time: DateTimeSchema.optional(),
    bid_type: z.enum(['BID_TYPE_CUSTOM', 'BID_TYPE_NO_BID']).default('BID_TYPE_NO_BID'),
    bid_price: amount().optional(),
    conversion_bid_price: amount().optional(),
    placement_type: z.enum(['PLACEMENT_TYPE_AUTOMATIC', 'PLACEMENT_TYPE_NORMAL'], {
      error: typeError('Not a valid placement_type.'),
    }),
    placements: z.array(z.string()).optional(),
    location_ids: z
      .array(IdSchema, { error: typeError('Not a valid list.') })
      .min(1, { error: 'At least one location is required.' }),
    age_groups: z.array(z.string()).optional(),
    gender: z.enum(['GENDER_UNLIMITED', 'GENDER_MALE', 'GENDER_FEMALE']).optional(),
    languages: z.array(z.string()).optional(),
    promotion_type: z.string().optional(),
    product_source: z.enum(['STORE', 'SHOWCASE', 'CATALOG']).optional(),
    operation_status: z.enum(['ENABLE', 'DISABLE']).optional(),
    request_id: z
      .string()
      .regex(/^\d{1,19}$/, { error: 'Not a valid int64 string.' })
      .optional(),
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now, token }) {
    const idempotencyKey = params.request_id
      ? `${token?.app_id}|${params.advertiser_id}|adgroup/create/|${params.request_id}`
      : null;
    const earlier = idempotencyKey ? runtime.state.createRequests.get(idempotencyKey) : undefined;
    const existing = earlier ? runtime.state.adGroups.get(earlier) : undefined;
    if (existing) return presentAdGroup(runtime, existing, parentCampaign(runtime, existing), now);

    const advertiser = advertiserOf(runtime, params.advertiser_id);
    const campaign = campaignOf(runtime, params.advertiser_id, params.campaign_id);
    assertEditable('Campaign', campaign.campaign_id, now, campaign);
    checkName('adgroup_name', params.adgroup_name);

    const start = parseUtcDateTime(params.schedule_start_time);
    if (Number.isNaN(start)) throw parameterError('schedule_start_time: Not a valid time.');
    if (start < now - 12 * 3_600_000) {
      throw parameterError(
        'schedule_start_time: The start time cannot be more than 12 hours in the past.',
      );
    }
    if (start > LATEST_START) {
      throw parameterError('schedule_start_time: The start time must be before 2028-01-01.');
    }
    let end = start + TEN_YEARS_MS;
    if (params.schedule_type === 'SCHEDULE_START_END') {
      if (!params.schedule_end_time) {
        throw parameterError('schedule_end_time: Required with SCHEDULE_START_END.');
      }
      end = parseUtcDateTime(params.schedule_end_time);
      if (Number.isNaN(end) || end <= start) {
        throw parameterError('schedule_end_time: The end time must be after the start time.');
      }
      if (end > LATEST_END) {
        throw parameterError('schedule_end_time: The end time must be before 2038-01-01.');
      }
    }

    // Under campaign budget optimization the ad group's own budget is ignored.
    let budgetMode = params.budget_mode;
    let budget = params.budget ?? 0;
    if (campaign.budget_optimize_on) {
      budgetMode = 'BUDGET_MODE_INFINITE';
      budget = 0;
    } else {
      if (!budgetMode) throw parameterError('budget_mode: Missing data for required field.');
      const modeProblem = checkAdGroupBudgetMode({
        mode: budgetMode,
        campaignMode: campaign.budget_mode,
        scheduleType: params.schedule_type,
      });
      if (modeProblem) throw parameterError(modeProblem);
      if (params.budget === undefined)
        throw parameterError('budget: Missing data for required field.');
      const problem = checkBudget({
        level: 'adgroup',
        mode: budgetMode,
        budget,
        currency: advertiser.currency,
        spendSoFar: 0,
        productSource: params.product_source ?? null,
        scheduledDays: scheduledDays({ schedule_start_time: start, schedule_end_time: end }),
      });
      if (problem) throw parameterError(problem);
    }

    let bidPrice = 0;
    let conversionBidPrice = 0;
    if (params.bid_type === 'BID_TYPE_CUSTOM') {
      const field = bidFieldFor(params.billing_event);
      const value = params[field];
      if (value === undefined) {
        throw parameterError(
          `${field}: Required for custom bidding with ${params.billing_event} billing.`,
        );
      }
      const problem = checkBid({
        adGroup: { bid_type: 'BID_TYPE_CUSTOM', billing_event: params.billing_event },
        field,
        value,
        currency: advertiser.currency,
        budgets: bidCeilings(campaign, budget, now),
      });
      if (problem) throw parameterError(problem);
      if (field === 'bid_price') bidPrice = value;
      else conversionBidPrice = value;
    } else if (params.bid_price !== undefined || params.conversion_bid_price !== undefined) {
      throw parameterError('bid_price: Bids can only be set with bid_type BID_TYPE_CUSTOM.');
    }

    const adGroup: AdGroup = {
      adgroup_id: freshId('adgroup', (id) => runtime.state.isIdTaken(id)),
      campaign_id: campaign.campaign_id,
      advertiser_id: advertiser.advertiser_id,
      adgroup_name: params.adgroup_name,
      budget_mode: budgetMode,
      budgetHistory: [{ at: now, budget }],
      bid_type: params.bid_type,
      bid_price: bidPrice,
      conversion_bid_price: conversionBidPrice,
      billing_event: params.billing_event,
      optimization_goal: params.optimization_goal,
      optimization_event: params.optimization_event ?? null,
      pacing: params.pacing,
      schedule_type: params.schedule_type,
      schedule_start_time: start,
      schedule_end_time: end,
      placement_type: params.placement_type,
      placements: params.placements ?? [],
      location_ids: params.location_ids,
      age_groups: params.age_groups ?? [],
      gender: params.gender ?? 'GENDER_UNLIMITED',
      languages: params.languages ?? [],
      promotion_type: params.promotion_type ?? 'WEBSITE',
      product_source: params.product_source ?? null,
      statusTimeline: [{ at: now, enabled: (params.operation_status ?? 'ENABLE') === 'ENABLE' }],
      deletedAt: null,
      create_time: now,
      modify_time: now,
    };
    runtime.state.addAdGroup(adGroup);
    if (idempotencyKey) runtime.state.createRequests.set(idempotencyKey, adGroup.adgroup_id);
    return presentAdGroup(runtime, adGroup, campaign, now);
  },
});

export const adGroupEndpoints = [
  adGroupGet,
  adGroupCreate,
  adGroupUpdate,
  adGroupStatusUpdate,
  adGroupBudgetUpdate,
];
