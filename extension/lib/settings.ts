import { storage } from 'wxt/utils/storage';
import { z } from 'zod';

/**
 * Everything the extension keeps, in extension storage (never readable by web pages), each
 * item validated with zod when read: a damaged value falls back to the default instead of
 * breaking the popup.
 */

/** The companion server set at build time (COMPANION_URL). */
export const DEFAULT_SERVER_URL: string = __COMPANION_URL__;

const serverUrlItem = storage.defineItem<string | null>('local:serverUrl', {
  fallback: null,
  version: 1,
});
const staffKeyItem = storage.defineItem<string | null>('local:staffKey', {
  fallback: null,
  version: 1,
});

export const DATE_RANGES = [
  'today',
  'yesterday',
  'last_7_days',
  'last_14_days',
  'last_30_days',
] as const;

export const OVERLAY_METRICS = [
  'spend',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'conversions',
  'cpa',
  'roas',
] as const;

export const PreferencesSchema = z.object({
  defaultDateRange: z.enum(DATE_RANGES),
  overlayMetrics: z.array(z.enum(OVERLAY_METRICS)).min(1),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  defaultDateRange: 'last_7_days',
  overlayMetrics: [...OVERLAY_METRICS],
};

const preferencesItem = storage.defineItem<Preferences>('local:preferences', {
  fallback: DEFAULT_PREFERENCES,
  version: 1,
});

const ServerUrlSchema = z.url({ protocol: /^https?$/ }).transform((url) => new URL(url).origin);
const StaffKeySchema = z.string().regex(/^bayme_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);

export async function getServerUrl(): Promise<string> {
  const parsed = ServerUrlSchema.safeParse(await serverUrlItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_SERVER_URL;
}

/** Save the server URL (null: back to the default); returns the origin stored. */
export async function setServerUrl(url: string | null): Promise<string> {
  if (url === null || url.trim() === '') {
    await serverUrlItem.setValue(null);
    return DEFAULT_SERVER_URL;
  }
  const origin = ServerUrlSchema.parse(url.trim());
  await serverUrlItem.setValue(origin === DEFAULT_SERVER_URL ? null : origin);
  return origin;
}

export function parseServerUrl(url: string): string | null {
  const parsed = ServerUrlSchema.safeParse(url.trim());
  return parsed.success ? parsed.data : null;
}

export async function getStaffKey(): Promise<string | null> {
  const parsed = StaffKeySchema.safeParse(await staffKeyItem.getValue());
  return parsed.success ? parsed.data : null;
}

export function isWellFormedStaffKey(key: string): boolean {
  return StaffKeySchema.safeParse(key).success;
}

export async function setStaffKey(key: string | null): Promise<void> {
  await staffKeyItem.setValue(key);
}

export async function getPreferences(): Promise<Preferences> {
  const parsed = PreferencesSchema.safeParse(await preferencesItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
}

export async function setPreferences(preferences: Preferences): Promise<void> {
  await preferencesItem.setValue(PreferencesSchema.parse(preferences));
}
