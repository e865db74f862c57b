import { storage } from 'wxt/utils/storage';
import { z } from 'zod';

/**
 * Everything the extension keeps, in extension storage (never readable by web pages), each
 * item validated with zod when read: a damaged value falls back to the default instead of
 * breaking the popup.
 */

// The preferences live apart because the Ads Manager content script reads them with zod's
// small build; the pages keep importing them from here.
export {
  DATE_RANGES,
  DEFAULT_PREFERENCES,
  getPreferences,
  OVERLAY_METRICS,
  type Preferences,
  PreferencesSchema,
  setPreferences,
} from './preferences';

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
