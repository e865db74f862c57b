import { z } from 'zod';
import { ApiError, ReturnCode } from '../core/api-error';
import { LargeJsonInteger } from '../core/envelope';
import { boolean, fieldList, idList, typeError } from '../core/params';
import { Permission } from '../core/permissions';
import type { EmulatorRuntime } from '../runtime';
import { AUTH_CODE_TTL_MS, issueToken } from '../state/credentials';
import type { AccessToken, App } from '../state/model';
import { defineEndpoint } from './endpoint';

/** OAuth for advertisers (shared/reference/tiktok-marketing-api.md §1). */

const AppCredentials = {
  app_id: z.string({ error: typeError('Not a valid string.') }).regex(/^\d+$/, {
    error: 'Not a valid app_id.',
  }),
  secret: z.string({ error: typeError('Not a valid string.') }).min(1),
};

function authenticateApp(runtime: EmulatorRuntime, appId: string, secret: string): App {
  const app = runtime.state.apps.get(appId);
  if (!app || app.secret !== secret) {
    throw new ApiError(ReturnCode.INVALID_AUTH_PARAMS, 'The app_id or secret is invalid.');
  }
  return app;
}

/** Scope ids go out as JSON numbers, as TikTok sends them, including ones above 2^53. */
const scopeNumbers = (scope: string[]) => scope.map((id) => new LargeJsonInteger(id));

export const accessToken = defineEndpoint({
  method: 'POST',
  path: 'oauth2/access_token/',
  auth: 'app',
  params: z.object({
    ...AppCredentials,
    auth_code: z.string({ error: typeError('Not a valid string.') }).min(1),
    return_advertiser_ids: boolean().default(true),
  }),
  handler(params, { runtime, now }) {
    const app = authenticateApp(runtime, params.app_id, params.secret);
    const code = runtime.state.authCodes.get(params.auth_code);
    const invalid = (why: string) =>
      new ApiError(ReturnCode.INVALID_AUTH_CODE, `Invalid auth_code: ${why}.`);
    if (!code || code.app_id !== app.app_id) throw invalid('it does not exist');
    if (code.used_at !== null) throw invalid('it has already been used');
    if (now - code.created_at > AUTH_CODE_TTL_MS) throw invalid('it has expired');
    code.used_at = now;
    const token = issueToken(runtime.state, {
      app_id: app.app_id,
      user_id: code.user_id,
      advertiser_ids: code.advertiser_ids,
      now,
      source: 'oauth',
      lifetimeSeconds: runtime.options.advertiserTokenLifetimeSeconds,
    });
    return {
      access_token: token.access_token,
      ...(params.return_advertiser_ids ? { advertiser_ids: token.advertiser_ids } : {}),
      scope: scopeNumbers(token.scope),
      ...expiryFields(token, now),
    };
  },
});

function expiryFields(token: AccessToken, now: number) {
  if (token.expires_at === null || token.refresh_token === null) return {};
  return {
    expires_in: Math.round((token.expires_at - now) / 1000),
    refresh_token: token.refresh_token,
  };
}

/**
 * Only in the expiring-token mode: a refresh token (single use) buys a new access token and
 * ends the old one. Modelled on TikTok's refresh of TikTok-account tokens.
 */
export const refreshToken = defineEndpoint({
  method: 'POST',
  path: 'oauth2/refresh_token/',
  auth: 'app',
  params: z.object({
    ...AppCredentials,
    refresh_token: z.string({ error: typeError('Not a valid string.') }).min(1),
    grant_type: z.literal('refresh_token').optional(),
  }),
  handler(params, { runtime, now }) {
    const app = authenticateApp(runtime, params.app_id, params.secret);
    const old = [...runtime.state.tokens.values()].find(
      (token) => token.refresh_token === params.refresh_token && token.app_id === app.app_id,
    );
    if (!old || old.revoked_at !== null) {
      throw new ApiError(
        ReturnCode.INVALID_AUTH_PARAMS,
        'The refresh token is invalid or has been used.',
      );
    }
    old.revoked_at = now;
    const token = issueToken(runtime.state, {
      app_id: app.app_id,
      user_id: old.user_id,
      advertiser_ids: old.advertiser_ids,
      scope: old.scope,
      now,
      source: old.source,
      lifetimeSeconds: runtime.options.advertiserTokenLifetimeSeconds ?? 86_400,
    });
    return {
      access_token: token.access_token,
      advertiser_ids: token.advertiser_ids,
      scope: scopeNumbers(token.scope),
      ...expiryFields(token, now),
    };
  },
});

export const authorizedAdvertisers = defineEndpoint({
  method: 'GET',
  path: 'oauth2/advertiser/get/',
  auth: 'access-token',
  params: z.object(AppCredentials),
  handler(params, { runtime, token }) {
    authenticateApp(runtime, params.app_id, params.secret);
    if (token && token.app_id !== params.app_id) {
      throw new ApiError(40113, "The app_id is inconsistent with the token's app information.");
    }
    return {
      list: (token?.advertiser_ids ?? []).flatMap((id) => {
        const advertiser = runtime.state.advertisers.get(id);
        return advertiser ? [{ advertiser_id: id, advertiser_name: advertiser.name }] : [];
      }),
    };
  },
});

export const revokeToken = defineEndpoint({
  method: 'POST',
  path: 'oauth2/revoke_token/',
  auth: 'app',
  params: z.object({
    ...AppCredentials,
    access_token: z.string({ error: typeError('Not a valid string.') }).min(1),
  }),
  handler(params, { runtime, now }) {
    const app = authenticateApp(runtime, params.app_id, params.secret);
    const token = runtime.state.tokens.get(params.access_token);
    if (!token || token.app_id !== app.app_id || token.revoked_at !== null) {
      throw new ApiError(
        ReturnCode.INVALID_ACCESS_TOKEN,
        'Access token is invalid or has been revoked.',
      );
    }
    token.revoked_at = now;
    return { app_id: app.app_id, advertiser_ids: token.advertiser_ids };
  },
});

export const ADVERTISER_FIELDS = [
  'advertiser_id',
  'name',
  'company',
  'status',
  'currency',
  'timezone',
  'display_timezone',
  'balance',
  'country',
  'create_time',
  'role',
] as const;

export const advertiserInfo = defineEndpoint({
  method: 'GET',
  path: 'advertiser/info/',
  auth: 'access-token',
  permission: Permission.AD_ACCOUNT_MANAGEMENT,
  params: z.object({
    advertiser_ids: idList(100),
    fields: fieldList(ADVERTISER_FIELDS).optional(),
  }),
  advertiserIds: (params) => params.advertiser_ids,
  handler(params, { runtime }) {
    return {
      list: params.advertiser_ids.flatMap((id) => {
        const advertiser = runtime.state.advertisers.get(id);
        if (!advertiser) return [];
        const full: Record<string, unknown> = {
          advertiser_id: advertiser.advertiser_id,
          name: advertiser.name,
          company: advertiser.company,
          status: advertiser.status,
          currency: advertiser.currency,
          timezone: advertiser.timezone,
          display_timezone: advertiser.display_timezone,
          balance: advertiser.balance,
          country: advertiser.country,
          create_time: Math.floor(advertiser.create_time / 1000),
          role: 'ROLE_ADVERTISER',
        };
        if (!params.fields) return [full];
        return [Object.fromEntries(params.fields.map((field) => [field, full[field]]))];
      }),
    };
  },
});

export const oauthEndpoints = [accessToken, refreshToken, authorizedAdvertisers, revokeToken];
export const advertiserEndpoints = [advertiserInfo];
