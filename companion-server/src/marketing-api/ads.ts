import { z } from 'zod';
import type { CallOptions, ClientContext } from './context';
import { listEntities, writeInBatches } from './entity-requests';
import { MarketingApiError } from './errors';
import { API_LIMITS, chunk } from './limits';
import { OperationStatusSchema, TikTokDateTimeSchema, TikTokIdSchema } from './schemas';

export const AdSchema = z.looseObject({
  ad_id: TikTokIdSchema,
  ad_name: z.string(),
  adgroup_id: TikTokIdSchema,
  campaign_id: TikTokIdSchema,
  advertiser_id: TikTokIdSchema,
  operation_status: OperationStatusSchema,
  secondary_status: z.string().optional(),
  ad_format: z.string().optional(),
  /** The creative, as ad/create takes it (what duplication copies). */
  ad_text: z.string().optional(),
  call_to_action: z.string().optional(),
  landing_page_url: z.string().optional(),
  video_id: z.string().nullable().optional(),
  image_ids: z.array(z.string()).optional(),
  identity_id: z.string().optional(),
  identity_type: z.string().optional(),
  create_time: TikTokDateTimeSchema,
  modify_time: TikTokDateTimeSchema,
});
export type Ad = z.infer<typeof AdSchema>;

export const AD_FIELDS = [
  'ad_id',
  'ad_name',
  'adgroup_id',
  'campaign_id',
  'advertiser_id',
  'operation_status',
  'secondary_status',
  'ad_format',
  'ad_text',
  'call_to_action',
  'landing_page_url',
  'video_id',
  'image_ids',
  'identity_id',
  'identity_type',
  'create_time',
  'modify_time',
] as const;

const StatusUpdateResultSchema = z.looseObject({
  ad_ids: z.array(TikTokIdSchema).default([]),
  status: z.string().optional(),
});

// TikTok does not document ad/create's answer in full; the ids are what we rely on.
const AdCreateResultSchema = z.looseObject({ ad_ids: z.array(TikTokIdSchema) });

/** One ad/create call: the creatives it carried, and the new ad ids or the error. */
export type AdCreateOutcome =
  | {
      ok: true;
      creatives: ReadonlyArray<Record<string, unknown>>;
      adIds: string[];
      requestId: string;
    }
  | { ok: false; creatives: ReadonlyArray<Record<string, unknown>>; error: MarketingApiError };

export function adsApi({ transport }: ClientContext) {
  return {
    list(
      accessToken: string,
      query: {
        advertiserId: string;
        adIds?: readonly string[];
        adgroupIds?: readonly string[];
        includeDeleted?: boolean;
      },
      options: CallOptions = {},
    ) {
      if (query.adIds && query.adgroupIds)
        throw new Error('Filter ads by adIds or adgroupIds, not both.');
      const ids = query.adIds
        ? { ids: query.adIds, idFilterKey: 'ad_ids' }
        : query.adgroupIds
          ? { ids: query.adgroupIds, idFilterKey: 'adgroup_ids' }
          : {};
      return listEntities(
        transport,
        {
          path: 'ad/get/',
          accessToken,
          advertiserId: query.advertiserId,
          fields: AD_FIELDS,
          item: AdSchema,
          filtering: query.includeDeleted ? { primary_status: 'STATUS_ALL' } : {},
          ...ids,
        },
        options,
      );
    },

    updateStatus(
      accessToken: string,
      input: {
        advertiserId: string;
        adIds: readonly string[];
        status: 'ENABLE' | 'DISABLE' | 'DELETE';
      },
      options: CallOptions = {},
    ) {
      return writeInBatches(input.adIds, API_LIMITS.idsPerBatch, (ids) =>
        transport.request({
          method: 'POST',
          path: 'ad/status/update/',
          accessToken,
          body: { advertiser_id: input.advertiserId, ad_ids: ids, operation_status: input.status },
          data: StatusUpdateResultSchema,
          idempotent: true,
          ...options,
        }),
      );
    },

    /**
     * Create ads in one ad group, 20 creatives per call. ad/create has no idempotency key, so
     * a call that may have reached TikTok (timeout, server error) is not repeated: its
     * outcome is reported as failed and the caller must check before trying again.
     */
    async create(
      accessToken: string,
      input: {
        advertiserId: string;
        adgroupId: string;
        creatives: ReadonlyArray<Record<string, unknown>>;
      },
      options: CallOptions = {},
    ): Promise<AdCreateOutcome[]> {
      const outcomes: AdCreateOutcome[] = [];
      for (const creatives of chunk(input.creatives, API_LIMITS.creativesPerCreate)) {
        try {
          const result = await transport.request({
            method: 'POST',
            path: 'ad/create/',
            accessToken,
            body: { advertiser_id: input.advertiserId, adgroup_id: input.adgroupId, creatives },
            data: AdCreateResultSchema,
            idempotent: false,
            ...options,
          });
          outcomes.push({
            ok: true,
            creatives,
            adIds: result.data.ad_ids,
            requestId: result.requestId,
          });
        } catch (error) {
          if (!(error instanceof MarketingApiError)) throw error;
          outcomes.push({ ok: false, creatives, error });
        }
      }
      return outcomes;
    },
  };
}
