import { adGroupsApi } from './ad-groups';
import { adsApi } from './ads';
import { advertisersApi } from './advertisers';
import { campaignsApi } from './campaigns';
import type { ClientContext } from './context';
import { apiBaseUrl, type MarketingApiMode, portalOrigin } from './hosts';
import { oauthApi } from './oauth';
import { RateLimiter, type Tier, tierPolicy } from './rate-limiter';
import { reportTasksApi } from './report-tasks';
import { reportsApi } from './reports';
import { type RetryPolicy, Transport, type TransportEvent } from './transport';

/**
 * The Marketing API client: the only way the companion server talks to TikTok (or to the
 * emulator standing in for it). One client, and so one rate limiter, per server process.
 */
export interface MarketingApiClientConfig {
  mode: MarketingApiMode;
  /** The emulator's origin in emulator mode; optional override otherwise. */
  origin?: string;
  appId: string;
  appSecret: string;
  /** The app's rate-limit tier at TikTok (default: basic). */
  tier?: Tier;
  /** Share a limiter between clients (default: one for this client, from the tier). */
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Structured events for logs and metrics; they never contain credentials. */
  onEvent?: (event: TransportEvent) => void;
  /** Jitter source for retry delays (tests pin it). */
  random?: () => number;
}

export function createMarketingApiClient(config: MarketingApiClientConfig) {
  const host = { mode: config.mode, ...(config.origin ? { origin: config.origin } : {}) };
  const limiter =
    config.limiter ??
    new RateLimiter(tierPolicy(config.tier ?? 'basic', { sandbox: config.mode === 'sandbox' }));
  const transport = new Transport({
    baseUrl: apiBaseUrl(host),
    limiter,
    secrets: [config.appSecret],
    ...(config.retry ? { retry: config.retry } : {}),
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.onEvent ? { onEvent: config.onEvent } : {}),
    ...(config.random ? { random: config.random } : {}),
  });
  const context: ClientContext = {
    transport,
    appId: config.appId,
    appSecret: config.appSecret,
    portalOrigin: portalOrigin(host),
  };
  return {
    mode: config.mode,
    limiter,
    oauth: oauthApi(context),
    advertisers: advertisersApi(context),
    campaigns: campaignsApi(context),
    adGroups: adGroupsApi(context),
    ads: adsApi(context),
    reports: reportsApi(context),
    reportTasks: reportTasksApi(context),
  };
}

export type MarketingApiClient = ReturnType<typeof createMarketingApiClient>;
