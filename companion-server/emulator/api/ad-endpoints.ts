import { z } from 'zod';
import { parameterError, ReturnCode } from '../core/api-error';
import { compareIdsDescending, freshId } from '../core/ids';
import {
  DateTimeSchema,
  fieldList,
  IdSchema,
  idList,
  jsonEncoded,
  returnCodeIssue,
  typeError,
} from '../core/params';
import { Permission } from '../core/permissions';
import {
  AD_REVIEW_MS,
  adNameProblem,
  adTextProblem,
  type CreativeValues,
  creativeChanges,
  landingPageUrlProblem,
} from '../rules/ad-rules';
import type { Ad, AdGroup, Campaign } from '../state/model';
import { isDeletedAt, isEnabledAt, recordStatus, reviewAt } from '../state/model';
import {
  adSecondaryStatus,
  matchesPrimaryStatus,
  matchesSecondaryStatus,
  PRIMARY_STATUSES,
} from '../state/status';
import { defineEndpoint } from './endpoint';
import { AD_FIELDS, presentAd } from './entity-presenters';
import { pagingParams, presentPage, sharedFilters } from './listing';
import {
  adGroupOf,
  adOf,
  advertiserOf,
  assertEditable,
  checkName,
  parentAdGroup,
  parentCampaign,
  unique,
} from './lookup';

const AdFilteringSchema = z.strictObject({
  campaign_ids: idList(100).optional(),
  adgroup_ids: idList(100).optional(),
  ad_ids: idList(100).optional(),
  primary_status: z.enum(PRIMARY_STATUSES).optional(),
  secondary_status: z.string().optional(),
  objective_type: z.string().optional(),
  buying_types: z.array(z.string()).optional(),
  optimization_goal: z.string().optional(),
  creative_material_mode: z.string().optional(),
  creation_filter_start_time: DateTimeSchema.optional(),
  creation_filter_end_time: DateTimeSchema.optional(),
});

export const adGet = defineEndpoint({
  method: 'GET',
  path: 'ad/get/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.object({
    advertiser_id: IdSchema,
    fields: fieldList(AD_FIELDS).optional(),
    exclude_field_types_in_response: jsonEncoded(z.array(z.enum(['NULL_FIELD']))).optional(),
    filtering: jsonEncoded(AdFilteringSchema).optional(),
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
    const adIds = filtering.ad_ids ? new Set(filtering.ad_ids) : null;

    const matching: Array<{ ad: Ad; adGroup: AdGroup; campaign: Campaign }> = [];
    for (const campaign of runtime.state.campaignsOf(params.advertiser_id)) {
      if (campaignIds && !campaignIds.has(campaign.campaign_id)) continue;
      if (filtering.objective_type && campaign.objective_type !== filtering.objective_type)
        continue;
      for (const adGroup of runtime.state.adGroupsOf(campaign.campaign_id)) {
        if (adGroupIds && !adGroupIds.has(adGroup.adgroup_id)) continue;
        if (
          filtering.optimization_goal &&
          adGroup.optimization_goal !== filtering.optimization_goal
        ) {
          continue;
        }
        for (const ad of runtime.state.adsOf(adGroup.adgroup_id)) {
          if (adIds && !adIds.has(ad.ad_id)) continue;
          if (!createdWithin(ad.create_time)) continue;
          const secondary = adSecondaryStatus(ad, adGroup, campaign, now);
          if (!matchesPrimaryStatus(primary, secondary, isEnabledAt(ad, now))) continue;
          if (
            filtering.secondary_status !== undefined &&
            !matchesSecondaryStatus(filtering.secondary_status, secondary)
          ) {
            continue;
          }
          matching.push({ ad, adGroup, campaign });
        }
      }
    }
    matching.sort((a, b) => compareIdsDescending(a.ad.ad_id, b.ad.ad_id));

    return presentPage(matching, params, ({ ad, adGroup, campaign }) =>
      presentAd(runtime, ad, adGroup, campaign, now),
    );
  },
});

export const adStatusUpdate = defineEndpoint({
  method: 'POST',
  path: 'ad/status/update/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z
    .strictObject({
      advertiser_id: IdSchema,
      ad_ids: idList(20).optional(),
      aco_ad_ids: idList(20).optional(),
      operation_status: z.enum(['ENABLE', 'DISABLE', 'DELETE'], {
        error: typeError('Must be one of: ENABLE, DISABLE, DELETE.'),
      }),
    })
    .refine((params) => params.ad_ids !== undefined || params.aco_ad_ids !== undefined, {
      error: 'ad_ids: Send ad_ids or aco_ad_ids.',
    }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    if (params.aco_ad_ids?.length) {
      // The emulator's accounts have no automated-creative (ACO) ads.
      const [first] = params.aco_ad_ids;
      throw parameterError(`aco_ad_ids: ACO ad ${first} doesn't exist or has been deleted.`);
    }
    const ads = unique(params.ad_ids ?? []).map((id) => adOf(runtime, params.advertiser_id, id));
    for (const ad of ads) {
      const adGroup = parentAdGroup(runtime, ad);
      assertEditable('Ad', ad.ad_id, now, ad, adGroup, parentCampaign(runtime, ad));
    }
    for (const ad of ads) {
      if (params.operation_status === 'DELETE') ad.deletedAt ??= now;
      else recordStatus(ad, now, params.operation_status === 'ENABLE');
      ad.modify_time = now;
    }
    runtime.state.touch();
    return {
      ad_ids: ads.map((ad) => ad.ad_id),
      aco_ad_ids: [],
      status: params.operation_status,
    };
  },
});

const AD_FORMATS = ['SINGLE_VIDEO', 'SINGLE_IMAGE', 'CAROUSEL_ADS'] as const;

/**
 * The fields of a creative, as ad/create/ and ad/update/ take them. Each endpoint brings its
 * own `ad_text` and `landing_page_url`: ad/create/ checks them here, ad/update/ after
 * parsing, with the ad rules (adTextProblem, landingPageUrlProblem).
 */
function creativeFields<AdText extends z.ZodType<string>, Url extends z.ZodType<string>>(
  adText: AdText,
  landingPageUrl: Url,
) {
  return {
    ad_name: z.string({ error: typeError('Not a valid string.') }),
    ad_format: z.enum(AD_FORMATS, { error: typeError('Not a valid ad_format.') }),
    ad_text: adText,
    identity_id: IdSchema,
    identity_type: z.enum(['CUSTOMIZED_USER', 'AUTH_CODE', 'TT_USER', 'BC_AUTH_TT'], {
      error: typeError('Not a valid identity_type.'),
    }),
    display_name: z.string().optional(),
    video_id: z.string().min(1).optional(),
    image_ids: z.array(z.string().min(1)).optional(),
    call_to_action: z.string({ error: typeError('Not a valid string.') }),
    landing_page_url: landingPageUrl,
  };
}

/** A video ad needs its video, the other formats their images. */
function requireMedia(
  creative: { ad_format: (typeof AD_FORMATS)[number]; video_id?: string; image_ids?: string[] },
  ctx: z.RefinementCtx,
): void {
  if (creative.ad_format === 'SINGLE_VIDEO' && !creative.video_id) {
    ctx.addIssue({
      code: 'custom',
      path: ['video_id'],
      message: 'Required for SINGLE_VIDEO ads.',
    });
  }
  if (creative.ad_format !== 'SINGLE_VIDEO' && !creative.image_ids?.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['image_ids'],
      message: `Required for ${creative.ad_format} ads.`,
    });
  }
}

/** A call's `creatives`: one to 20. */
function creativeList<Creative extends z.ZodType>(creative: Creative) {
  return z
    .array(creative, { error: typeError('Not a valid list.') })
    .min(1, { error: 'At least one creative is required.' })
    .superRefine((creatives, ctx) => {
      if (creatives.length > 20) {
        ctx.addIssue(
          returnCodeIssue(
            `At most 20 creatives per request; got ${creatives.length}.`,
            ReturnCode.PARAMETER_ERROR,
          ),
        );
      }
    });
}

const CreativeSchema = z
  .strictObject(
    creativeFields(
      z
        .string({ error: typeError('Not a valid string.') })
        .min(1, { error: 'The ad text cannot be empty.' })
        .max(100, { error: 'The ad text must be at most 100 characters.' }),
      z.url({ error: typeError('Not a valid URL.') }),
    ),
  )
  .superRefine(requireMedia);

export const adCreate = defineEndpoint({
  method: 'POST',
  path: 'ad/create/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.strictObject({
    advertiser_id: IdSchema,
    adgroup_id: IdSchema,
    creatives: creativeList(CreativeSchema),
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    const adGroup = adGroupOf(runtime, params.advertiser_id, params.adgroup_id);
    const campaign = parentCampaign(runtime, adGroup);
    assertEditable('Ad group', adGroup.adgroup_id, now, adGroup, campaign);
    for (const [index, creative] of params.creatives.entries()) {
      checkName(`creatives.${index}.ad_name`, creative.ad_name);
    }

    const created = params.creatives.map((creative) => {
      const ad: Ad = {
        ad_id: freshId('ad', (id) => runtime.state.isIdTaken(id)),
        adgroup_id: adGroup.adgroup_id,
        campaign_id: adGroup.campaign_id,
        advertiser_id: adGroup.advertiser_id,
        ad_format: creative.ad_format,
        ...creativeValues(creative, 'Bayme'),
        statusTimeline: [{ at: now, enabled: true }],
        deletedAt: null,
        create_time: now,
        modify_time: now,
      };
      runtime.state.addAd(ad);
      return ad;
    });
    // The exact shape of ad/create's answer is not documented; ids plus the new ads is our reading.
    return {
      ad_ids: created.map((ad) => ad.ad_id),
      creatives: created.map((ad) => presentAd(runtime, ad, adGroup, campaign, now)),
    };
  },
});

/**
 * One ad of ad/update/'s `creatives`: the ad in full, as on ad/create/ plus its `ad_id`.
 * The documented body replaces each creative, so the creative fields are required, not
 * merged with what the ad had (BUBUBA's SDK documents an incremental `patch_update` for
 * some fields, which the emulator does not model: see adUpdate).
 */
const UpdateCreativeSchema = z
  .strictObject(
    {
      ad_id: IdSchema,
      ...creativeFields(
        z.string({ error: typeError('Not a valid string.') }),
        z.string({ error: typeError('Not a valid string.') }),
      ),
    },
    {
      error:
        'The emulator takes ad_id, ad_name, ad_format, ad_text, identity_id, identity_type, display_name, video_id, image_ids, call_to_action and landing_page_url in creatives.',
    },
  )
  .superRefine(requireMedia);

/** What an ad keeps of a creative sent; `displayName` when the creative names none. */
function creativeValues(
  creative: z.infer<typeof CreativeSchema> | z.infer<typeof UpdateCreativeSchema>,
  displayName: string,
): CreativeValues {
  return {
    ad_name: creative.ad_name,
    ad_text: creative.ad_text,
    call_to_action: creative.call_to_action,
    landing_page_url: creative.landing_page_url,
    video_id: creative.video_id ?? null,
    image_ids: creative.image_ids ?? [],
    identity_id: creative.identity_id,
    identity_type: creative.identity_type,
    display_name: creative.display_name ?? displayName,
  };
}

/**
 * ad/update/ as the official SDK documents its body: `advertiser_id`, `adgroup_id` and
 * `creatives` (at most 20), each an ad of that ad group in full. Two points TikTok leaves
 * open are read the strict way, so that a client tested here is safe on either reading:
 * - the list is the ad group's list of ads: a live ad of the group left out is deleted;
 * - each creative replaces the ad's creative: every field is sent, not only the changed one.
 * And as TikTok's review works: an ad whose viewers would see a change (text, landing page,
 * call to action, media, identity) goes back to review and does not deliver until approved;
 * a rejected ad edited is reviewed again; an ad still in review cannot be changed (it can be
 * sent as it is). All creatives are checked before any is applied: one refusal fails the call.
 */
export const adUpdate = defineEndpoint({
  method: 'POST',
  path: 'ad/update/',
  auth: 'access-token',
  permission: Permission.ADS_MANAGEMENT,
  params: z.strictObject({
    advertiser_id: IdSchema,
    adgroup_id: IdSchema,
    patch_update: z.boolean({ error: typeError('Not a valid boolean.') }).optional(),
    creatives: creativeList(UpdateCreativeSchema),
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    if (params.patch_update) {
      throw parameterError(
        'patch_update: The emulator models the full update only; send every ad of the ad group in full.',
      );
    }
    const adGroup = adGroupOf(runtime, params.advertiser_id, params.adgroup_id);
    const campaign = parentCampaign(runtime, adGroup);
    assertEditable('Ad group', adGroup.adgroup_id, now, adGroup, campaign);
    const ids = params.creatives.map((creative) => creative.ad_id);
    if (unique(ids).length !== ids.length) {
      throw parameterError('creatives: Each ad may appear only once per request.');
    }

    const updates = params.creatives.map((creative, index) => {
      const field = (name: string) => `creatives.${index}.${name}`;
      const ad = adOf(runtime, params.advertiser_id, creative.ad_id);
      if (ad.adgroup_id !== adGroup.adgroup_id) {
        throw parameterError(
          `${field('ad_id')}: Ad ${ad.ad_id} does not belong to ad group ${adGroup.adgroup_id}.`,
        );
      }
      assertEditable('Ad', ad.ad_id, now, ad);
      if (creative.ad_format !== ad.ad_format) {
        throw parameterError(`${field('ad_format')}: The ad format cannot be changed.`);
      }
      const problem =
        adNameProblem(field('ad_name'), creative.ad_name) ??
        adTextProblem(field('ad_text'), creative.ad_text) ??
        landingPageUrlProblem(field('landing_page_url'), creative.landing_page_url);
      if (problem) throw parameterError(problem);
      const next = creativeValues(creative, ad.display_name);
      const { changed, reviewed } = creativeChanges(ad, next);
      if (changed.length > 0 && reviewAt(ad, now)?.state === 'in_review') {
        throw parameterError(
          `${field('ad_id')}: Ad ${ad.ad_id} is in review and cannot be edited until the review ends.`,
        );
      }
      return { ad, next, changed: changed.length > 0, reviewed };
    });

    const sent = new Set(ids);
    const omitted = runtime.state
      .adsOf(adGroup.adgroup_id)
      .filter((ad) => !isDeletedAt(ad, now) && !sent.has(ad.ad_id));
    for (const { ad, next, changed, reviewed } of updates) {
      if (!changed) continue;
      Object.assign(ad, next);
      if (reviewed) ad.review = { state: 'in_review', since: now, until: now + AD_REVIEW_MS };
      ad.modify_time = now;
    }
    for (const ad of omitted) {
      ad.deletedAt = now;
      ad.modify_time = now;
    }
    runtime.state.touch();
    return {
      ad_ids: ids,
      creatives: updates.map(({ ad }) => presentAd(runtime, ad, adGroup, campaign, now)),
    };
  },
});

export const adEndpoints = [adGet, adCreate, adUpdate, adStatusUpdate];
