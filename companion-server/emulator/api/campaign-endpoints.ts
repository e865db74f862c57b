import { z } from 'zod';
import { parameterError } from '../core/api-error';
import { compareIdsDescending, freshId } from '../core/ids';
import {
  amount,
  boolean,
  DateTimeSchema,
  fieldList,
  IdSchema,
  idList,
  jsonEncoded,
  typeError,
} from '../core/params';
import { Permission } from '../core/permissions';
import { checkBudgetAboveBid, currentBid } from '../rules/bid-rules';
import { checkBudget, checkCampaignBudgetMode } from '../rules/budget-rules';
import { campaignNameTakenProblem } from '../rules/name-rules';
import type { EmulatorRuntime } from '../runtime';
import {
  BUDGET_MODES,
  type Campaign,
  isEnabledAt,
  OBJECTIVE_TYPES,
  recordBudget,
  recordStatus,
} from '../state/model';
import {
  campaignSecondaryStatus,
  matchesPrimaryStatus,
  matchesSecondaryStatus,
  PRIMARY_STATUSES,
} from '../state/status';
import { defineEndpoint } from './endpoint';
import { CAMPAIGN_FIELDS, exhaustedDailyBudget, presentCampaign } from './entity-presenters';
import { pagingParams, presentPage, sharedFilters } from './listing';
import { advertiserOf, assertEditable, campaignOf, checkName, unique } from './lookup';
import { deleteCampaignTree } from './status-changes';

const CampaignFilteringSchema = z.strictObject({
  campaign_ids: idList(100).optional(),
  campaign_name: z.string().optional(),
  primary_status: z.enum(PRIMARY_STATUSES).optional(),
  secondary_status: z.string().optional(),
  objective_type: z.enum(OBJECTIVE_TYPES).optional(),
  campaign_type: z.enum(['REGULAR_CAMPAIGN', 'IOS14_CAMPAIGN']).optional(),
  buying_types: z.array(z.enum(['AUCTION', 'RESERVATION_RF', 'RESERVATION_TOP_VIEW'])).optional(),
  creation_filter_start_time: DateTimeSchema.optional(),
  creation_filter_end_time: DateTimeSchema.optional(),
});

export const campaignGet = defineEndpoint({
  method: 'GET',
  path: 'campaign/get/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.object({
    advertiser_id: IdSchema,
    fields: fieldList(CAMPAIGN_FIELDS).optional(),
    exclude_field_types_in_response: jsonEncoded(z.array(z.enum(['NULL_FIELD']))).optional(),
    filtering: jsonEncoded(CampaignFilteringSchema).optional(),
    ...pagingParams,
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    advertiserOf(runtime, params.advertiser_id);
    const filtering = params.filtering ?? {};
    const { primary, createdWithin } = sharedFilters(filtering);
    const ids = filtering.campaign_ids ? new Set(filtering.campaign_ids) : null;
    const nameFragment = filtering.campaign_name?.toLowerCase();
    const buyingTypes = filtering.buying_types ?? ['AUCTION', 'RESERVATION_RF'];

    const matching = runtime.state
      .campaignsOf(params.advertiser_id)
      .filter((campaign) => {
        if (ids && !ids.has(campaign.campaign_id)) return false;
        if (nameFragment && !campaign.campaign_name.toLowerCase().includes(nameFragment))
          return false;
        if (filtering.objective_type && campaign.objective_type !== filtering.objective_type) {
          return false;
        }
        if (filtering.campaign_type && campaign.campaign_type !== filtering.campaign_type)
          return false;
        if (!buyingTypes.includes('AUCTION')) return false;
        if (!createdWithin(campaign.create_time)) return false;
        const wantsSecondary = filtering.secondary_status !== undefined;
        const secondary = campaignSecondaryStatus(
          campaign,
          now,
          wantsSecondary && exhaustedDailyBudget(runtime, 'campaign', campaign, now),
        );
        if (!matchesPrimaryStatus(primary, secondary, isEnabledAt(campaign, now))) return false;
        if (
          wantsSecondary &&
          !matchesSecondaryStatus(filtering.secondary_status ?? '', secondary)
        ) {
          return false;
        }
        return true;
      })
      .sort((a, b) => compareIdsDescending(a.campaign_id, b.campaign_id));

    return presentPage(matching, params, (campaign) => presentCampaign(runtime, campaign, now));
  },
});

function campaignSpendSoFar(runtime: EmulatorRuntime, campaign: Campaign): number {
  return campaign.budget_mode === 'BUDGET_MODE_TOTAL'
    ? runtime.simulator.spendLifetime('campaign', campaign)
    : runtime.simulator.spendToday('campaign', campaign);
}

export const campaignUpdate = defineEndpoint({
  method: 'POST',
  path: 'campaign/update/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.strictObject({
    advertiser_id: IdSchema,
    campaign_id: IdSchema,
    campaign_name: z.string({ error: typeError('Not a valid string.') }).optional(),
    budget: amount().optional(),
    special_industries: z.array(z.string()).optional(),
    po_number: z.string().optional(),
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    const advertiser = advertiserOf(runtime, params.advertiser_id);
    const campaign = campaignOf(runtime, params.advertiser_id, params.campaign_id);
    assertEditable('Campaign', campaign.campaign_id, now, campaign);
    if (params.campaign_name !== undefined) {
      checkName('campaign_name', params.campaign_name);
      const nameProblem = campaignNameTakenProblem(
        runtime.state.campaignsOf(params.advertiser_id),
        params.campaign_name,
        campaign.campaign_id,
      );
      if (nameProblem) throw parameterError(nameProblem);
    }
    if (params.budget !== undefined) {
      const problem = checkBudget({
        level: 'campaign',
        mode: campaign.budget_mode,
        budget: params.budget,
        currency: advertiser.currency,
        spendSoFar: campaignSpendSoFar(runtime, campaign),
        objective: campaign.objective_type,
        productSource: campaign.campaign_product_source,
      });
      if (problem) throw parameterError(problem);
      for (const adGroup of runtime.state.adGroupsOf(campaign.campaign_id)) {
        if (adGroup.deletedAt !== null) continue;
        const belowBid = checkBudgetAboveBid(
          params.budget,
          currentBid(adGroup),
          advertiser.currency,
        );
        if (belowBid) throw parameterError(`${belowBid} (ad group ${adGroup.adgroup_id})`);
      }
    }

    if (params.campaign_name !== undefined) campaign.campaign_name = params.campaign_name;
    if (params.budget !== undefined) recordBudget(campaign, now, params.budget);
    campaign.modify_time = now;
    runtime.state.touch();
    return presentCampaign(runtime, campaign, now);
  },
});

/**
 * The SKAN 4.0 postbacks TikTok waits for before it releases an iOS 14 dedicated campaign's
 * quota (mode 1: days 0–2, mode 2: up to day 7, mode 3: up to day 35). TikTok documents it
 * for pausing a campaign; with ENABLE or DELETE it says nothing, so the emulator refuses it.
 */
const PostbackWindowModeSchema = z.enum(
  ['POSTBACK_WINDOW_MODE1', 'POSTBACK_WINDOW_MODE2', 'POSTBACK_WINDOW_MODE3'],
  {
    error: typeError(
      'Must be one of: POSTBACK_WINDOW_MODE1, POSTBACK_WINDOW_MODE2, POSTBACK_WINDOW_MODE3.',
    ),
  },
);

/**
 * postback_window_mode on campaign/create: TikTok takes it for a campaign created paused and
 * ignores it when operation_status is ENABLE or left out; it refuses it when the campaign's
 * app has no SKAN 4.0. A campaign of another objective has no app at all, so the emulator
 * refuses the mode there too (TikTok does not say; the stricter reading). Its values are
 * checked whatever the status, as every enum is.
 */
function checkCreatePostbackWindow(params: {
  postback_window_mode?: string | undefined;
  operation_status?: 'ENABLE' | 'DISABLE' | undefined;
  objective_type: string;
}): void {
  if (params.postback_window_mode === undefined || params.operation_status !== 'DISABLE') return;
  if (params.objective_type !== 'APP_PROMOTION') {
    throw parameterError(
      'postback_window_mode: Only for app promotion campaigns (objective_type APP_PROMOTION), whose app reports SKAN 4.0 postbacks.',
    );
  }
}

export const campaignStatusUpdate = defineEndpoint({
  method: 'POST',
  path: 'campaign/status/update/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.strictObject({
    advertiser_id: IdSchema,
    campaign_ids: idList(20),
    operation_status: z.enum(['ENABLE', 'DISABLE', 'DELETE'], {
      error: typeError('Must be one of: ENABLE, DISABLE, DELETE.'),
    }),
    postback_window_mode: PostbackWindowModeSchema.optional(),
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    const mode = params.postback_window_mode;
    if (mode !== undefined && params.operation_status !== 'DISABLE') {
      throw parameterError(
        'postback_window_mode: Only when pausing campaigns (operation_status DISABLE).',
      );
    }
    const campaigns = unique(params.campaign_ids).map((id) =>
      campaignOf(runtime, params.advertiser_id, id),
    );
    for (const campaign of campaigns)
      assertEditable('Campaign', campaign.campaign_id, now, campaign);

    for (const campaign of campaigns) {
      if (params.operation_status === 'DELETE') deleteCampaignTree(runtime, campaign, now);
      else recordStatus(campaign, now, params.operation_status === 'ENABLE');
      campaign.modify_time = now;
    }
    runtime.state.touch();
    return {
      campaign_ids: campaigns.map((campaign) => campaign.campaign_id),
      status: params.operation_status,
      campaign_list: campaigns.map((campaign) => ({
        campaign_id: campaign.campaign_id,
        status: params.operation_status,
        ...(mode ? { postback_window_mode: mode } : {}),
      })),
    };
  },
});

export const campaignCreate = defineEndpoint({
  method: 'POST',
  path: 'campaign/create/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.strictObject({
    advertiser_id: IdSchema,
    campaign_name: z.string({ error: typeError('Not a valid string.') }),
    objective_type: z.enum(OBJECTIVE_TYPES, { error: typeError('Not a valid objective_type.') }),
    budget_mode: z.enum(BUDGET_MODES, { error: typeError('Not a valid budget_mode.') }),
    budget: amount().optional(),
    budget_optimize_on: boolean().optional(),
    operation_status: z.enum(['ENABLE', 'DISABLE']).optional(),
    campaign_product_source: z.enum(['STORE', 'SHOWCASE', 'CATALOG']).optional(),
    special_industries: z.array(z.string()).optional(),
    postback_window_mode: PostbackWindowModeSchema.optional(),
    /** Idempotency key (an int64 as a string): a repeated request_id returns the first result. */
    request_id: z
      .string()
      .regex(/^\d{1,19}$/, { error: 'Not a valid int64 string.' })
      .optional(),
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now, token }) {
    const idempotencyKey = params.request_id
      ? `${token?.app_id}|${params.advertiser_id}|campaign/create/|${params.request_id}`
      : null;
    const earlier = idempotencyKey ? runtime.state.createRequests.get(idempotencyKey) : undefined;
    const existing = earlier ? runtime.state.campaigns.get(earlier) : undefined;
    if (existing) return presentCampaign(runtime, existing, now);

    const advertiser = advertiserOf(runtime, params.advertiser_id);
    checkName('campaign_name', params.campaign_name);
    checkCreatePostbackWindow(params);
    const nameProblem = campaignNameTakenProblem(
      runtime.state.campaignsOf(advertiser.advertiser_id),
      params.campaign_name,
      null,
    );
    if (nameProblem) throw parameterError(nameProblem);

    const cbo = params.budget_optimize_on ?? false;
    const modeProblem = checkCampaignBudgetMode(params.budget_mode, cbo);
    if (modeProblem) throw parameterError(modeProblem);
    const budget = params.budget_mode === 'BUDGET_MODE_INFINITE' ? 0 : params.budget;
    if (budget === undefined) {
      throw parameterError(`budget: A budget is required with ${params.budget_mode}.`);
    }
    if (params.budget_mode !== 'BUDGET_MODE_INFINITE') {
      const problem = checkBudget({
        level: 'campaign',
        mode: params.budget_mode,
        budget,
        currency: advertiser.currency,
        spendSoFar: 0,
        objective: params.objective_type,
        productSource: params.campaign_product_source ?? null,
      });
      if (problem) throw parameterError(problem);
    }

    const campaign: Campaign = {
      campaign_id: freshId('campaign', (id) => runtime.state.isIdTaken(id)),
      advertiser_id: advertiser.advertiser_id,
      campaign_name: params.campaign_name,
      objective_type: params.objective_type,
      campaign_type: 'REGULAR_CAMPAIGN',
      budget_mode: params.budget_mode,
      budgetHistory: [{ at: now, budget }],
      budget_optimize_on: cbo,
      campaign_product_source: params.campaign_product_source ?? null,
      statusTimeline: [{ at: now, enabled: (params.operation_status ?? 'ENABLE') === 'ENABLE' }],
      deletedAt: null,
      create_time: now,
      modify_time: now,
    };
    runtime.state.addCampaign(campaign);
    if (idempotencyKey) runtime.state.createRequests.set(idempotencyKey, campaign.campaign_id);
    return presentCampaign(runtime, campaign, now);
  },
});

export const campaignEndpoints = [
  campaignGet,
  campaignCreate,
  campaignUpdate,
  campaignStatusUpdate,
];
