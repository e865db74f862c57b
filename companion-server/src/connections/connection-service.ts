import type { FastifyBaseLogger } from 'fastify';
import { SYSTEM_ACTOR } from '../audit/actors';
import type { AuditActor } from '../contract/audit';
import type { AdAccountView, ConnectionView } from '../contract/connections';
import { badRequest, conflict, notFound, upstreamFailed } from '../errors';
import { newId } from '../lib/ids';
import type { MarketingApiClient } from '../marketing-api/client';
import { isMarketingApiError, MarketingApiError } from '../marketing-api/errors';
import {
  decryptSecret,
  encryptSecret,
  type Keyring,
  needsReencryption,
} from '../security/token-vault';
import type { AuditLog } from '../storage/audit-log';
import type { AdAccount, Connection, State } from '../storage/state-schema';
import type { StateStore } from '../storage/state-store';

/**
 * TikTok connections (one advertiser token each) and the ad accounts they give access to.
 * This is the only place that decrypts a token, and every Marketing API call for an ad
 * account goes through `withAdvertiserToken`, so that a token TikTok stops accepting is
 * marked broken the moment it happens and staff are told to re-authorize.
 */

/** Refresh an expiring token this long before it expires. */
const REFRESH_AHEAD_MS = 24 * 3_600_000;

export interface NewGrant {
  accessToken: string;
  advertiserIds: string[];
  scope: string[];
  expiresInSeconds: number | null;
  refreshToken: string | null;
}

export interface ConnectionServiceDeps {
  store: StateStore<State>;
  audit: AuditLog;
  keyring: Keyring;
  marketingApi: MarketingApiClient;
  log: FastifyBaseLogger;
  now?: () => Date;
}

export class ConnectionService {
  private readonly now: () => Date;
  private revocationSweep: Promise<void> | null = null;

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  listAdAccounts(): AdAccountView[] {
    const state = this.deps.store.read();
    return state.adAccounts.map((account) => {
      const connection = state.connections.find((c) => c.id === account.connectionId);
      return {
        advertiserId: account.advertiserId,
        name: account.name,
        currency: account.currency,
        timezone: account.timezone,
        status: account.status,
        // Broken when the authorization is, or when TikTok stopped granting this one account.
        health:
          connection?.status === 'active' && connection.advertiserIds.includes(account.advertiserId)
            ? 'ok'
            : 'broken',
        connectionId: account.connectionId,
        connectedAt: account.connectedAt,
      };
    });
  }

  /** A connected ad account, for its currency, time zone and health (404 when it is not). */
  adAccount(advertiserId: string): AdAccountView {
    const account = this.listAdAccounts().find((a) => a.advertiserId === advertiserId);
    if (!account)
      throw notFound(`Ad account ${advertiserId} is not connected. Authorize it first.`);
    return account;
  }

  listConnections(): ConnectionView[] {
    const state = this.deps.store.read();
    return state.connections.map((connection) => connectionView(state, connection));
  }

  connectionView(connectionId: string): ConnectionView {
    const state = this.deps.store.read();
    const connection = state.connections.find((c) => c.id === connectionId);
    if (!connection) throw notFound(`No connection with id ${connectionId}.`);
    return connectionView(state, connection);
  }

  /**
   * Store a new authorization and the ad accounts it covers. The accounts' details come
   * from TikTok (`oauth2/advertiser/get`, then `advertiser/info`) before anything is saved,
   * so a failure there stores nothing.
   */
  async connect(grant: NewGrant, staff: { id: string; email: string }) {
    const { marketingApi } = this.deps;
    const authorized = await marketingApi.oauth.authorizedAdvertisers(grant.accessToken);
    const granted = new Set(grant.advertiserIds);
    const advertiserIds = authorized.map((a) => a.advertiser_id).filter((id) => granted.has(id));
    const details =
      advertiserIds.length > 0
        ? await marketingApi.advertisers.info(grant.accessToken, advertiserIds)
        : [];
    const at = this.now().toISOString();
    const connectionId = newId('conn');
    const connection: Connection = {
      id: connectionId,
      createdBy: staff.id,
      createdAt: at,
      status: 'active',
      statusReason: null,
      statusChangedAt: at,
      token: encryptSecret(grant.accessToken, this.deps.keyring, connectionId),
      refreshToken: grant.refreshToken
        ? encryptSecret(grant.refreshToken, this.deps.keyring, `${connectionId}:refresh`)
        : null,
      expiresAt:
        grant.expiresInSeconds === null
          ? null
          : new Date(this.now().getTime() + grant.expiresInSeconds * 1000).toISOString(),
      advertiserIds,
      scope: grant.scope,
      lastCheckedAt: at,
    };
    const accounts: AdAccount[] = details.map((info) => ({
      advertiserId: info.advertiser_id,
      name: info.name,
      currency: info.currency,
      timezone: info.timezone,
      status: info.status,
      connectionId,
      connectedAt: at,
      updatedAt: at,
    }));

    const superseded = await this.deps.store.update((state) => {
      state.connections.push(connection);
      for (const account of accounts) {
        const index = state.adAccounts.findIndex((a) => a.advertiserId === account.advertiserId);
        if (index >= 0) state.adAccounts[index] = account;
        else state.adAccounts.push(account);
      }
      return this.retireUnusedConnections(state, grant.accessToken, at);
    });
    await this.deps.audit.append({
      actor: { kind: 'staff', staffId: staff.id, email: staff.email },
      action: 'oauth.connect',
      outcome: 'success',
      entityIds: [connectionId, ...advertiserIds],
      message: `Connected ${accounts.length} ad account(s): ${accounts.map((a) => a.name).join(', ')}.`,
      details: { supersededConnections: superseded },
    });
    return { connectionId, adAccounts: accounts };
  }

  /** Store a token made outside OAuth (TikTok's portal, for the sandbox ad account). */
  async importToken(accessToken: string, staff: { id: string; email: string }) {
    let authorized: Awaited<ReturnType<MarketingApiClient['oauth']['authorizedAdvertisers']>>;
    try {
      authorized = await this.deps.marketingApi.oauth.authorizedAdvertisers(accessToken);
    } catch (error) {
      if (isMarketingApiError(error) && error.category !== 'retryable') {
        throw badRequest(`TikTok does not accept this token: ${error.message}`, 'token_rejected');
      }
      throw error;
    }
    if (authorized.length === 0)
      throw badRequest('This token gives access to no ad account.', 'no_ad_accounts');
    return this.connect(
      {
        accessToken,
        advertiserIds: authorized.map((a) => a.advertiser_id),
        scope: [],
        expiresInSeconds: null,
        refreshToken: null,
      },
      staff,
    );
  }

  /**
   * Connections no ad account points to any more (a newer authorization covers them) are
   * retired: revoked at TikTok, unless TikTok handed out the same token again, in which case
   * revoking it would cut off the new connection too.
   */
  private retireUnusedConnections(state: State, newToken: string, at: string): string[] {
    const inUse = new Set(state.adAccounts.map((a) => a.connectionId));
    const retired: string[] = [];
    for (const old of state.connections) {
      if (inUse.has(old.id) || (old.status !== 'active' && old.status !== 'broken') || !old.token)
        continue;
      const sameToken = this.decrypt(old) === newToken;
      old.status = sameToken ? 'revoked' : 'revoking';
      old.statusReason = 'Replaced by a newer authorization of the same ad accounts.';
      old.statusChangedAt = at;
      if (sameToken) {
        old.token = null;
        old.refreshToken = null;
      }
      retired.push(old.id);
    }
    return retired;
  }

  /**
   * Run a Marketing API call for an ad account with its connection's token. A token TikTok
   * no longer accepts (revoked in TikTok, account access removed) marks the connection
   * broken before the error reaches the caller.
   */
  async withAdvertiserToken<T>(
    advertiserId: string,
    call: (accessToken: string) => Promise<T>,
  ): Promise<T> {
    const state = this.deps.store.read();
    const account = state.adAccounts.find((a) => a.advertiserId === advertiserId);
    if (!account)
      throw notFound(`Ad account ${advertiserId} is not connected. Authorize it first.`);
    let connection = state.connections.find((c) => c.id === account.connectionId);
    if (connection?.token && connection.status === 'active' && connection.expiresAt) {
      await this.refreshIfExpiring(connection);
      connection = this.deps.store.read().connections.find((c) => c.id === account.connectionId);
    }
    if (!connection?.token || connection.status !== 'active') {
      throw conflict(
        `The TikTok authorization for ad account ${advertiserId} is not working (${connection?.statusReason ?? 'unknown'}). Re-authorize it.`,
        'connection_broken',
      );
    }
    try {
      return await call(this.decrypt(connection));
    } catch (error) {
      if (isMarketingApiError(error) && error.category === 'reauthorize') {
        await this.markBroken(connection.id, brokenReason(error));
      }
      throw error;
    }
  }

  async markBroken(connectionId: string, reason: string): Promise<void> {
    const changed = await this.deps.store.update((state) => {
      const connection = state.connections.find((c) => c.id === connectionId);
      if (connection?.status !== 'active') return false;
      connection.status = 'broken';
      connection.statusReason = reason;
      connection.statusChangedAt = this.now().toISOString();
      return true;
    });
    if (changed) {
      this.deps.log.warn({ connectionId }, 'TikTok connection marked broken');
      await this.deps.audit.append({
        actor: SYSTEM_ACTOR,
        action: 'oauth.broken',
        outcome: 'failure',
        entityIds: [connectionId],
        message: reason,
      });
    }
  }

  /**
   * Ask TikTok whether a connection still works, and refresh the accounts it covers. A
   * refused token marks it broken; a transient failure changes nothing.
   */
  async check(connectionId: string): Promise<ConnectionView> {
    const connection = this.deps.store.read().connections.find((c) => c.id === connectionId);
    if (!connection) throw notFound(`No connection with id ${connectionId}.`);
    if (connection.status !== 'active' || !connection.token)
      return this.connectionView(connectionId);
    await this.refreshIfExpiring(connection);
    const fresh = this.deps.store.read().connections.find((c) => c.id === connectionId);
    if (!fresh?.token || fresh.status !== 'active') return this.connectionView(connectionId);
    try {
      const authorized = await this.deps.marketingApi.oauth.authorizedAdvertisers(
        this.decrypt(fresh),
      );
      const names = new Map(authorized.map((a) => [a.advertiser_id, a.advertiser_name]));
      const at = this.now().toISOString();
      await this.deps.store.update((state) => {
        const current = state.connections.find((c) => c.id === connectionId);
        if (!current) return;
        current.lastCheckedAt = at;
        current.advertiserIds = current.advertiserIds.filter((id) => names.has(id));
        for (const account of state.adAccounts) {
          const name = names.get(account.advertiserId);
          if (
            account.connectionId === connectionId &&
            name !== undefined &&
            name !== account.name
          ) {
            account.name = name;
            account.updatedAt = at;
          }
        }
      });
      const lost = fresh.advertiserIds.filter((id) => !names.has(id));
      if (lost.length > 0) {
        await this.deps.audit.append({
          actor: SYSTEM_ACTOR,
          action: 'oauth.accounts_lost',
          outcome: 'failure',
          entityIds: [connectionId, ...lost],
          message: `TikTok no longer grants access to ${lost.length} ad account(s) of this connection.`,
        });
      }
    } catch (error) {
      if (
        isMarketingApiError(error) &&
        (error.category === 'reauthorize' || error.code === 40101)
      ) {
        await this.markBroken(connectionId, brokenReason(error));
      } else {
        this.deps.log.warn(
          { connectionId, err: describe(error) },
          'connection check failed; will retry',
        );
      }
    }
    return this.connectionView(connectionId);
  }

  async checkAll(): Promise<void> {
    for (const connection of this.deps.store.read().connections) {
      if (connection.status === 'active') await this.check(connection.id);
    }
  }

  /** Revoke the authorization at TikTok and forget the token and its ad accounts. */
  async disconnect(connectionId: string, actor: AuditActor): Promise<ConnectionView> {
    const connection = this.deps.store.read().connections.find((c) => c.id === connectionId);
    if (!connection) throw notFound(`No connection with id ${connectionId}.`);
    if (connection.status === 'revoked')
      throw conflict('This connection is already disconnected.', 'already_revoked');
    let requestIds: string[];
    try {
      requestIds = await this.revokeAtTikTok(connection);
    } catch (error) {
      const reason = isMarketingApiError(error) ? error.message : 'TikTok could not be reached';
      await this.deps.audit.append({
        actor,
        action: 'oauth.disconnect',
        outcome: 'failure',
        entityIds: [connectionId, ...connection.advertiserIds],
        tiktokRequestIds: isMarketingApiError(error) && error.requestId ? [error.requestId] : [],
        message: `TikTok did not revoke the authorization (${reason}); the connection stays active.`,
      });
      throw upstreamFailed(
        `TikTok did not revoke the authorization: ${reason}. Nothing changed; try again later.`,
      );
    }
    await this.deps.audit.append({
      actor,
      action: 'oauth.disconnect',
      outcome: 'success',
      entityIds: [connectionId, ...connection.advertiserIds],
      tiktokRequestIds: requestIds,
      message: `Disconnected ${connection.advertiserIds.length} ad account(s); the authorization was revoked at TikTok.`,
    });
    return this.connectionView(connectionId);
  }

  /** Revoke the connections marked for revocation (e.g. of disabled staff); one sweep at a time. */
  processRevocations(): Promise<void> {
    this.revocationSweep ??= this.sweepRevocations().finally(() => {
      this.revocationSweep = null;
    });
    return this.revocationSweep;
  }

  private async sweepRevocations(): Promise<void> {
    for (const connection of this.deps.store.read().connections) {
      if (connection.status !== 'revoking') continue;
      try {
        const requestIds = await this.revokeAtTikTok(connection);
        await this.deps.audit.append({
          actor: SYSTEM_ACTOR,
          action: 'oauth.revoke',
          outcome: 'success',
          entityIds: [connection.id, ...connection.advertiserIds],
          tiktokRequestIds: requestIds,
          message: connection.statusReason ?? 'Revoked at TikTok.',
        });
      } catch (error) {
        this.deps.log.warn(
          { connectionId: connection.id, err: describe(error) },
          'revocation failed; will retry',
        );
      }
    }
  }

  /** Re-encrypt every stored token under the current key (after a key rotation). */
  async reencryptTokens(): Promise<number> {
    const { keyring } = this.deps;
    return this.deps.store.update((state) => {
      let count = 0;
      for (const connection of state.connections) {
        if (connection.token && needsReencryption(connection.token, keyring)) {
          connection.token = encryptSecret(
            decryptSecret(connection.token, keyring, connection.id),
            keyring,
            connection.id,
          );
          count += 1;
        }
        const refreshAad = `${connection.id}:refresh`;
        if (connection.refreshToken && needsReencryption(connection.refreshToken, keyring)) {
          connection.refreshToken = encryptSecret(
            decryptSecret(connection.refreshToken, keyring, refreshAad),
            keyring,
            refreshAad,
          );
          count += 1;
        }
      }
      return count;
    });
  }

  /**
   * TikTok's advertiser tokens do not expire today. Should TikTok start sending
   * `expires_in` and `refresh_token`, tokens are refreshed a day before they expire.
   */
  private async refreshIfExpiring(connection: Connection): Promise<void> {
    if (!connection.expiresAt || !connection.refreshToken) return;
    if (Date.parse(connection.expiresAt) - this.now().getTime() > REFRESH_AHEAD_MS) return;
    try {
      const refreshed = await this.deps.marketingApi.oauth.refreshAccessToken(
        decryptSecret(connection.refreshToken, this.deps.keyring, `${connection.id}:refresh`),
      );
      await this.deps.store.update((state) => {
        const current = state.connections.find((c) => c.id === connection.id);
        if (!current) return;
        current.token = encryptSecret(refreshed.access_token, this.deps.keyring, current.id);
        current.refreshToken = refreshed.refresh_token
          ? encryptSecret(refreshed.refresh_token, this.deps.keyring, `${current.id}:refresh`)
          : current.refreshToken;
        current.expiresAt =
          refreshed.expires_in === undefined
            ? null
            : new Date(this.now().getTime() + refreshed.expires_in * 1000).toISOString();
      });
      await this.deps.audit.append({
        actor: SYSTEM_ACTOR,
        action: 'oauth.refresh',
        outcome: 'success',
        entityIds: [connection.id],
        tiktokRequestIds: [refreshed.requestId],
        message: 'Refreshed an expiring TikTok token.',
      });
    } catch (error) {
      if (isMarketingApiError(error) && error.category !== 'retryable') {
        await this.markBroken(
          connection.id,
          `The token could not be refreshed (${error.message}). Re-authorize.`,
        );
      } else {
        this.deps.log.warn(
          { connectionId: connection.id, err: describe(error) },
          'token refresh failed; will retry',
        );
      }
    }
  }

  private async revokeAtTikTok(connection: Connection): Promise<string[]> {
    const requestIds: string[] = [];
    if (connection.token) {
      try {
        const result = await this.deps.marketingApi.oauth.revokeToken(this.decrypt(connection));
        requestIds.push(result.requestId);
      } catch (error) {
        // A token TikTok already considers invalid is as good as revoked.
        if (!(error instanceof MarketingApiError && error.code === 40105)) throw error;
      }
    }
    const at = this.now().toISOString();
    await this.deps.store.update((state) => {
      const current = state.connections.find((c) => c.id === connection.id);
      if (current) {
        current.status = 'revoked';
        current.statusChangedAt = at;
        current.token = null;
        current.refreshToken = null;
      }
      state.adAccounts = state.adAccounts.filter((a) => a.connectionId !== connection.id);
    });
    return requestIds;
  }

  private decrypt(connection: Connection): string {
    if (!connection.token) throw conflict('This connection holds no token.', 'no_token');
    return decryptSecret(connection.token, this.deps.keyring, connection.id);
  }
}

function connectionView(state: State, connection: Connection): ConnectionView {
  const creator = state.staff.find((s) => s.id === connection.createdBy);
  return {
    id: connection.id,
    status: connection.status,
    statusReason: connection.statusReason,
    createdAt: connection.createdAt,
    createdBy: {
      id: connection.createdBy,
      email: creator?.email ?? 'unknown',
      name: creator?.name ?? 'Unknown',
    },
    advertiserIds: connection.advertiserIds,
    lastCheckedAt: connection.lastCheckedAt,
  };
}

function brokenReason(error: MarketingApiError): string {
  switch (error.code) {
    case 40105:
      return 'TikTok says the authorization was revoked or is no longer valid. Re-authorize the ad accounts.';
    case 40102:
      return 'The TikTok token has expired. Re-authorize the ad accounts.';
    case 40106:
      return 'The authorization no longer covers this ad account. Re-authorize it in TikTok.';
    case 40001:
      return 'The authorization lacks a permission the toolkit needs. Re-authorize and grant every permission.';
    default:
      return `TikTok refused the authorization (${error.code ?? 'no code'}). Re-authorize the ad accounts.`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
