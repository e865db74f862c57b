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

export const CampaignSchema = z.looseObject({
  campaign_id: TikTokIdSchema,
  campaign_name: z.string(),
  advertiser_id: TikTokIdSchema,
  objective_type: z.string(),
  budget_mode: BudgetModeSchema,
  /** 0 when the budget is unlimited. */
  budget: z.number(),
  /** Present (true) only for campaigns with budget optimization. */
  budget_optimize_on: z.boolean().optional(),
  /** STORE for Shop product-sales campaigns, which have a lower minimum budget. */
  campaign_product_source: z.string().nullable().optional(),
  operation_status: OperationStatusSchema,
  /** Not returned by the sandbox. */
  secondary_status: z.string().optional(),
  create_time: TikTokDateTimeSchema,
  modify_time: TikTokDateTimeSchema,
});
export type Campaign = z.infer<typeof CampaignSchema>;

export const CAMPAIGN_FIELDS = [
  'campaign_id',
  'campaign_name',
  'advertiser_id',
  'objective_type',
  'budget_mode',
  'budget',
  'budget_optimize_on',
  'campaign_product_source',
  'operation_status',
  'secondary_status',
  'create_time',
  'modify_time',
] as const;

const StatusUpdateResultSchema = z.looseObject({
  campaign_ids: z.array(TikTokIdSchema).default([]),
  status: z.string().optional(),
});

export interface CampaignCreateInput {
  advertiserId: string;
  name: string;
  objectiveType: string;
  budgetMode: z.infer<typeof BudgetModeSchema>;
  budget?: number;
  budgetOptimizeOn?: boolean;
  operationStatus?: 'ENABLE' | 'DISABLE';
  /** Sent as TikTok's body `request_id`; generated when absent, so retries never create twice. */
  idempotencyKey?: string;
}

export function campaignsApi({ transport }: ClientContext) {
  return {
    /** Campaigns of an ad account; deleted ones only when asked for. */
    list(
      accessToken: string,
      query: { advertiserId: string; campaignIds?: readonly string[]; includeDeleted?: boolean },
      options: CallOptions = {},
    ) {
      return listEntities(
        transport,
        {
          path: 'campaign/get/',
          accessToken,
          advertiserId: query.advertiserId,
          fields: CAMPAIGN_FIELDS,
          item: CampaignSchema,
          ...(query.includeDeleted ? { filtering: { primary_status: 'STATUS_ALL' } } : {}),
          ...(query.campaignIds ? { ids: query.campaignIds, idFilterKey: 'campaign_ids' } : {}),
        },
        options,
      );
    },

    /** Change a campaign's name or budget; a budget set here applies at once. */
    async update(
      accessToken: string,
      input: { advertiserId: string; campaignId: string; budget?: number; name?: string },
      options: CallOptions = {},
    ) {
      const result = await transport.request({
        method: 'POST',
        path: 'campaign/update/',
        accessToken,
        body: {
          advertiser_id: input.advertiserId,
          campaign_id: input.campaignId,
          ...(input.budget === undefined ? {} : { budget: input.budget }),
          ...(input.name === undefined ? {} : { campaign_name: input.name }),
        },
        data: CampaignSchema,
        idempotent: true,
        ...options,
      });
      return { campaign: result.data, requestId: result.requestId };
    },

    /** Enable, pause or delete campaigns, 20 per call; each batch reports its own outcome. */
    updateStatus(
      accessToken: string,
      input: {
        advertiserId: string;
        campaignIds: readonly string[];
        status: 'ENABLE' | 'DISABLE' | 'DELETE';
      },
      options: CallOptions = {},
    ) {
      return writeInBatches(input.campaignIds, API_LIMITS.idsPerBatch, (ids) =>
        transport.request({
          method: 'POST',
          path: 'campaign/status/update/',
          accessToken,
          body: {
            advertiser_id: input.advertiserId,
            campaign_ids: ids,
            operation_status: input.status,
          },
          data: StatusUpdateResultSchema,
          idempotent: true,
          ...options,
        }),
      );
    },

    async create(accessToken: string, input: CampaignCreateInput, options: CallOptions = {}) {
      const result = await transport.request({
        method: 'POST',
        path: 'campaign/create/',
        accessToken,
        body: {
          advertiser_id: input.advertiserId,
          campaign_name: input.name,
          objective_type: input.objectiveType,
          budget_mode: input.budgetMode,
          ...(input.budget === undefined ? {} : { budget: input.budget }),
          ...(input.budgetOptimizeOn === undefined
            ? {}
            : { budget_optimize_on: input.budgetOptimizeOn }),
          ...(input.operationStatus ? { operation_status: input.operationStatus } : {}),
          request_id: input.idempotencyKey ?? newCreateRequestId(),
        },
        data: CampaignSchema,
        idempotent: true,
        ...options,
      });
      return { campaign: result.data, requestId: result.requestId };
    },
  };
}
