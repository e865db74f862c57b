import { z } from 'zod';

/**
 * Shapes shared by the companion server and the extension. This folder is the contract
 * between them: plain zod, no Node or Fastify imports, dates as ISO strings, ids as strings.
 */

/** A TikTok id (advertiser, campaign, ad group, ad): a string of digits, never a number. */
export const TikTokIdSchema = z
  .string()
  .regex(/^\d{1,20}$/, { error: 'Expected an id made of digits.' });

/** One of our own ids (staff, connection, OAuth attempt). */
export const LocalIdSchema = z.string().regex(/^[a-z0-9_-]{6,64}$/i, { error: 'Not a valid id.' });

/**
 * A credential a person pasted that the server will send in an HTTP header (e.g. TikTok's
 * `Access-Token`): visible ASCII only. Anything else (a line break, a space, a character
 * beyond U+007E) cannot go into a header, and sending it would fail as if the network had.
 */
export const HeaderSafeTokenSchema = z
  .string()
  .trim()
  .min(16)
  .max(512)
  .regex(/^[\x21-\x7E]+$/, {
    error:
      'The token may contain only visible ASCII characters (no spaces, line breaks or non-Latin letters): copy it again from TikTok.',
  });

export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

export const ROLES = ['viewer', 'buyer', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const MarketingApiModeSchema = z.enum(['production', 'sandbox', 'emulator']);
export type MarketingApiMode = z.infer<typeof MarketingApiModeSchema>;

/** Every error the server answers with: a specific message, and a stable code for programs. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
