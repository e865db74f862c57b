import { z } from 'zod';
import { BAYME_APP_ID } from '../src/config';
import { TIERS } from './traffic/rate-limits';

/**
 * How an emulator instance behaves. `buildEmulator` takes these as options; `npm run
 * emulator` reads them from the environment (see main.ts and the README); tests pass them
 * directly or change the mutable ones through PATCH /__emulator/settings.
 */
/** The emulated app's secret. Not a real secret: the emulator is a stand-in for TikTok. */
export const EMULATOR_APP_SECRET = 'emulator-app-secret-not-a-real-one';

export const EmulatorOptionsSchema = z.object({
  appId: z.string().regex(/^\d+$/).default(BAYME_APP_ID),
  appSecret: z.string().min(8).default(EMULATOR_APP_SECRET),
  /** Redirect URIs registered for the app; the consent page refuses any other. */
  redirectUris: z
    .array(z.url())
    .default([
      'http://127.0.0.1:8787/oauth/callback',
      'http://localhost:8787/oauth/callback',
      'https://app.bayme.store/oauth.html',
    ]),
  tier: z.enum(TIERS).default('basic'),
  /** Enforce rate limits (default). Tests of unrelated behaviour switch it off to stay fast. */
  rateLimiting: z.boolean().default(true),
  /** Sandbox behaviour: 1 QPS per endpoint, no secondary_status, fewer endpoints. */
  sandbox: z.boolean().default(false),
  /** Bayme's "Asynchronous Report" allowlist request is still pending, so this is off by default. */
  asyncReportsAllowlisted: z.boolean().default(false),
  /** How long an async report task takes to finish. */
  asyncReportDelayMs: z.number().int().min(0).default(3_000),
  /** How long an app stays restricted after exceeding its per-minute limit (TikTok: 5 min). */
  qpmPenaltyMs: z.number().int().min(0).default(300_000),
  /**
   * Hypothetical: issue advertiser tokens that expire after this many seconds, with refresh
   * tokens (TikTok's do not expire today). Exists to exercise a server's refresh path.
   */
  advertiserTokenLifetimeSeconds: z.number().int().min(1).nullable().default(null),
  /** The /__emulator control API (reset, faults, state, tokens, calls, clock), for demo and tests. */
  controlApi: z.boolean().default(true),
  /** Adds an ad account with this many ad groups, for performance work. */
  largeAccountAdGroups: z.number().int().min(0).max(50_000).default(0),
  /** How many such large accounts ("Bayme Scale Test", "… 2", …), when there are any. */
  largeAccounts: z.number().int().min(1).max(10).default(1),
  /**
   * Ads a synchronous report covers before it is truncated (TikTok: 20,000). Lowered by tests
   * to exercise truncation without seeding 20,000 ads.
   */
  syncReportAdLimit: z.number().int().min(1).default(20_000),
  /**
   * Start the emulator's clock at this instant (epoch ms) instead of now. Only for a world
   * seeded now: a saved world keeps its own clock.
   */
  startAt: z.number().int().optional(),
  /**
   * Where the world is kept between runs (`DATA_DIR/emulator` under the companion server,
   * EMULATOR_DATA_DIR alone): loaded at start, saved after changes and on close. Without it
   * the world lives in memory only, as tests and benchmarks want.
   */
  dataDir: z.string().min(1).optional(),
  /** Seed a new world even when `dataDir` holds one, and save it over the old one. */
  startOver: z.boolean().default(false),
});

export type EmulatorOptionsInput = z.input<typeof EmulatorOptionsSchema>;
export type EmulatorOptions = z.output<typeof EmulatorOptionsSchema>;

/**
 * The settings that may change while the emulator runs. Declared without defaults: a
 * PATCH changes what it names and nothing else. A saved world keeps the changes; at the next
 * start a setting given explicitly (an option, an environment variable) wins over the saved one.
 */
export const MutableSettingsSchema = z.strictObject({
  tier: z.enum(TIERS).optional(),
  rateLimiting: z.boolean().optional(),
  sandbox: z.boolean().optional(),
  asyncReportsAllowlisted: z.boolean().optional(),
  asyncReportDelayMs: z.number().int().min(0).optional(),
  qpmPenaltyMs: z.number().int().min(0).optional(),
  advertiserTokenLifetimeSeconds: z.number().int().min(1).nullable().optional(),
  syncReportAdLimit: z.number().int().min(1).optional(),
});

export type MutableSettings = z.output<typeof MutableSettingsSchema>;
export type MutableSettingKey = keyof MutableSettings;
export const MUTABLE_SETTING_KEYS = MutableSettingsSchema.keyof().options;
