import { storage } from 'wxt/utils/storage';
import { z } from 'zod/mini';

/**
 * The staff member's overlay preferences (options page), kept in extension storage and
 * validated when read: a damaged value falls back to the defaults. Apart from settings.ts
 * and written with zod's small build, because the Ads Manager content script reads them and
 * must stay small; settings.ts re-exports all of this for the extension's pages.
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

export async function getPreferences(): Promise<Preferences> {
  const parsed = PreferencesSchema.safeParse(await preferencesItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
}

export async function setPreferences(preferences: Preferences): Promise<void> {
  await preferencesItem.setValue(PreferencesSchema.parse(preferences));
}

/** Called when the preferences change (the options page saved them), until unwatched. */
export function watchPreferences(onChange: () => void): () => void {
  return preferencesItem.watch(() => onChange());
}
