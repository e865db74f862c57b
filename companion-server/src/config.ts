import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { MarketingApiMode } from './contract/common';
import { isExtensionVersion } from './contract/extension-identity';
import { DEVELOPMENT_EXTENSION_ID, EXTENSION_ID_PATTERN } from './install/extension-id';
import {
  readSigningKey,
  readSigningKeyIfPresent,
  type SigningKey,
  SigningKeyError,
  signingKeyFileFor,
} from './install/signing-key';
import { isLoopbackHost } from './lib/loopback';
import { TIERS, type Tier } from './marketing-api/rate-limiter';

/**
 * The companion server's configuration, from the environment (see the README's table).
 *
 * The Marketing API mode follows from the credentials: TIKTOK_APP_ID and TIKTOK_APP_SECRET
 * set → TikTok (production host, or the sandbox host with TIKTOK_API=sandbox); neither set →
 * the built-in emulator. Anything that talks to the real TikTok (production or sandbox) is
 * "production mode" here: real tokens are at stake, so it needs an explicit encryption key
 * and refuses plain HTTP on an address other than loopback.
 */

/** Bayme's app at TikTok. Public: it appears in every authorization URL. */
export const BAYME_APP_ID = '7512649815700963329';

export interface ServerConfig {
  host: string;
  port: number;
  /** Where staff browsers reach this server, e.g. https://ads-tools.bayme.internal. */
  publicUrl: string;
  dataDir: string;
  marketingApi: {
    mode: MarketingApiMode;
    appId: string;
    /** Null in emulator mode: the emulator's own (fake) secret is used. */
    appSecret: string | null;
    tier: Tier;
  };
  /** `TOKEN_ENCRYPTION_KEY`, or null to use (create) the key file of the data directory. */
  tokenEncryptionKey: string | null;
  oauthRedirectUri: string;
  /**
   * Origins allowed to call /api/* from a browser: the extension's. Its id follows from
   * Bayme's signing key; the development id is allowed too in emulator mode or while no
   * signing key is set; EXTENSION_ID adds ids (a move from one key to another).
   */
  allowedOrigins: string[];
  /**
   * Bayme's extension signing key (EXTENSION_SIGNING_KEY_FILE, else the data directory's
   * if there is one): its file and the extension id it gives. Null: development builds only.
   */
  extensionSigning: { keyFile: string; extensionId: string } | null;
  /** EXTENSION_MIN_VERSION: the API refuses calls from older extension builds. */
  minimumExtensionVersion: string | null;
  tls: { certFile: string; keyFile: string } | null;
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  healthCheckIntervalMs: number;
  rateLimitPerMinute: number;
  /**
   * How long a TikTok report for the Ads Manager overlays is reused (0: not reused, though
   * identical requests in flight still share one fetch).
   */
  metricsCacheTtlMs: number;
  /** TikTok granted Bayme's app the "Asynchronous Report" allowlist: large exports use report tasks. */
  asyncReports: boolean;
  /** Where `wxt build` / `wxt zip` put the extension (the install page serves it). */
  extensionOutputDir: string;
  /** How many Ads Manager layout samples are kept (the oldest are removed as new ones arrive). */
  layoutSamplesKept: number;
  /** How long history is kept; pruned at start and daily (see storage/retention.ts). */
  retention: {
    /** Journals of finished bulk-edit jobs, with their index entries. */
    jobDays: number;
    /** Prepared export files in the data directory. */
    exportFileMinutes: number;
    /** Whole rotated audit files whose newest entry is older than this (never the current file). */
    auditDays: number;
  };
  /** Automated rules (rules/): how often the scheduler looks, the log's life, notifications. */
  rules: {
    /** 0: no timer (tests drive the scheduler's ticks themselves). */
    tickMs: number;
    logRetentionDays: number;
    /** Days the log keeps entries where nothing happened (no match, not enough data). */
    logQuietDays: number;
    /** The server-wide webhook (Slack-compatible); a rule may name its own. */
    webhookUrl: string | null;
    /** Signs every webhook (HMAC-SHA256); without it nothing is sent. */
    webhookSecret: string | null;
  };
  /**
   * Shop order webhooks (orders/): the shops whose webhooks are taken and the secret they are
   * signed with. One secret for every shop (a Shopify app's client secret signs all its
   * shops' webhooks). Never logged, never in any answer.
   */
  orders: {
    /** ORDERS_SHOPS, lower case: Shopify shop domains or the names generic webhooks send. */
    shops: string[];
    /** Null: the webhooks answer 503 (CSV import still works). */
    webhookSecret: string | null;
    /** A delivery triggered longer ago than this is ignored (a replay or a very late retry). */
    webhookMaxAgeMs: number;
  };
  /** On SIGINT/SIGTERM, how long running calls and journal/audit writes get before exiting anyway. */
  shutdownTimeoutMs: number;
  /** Where the built-in emulator listens; `url` when an emulator already runs elsewhere. */
  emulator: { host: string; port: number; url: string | null };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The companion server's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  TIKTOK_APP_ID: z.string().regex(/^\d+$/, { error: 'must be digits' }).optional(),
  TIKTOK_APP_SECRET: z.string().min(8).optional(),
  TIKTOK_API: z.enum(['production', 'sandbox']).optional(),
  TIKTOK_TIER: z.enum(TIERS).default('basic'),
  TOKEN_ENCRYPTION_KEY: z.string().min(1).optional(),
  OAUTH_REDIRECT_URI: z.url().optional(),
  /** Extension ids allowed besides the signing key's (comma-separated). */
  EXTENSION_ID: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(EXTENSION_ID_PATTERN, { error: 'must be 32 letters a–p (a Chrome extension id)' }),
      ),
    ),
  /** Bayme's extension signing key (PEM), kept outside the repository. */
  EXTENSION_SIGNING_KEY_FILE: z.string().min(1).optional(),
  EXTENSION_MIN_VERSION: z
    .string()
    .refine(isExtensionVersion, { error: 'must be an extension version such as 1.4.0' })
    .optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  TRUST_PROXY: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEALTH_CHECK_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(360),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(10).max(100_000).default(600),
  METRICS_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  TIKTOK_ASYNC_REPORTS: flag.default(false),
  EXTENSION_OUTPUT_DIR: z.string().min(1).default('./.output'),
  LAYOUT_SAMPLES_KEPT: z.coerce.number().int().min(1).max(2_000).default(200),
  JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  EXPORT_FILE_RETENTION_MINUTES: z.coerce.number().int().min(1).max(525_600).default(60),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
  RULES_TICK_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
  RULES_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
  RULES_LOG_QUIET_DAYS: z.coerce.number().int().min(1).max(3_650).default(14),
  RULES_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** At least 16 characters: it is the only thing that proves a message came from us. */
  RULES_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Shops whose order webhooks are taken (comma-separated domains or names). */
  ORDERS_SHOPS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((shop) => shop.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(/^[a-z0-9][a-z0-9.-]{0,254}$/, {
          error: 'must be shop domains or names (letters, digits, dots and dashes)',
        }),
      ),
    ),
  /** At least 16 characters; or ORDERS_WEBHOOK_SECRET_FILE, a file outside the repository. */
  ORDERS_WEBHOOK_SECRET: z.string().min(16).optional(),
  ORDERS_WEBHOOK_SECRET_FILE: z.string().min(1).optional(),
  ORDERS_WEBHOOK_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(9797),
  /** An emulator already running (its origin): the server uses it instead of starting one. */
  EMULATOR_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Emulator mode on a non-loopback HOST, said on purpose (a shared demo machine). */
  EMULATOR_EXPOSE: flag.default(false),
});

export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];

  const hasId = e.TIKTOK_APP_ID !== undefined;
  const hasSecret = e.TIKTOK_APP_SECRET !== undefined;
  if (hasId !== hasSecret) {
    problems.push(
      'Set both TIKTOK_APP_ID and TIKTOK_APP_SECRET to use TikTok, or neither to use the emulator.',
    );
  }
  if (e.TIKTOK_API && !(hasId && hasSecret)) {
    problems.push(`TIKTOK_API=${e.TIKTOK_API} needs TIKTOK_APP_ID and TIKTOK_APP_SECRET.`);
  }
  const mode: MarketingApiMode = hasId && hasSecret ? (e.TIKTOK_API ?? 'production') : 'emulator';
  const production = mode !== 'emulator';

  const tls =
    e.TLS_CERT_FILE && e.TLS_KEY_FILE
      ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE }
      : null;
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    problems.push('Set both TLS_CERT_FILE and TLS_KEY_FILE to serve HTTPS.');
  }
  if (production) {
    if (!e.TOKEN_ENCRYPTION_KEY) {
      problems.push(
        'TOKEN_ENCRYPTION_KEY is required when using TikTok (generate one with: openssl rand -base64 32).',
      );
    }
    if ((e.TRUST_PROXY || !isLoopbackHost(e.HOST)) && !e.PUBLIC_URL) {
      problems.push(
        'Set PUBLIC_URL to the address staff use to reach this server (it goes into links and the OAuth callback).',
      );
    }
    if (!tls && !e.TRUST_PROXY && !isLoopbackHost(e.HOST)) {
      problems.push(
        `Refusing plain HTTP on ${e.HOST} with real TikTok tokens: set TLS_CERT_FILE and TLS_KEY_FILE, or run behind a TLS-terminating proxy and set TRUST_PROXY=true.`,
      );
    }
  } else if (!isLoopbackHost(e.HOST) && !e.EMULATOR_EXPOSE) {
    // The emulator mints tokens for anyone who asks: not something to offer a network by accident.
    problems.push(
      `Refusing emulator mode on ${e.HOST}: the emulator is for this machine. Set HOST=127.0.0.1, set TIKTOK_APP_ID and TIKTOK_APP_SECRET to use TikTok, or set EMULATOR_EXPOSE=true if exposing the emulator is meant.`,
    );
  }
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  let signingKey: SigningKey | null = null;
  try {
    const file = absolute(signingKeyFileFor(e.EXTENSION_SIGNING_KEY_FILE, e.DATA_DIR));
    signingKey = e.EXTENSION_SIGNING_KEY_FILE
      ? readSigningKey(file)
      : readSigningKeyIfPresent(file);
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error;
    problems.push(error.message);
  }
  const problemsBeforeSecret = problems.length;
  const ordersWebhookSecret = readOrdersWebhookSecret(e, absolute, problems);
  const secretRefused = problems.length > problemsBeforeSecret;
  if (e.ORDERS_SHOPS.length > 0 && ordersWebhookSecret === null && !secretRefused) {
    problems.push(
      'ORDERS_SHOPS is set but no secret signs their webhooks: set ORDERS_WEBHOOK_SECRET or ORDERS_WEBHOOK_SECRET_FILE (the secret the shop shows for its webhooks).',
    );
  }
  if (e.ORDERS_SHOPS.length === 0 && ordersWebhookSecret !== null) {
    problems.push(
      'An orders webhook secret is set but ORDERS_SHOPS is not: name the shops whose webhooks to take (comma-separated).',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const scheme = tls ? 'https' : 'http';
  const publicUrl = (
    e.PUBLIC_URL ?? `${scheme}://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`
  ).replace(/\/+$/, '');
  const extensionIds = new Set([
    ...(signingKey ? [signingKey.extensionId] : []),
    // Development builds: where nothing real is at stake, or until Bayme's key is set.
    ...(!production || !signingKey ? [DEVELOPMENT_EXTENSION_ID] : []),
    ...e.EXTENSION_ID,
  ]);

  return {
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    dataDir: absolute(e.DATA_DIR),
    marketingApi: {
      mode,
      appId: e.TIKTOK_APP_ID ?? BAYME_APP_ID,
      appSecret: e.TIKTOK_APP_SECRET ?? null,
      tier: e.TIKTOK_TIER,
    },
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY ?? null,
    oauthRedirectUri: e.OAUTH_REDIRECT_URI ?? `${publicUrl}/oauth/callback`,
    allowedOrigins: [...extensionIds].map((id) => `chrome-extension://${id}`),
    extensionSigning: signingKey
      ? { keyFile: signingKey.file, extensionId: signingKey.extensionId }
      : null,
    minimumExtensionVersion: e.EXTENSION_MIN_VERSION ?? null,
    tls,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    healthCheckIntervalMs: e.HEALTH_CHECK_INTERVAL_MINUTES * 60_000,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    metricsCacheTtlMs: e.METRICS_CACHE_TTL_SECONDS * 1000,
    asyncReports: e.TIKTOK_ASYNC_REPORTS,
    extensionOutputDir: absolute(e.EXTENSION_OUTPUT_DIR),
    layoutSamplesKept: e.LAYOUT_SAMPLES_KEPT,
    retention: {
      jobDays: e.JOB_RETENTION_DAYS,
      exportFileMinutes: e.EXPORT_FILE_RETENTION_MINUTES,
      auditDays: e.AUDIT_RETENTION_DAYS,
    },
    rules: {
      tickMs: e.RULES_TICK_SECONDS * 1000,
      logRetentionDays: e.RULES_LOG_RETENTION_DAYS,
      logQuietDays: Math.min(e.RULES_LOG_QUIET_DAYS, e.RULES_LOG_RETENTION_DAYS),
      webhookUrl: e.RULES_WEBHOOK_URL ?? null,
      webhookSecret: e.RULES_WEBHOOK_SECRET ?? null,
    },
    orders: {
      shops: [...new Set(e.ORDERS_SHOPS)],
      webhookSecret: ordersWebhookSecret,
      webhookMaxAgeMs: e.ORDERS_WEBHOOK_MAX_AGE_HOURS * 3_600_000,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    emulator: {
      host: e.EMULATOR_HOST,
      port: e.EMULATOR_PORT,
      url: e.EMULATOR_URL ? new URL(e.EMULATOR_URL).origin : null,
    },
  };
}

/** The orders webhook secret from the environment or its file (trailing line break dropped). */
function readOrdersWebhookSecret(
  e: z.infer<typeof EnvSchema>,
  absolute: (path: string) => string,
  problems: string[],
): string | null {
  if (e.ORDERS_WEBHOOK_SECRET !== undefined && e.ORDERS_WEBHOOK_SECRET_FILE !== undefined) {
    problems.push('Set ORDERS_WEBHOOK_SECRET or ORDERS_WEBHOOK_SECRET_FILE, not both.');
    return null;
  }
  if (e.ORDERS_WEBHOOK_SECRET_FILE === undefined) return e.ORDERS_WEBHOOK_SECRET ?? null;
  const file = absolute(e.ORDERS_WEBHOOK_SECRET_FILE);
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`ORDERS_WEBHOOK_SECRET_FILE: cannot read ${file} (${reason}).`);
    return null;
  }
  // The problem names the file and the length needed, never the file's content.
  if (secret.length < 16) {
    problems.push(
      `ORDERS_WEBHOOK_SECRET_FILE: ${file} must hold a secret of at least 16 characters.`,
    );
    return null;
  }
  return secret;
}
