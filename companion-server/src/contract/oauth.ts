import { z } from 'zod';
import { IsoDateTimeSchema, LocalIdSchema, TikTokIdSchema } from './common';
import { defineRoute } from './route';

/** Start connecting TikTok ad accounts: the URL to open, and an attempt to follow. */
export const startOAuth = defineRoute({
  method: 'POST',
  path: '/api/oauth/start',
  access: 'buyer',
  response: z.object({
    attemptId: LocalIdSchema,
    authorizationUrl: z.url(),
    expiresAt: IsoDateTimeSchema,
  }),
});

export const OAuthAttemptViewSchema = z.object({
  attemptId: LocalIdSchema,
  status: z.enum(['pending', 'connected', 'failed', 'expired']),
  advertiserIds: z.array(TikTokIdSchema),
  reason: z.string().nullable(),
});

/** How an authorization started by this staff member ended (the popup polls it). */
export const oauthAttempt = defineRoute({
  method: 'GET',
  path: '/api/oauth/attempts/:attemptId',
  access: 'buyer',
  params: z.object({ attemptId: LocalIdSchema }),
  response: OAuthAttemptViewSchema,
});
