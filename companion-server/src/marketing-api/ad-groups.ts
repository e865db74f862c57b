import { z } from 'zod';
import type { CallOptions, ClientContext } from './context';
import { listEntities, newCreateRequestId, writeInBatches } from './entity-requests';
import { API_LIMITS } from './limits';
import {
  BudgetModeSchema,
  OperationStatusSchema,
  TikTokDateTimeSchema,
  TikTokIdSchema,
} from './schemas';

export const AdGroupSchema = z.looseObject({
  adgroup_id: TikTokIdSchema,
  adgroup_name: z.string(),
  campaign_id: TikTokIdSchema,
  advertiser_id: TikTokIdSchema,
  budget_mode: BudgetModeSchema,
  budget: z.number(),
  /** A daily budget waiting to apply from tomorrow (0 when none). */
  scheduled_budget: z.number().optional(),
  bid_type: z.string(),
  bid_price: z.number().optional(),
  conversion_bid_price: z.number().optional(),
  billing_event: z.string(),
  optimization_goal: z.string(),
  /** STORE or SHOWCASE ad groups have a lower minimum budget; absent for most. */
  product_source: z.string().nullable().optional(),
  location_ids: z.array(TikTokIdSchema).optional(),
  operation_status: OperationStatusSchema,
  secondary_status: z.string().optional(),
  schedule_type: z.string(),
  schedule_start_time: TikTokDateTimeSchema,
  schedule_end_time: TikTokDateTimeSchema.optional(),
  /** 336 characters of 0 and 1, Monday 00:00 first; absent, all 0 or all 1: all day, every day. */
  dayparting: z.string().nullable().optional(),
  create_time: TikTokDateTimeSchema,
  modify_time: TikTokDateTimeSchema,
});
export type AdGroup = z.infer<typeof AdGroupSchema>;

export const ADGROUP_FIELDS = [
  'adgroup_id',
  'adgroup_name',
  'campaign_id',
  'advertiser_id',
  'budget_mode',
  'budget',
  'scheduled_budget',
  'bid_type',
  'bid_price',
  'conversion_bid_price',
  'billing_event',
  'optimization_goal',
  'product_source',
  'location_ids',
  'operation_status',
  'secondary_status',
  'schedule_type',
  'schedule_start_time',
  'schedule_end_time',
  'dayparting',
  'create_time',
  'modify_time',
] as const;

const StatusUpdateResultSchema = z.looseObject({
  adgroup_ids: z.array(TikTokIdSchema).default([]),
  status: z.string().optional(),
  /** Only with allow_partial_success, when some ids failed. */
  error_list: z
    .array(z.object({ adgroup_id: TikTokIdSchema, error_message: z.string() }))
    .optional(),
});

export type AdGroupBudgetChange =
  /** Lifetime budgets: applied at once. */
  | { kind: 'lifetime'; items: ReadonlyArray<{ adgroupId: string; budget: number }> }
  /** Daily budgets through the budget endpoint: applied from tomorrow (account time zone). */
  | { kind: 'scheduled-daily'; items: ReadonlyArray<{ adgroupId: string; budget: number }> };

export interface AdGroupCreateInput {
  advertiserId: string;
  campaignId: string;
  /** TikTok's ad group fields (adgroup_name, budget_mode, budget, billing_event, …). */
  fields: Record<string, unknown>;
  /** Sent as TikTok's body `request_id`; generated when absent, so retries never create twice. */
  idempotencyKey?: string;
}

export function adGroupsApi({ transport }: ClientContext) {
  return {
    list(
      accessToken: string,
      query: {
        advertiserId: string;
        adgroupIds?: readonly string[];
        campaignIds?: readonly string[];
        includeDeleted?: boolean;
      },
      options: CallOptions = {},
    ) {
      const filtering: Record<string, unknown> = {};
      if (query.includeDeleted) filtering.primary_status = 'STATUS_ALL';
      if (query.campaignIds && query.adgroupIds) {
        throw new Error('Filter ad groups by adgroupIds or campaignIds, not both.');
      }
      const ids = query.adgroupIds
        ? { ids: query.adgroupIds, idFilterKey: 'adgroup_ids' }
        : query.campaignIds
          ? { ids: query.campaignIds, idFilterKey: 'campaign_ids' }
          : {};
      return listEntities(
        transport,
        {
          path: 'adgroup/get/',
          accessToken,
          advertiserId: query.advertiserId,
          fields: ADGROUP_FIELDS,
          item: AdGroupSchema,
          filtering,
          ...ids,
        },
        options,
      );
    },

    /** Change name, budget (applies at once), bid, schedule or dayparting of one ad group. */
    async update(
      accessToken: string,
      input: {
        advertiserId: string;
        adgroupId: string;
        name?: string;
        budget?: number;
        bidPrice?: number;
        conversionBidPrice?: number;
        /** TikTok's UTC "YYYY-MM-DD HH:MM:SS". */
        scheduleEndTime?: string;
        scheduleStartTime?: string;
        /** 336 characters of 0 and 1 (48 half hours × 7 days, Monday first). */
        dayparting?: string;
      },
      options: CallOptions = {},
    ) {
      // Only the changed fields are sent: TikTok documents this endpoint as a full
      // replacement, and sending a stale copy of other fields could undo someone's edit.
      const result = await transport.request({
        method: 'POST',
        path: 'adgroup/update/',
        accessToken,
        body: {
          advertiser_id: input.advertiserId,
          adgroup_id: input.adgroupId,
          ...(input.name === undefined ? {} : { adgroup_name: input.name }),
          ...(input.budget === undefined ? {} : { budget: input.budget }),
          ...(input.bidPrice === undefined ? {} : { bid_price: input.bidPrice }),
          ...(input.conversionBidPrice === undefined
            ? {}
            : { conversion_bid_price: input.conversionBidPrice }),
          ...(input.scheduleEndTime === undefined
            ? {}
            : { schedule_end_time: input.scheduleEndTime }),
          ...(input.scheduleStartTime === undefined
            ? {}
            : { schedule_start_time: input.scheduleStartTime }),
          ...(input.dayparting === undefined ? {} : { dayparting: input.dayparting }),
        },
        data: AdGroupSchema,
        idempotent: true,
        ...options,
      });
      return { adGroup: result.data, requestId: result.requestId };
    },

    /**
     * Enable, pause or delete ad groups, 20 per call. With `allowPartialSuccess`, TikTok
     * applies what it can and lists the rest in `error_list` (code 20001).
     */
    updateStatus(
      accessToken: string,
      input: {
        advertiserId: string;
        adgroupIds: readonly string[];
        status: 'ENABLE' | 'DISABLE' | 'DELETE';
        allowPartialSuccess?: boolean;
      },
      options: CallOptions = {},
    ) {
      return writeInBatches(input.adgroupIds, API_LIMITS.idsPerBatch, (ids) =>
        transport.request({
          method: 'POST',
          path: 'adgroup/status/update/',
          accessToken,
          body: {
            advertiser_id: input.advertiserId,
            adgroup_ids: ids,
            operation_status: input.status,
            allow_partial_success: input.allowPartialSuccess ?? false,
          },
          data: StatusUpdateResultSchema,
          idempotent: true,
          ...options,
        }),
      );
    },

    /** Budgets through adgroup/budget/update, 20 items per call. */
    updateBudgets(
      accessToken: string,
      input: { advertiserId: string; change: AdGroupBudgetChange },
      options: CallOptions = {},
    ) {
      const budgets = new Map(input.change.items.map((item) => [item.adgroupId, item.budget]));
      const key = input.change.kind === 'lifetime' ? 'budget' : 'scheduled_budget';
      return writeInBatches([...budgets.keys()], API_LIMITS.idsPerBatch, (ids) =>
        transport.request({
          method: 'POST',
          path: 'adgroup/budget/update/',
          accessToken,
          body: {
            advertiser_id: input.advertiserId,
            [key]: ids.map((id) => ({ adgroup_id: id, [key]: budgets.get(id) })),
          },
          data: z.unknown(),
          idempotent: true,
          ...options,
        }),
      );
    },

    async create(accessToken: string, input: AdGroupCreateInput, options: CallOptions = {}) {
      const result = await transport.request({
        method: 'POST',
        path: 'adgroup/create/',
        accessToken,
        body: {
          ...input.fields,
          advertiser_id: input.advertiserId,
          campaign_id: input.campaignId,
          request_id: input.idempotencyKey ?? newCreateRequestId(),
        },
        data: AdGroupSchema,
        idempotent: true,
        ...options,
      });
      return { adGroup: result.data, requestId: result.requestId };
    },
  };
}
