import { createHash, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { staffActor } from '../audit/actors';
import type { ConnectionService } from '../connections/connection-service';
import { notFound } from '../errors';
import { newId } from '../lib/ids';
import type { MarketingApiClient } from '../marketing-api/client';
import { isMarketingApiError } from '../marketing-api/errors';
import { roleAllows } from '../staff/staff-service';
import type { AuditLog } from '../storage/audit-log';
import type { OAuthAttempt, Staff, State } from '../storage/state-schema';
import type { StateStore } from '../storage/state-store';

/**
 * Connecting TikTok ad accounts, as Bayme disclosed it to TikTok: a staff member starts an
 * authorization, grants the app in TikTok for Business, TikTok redirects to our callback
 * with a code, and this server exchanges it and keeps the token.
 *
 * The `state` is random, single-use, valid for 10 minutes and bound to the staff member who
 * asked for it; only its hash is stored.
 */

const STATE_TTL_MS = 10 * 60_000;
/** Finished attempts are kept this long so the popup can read how they ended. */
const ATTEMPT_RETENTION_MS = 24 * 3_600_000;

export type CallbackOutcome =
  | { kind: 'connected'; accounts: Array<{ advertiserId: string; name: string }> }
  | { kind: 'failed'; title: string; detail: string; nextStep: string };

const hashState = (state: string) => createHash('sha256').update(state, 'utf8').digest('hex');

export interface OAuthServiceDeps {
  store: StateStore<State>;
  audit: AuditLog;
  marketingApi: MarketingApiClient;
  connections: ConnectionService;
  redirectUri: string;
  log: FastifyBaseLogger;
  now?: () => Date;
}

export class OAuthService {
  private readonly now: () => Date;

  constructor(private readonly deps: OAuthServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async start(staff: Staff) {
    const state = randomBytes(32).toString('base64url');
    const now = this.now();
    const attempt: OAuthAttempt = {
      id: newId('oa'),
      stateHash: hashState(state),
      staffId: staff.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + STATE_TTL_MS).toISOString(),
      usedAt: null,
      outcome: null,
    };
    await this.deps.store.update((data) => {
      const cutoff = now.getTime() - ATTEMPT_RETENTION_MS;
      data.oauthAttempts = data.oauthAttempts.filter((a) => Date.parse(a.createdAt) >= cutoff);
      data.oauthAttempts.push(attempt);
    });
    return {
      attemptId: attempt.id,
      authorizationUrl: this.deps.marketingApi.oauth.authorizationUrl({
        state,
        redirectUri: this.deps.redirectUri,
      }),
      expiresAt: attempt.expiresAt,
    };
  }

  /** How an attempt ended; staff see only their own, admins anyone's. */
  attempt(attemptId: string, viewer: Staff) {
    const attempt = this.deps.store.read().oauthAttempts.find((a) => a.id === attemptId);
    if (!attempt || (attempt.staffId !== viewer.id && viewer.role !== 'admin')) {
      throw notFound(`No authorization attempt ${attemptId}.`);
    }
    const expired =
      attempt.usedAt === null && Date.parse(attempt.expiresAt) <= this.now().getTime();
    return {
      attemptId: attempt.id,
      status: attempt.outcome?.kind ?? (expired ? ('expired' as const) : ('pending' as const)),
      advertiserIds: attempt.outcome?.kind === 'connected' ? attempt.outcome.advertiserIds : [],
      reason: attempt.outcome?.kind === 'failed' ? attempt.outcome.reason : null,
    };
  }

  /** Handle TikTok's redirect. Whatever fails, the staff member gets a page that says so. */
  async complete(query: {
    state?: string | undefined;
    code?: string | undefined;
  }): Promise<CallbackOutcome> {
    if (!query.state || !query.code) {
      return failed(
        'The authorization link is incomplete',
        'TikTok did not send back both an authorization code and a state.',
        'Start again from the toolkit: press Authorize TikTok in the extension.',
      );
    }
    const claimed = await this.claimAttempt(query.state);
    if (claimed.kind === 'failed') return claimed;
    const { attempt, staff } = claimed;
    const actor = staffActor(staff);

    let grant: Awaited<ReturnType<MarketingApiClient['oauth']['exchangeAuthCode']>>;
    try {
      grant = await this.deps.marketingApi.oauth.exchangeAuthCode(query.code);
    } catch (error) {
      return this.fail(
        attempt,
        actor,
        failed(
          'TikTok did not accept the authorization',
          isMarketingApiError(error)
            ? `TikTok said: ${error.message}`
            : 'TikTok could not be reached.',
          'Start again from the toolkit. If it keeps failing, tell an admin.',
        ),
        error,
      );
    }

    if (grant.advertiser_ids.length === 0) {
      await this.revokeQuietly(grant.access_token);
      return this.fail(
        attempt,
        actor,
        failed(
          'No ad account was shared',
          'The authorization finished without any ad account ticked, so there is nothing to connect.',
          'Start again and tick the ad accounts the toolkit should manage.',
        ),
      );
    }

    let connected: Awaited<ReturnType<ConnectionService['connect']>>;
    try {
      connected = await this.deps.connections.connect(
        {
          accessToken: grant.access_token,
          advertiserIds: grant.advertiser_ids,
          scope: grant.scope,
          expiresInSeconds: grant.expires_in ?? null,
          refreshToken: grant.refresh_token ?? null,
        },
        staff,
      );
    } catch (error) {
      await this.revokeQuietly(grant.access_token);
      return this.fail(
        attempt,
        actor,
        failed(
          'The ad accounts could not be read',
          isMarketingApiError(error)
            ? `TikTok accepted the authorization but then refused to describe the ad accounts: ${error.message}`
            : 'Something went wrong while saving the connection; it has been logged.',
          'Start again from the toolkit. If it keeps failing, tell an admin.',
        ),
        error,
      );
    }

    await this.deps.store.update((data) => {
      const current = data.oauthAttempts.find((a) => a.id === attempt.id);
      if (current) {
        current.outcome = {
          kind: 'connected',
          connectionId: connected.connectionId,
          advertiserIds: connected.adAccounts.map((a) => a.advertiserId),
        };
      }
    });
    return {
      kind: 'connected',
      accounts: connected.adAccounts.map((a) => ({ advertiserId: a.advertiserId, name: a.name })),
    };
  }

  /**
   * Find the attempt a state belongs to and mark it used, in one locked update, so that two
   * requests racing with the same state cannot both pass.
   */
  private async claimAttempt(
    state: string,
  ): Promise<
    | { kind: 'claimed'; attempt: OAuthAttempt; staff: Staff }
    | Extract<CallbackOutcome, { kind: 'failed' }>
  > {
    const now = this.now();
    const hash = hashState(state);
    const result = await this.deps.store.update((data) => {
      const attempt = data.oauthAttempts.find((a) => a.stateHash === hash);
      if (!attempt) return { problem: 'unknown' as const };
      if (attempt.usedAt !== null) return { problem: 'used' as const };
      if (Date.parse(attempt.expiresAt) <= now.getTime())
        return { problem: 'expired' as const, attempt: { ...attempt } };
      attempt.usedAt = now.toISOString();
      const staff = data.staff.find((s) => s.id === attempt.staffId);
      if (staff?.status !== 'active' || !roleAllows(staff.role, 'buyer')) {
        attempt.outcome = {
          kind: 'failed',
          reason: 'The staff member may no longer connect ad accounts.',
        };
        return { problem: 'staff' as const };
      }
      return { problem: null, attempt: { ...attempt }, staff: { ...staff } };
    });

    const retry = 'Start again from the toolkit: press Authorize TikTok in the extension.';
    if (result.problem === 'unknown') {
      await this.auditRejected('unknown state');
      return failed(
        'This authorization link is not recognised',
        'It was not started from this toolkit, or it belongs to another server.',
        retry,
      );
    }
    if (result.problem === 'used') {
      await this.auditRejected('state already used');
      return failed(
        'This authorization link was already used',
        'Each link works once, and this one has been completed before.',
        retry,
      );
    }
    if (result.problem === 'expired') {
      await this.deps.store.update((data) => {
        const current = data.oauthAttempts.find((a) => a.id === result.attempt.id);
        if (current)
          current.outcome = { kind: 'failed', reason: 'The authorization link expired.' };
      });
      await this.auditRejected('state expired');
      return failed(
        'This authorization link has expired',
        'Links are valid for 10 minutes after you press Authorize TikTok.',
        retry,
      );
    }
    if (result.problem === 'staff') {
      await this.auditRejected('staff member disabled or not allowed');
      return failed(
        'You may no longer connect ad accounts',
        'Your toolkit account was disabled or its role changed after you started.',
        'Ask an admin.',
      );
    }
    return { kind: 'claimed', attempt: result.attempt, staff: result.staff };
  }

  private async fail(
    attempt: OAuthAttempt,
    actor: ReturnType<typeof staffActor>,
    outcome: Extract<CallbackOutcome, { kind: 'failed' }>,
    error?: unknown,
  ): Promise<CallbackOutcome> {
    if (error)
      this.deps.log.warn(
        { attemptId: attempt.id, err: isMarketingApiError(error) ? error.toJSON() : String(error) },
        'OAuth callback failed',
      );
    await this.deps.store.update((data) => {
      const current = data.oauthAttempts.find((a) => a.id === attempt.id);
      if (current)
        current.outcome = { kind: 'failed', reason: `${outcome.title}. ${outcome.detail}` };
    });
    await this.deps.audit.append({
      actor,
      action: 'oauth.connect',
      outcome: 'failure',
      entityIds: [attempt.id],
      tiktokRequestIds: isMarketingApiError(error) && error.requestId ? [error.requestId] : [],
      message: `${outcome.title}: ${outcome.detail}`,
    });
    return outcome;
  }

  private async auditRejected(reason: string): Promise<void> {
    await this.deps.audit.append({
      actor: { kind: 'anonymous', staffId: null, email: null },
      action: 'oauth.callback_rejected',
      outcome: 'rejected',
      message: `OAuth callback refused: ${reason}.`,
    });
  }

  /** An authorization we will not keep should not stay valid at TikTok either. */
  private async revokeQuietly(accessToken: string): Promise<void> {
    try {
      await this.deps.marketingApi.oauth.revokeToken(accessToken);
    } catch (error) {
      this.deps.log.warn(
        { err: isMarketingApiError(error) ? error.toJSON() : String(error) },
        'could not revoke an unused token',
      );
    }
  }
}

function failed(
  title: string,
  detail: string,
  nextStep: string,
): Extract<CallbackOutcome, { kind: 'failed' }> {
  return { kind: 'failed', title, detail, nextStep };
}
