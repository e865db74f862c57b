import { describe, expect, it } from 'vitest';
import { issueAuthCode, issueToken } from '../state/credentials';
import { seedState } from '../state/seed';
import { EmulatorState } from '../state/store';
import { restoreWorld, WorldEncoder, type WorldParts } from './world-codec';
import { type WorldFile, WorldFileSchema } from './world-schema';

const NOW = Date.parse('2026-06-17T19:00:00Z');
const APP = { app_id: '7512649815700963329', secret: 'secret-123', name: 'App', redirect_uris: [] };

function seededWorld(): EmulatorState {
  const state = new EmulatorState();
  seedState(state, { now: NOW, app: APP, largeAccountAdGroups: 30 });
  const [us] = state.advertisers.keys();
  const advertiserIds = [us ?? ''];
  issueToken(state, {
    app_id: APP.app_id,
    user_id: null,
    advertiser_ids: advertiserIds,
    now: NOW,
    source: 'control-api',
  });
  const revoked = issueToken(state, {
    app_id: APP.app_id,
    user_id: null,
    advertiser_ids: advertiserIds,
    now: NOW,
    source: 'oauth',
  });
  revoked.revoked_at = NOW + 1_000;
  issueAuthCode(state, {
    app_id: APP.app_id,
    user_id: 'u1',
    advertiser_ids: advertiserIds,
    redirect_uri: 'https://x.example/cb',
    now: NOW,
  });
  state.reportTasks.set('1600000000000000001', {
    task_id: '1600000000000000001',
    app_id: APP.app_id,
    advertiser_id: us ?? '',
    created_at: NOW,
    canceled_at: null,
    file_name: 'report',
    output_format: 'CSV_DOWNLOAD',
    csv: 'stat_time_day,spend\n2026-06-16,12.34\n',
  });
  const [campaignId] = state.campaigns.keys();
  state.createRequests.set(`${APP.app_id}|${us}|campaign/create/|42`, campaignId ?? '');
  return state;
}

async function roundTrip(state: EmulatorState, parts: Partial<WorldParts> = {}) {
  const encoded = await new WorldEncoder().encode(
    {
      state,
      clockOffsetMs: -5_000,
      settings: { tier: 'advanced' },
      largeAccountAdGroups: 30,
      ...parts,
    },
    NOW,
  );
  const file = WorldFileSchema.parse(JSON.parse(encoded.pieces.join('')));
  const csv = new Map(encoded.tasks.map((task) => [task.task_id, task.csv]));
  const restored = new EmulatorState();
  restoreWorld(file, csv, restored);
  return { file, restored };
}

const everything = (state: EmulatorState) => ({
  users: [...state.users.entries()],
  advertisers: [...state.advertisers.entries()],
  campaigns: [...state.campaigns.entries()],
  adGroups: [...state.adGroups.entries()],
  ads: [...state.ads.entries()],
  tokens: [...state.tokens.entries()],
  authCodes: [...state.authCodes.entries()],
  reportTasks: [...state.reportTasks.entries()],
  createRequests: [...state.createRequests.entries()],
});

describe('the world file', () => {
  it('gives back every entity, token, code, task and create request, in the same order', async () => {
    const state = seededWorld();
    const { file, restored } = await roundTrip(state);

    expect(everything(restored)).toEqual(everything(state));
    expect(file).toMatchObject({
      clock_offset_ms: -5_000,
      settings: { tier: 'advanced' },
      large_account_adgroups: 30,
    });
    // Report CSVs live in files of their own, not in world.json.
    expect(file.report_tasks[0]).not.toHaveProperty('csv');
    // The indexes handlers use are rebuilt in creation order too.
    for (const advertiserId of state.advertisers.keys()) {
      const ids = (s: EmulatorState) =>
        s.adGroupsOfAdvertiser(advertiserId).map((g) => g.adgroup_id);
      expect(ids(restored)).toEqual(ids(state));
    }
  });

  it('encodes the latest entities after a touch, and tokens made without one', async () => {
    const state = seededWorld();
    const encoder = new WorldEncoder();
    const parts: WorldParts = { state, clockOffsetMs: 0, settings: {}, largeAccountAdGroups: 30 };
    await encoder.encode(parts, NOW);

    const [campaign] = state.campaigns.values();
    if (!campaign) throw new Error('no campaign');
    campaign.campaign_name = 'Renamed';
    state.touch();
    const token = issueToken(state, {
      app_id: APP.app_id,
      user_id: null,
      advertiser_ids: [],
      now: NOW,
      source: 'control-api',
    });
    const file = WorldFileSchema.parse(
      JSON.parse((await encoder.encode(parts, NOW)).pieces.join('')),
    );

    expect(file.campaigns[0]?.campaign_name).toBe('Renamed');
    expect(file.tokens.map((t) => t.access_token)).toContain(token.access_token);
  });

  it('refuses entities that do not hang together', async () => {
    const { file } = await roundTrip(seededWorld());
    const orphan: WorldFile = { ...file, adgroups: file.adgroups.slice(1) };
    const lost = file.ads.find((ad) => ad.adgroup_id === file.adgroups[0]?.adgroup_id);

    expect(() => restoreWorld(orphan, new Map(), new EmulatorState())).toThrow(
      `ad ${lost?.ad_id} names ad group ${file.adgroups[0]?.adgroup_id}`,
    );
    const [campaign] = file.campaigns;
    if (!campaign) throw new Error('no campaign');
    const twice: WorldFile = { ...file, campaigns: [...file.campaigns, campaign] };
    expect(() => restoreWorld(twice, new Map(), new EmulatorState())).toThrow(
      `the campaign id ${campaign.campaign_id} is used twice`,
    );
  });

  it('refuses a report task whose CSV is missing', async () => {
    const { file } = await roundTrip(seededWorld());
    expect(() => restoreWorld(file, new Map(), new EmulatorState())).toThrow(
      'report task 1600000000000000001 has no CSV',
    );
  });
});
