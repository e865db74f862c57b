import { z } from 'zod';
import { DEFAULT_TRACKING_TEMPLATE } from '../orders/attribution';
import { normalizeTrackingTemplate, trackingTemplateProblem } from '../orders/tracking-template';
import { IsoDateTimeSchema, TikTokIdSchema } from './common';
import { defineRoute } from './route';

/**
 * Bayme's orders settings (admins set them): the tracking template bulk create appends to
 * new ads' landing pages, and the click window of attribution; and the side panel's check of
 * the ads whose landing page lacks the template's parameters.
 */

/** TikTok's own default click window for web conversions. */
export const DEFAULT_CLICK_WINDOW_DAYS = 7;
/** TikTok offers click windows of up to 28 days. */
export const MAX_CLICK_WINDOW_DAYS = 28;

export const TrackingTemplateSchema = z
  .string()
  .transform(normalizeTrackingTemplate)
  .superRefine((template, context) => {
    const problem = trackingTemplateProblem(template);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

export const OrdersSettingsSchema = z.object({
  /** `key=value` pairs joined by `&`, TikTok's macros spelled exactly; at most 1,000 characters. */
  trackingTemplate: TrackingTemplateSchema,
  /** An order counts for an ad only if placed at most this many days after its click. */
  clickWindowDays: z
    .number()
    .int({ error: 'Whole days.' })
    .min(1, { error: 'At least 1 day.' })
    .max(MAX_CLICK_WINDOW_DAYS, { error: `At most ${MAX_CLICK_WINDOW_DAYS} days.` }),
});
export type OrdersSettings = z.infer<typeof OrdersSettingsSchema>;

export const DEFAULT_ORDERS_SETTINGS: OrdersSettings = {
  trackingTemplate: DEFAULT_TRACKING_TEMPLATE,
  clickWindowDays: DEFAULT_CLICK_WINDOW_DAYS,
};

export const getOrdersSettings = defineRoute({
  method: 'GET',
  path: '/api/orders/settings',
  access: 'buyer',
  response: OrdersSettingsSchema,
});

export const setOrdersSettings = defineRoute({
  method: 'PATCH',
  path: '/api/orders/settings',
  access: 'admin',
  body: OrdersSettingsSchema.partial(),
  response: OrdersSettingsSchema,
});

/** How many lacking ads one answer lists at most (the count says how many there are). */
export const MAX_TRACKING_CHECK_ADS = 500;

export const AdLackingTrackingSchema = z.object({
  adId: TikTokIdSchema,
  adName: z.string(),
  adgroupId: TikTokIdSchema,
  campaignId: TikTokIdSchema,
  operationStatus: z.enum(['ENABLE', 'DISABLE']),
  landingUrl: z.string(),
  /** The template's parameter names the landing page lacks, in the template's order. */
  missing: z.array(z.string()).min(1),
});
export type AdLackingTracking = z.infer<typeof AdLackingTrackingSchema>;

/** The account's ads whose landing page lacks any of the template's parameters, active first. */
export const trackingCheck = defineRoute({
  method: 'GET',
  path: '/api/ad-accounts/:advertiserId/tracking-check',
  access: 'viewer',
  params: z.object({ advertiserId: TikTokIdSchema }),
  response: z.object({
    advertiserId: TikTokIdSchema,
    /** The template checked against (the settings' one at the time). */
    trackingTemplate: z.string(),
    checkedAt: IsoDateTimeSchema,
    /** Ads looked at (not deleted). */
    adsChecked: z.number().int().min(0),
    /** Ads with no landing page at all (nothing to add parameters to): not listed. */
    withoutLandingUrl: z.number().int().min(0),
    /** How many ads lack parameters; `ads` lists the first MAX_TRACKING_CHECK_ADS. */
    lacking: z.number().int().min(0),
    /** Of those, how many are active (ENABLE). */
    lackingActive: z.number().int().min(0),
    ads: z.array(AdLackingTrackingSchema),
  }),
});
