import { z } from 'zod/mini';

/**
 * What can go wrong between the extension and the companion server, in terms a staff
 * member can act on. `message` is shown as is. Written with zod's small build: the Ads
 * Manager content script checks every answer it gets with this schema.
 */
export const ExtensionErrorSchema = z.object({
  kind: z.enum([
    /** The server did not answer (down, wrong URL, network). */
    'unreachable',
    /** No staff key is saved yet. */
    'signed-out',
    /** The server refused the key (wrong, revoked, or the person was disabled). */
    'key-rejected',
    /** The key is fine but the role may not do this. */
    'forbidden',
    /** Chrome has not been allowed to reach the server's address. */
    'no-permission',
    /** The server refused the request as made (its message says why). */
    'invalid',
    /** The server failed. */
    'server',
  ]),
  message: z.string(),
  status: z.optional(z.int()),
});
export type ExtensionError = z.infer<typeof ExtensionErrorSchema>;

export class ExtensionRequestError extends Error {
  constructor(readonly detail: ExtensionError) {
    super(detail.message);
    this.name = 'ExtensionRequestError';
  }
}
