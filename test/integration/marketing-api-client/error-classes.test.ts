import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Permission } from '../../../companion-server/emulator/core/permissions';
import { MarketingApiError } from '../../../companion-server/src/marketing-api/errors';
import { clientFor } from '../../helpers/client';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator';

async function failure(promise: Promise<unknown>): Promise<MarketingApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof MarketingApiError))
    throw new Error(`Expected a MarketingApiError, got ${String(error)}`);
  return error;
}

describe('Marketing API client: every error class', () => {
  let emulator: TestEmulator;
  let usId: string;
  let ukId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await emulator.control.reset();
    usId = (await emulator.control.account('USD')).advertiser_id;
    ukId = (await emulator.control.account('GBP')).advertiser_id;
  });

  it('retryable: throttling that outlasts the retries reaches the caller as retryable', async () => {
    const { client } = clientFor(emulator, {
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    });
    const token = await emulator.control.mintToken();
    await emulator.control.fault({ path: 'campaign/get/', code: 50002, count: 5 });
    const error = await failure(client.campaigns.list(token, { advertiserId: usId }));
    expect(error).toMatchObject({
      category: 'retryable',
      code: 50002,
      attempts: 3,
      retryable: true,
    });
    expect((await emulator.control.calls({ path: 'campaign/get/' })).total).toBe(3);
  });

  it('reauthorize: a token revoked in TikTok (40105)', async () => {
    const { client } = clientFor(emulator);
    const token = await emulator.control.mintToken();
    await emulator.control.revokeToken(token);
    const error = await failure(client.campaigns.list(token, { advertiserId: usId }));
    expect(error).toMatchObject({ category: 'reauthorize', code: 40105, attempts: 1 });
  });

  it('reauthorize: an ad account the token does not cover (40106)', async () => {
    const { client } = clientFor(emulator);
    const token = await emulator.control.mintToken([usId]);
    const error = await failure(client.campaigns.list(token, { advertiserId: ukId }));
    expect(error).toMatchObject({ category: 'reauthorize', code: 40106 });
  });

  it('reauthorize: a permission the advertiser did not grant (40001)', async () => {
    const { client } = clientFor(emulator);
    const reportingOnly = await emulator.control.mintToken([usId], [Permission.REPORTING]);
    const error = await failure(client.campaigns.list(reportingOnly, { advertiserId: usId }));
    expect(error).toMatchObject({ category: 'reauthorize', code: 40001 });
  });

  it("invalid_request: a budget below TikTok's minimum, with TikTok's reason", async () => {
    const { client } = clientFor(emulator);
    const token = await emulator.control.mintToken();
    const [evergreen] = (await client.campaigns.list(token, { advertiserId: usId })).filter(
      (c) => c.budget_mode === 'BUDGET_MODE_DAY' && !c.budget_optimize_on,
    );
    if (!evergreen) throw new Error('seed has a daily-budget campaign');
    const error = await failure(
      client.campaigns.update(token, {
        advertiserId: usId,
        campaignId: evergreen.campaign_id,
        budget: 49.99,
      }),
    );
    expect(error).toMatchObject({ category: 'invalid_request', code: 40002, attempts: 1 });
    expect(error.message).toContain('at least 50.00 USD');
    expect(error.requestId).toMatch(/^\d{14}/);
  });

  it('conflict: a write conflict (40202) that persists through the retries', async () => {
    const { client } = clientFor(emulator, {
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    });
    const token = await emulator.control.mintToken();
    const campaignId =
      (await client.campaigns.list(token, { advertiserId: usId }))[0]?.campaign_id ?? '';
    await emulator.control.fault({ path: 'campaign/update/', code: 40202, count: 2 });
    const error = await failure(
      client.campaigns.update(token, { advertiserId: usId, campaignId, name: 'Renamed' }),
    );
    expect(error).toMatchObject({ category: 'conflict', code: 40202, attempts: 2 });
  });

  it('conflict: a single 40202 is retried and the write goes through', async () => {
    const { client } = clientFor(emulator);
    const token = await emulator.control.mintToken();
    const campaignId =
      (await client.campaigns.list(token, { advertiserId: usId }))[0]?.campaign_id ?? '';
    await emulator.control.fault({ path: 'campaign/update/', code: 40202, count: 1 });
    const { campaign } = await client.campaigns.update(token, {
      advertiserId: usId,
      campaignId,
      name: 'Renamed',
    });
    expect(campaign.campaign_name).toBe('Renamed');
  });

  it('unexpected_response: a body that is not JSON', async () => {
    const { client } = clientFor(emulator);
    const token = await emulator.control.mintToken();
    await emulator.control.fault({ path: 'campaign/get/', raw_body: '<html>upstream</html>' });
    const error = await failure(client.campaigns.list(token, { advertiserId: usId }));
    expect(error).toMatchObject({ category: 'unexpected_response', code: null, attempts: 1 });
  });

  const campaignBody = (campaignId: string, advertiserId: string) =>
    `{"code":0,"message":"OK","request_id":"x","data":{"list":[{"campaign_id":${campaignId},` +
    `"campaign_name":"Numeric id","advertiser_id":"${advertiserId}","objective_type":"TRAFFIC",` +
    `"budget_mode":"BUDGET_MODE_DAY","budget":100,"operation_status":"ENABLE",` +
    `"create_time":"2026-11-01 00:00:00","modify_time":"2026-11-01 00:00:00"}],` +
    `"page_info":{"page":1,"page_size":1000,"total_number":1,"total_page":1}}}`;

  it('unexpected_response: an id sent as a number instead of a string', async () => {
    const { client } = clientFor(emulator);
    const token = await emulator.control.mintToken();
    await emulator.control.fault({ path: 'campaign/get/', raw_body: campaignBody('123456', usId) });
    const error = await failure(client.campaigns.list(token, { advertiserId: usId }));
    expect(error.category).toBe('unexpected_response');
    expect(error.message).toContain('list.0.campaign_id');
  });

  it('keeps a 19-digit id exact even when it arrives as a bare JSON number', async () => {
    const { client } = clientFor(emulator);
    const token = await emulator.control.mintToken();
    await emulator.control.fault({
      path: 'campaign/get/',
      raw_body: campaignBody('1795055873644827705', usId),
    });
    const [campaign] = await client.campaigns.list(token, { advertiserId: usId });
    expect(campaign?.campaign_id).toBe('1795055873644827705');
  });

  it('invalid_request: a path TikTok does not have answers HTTP 404', async () => {
    const { client } = clientFor(emulator, { origin: `${emulator.url}/not-tiktok` });
    const token = await emulator.control.mintToken();
    const error = await failure(client.campaigns.list(token, { advertiserId: usId }));
    expect(error).toMatchObject({ category: 'invalid_request', httpStatus: 404, code: null });
  });
});
