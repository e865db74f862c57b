import { randomBytes } from 'node:crypto';
import { ALL_PERMISSIONS } from '../core/permissions';
import type { AccessToken, AuthCode } from './model';
import type { EmulatorState } from './store';

/** Authorization codes live for one hour and work once. */
export const AUTH_CODE_TTL_MS = 3_600_000;

const opaque = (): string => randomBytes(20).toString('hex');

export function issueAuthCode(
  state: EmulatorState,
  grant: {
    app_id: string;
    user_id: string;
    advertiser_ids: string[];
    redirect_uri: string;
    now: number;
  },
): AuthCode {
  const code: AuthCode = {
    auth_code: opaque(),
    app_id: grant.app_id,
    user_id: grant.user_id,
    advertiser_ids: grant.advertiser_ids,
    redirect_uri: grant.redirect_uri,
    created_at: grant.now,
    used_at: null,
  };
  state.authCodes.set(code.auth_code, code);
  return code;
}

export function issueToken(
  state: EmulatorState,
  grant: {
    app_id: string;
    user_id: string | null;
    advertiser_ids: string[];
    scope?: string[];
    now: number;
    source: AccessToken['source'];
    /** Set only in the expiring-token mode; TikTok's advertiser tokens live until revoked. */
    lifetimeSeconds?: number | null;
  },
): AccessToken {
  const lifetime = grant.lifetimeSeconds ?? null;
  const token: AccessToken = {
    access_token: opaque(),
    app_id: grant.app_id,
    user_id: grant.user_id,
    advertiser_ids: grant.advertiser_ids,
    scope: grant.scope ?? [...ALL_PERMISSIONS],
    created_at: grant.now,
    revoked_at: null,
    expires_at: lifetime === null ? null : grant.now + lifetime * 1000,
    refresh_token: lifetime === null ? null : opaque(),
    source: grant.source,
  };
  state.tokens.set(token.access_token, token);
  return token;
}
