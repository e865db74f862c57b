import { z } from 'zod';
import type { CallOptions, ClientContext } from './context';
import { TikTokIdSchema } from './schemas';

/** OAuth for advertisers (shared/reference/tiktok-marketing-api.md §1). */

export const AccessTokenGrantSchema = z.object({
  access_token: z.string().min(1),
  advertiser_ids: z.array(TikTokIdSchema).default([]),
  /** Permission ids; some exceed 2^53 and arrive as strings (see json-large-integers). */
  scope: z.array(z.union([z.number(), z.string()]).transform(String)).default([]),
  /**
   * TikTok's advertiser tokens do not expire today and come without these. Should that
   * change, the server refreshes them before they expire (see connection-service.ts).
   */
  expires_in: z.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
});
export type AccessTokenGrant = z.infer<typeof AccessTokenGrantSchema>;

export const AuthorizedAdvertiserSchema = z.object({
  advertiser_id: TikTokIdSchema,
  advertiser_name: z.string(),
});
export type AuthorizedAdvertiser = z.infer<typeof AuthorizedAdvertiserSchema>;

const RevokeResultSchema = z.object({
  app_id: z.string().optional(),
  advertiser_ids: z.array(TikTokIdSchema).default([]),
});

export function oauthApi(context: ClientContext) {
  const { transport, appId, appSecret } = context;
  return {
    /** Where to send a staff member to grant the app access to ad accounts. */
    authorizationUrl(input: { state: string; redirectUri: string }): string {
      const url = new URL('/portal/auth', context.portalOrigin);
      url.searchParams.set('app_id', appId);
      url.searchParams.set('state', input.state);
      url.searchParams.set('redirect_uri', input.redirectUri);
      return url.toString();
    },

    /**
     * Trade an authorization code for a long-lived advertiser token. Codes work once, so a
     * call that may have reached TikTok is never repeated (only throttled ones are).
     */
    async exchangeAuthCode(authCode: string, options: CallOptions = {}) {
      const result = await transport.request({
        method: 'POST',
        path: 'oauth2/access_token/',
        body: { app_id: appId, secret: appSecret, auth_code: authCode },
        data: AccessTokenGrantSchema,
        idempotent: false,
        sensitive: [authCode],
        ...options,
      });
      return { ...result.data, requestId: result.requestId };
    },

    /** The ad accounts a token covers (unpaged). */
    async authorizedAdvertisers(accessToken: string, options: CallOptions = {}) {
      const result = await transport.request({
        method: 'GET',
        path: 'oauth2/advertiser/get/',
        accessToken,
        query: { app_id: appId, secret: appSecret },
        data: z.object({ list: z.array(AuthorizedAdvertiserSchema) }),
        idempotent: true,
        ...options,
      });
      return result.data.list;
    },

    /**
     * Exchange a refresh token for a new access token. Only for expiring tokens, which TikTok
     * does not issue to advertisers today; the endpoint follows TikTok's documented refresh
     * for TikTok-account tokens. Not repeated after a possible delivery: a refresh token
     * works once.
     */
    async refreshAccessToken(refreshToken: string, options: CallOptions = {}) {
      const result = await transport.request({
        method: 'POST',
        path: 'oauth2/refresh_token/',
        body: {
          app_id: appId,
          secret: appSecret,
          refresh_token: refreshToken,
          grant_type: 'refresh_token',
        },
        data: AccessTokenGrantSchema,
        idempotent: false,
        sensitive: [refreshToken],
        ...options,
      });
      return { ...result.data, requestId: result.requestId };
    },

    /** Revoke a token (a staff member left, or an admin disconnected the accounts). */
    async revokeToken(accessToken: string, options: CallOptions = {}) {
      const result = await transport.request({
        method: 'POST',
        path: 'oauth2/revoke_token/',
        body: { app_id: appId, secret: appSecret, access_token: accessToken },
        data: RevokeResultSchema,
        idempotent: true,
        sensitive: [accessToken],
        ...options,
      });
      return { advertiser_ids: result.data.advertiser_ids, requestId: result.requestId };
    },
  };
}
