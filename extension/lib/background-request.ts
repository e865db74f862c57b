import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { type ExtensionError, ExtensionErrorSchema, ExtensionRequestError } from './errors';
import type { ExtensionRequest } from './protocol';

/**
 * One request to the background service worker and the check of its answer's envelope,
 * shared by the extension's pages (messaging.ts) and the Ads Manager content script
 * (content-api.ts). Written with zod's small build because the content script carries it.
 */

export type ExtensionResponse<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: ExtensionError };

export const ResponseSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ExtensionErrorSchema }),
]);

/** The answer's data; throws an ExtensionRequestError carrying what went wrong. */
export async function sendToBackground(request: ExtensionRequest): Promise<unknown> {
  const raw: unknown = await browser.runtime.sendMessage(request);
  const response = ResponseSchema.safeParse(raw);
  if (!response.success) {
    throw new ExtensionRequestError({
      kind: 'server',
      message: 'The extension’s background did not answer. Reload the extension.',
    });
  }
  if (!response.data.ok) throw new ExtensionRequestError(response.data.error);
  return response.data.data;
}
