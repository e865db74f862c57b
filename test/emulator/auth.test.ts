import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Permission } from '../../companion-server/emulator/core/permissions';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { APP_ID, type World, world } from './support';

/** Reference §0 and §3: the Access-Token header and the 40104/40105/40106/40001 codes. */

let emulator: TestEmulator;
let seed: World;
let usId: string;
let ukId: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  seed = world(await emulator.control.state());
  usId = seed.account('USD').advertiser_id;
  ukId = seed.account('GBP').advertiser_id;
});

afterAll(() => emulator.close());

const campaignsOf = (advertiserId: string, token?: string) =>
  emulator.api.get('campaign/get/', { advertiser_id: advertiserId }, token);

describe('the Access-Token header', () => {
  it('answers 40104 when the header is missing', async () => {
    const response = await campaignsOf(usId);

    expect(response.body.code).toBe(40104);
    expect(response.body.message).toMatch(/Access-Token/);
  });

  it('does not accept the token as Authorization: Bearer (40104)', async () => {
    const token = await emulator.control.mintToken();
    const response = await emulator.api.fetch(
      `/open_api/v1.3/campaign/get/?advertiser_id=${usId}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const body = (await response.json()) as { code: number };

    expect(body.code).toBe(40104);
  });

  it('accepts a valid token', async () => {
    const token = await emulator.control.mintToken([usId]);

    expect((await campaignsOf(usId, token)).body.code).toBe(0);
  });

  it('answers 40105 for an unknown token', async () => {
    const response = await campaignsOf(usId, 'f'.repeat(40));

    expect(response.body.code).toBe(40105);
    expect(response.body.data).toEqual({});
  });
});

describe('revoked tokens', () => {
  it('answers 40105 once the app revokes the token through oauth2/revoke_token/', async () => {
    const token = await emulator.control.mintToken([usId]);
    expect((await campaignsOf(usId, token)).body.code).toBe(0);

    const revoke = await emulator.api.post('oauth2/revoke_token/', {
      app_id: APP_ID,
      secret: emulator.server.runtime.options.appSecret,
      access_token: token,
    });
    expect(revoke.body.code).toBe(0);

    expect((await campaignsOf(usId, token)).body.code).toBe(40105);
  });

  it('answers 40105 once the advertiser revokes access (control API)', async () => {
    const token = await emulator.control.mintToken([usId]);
    expect((await campaignsOf(usId, token)).body.code).toBe(0);

    await emulator.control.revokeToken(token);

    expect((await campaignsOf(usId, token)).body.code).toBe(40105);
    const write = await emulator.api.post(
      'campaign/status/update/',
      {
        advertiser_id: usId,
        campaign_ids: [seed.campaign('US | Prospecting | Evergreen').campaign_id],
        operation_status: 'DISABLE',
      },
      token,
    );
    expect(write.body.code).toBe(40105);
  });

  it('leaves the other tokens of the app working', async () => {
    const revoked = await emulator.control.mintToken([usId]);
    const other = await emulator.control.mintToken([usId]);

    await emulator.control.revokeToken(revoked);

    expect((await campaignsOf(usId, other)).body.code).toBe(0);
  });
});

describe('advertisers the token does not cover', () => {
  it('answers 40106 on a read', async () => {
    const token = await emulator.control.mintToken([usId]);
    const response = await campaignsOf(ukId, token);

    expect(response.body.code).toBe(40106);
    expect(response.body.data).toEqual({});
  });

  it('answers 40106 on a write and changes nothing', async () => {
    const token = await emulator.control.mintToken([usId]);
    const ukCampaign = seed.campaign('UK | Video views | Brand');
    const response = await emulator.api.post(
      'campaign/status/update/',
      { advertiser_id: ukId, campaign_ids: [ukCampaign.campaign_id], operation_status: 'DISABLE' },
      token,
    );

    expect(response.body.code).toBe(40106);
    const after = await emulator.control.state(ukId);
    expect(
      after.campaigns.find((c) => c.campaign_id === ukCampaign.campaign_id)?.operation_status,
    ).toBe('ENABLE');
  });

  it('answers 40106 on a report', async () => {
    const token = await emulator.control.mintToken([usId]);
    const response = await emulator.api.get(
      'report/integrated/get/',
      {
        advertiser_id: ukId,
        report_type: 'BASIC',
        data_level: 'AUCTION_ADVERTISER',
        dimensions: ['advertiser_id'],
        query_lifetime: true,
      },
      token,
    );

    expect(response.body.code).toBe(40106);
  });

  it('answers 40106 when one of several advertiser_ids is not covered', async () => {
    const token = await emulator.control.mintToken([usId]);
    const response = await emulator.api.get(
      'advertiser/info/',
      { advertiser_ids: [usId, ukId] },
      token,
    );

    expect(response.body.code).toBe(40106);
  });
});

describe('permission scopes', () => {
  it('answers 40001 for campaign/get with a reporting-only token', async () => {
    const token = await emulator.control.mintToken([usId], [Permission.REPORTING]);
    const response = await campaignsOf(usId, token);

    expect(response.body.code).toBe(40001);
    expect(response.body.data).toEqual({});
  });

  it('lets the same reporting-only token read reports', async () => {
    const token = await emulator.control.mintToken([usId], [Permission.REPORTING]);
    const response = await emulator.api.get(
      'report/integrated/get/',
      {
        advertiser_id: usId,
        report_type: 'BASIC',
        data_level: 'AUCTION_ADVERTISER',
        dimensions: ['advertiser_id'],
        query_lifetime: true,
      },
      token,
    );

    expect(response.body.code).toBe(0);
  });

  it('answers 40001 for a report with an ads-management-only token', async () => {
    const token = await emulator.control.mintToken([usId], [Permission.ADS_MANAGEMENT]);
    const response = await emulator.api.get(
      'report/integrated/get/',
      {
        advertiser_id: usId,
        report_type: 'BASIC',
        data_level: 'AUCTION_ADVERTISER',
        dimensions: ['advertiser_id'],
        query_lifetime: true,
      },
      token,
    );

    expect(response.body.code).toBe(40001);
    expect((await campaignsOf(usId, token)).body.code).toBe(0);
  });

  it('answers 40001 for advertiser/info without the account-management scope', async () => {
    const token = await emulator.control.mintToken(
      [usId],
      [Permission.ADS_MANAGEMENT, Permission.REPORTING],
    );
    const response = await emulator.api.get('advertiser/info/', { advertiser_ids: [usId] }, token);

    expect(response.body.code).toBe(40001);
  });

  it('answers 40001 for a write without the ads-management scope, and changes nothing', async () => {
    const token = await emulator.control.mintToken([usId], [Permission.REPORTING]);
    const campaign = seed.campaign('US | Prospecting | Evergreen');
    const response = await emulator.api.post(
      'campaign/update/',
      { advertiser_id: usId, campaign_id: campaign.campaign_id, campaign_name: 'Renamed' },
      token,
    );

    expect(response.body.code).toBe(40001);
    const after = await emulator.control.state(usId);
    expect(after.campaigns.find((c) => c.campaign_id === campaign.campaign_id)?.campaign_name).toBe(
      'US | Prospecting | Evergreen',
    );
  });
});
