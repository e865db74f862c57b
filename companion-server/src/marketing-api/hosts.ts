/**
 * Where the Marketing API lives. Production and sandbox are TikTok's hosts; the emulator is
 * our stand-in, at whatever origin it listens on. The same client code talks to all three.
 */
export type MarketingApiMode = 'production' | 'sandbox' | 'emulator';

export const TIKTOK_ORIGINS = {
  production: 'https://business-api.tiktok.com',
  sandbox: 'https://sandbox-ads.tiktok.com',
} as const;

export const API_PATH = '/open_api/v1.3/';

export interface HostConfig {
  mode: MarketingApiMode;
  /** Required in emulator mode; overrides TikTok's origin otherwise. */
  origin?: string;
}

export function apiOrigin(config: HostConfig): string {
  if (config.origin) return config.origin.replace(/\/+$/, '');
  if (config.mode === 'emulator') throw new Error('Emulator mode needs the emulator origin.');
  return TIKTOK_ORIGINS[config.mode];
}

export function apiBaseUrl(config: HostConfig): string {
  return `${apiOrigin(config)}${API_PATH}`;
}

/**
 * Origin of the consent page. Advertisers authorize on TikTok's production portal even when
 * the app's API calls go to the sandbox (sandbox tokens are made in the portal, not by OAuth).
 */
export function portalOrigin(config: HostConfig): string {
  return config.mode === 'emulator' ? apiOrigin(config) : TIKTOK_ORIGINS.production;
}
