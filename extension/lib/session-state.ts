import { storage } from 'wxt/utils/storage';
import { z } from 'zod';

/**
 * State kept only for this browser session, in `storage.session`: readable by the
 * background and extension pages, not by content scripts (Chrome refuses them access).
 */

/** The authorization started from this browser, followed until TikTok redirects back. */
export const PendingAuthorizationSchema = z.object({
  attemptId: z.string(),
  startedAt: z.string(),
});
const pendingAuthorizationItem = storage.defineItem<z.infer<
  typeof PendingAuthorizationSchema
> | null>('session:pendingAuthorization', { fallback: null });

export async function getPendingAuthorization() {
  const parsed = PendingAuthorizationSchema.safeParse(await pendingAuthorizationItem.getValue());
  return parsed.success ? parsed.data : null;
}

export async function setPendingAuthorization(
  value: z.infer<typeof PendingAuthorizationSchema> | null,
) {
  await pendingAuthorizationItem.setValue(value);
}

/**
 * The Ads Manager view each tab shows (kept for this browser session only), and when the
 * tab last reported it: the most recent one is the Ads Manager tab an options page acts on.
 */
const PageContextsSchema = z.record(
  z.string(),
  z.object({
    advertiserId: z.string(),
    level: z.enum(['campaign', 'adgroup', 'ad']),
    start: z.string(),
    end: z.string(),
    reportedAt: z.string(),
  }),
);
export type StoredPageContexts = z.infer<typeof PageContextsSchema>;
export const pageContextsItem = storage.defineItem<StoredPageContexts>('session:pageContexts', {
  fallback: {},
});

export async function getPageContexts(): Promise<StoredPageContexts> {
  const parsed = PageContextsSchema.safeParse(await pageContextsItem.getValue());
  return parsed.success ? parsed.data : {};
}
