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

// Nor ad/update's: the official Go SDK reads `ad_ids` and the updated creatives, if any.
const AdUpdateResultSchema = z.looseObject({ ad_ids: z.array(TikTokIdSchema).optional() });

/**
 * The creative fields ad/update/ takes (the official SDK's OpenApiv13adupdateCreatives,
 * less `operation_status`, which it documents as the status at creation only). An ad read
 * with every field and cut to these is the ad as ad/update/ must be sent it to change
 * nothing: its body replaces each creative in full.
 */
export const AD_UPDATE_CREATIVE_FIELDS = [
  'ad_id',
  'ad_name',
  'ad_format',
  'ad_text',
  'app_name',
  'avatar_icon_web_uri',
  'brand_safety_postbid_partner',
  'brand_safety_vast_url',
  'call_to_action',
  'call_to_action_id',
  'card_id',
  'card_image_id',
  'card_image_index',
  'card_show_price',
  'card_tags',
  'card_type',
  'catalog_id',
  'click_tracking_url',
  'creative_authorized',
  'creative_type',
  'dark_post_status',
  'deeplink',
  'deeplink_type',
  'disclaimer_clickable_texts',
  'disclaimer_text',
  'disclaimer_type',
  'display_name',
  'dynamic_destination',
  'dynamic_format',
  'fallback_type',
  'identity_authorized_bc_id',
  'identity_id',
  'identity_type',
  'image_ids',
  'impression_tracking_url',
  'instant_product_page_used',
  'interactive_motion_id',
  'item_duet_status',
  'item_group_ids',
  'item_stitch_status',
  'landing_page_url',
  'page_id',
  'page_image_index',
  'playable_url',
  'product_set_id',
  'product_specific_type',
  'promotional_music_disabled',
  'shopping_ads_deeplink_type',
  'shopping_ads_fallback_type',
  'shopping_ads_video_package_id',
  'sku_ids',
  'tiktok_item_id',
  'tracking_pixel_id',
  'vast_moat_enabled',
  'vertical_video_strategy',
  'video_id',
  'video_view_tracking_url',
  'viewability_postbid_partner',
  'viewability_vast_url',
] as const;

/** The ad as ad/update/ takes it back: its creative fields that have a value. */
export function creativeOf(ad: Ad): Record<string, unknown> {
  const record = ad as Record<string, unknown>;
  const creative: Record<string, unknown> = {};
  for (const field of AD_UPDATE_CREATIVE_FIELDS) {
    const value = record[field];
    if (value !== undefined && value !== null) creative[field] = value;
  }
  return creative;
}

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

    /**
     * The live ads of one ad group with every field TikTok has for them (no `fields`
     * list), for a full-replacement ad/update/.
     */
    listForUpdate(
      accessToken: string,
      query: { advertiserId: string; adgroupId: string },
      options: CallOptions = {},
    ) {
      return listEntities(
        transport,
        {
          path: 'ad/get/',
          accessToken,
          advertiserId: query.advertiserId,
          item: AdSchema,
          ids: [query.adgroupId],
          idFilterKey: 'adgroup_ids',
        },
        options,
      );
    },

    /**
     * ad/update/: `creatives` is the ad group's whole list of ads, each in full (see
     * AD_UPDATE_CREATIVE_FIELDS). Absolute values, so sending the same body twice is harmless.
     */
    async update(
      accessToken: string,
      input: {
        advertiserId: string;
        adgroupId: string;
        creatives: ReadonlyArray<Record<string, unknown>>;
      },
      options: CallOptions = {},
    ) {
      if (input.creatives.length > API_LIMITS.creativesPerUpdate) {
        throw new Error(
          `ad/update/ takes at most ${API_LIMITS.creativesPerUpdate} creatives; got ${input.creatives.length}.`,
        );
      }
      const result = await transport.request({
        method: 'POST',
        path: 'ad/update/',
        accessToken,
        body: {
          advertiser_id: input.advertiserId,
          adgroup_id: input.adgroupId,
          creatives: input.creatives,
        },
        data: AdUpdateResultSchema,
        idempotent: true,
        ...options,
      });
      return { requestId: result.requestId };
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
