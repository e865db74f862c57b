/** The emulator's control API (/__emulator/*), over HTTP. */

export interface SeedAccount {
  advertiser_id: string;
  name: string;
  currency: string;
  timezone: string;
}

export interface EmulatorSnapshot {
  now_ms: number;
  advertisers: SeedAccount[];
  campaigns: Array<
    Record<string, any> & { campaign_id: string; advertiser_id: string; deleted: boolean }
  >;
  adgroups: Array<
    Record<string, any> & {
      adgroup_id: string;
      campaign_id: string;
      advertiser_id: string;
      deleted: boolean;
    }
  >;
  ads: Array<
    Record<string, any> & {
      ad_id: string;
      adgroup_id: string;
      advertiser_id: string;
      deleted: boolean;
    }
  >;
  tokens: Array<{
    access_token: string;
    advertiser_ids: string[];
    revoked_at: string | null;
    source: string;
  }>;
  auth_codes: Array<{ auth_code: string; used_at: string | null }>;
}

export interface CallRecord {
  seq: number;
  at: number;
  method: string;
  path: string;
  /** Null while the emulator is still answering the call. */
  http_status: number | null;
  code: number | null;
}

export interface CallSummary {
  total: number;
  by_path: Record<string, { count: number; codes: Record<string, number> }>;
  calls: CallRecord[];
}

export interface ControlClient {
  reset(body?: { large_account_adgroups?: number }): Promise<void>;
  state(advertiserId?: string): Promise<EmulatorSnapshot>;
  fault(spec: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  calls(filter?: { path?: string; since_seq?: number }): Promise<CallSummary>;
  clearCalls(): Promise<void>;
  /**
   * How many calls (to `path`, or to any endpoint) the emulator has received and not yet
   * answered: e.g. those a delay fault still holds after their caller was killed.
   */
  unanswered(path?: string): Promise<number>;
  mintToken(advertiserIds?: string[], scope?: string[]): Promise<string>;
  revokeToken(accessToken: string): Promise<void>;
  clock(body: { set?: string | number; advance_ms?: number }): Promise<{ now_ms: number }>;
  settings(patch: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The seeded ad account with this currency. */
  account(currency: string): Promise<SeedAccount>;
}

export function controlClient(origin: string): ControlClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${origin}/__emulator/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    if (!response.ok)
      throw new Error(
        `${method} /__emulator/${path} → ${response.status}: ${JSON.stringify(json)}`,
      );
    return json;
  }

  const client: ControlClient = {
    async reset(body = {}) {
      await call('POST', 'reset', body);
    },
    state: (advertiserId) =>
      call('GET', advertiserId ? `state?advertiser_id=${advertiserId}` : 'state'),
    async fault(spec) {
      await call('POST', 'faults', spec);
    },
    async clearFaults() {
      await call('DELETE', 'faults');
    },
    calls(filter = {}) {
      const query = new URLSearchParams();
      if (filter.path) query.set('path', filter.path);
      if (filter.since_seq !== undefined) query.set('since_seq', String(filter.since_seq));
      return call('GET', `calls${query.size ? `?${query}` : ''}`);
    },
    async clearCalls() {
      await call('DELETE', 'calls');
    },
    async unanswered(path) {
      const { calls } = await client.calls(path === undefined ? {} : { path });
      return calls.filter((record) => record.http_status === null).length;
    },
    async mintToken(advertiserIds, scope) {
      const ids = advertiserIds ?? (await client.state()).advertisers.map((a) => a.advertiser_id);
      const result = await call<{ access_token: string }>('POST', 'tokens', {
        advertiser_ids: ids,
        ...(scope ? { scope } : {}),
      });
      return result.access_token;
    },
    async revokeToken(accessToken) {
      await call('POST', 'tokens/revoke', { access_token: accessToken });
    },
    clock: (body) => call('POST', 'clock', body),
    settings: (patch) => call('PATCH', 'settings', patch),
    async account(currency) {
      const account = (await client.state()).advertisers.find((a) => a.currency === currency);
      if (!account) throw new Error(`No seeded account in ${currency}`);
      return account;
    },
  };
  return client;
}
