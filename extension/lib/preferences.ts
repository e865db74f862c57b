import { browser } from 'wxt/browser';
import { z } from 'zod/mini';

/**
 * The staff member's overlay preferences (options page), kept in extension storage and
 * validated when read: a damaged value falls back to the defaults. Apart from settings.ts
 * and written with zod's small build, because the Ads Manager content script reads them and
 * must stay small; settings.ts re-exports all of this for the extension's pages.
 *
 * Read and written with the browser's storage API directly, not WXT's storage items (as the
 * other settings are): WXT's storage module alone is about 3 kB of the content script's
 * 100 kB budget. The key and the stored value are the ones a `local:preferences` item
 * would use, and the value has had one shape since it was first stored (version 1).
 */

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
  overlayMetrics: z.array(z.enum(OVERLAY_METRICS)).check(z.minLength(1)),
  /**
   * Bayme ROAS (the shop's own revenue ÷ TikTok's spend) on the badges, beside TikTok's ROAS.
   * A flag apart from `overlayMetrics`, not one of them: that list is also the side panel's
   * columns (TikTok's figures), and a value added to its enum would make an older content
   * script still open in a tab reject the whole preference. Absent in values stored before.
   */
  baymeRoas: z.optional(z.boolean()),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  defaultDateRange: 'last_7_days',
  overlayMetrics: [...OVERLAY_METRICS],
};

const KEY = 'preferences';

export async function getPreferences(): Promise<Preferences> {
  const stored = await browser.storage.local.get(KEY);
  const parsed = PreferencesSchema.safeParse(stored[KEY]);
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
}

export async function setPreferences(preferences: Preferences): Promise<void> {
  await browser.storage.local.set({ [KEY]: PreferencesSchema.parse(preferences) });
}

/** Called when the preferences change (the options page saved them), until unwatched. */
export function watchPreferences(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && KEY in changes) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
