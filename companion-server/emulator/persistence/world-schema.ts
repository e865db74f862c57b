import { z } from 'zod';
import { MutableSettingsSchema } from '../settings';
import { BILLING_EVENTS, BUDGET_MODES, type BudgetMode, OBJECTIVE_TYPES } from '../state/model';

/**
 * The saved world's file (`world.json` in the emulator's data directory), checked with zod
 * when it is read. Each entity schema mirrors its type in state/model.ts field by field:
 * world-codec.ts assigns model values to these schemas' inputs and their outputs back to the
 * model, so the compiler refuses a schema that drifts from the model in either direction.
 *
 * Report tasks are saved without their CSV, which lives in a file of its own (see
 * world-files.ts): written once, it is not rewritten with every save of the world.
 */

export const WORLD_FORMAT = 'bayme-emulator-world';
/** Raise it (and teach the loader the previous one) whenever the file's shape changes. */
export const WORLD_VERSION = 1;

const DigitsSchema = z.string().regex(/^\d+$/);
/** Epoch milliseconds. */
const InstantSchema = z.number();

const StatusChangeSchema = z.strictObject({ at: InstantSchema, enabled: z.boolean() });
const BudgetChangeSchema = z.strictObject({ at: InstantSchema, budget: z.number() });
const BudgetModeSchema = z.enum(BUDGET_MODES as [BudgetMode, ...BudgetMode[]]);
const ProductSourceSchema = z.enum(['STORE', 'SHOWCASE', 'CATALOG']);

const lifecycle = {
  statusTimeline: z.array(StatusChangeSchema),
  deletedAt: InstantSchema.nullable(),
  create_time: InstantSchema,
  modify_time: InstantSchema,
};

export const TikTokUserSchema = z.strictObject({
  user_id: z.string().min(1),
  display_name: z.string(),
  email: z.string(),
  advertiser_ids: z.array(DigitsSchema),
});

export const AdvertiserSchema = z.strictObject({
  advertiser_id: DigitsSchema,
  name: z.string(),
  company: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  timezone: z.string().min(1),
  display_timezone: z.string(),
  status: z.enum(['STATUS_ENABLE', 'STATUS_LIMIT', 'STATUS_DISABLE']),
  balance: z.number(),
  country: z.string(),
  create_time: InstantSchema,
  reportsPurchaseValue: z.boolean(),
});

export const CampaignSchema = z.strictObject({
  ...lifecycle,
  campaign_id: DigitsSchema,
  advertiser_id: DigitsSchema,
  campaign_name: z.string(),
  objective_type: z.enum(OBJECTIVE_TYPES),
  campaign_type: z.literal('REGULAR_CAMPAIGN'),
  budget_mode: BudgetModeSchema,
  budgetHistory: z.array(BudgetChangeSchema),
  budget_optimize_on: z.boolean(),
  campaign_product_source: ProductSourceSchema.nullable(),
});

export const AdGroupSchema = z.strictObject({
  ...lifecycle,
  adgroup_id: DigitsSchema,
  campaign_id: DigitsSchema,
  advertiser_id: DigitsSchema,
  adgroup_name: z.string(),
  budget_mode: BudgetModeSchema,
  budgetHistory: z.array(BudgetChangeSchema),
  bid_type: z.enum(['BID_TYPE_CUSTOM', 'BID_TYPE_NO_BID']),
  bid_price: z.number(),
  conversion_bid_price: z.number(),
  billing_event: z.enum(BILLING_EVENTS),
  optimization_goal: z.enum(['CLICK', 'CONVERT', 'REACH', 'VIDEO_VIEW', 'SHOW']),
  optimization_event: z.string().nullable(),
  pacing: z.enum(['PACING_MODE_SMOOTH', 'PACING_MODE_FAST']),
  schedule_type: z.enum(['SCHEDULE_START_END', 'SCHEDULE_FROM_NOW']),
  schedule_start_time: InstantSchema,
  schedule_end_time: InstantSchema,
  placement_type: z.enum(['PLACEMENT_TYPE_AUTOMATIC', 'PLACEMENT_TYPE_NORMAL']),
  placements: z.array(z.string()),
  location_ids: z.array(z.string()),
  age_groups: z.array(z.string()),
  gender: z.enum(['GENDER_UNLIMITED', 'GENDER_MALE', 'GENDER_FEMALE']),
  languages: z.array(z.string()),
  promotion_type: z.string(),
  product_source: ProductSourceSchema.nullable(),
  dayparting: z.string().nullable().optional(),
});

export const AdSchema = z.strictObject({
  ...lifecycle,
  ad_id: DigitsSchema,
  adgroup_id: DigitsSchema,
  campaign_id: DigitsSchema,
  advertiser_id: DigitsSchema,
  ad_name: z.string(),
  ad_format: z.enum(['SINGLE_VIDEO', 'SINGLE_IMAGE', 'CAROUSEL_ADS']),
  ad_text: z.string(),
  call_to_action: z.string(),
  landing_page_url: z.string(),
  video_id: z.string().nullable(),
  image_ids: z.array(z.string()),
  identity_id: z.string(),
  identity_type: z.enum(['CUSTOMIZED_USER', 'AUTH_CODE', 'TT_USER', 'BC_AUTH_TT']),
  display_name: z.string(),
  review: z
    .discriminatedUnion('state', [
      z.strictObject({ state: z.literal('in_review'), since: InstantSchema, until: InstantSchema }),
      z.strictObject({ state: z.literal('rejected'), reason: z.string() }),
    ])
    .nullable()
    .optional(),
});

export const AccessTokenSchema = z.strictObject({
  access_token: z.string().min(1),
  app_id: DigitsSchema,
  user_id: z.string().nullable(),
  advertiser_ids: z.array(DigitsSchema),
  scope: z.array(DigitsSchema),
  created_at: InstantSchema,
  revoked_at: InstantSchema.nullable(),
  expires_at: InstantSchema.nullable(),
  refresh_token: z.string().nullable(),
  source: z.enum(['oauth', 'control-api']),
});

export const AuthCodeSchema = z.strictObject({
  auth_code: z.string().min(1),
  app_id: DigitsSchema,
  user_id: z.string(),
  advertiser_ids: z.array(DigitsSchema),
  redirect_uri: z.string(),
  created_at: InstantSchema,
  used_at: InstantSchema.nullable(),
});

/** A report task without its CSV (kept in `report-tasks/<task_id>.csv`). */
export const SavedReportTaskSchema = z.strictObject({
  task_id: DigitsSchema,
  app_id: z.string(),
  advertiser_id: DigitsSchema,
  created_at: InstantSchema,
  canceled_at: InstantSchema.nullable(),
  file_name: z.string(),
  output_format: z.enum(['CSV_DOWNLOAD', 'CSV_STRING', 'XLSX_DOWNLOAD']),
});

export const WorldFileSchema = z.strictObject({
  format: z.literal(WORLD_FORMAT),
  version: z.literal(WORLD_VERSION),
  saved_at: z.iso.datetime(),
  /** The emulator's clock minus the machine's: time moved through the control API. */
  clock_offset_ms: z.number(),
  /** Settings changed through PATCH /__emulator/settings (those not given at start win). */
  settings: MutableSettingsSchema,
  /** The size of the seeded large account, so that a reset without arguments reseeds it. */
  large_account_adgroups: z.number().int().min(0),
  tokens: z.array(AccessTokenSchema),
  auth_codes: z.array(AuthCodeSchema),
  report_tasks: z.array(SavedReportTaskSchema),
  /** `create` request_id keys and the id each created, in the order they were made. */
  create_requests: z.array(z.tuple([z.string(), DigitsSchema])),
  /** Keyed as in the state (the seed's user is "emulated-user", not its user_id). */
  users: z.array(z.tuple([z.string(), TikTokUserSchema])),
  advertisers: z.array(AdvertiserSchema),
  campaigns: z.array(CampaignSchema),
  adgroups: z.array(AdGroupSchema),
  ads: z.array(AdSchema),
});

export type WorldFile = z.output<typeof WorldFileSchema>;
