import { describe, expect, it } from 'vitest';
import { BAYME_APP_ID } from '../../src/config';
import { checkBid } from '../rules/bid-rules';
import {
  checkAdGroupBudgetMode,
  checkBudget,
  checkCampaignBudgetMode,
} from '../rules/budget-rules';
import { type AdGroup, budgetAt, type Campaign, isDeletedAt, isEnabledAt } from './model';
import { seedState } from './seed';
import { EmulatorState } from './store';

const NOW = Date.parse('2026-11-20T20:00:00Z');
const DAY_MS = 86_400_000;

function seeded(options: { now?: number; largeAccountAdGroups?: number } = {}): EmulatorState {
  const state = new EmulatorState();
  seedState(state, {
    now: options.now ?? NOW,
    app: { app_id: BAYME_APP_ID, secret: 'test-secret', name: 'Test app', redirect_uris: [] },
    largeAccountAdGroups: options.largeAccountAdGroups ?? 0,
  });
  return state;
}

function allIds(state: EmulatorState) {
  return {
    advertisers: [...state.advertisers.keys()],
    campaigns: [...state.campaigns.keys()],
    adGroups: [...state.adGroups.keys()],
    ads: [...state.ads.keys()],
  };
}

function campaignOf(state: EmulatorState, adGroup: AdGroup): Campaign {
  const campaign = state.campaigns.get(adGroup.campaign_id);
  if (!campaign) throw new Error(`Ad group ${adGroup.adgroup_id} has no campaign`);
  return campaign;
}

describe('seedState (default data set)', () => {
  const state = seeded();
  const campaigns = [...state.campaigns.values()];
  const adGroups = [...state.adGroups.values()];
  const ads = [...state.ads.values()];

  it('has ad accounts in USD, GBP and JPY in their own time zones', () => {
    expect(state.advertisers.size).toBeGreaterThanOrEqual(3);
    const accounts = [...state.advertisers.values()].map((a) => [a.currency, a.timezone]);
    expect(accounts).toEqual(
      expect.arrayContaining([
        ['USD', 'America/Los_Angeles'],
        ['GBP', 'Europe/London'],
        ['JPY', 'Asia/Tokyo'],
      ]),
    );
  });

  it('has exactly 10 campaigns, 40 ad groups and 120 ads', () => {
    expect(state.campaigns.size).toBe(10);
    expect(state.adGroups.size).toBe(40);
    expect(state.ads.size).toBe(120);
  });

  it('gives every object a 19-digit string id, unique across kinds', () => {
    const ids = allIds(state);
    const every = [...ids.advertisers, ...ids.campaigns, ...ids.adGroups, ...ids.ads];
    for (const id of every) {
      expect(typeof id).toBe('string');
      expect(id).toMatch(/^\d{19}$/);
    }
    expect(new Set(every).size).toBe(every.length);
    for (const ad of ads) expect(ad.identity_id).toMatch(/^\d{19}$/);
    for (const user of state.users.values()) expect(user.user_id).toMatch(/^\d{19}$/);
  });

  it('keeps each object under the id it is stored by', () => {
    for (const [id, advertiser] of state.advertisers) expect(advertiser.advertiser_id).toBe(id);
    for (const [id, campaign] of state.campaigns) expect(campaign.campaign_id).toBe(id);
    for (const [id, adGroup] of state.adGroups) expect(adGroup.adgroup_id).toBe(id);
    for (const [id, ad] of state.ads) expect(ad.ad_id).toBe(id);
  });

  it('links every child to an existing parent of the same account', () => {
    for (const campaign of campaigns) {
      expect(state.advertisers.has(campaign.advertiser_id)).toBe(true);
    }
    for (const adGroup of adGroups) {
      expect(campaignOf(state, adGroup).advertiser_id).toBe(adGroup.advertiser_id);
    }
    for (const ad of ads) {
      const adGroup = state.adGroups.get(ad.adgroup_id);
      expect(adGroup?.campaign_id).toBe(ad.campaign_id);
      expect(adGroup?.advertiser_id).toBe(ad.advertiser_id);
    }
    const indexed = [...state.advertisers.keys()].flatMap((id) => state.adsOfAdvertiser(id));
    expect(indexed).toHaveLength(120);
  });

  it('gives the emulated user every account and registers the app', () => {
    expect(state.users.get('emulated-user')?.advertiser_ids).toEqual([...state.advertisers.keys()]);
    expect(state.apps.get(BAYME_APP_ID)?.app_id).toBe(BAYME_APP_ID);
  });

  it('creates everything in the past', () => {
    for (const entity of [...campaigns, ...adGroups, ...ads]) {
      expect(entity.create_time).toBeLessThan(NOW);
    }
  });

  it('includes daily, lifetime and unlimited campaign budgets', () => {
    const modes = new Set(campaigns.map((c) => c.budget_mode));
    expect(modes).toEqual(
      new Set(['BUDGET_MODE_DAY', 'BUDGET_MODE_TOTAL', 'BUDGET_MODE_INFINITE']),
    );
    for (const campaign of campaigns) {
      const budget = budgetAt(campaign, NOW);
      if (campaign.budget_mode === 'BUDGET_MODE_INFINITE') expect(budget).toBe(0);
      else expect(budget).toBeGreaterThan(0);
    }
  });

  it('includes daily, dynamic daily and lifetime ad group budgets', () => {
    const modes = new Set(adGroups.map((g) => g.budget_mode));
    for (const mode of [
      'BUDGET_MODE_DAY',
      'BUDGET_MODE_TOTAL',
      'BUDGET_MODE_DYNAMIC_DAILY_BUDGET',
    ]) {
      expect(modes.has(mode as AdGroup['budget_mode']), mode).toBe(true);
    }
  });

  it('has exactly one CBO campaign, whose ad groups have no budget of their own', () => {
    const cbo = campaigns.filter((c) => c.budget_optimize_on);
    expect(cbo).toHaveLength(1);
    const [campaign] = cbo;
    if (!campaign) throw new Error('unreachable');
    expect(campaign.budget_mode).not.toBe('BUDGET_MODE_INFINITE');
    const children = state.adGroupsOf(campaign.campaign_id);
    expect(children.length).toBeGreaterThan(0);
    for (const adGroup of children) expect(adGroup.budget_mode).toBe('BUDGET_MODE_INFINITE');
  });

  it('has custom-bid and no-bid ad groups, with the bid in the field of the billing event', () => {
    const custom = adGroups.filter((g) => g.bid_type === 'BID_TYPE_CUSTOM');
    const noBid = adGroups.filter((g) => g.bid_type === 'BID_TYPE_NO_BID');
    expect(custom.length).toBeGreaterThan(0);
    expect(noBid.length).toBeGreaterThan(0);
    for (const adGroup of custom) {
      if (adGroup.billing_event === 'OCPM') {
        expect(adGroup.conversion_bid_price).toBeGreaterThan(0);
        expect(adGroup.bid_price).toBe(0);
      } else {
        expect(adGroup.bid_price).toBeGreaterThan(0);
        expect(adGroup.conversion_bid_price).toBe(0);
      }
    }
    for (const adGroup of noBid) {
      expect([adGroup.bid_price, adGroup.conversion_bid_price]).toEqual([0, 0]);
    }
    expect(new Set(custom.map((g) => g.billing_event))).toEqual(
      new Set(['OCPM', 'CPC', 'CPV', 'CPM']),
    );
  });

  it('has paused and deleted campaigns, ad groups and ads', () => {
    const paused = (list: Array<Campaign | AdGroup | (typeof ads)[number]>) =>
      list.filter((e) => !isDeletedAt(e, NOW) && !isEnabledAt(e, NOW));
    const deleted = (list: Array<Campaign | AdGroup | (typeof ads)[number]>) =>
      list.filter((e) => isDeletedAt(e, NOW));
    expect(paused(campaigns).length).toBeGreaterThan(0);
    expect(paused(adGroups).length).toBeGreaterThan(0);
    expect(paused(ads).length).toBeGreaterThan(0);
    expect(deleted(campaigns).length).toBeGreaterThan(0);
    expect(deleted(adGroups).length).toBeGreaterThan(0);
    expect(deleted(ads).length).toBeGreaterThan(0);
    // Most of it still delivers, so reports have something to show.
    const live = adGroups.filter((g) => isEnabledAt(g, NOW) && !isDeletedAt(g, NOW));
    expect(live.length).toBeGreaterThan(adGroups.length / 2);
  });

  it('deletes the children of a deleted campaign, no later than the campaign', () => {
    const deletedCampaigns = campaigns.filter((c) => c.deletedAt !== null);
    expect(deletedCampaigns.length).toBeGreaterThan(0);
    for (const campaign of deletedCampaigns) {
      for (const adGroup of state.adGroupsOf(campaign.campaign_id)) {
        expect(adGroup.deletedAt, adGroup.adgroup_name).not.toBeNull();
        expect(adGroup.deletedAt ?? Infinity).toBeLessThanOrEqual(campaign.deletedAt ?? 0);
        for (const ad of state.adsOf(adGroup.adgroup_id)) {
          expect(ad.deletedAt ?? Infinity).toBeLessThanOrEqual(adGroup.deletedAt ?? 0);
        }
      }
    }
  });

  it('deletes the ads of a deleted ad group', () => {
    const deletedAdGroups = adGroups.filter((g) => g.deletedAt !== null);
    expect(deletedAdGroups.length).toBeGreaterThan(1);
    for (const adGroup of deletedAdGroups) {
      for (const ad of state.adsOf(adGroup.adgroup_id)) {
        expect(ad.deletedAt ?? Infinity).toBeLessThanOrEqual(adGroup.deletedAt ?? 0);
      }
    }
  });

  it('keeps a history with an earlier budget for at least one campaign', () => {
    expect(campaigns.some((c) => c.budgetHistory.length > 1)).toBe(true);
  });

  it('keeps its own budgets and bids within TikTok rules', () => {
    for (const campaign of campaigns) {
      const advertiser = state.advertisers.get(campaign.advertiser_id);
      if (!advertiser) throw new Error('unreachable');
      expect(checkCampaignBudgetMode(campaign.budget_mode, campaign.budget_optimize_on)).toBeNull();
      if (campaign.budget_mode !== 'BUDGET_MODE_INFINITE') {
        for (const { budget } of campaign.budgetHistory) {
          const problem = checkBudget({
            level: 'campaign',
            mode: campaign.budget_mode,
            budget,
            currency: advertiser.currency,
            spendSoFar: 0,
            objective: campaign.objective_type,
            productSource: campaign.campaign_product_source,
          });
          expect(problem, campaign.campaign_name).toBeNull();
        }
      }
    }
    for (const adGroup of adGroups) {
      const campaign = campaignOf(state, adGroup);
      const advertiser = state.advertisers.get(adGroup.advertiser_id);
      if (!advertiser) throw new Error('unreachable');
      const budget = budgetAt(adGroup, NOW);
      if (!campaign.budget_optimize_on) {
        expect(
          checkAdGroupBudgetMode({
            mode: adGroup.budget_mode,
            campaignMode: campaign.budget_mode,
            scheduleType: adGroup.schedule_type,
          }),
          adGroup.adgroup_name,
        ).toBeNull();
        const problem = checkBudget({
          level: 'adgroup',
          mode: adGroup.budget_mode,
          budget,
          currency: advertiser.currency,
          spendSoFar: 0,
          productSource: adGroup.product_source,
          scheduledDays: Math.ceil(
            (adGroup.schedule_end_time - adGroup.schedule_start_time) / DAY_MS,
          ),
        });
        expect(problem, adGroup.adgroup_name).toBeNull();
      }
      if (adGroup.bid_type === 'BID_TYPE_CUSTOM') {
        const field = adGroup.billing_event === 'OCPM' ? 'conversion_bid_price' : 'bid_price';
        const budgets = [
          ...(campaign.budget_optimize_on ? [] : [budget]),
          ...(campaign.budget_mode === 'BUDGET_MODE_INFINITE' ? [] : [budgetAt(campaign, NOW)]),
        ];
        const problem = checkBid({
          adGroup,
          field,
          value: adGroup[field],
          currency: advertiser.currency,
          budgets,
        });
        expect(problem, adGroup.adgroup_name).toBeNull();
      }
    }
  });
});

describe('seedState determinism', () => {
  it('issues the same ids on every seeding', () => {
    expect(allIds(seeded())).toEqual(allIds(seeded()));
  });

  it('issues the same ids whatever the clock says', () => {
    expect(allIds(seeded({ now: NOW + 37 * DAY_MS }))).toEqual(allIds(seeded()));
  });

  it('dates objects relative to now', () => {
    const later = seeded({ now: NOW + 10 * DAY_MS });
    const first = [...seeded().campaigns.values()][0];
    const firstLater = [...later.campaigns.values()][0];
    expect((firstLater?.create_time ?? 0) - (first?.create_time ?? 0)).toBe(10 * DAY_MS);
  });
});

describe('seedState with largeAccountAdGroups', () => {
  const state = seeded({ largeAccountAdGroups: 250 });
  const defaults = seeded();
  const large = [...state.advertisers.values()].find(
    (a) => !defaults.advertisers.has(a.advertiser_id),
  );

  it('adds one account', () => {
    expect(state.advertisers.size).toBe(defaults.advertisers.size + 1);
    expect(large).toBeDefined();
    expect(large?.advertiser_id).toMatch(/^\d{19}$/);
    expect(state.users.get('emulated-user')?.advertiser_ids).toContain(large?.advertiser_id);
  });

  it('gives that account 250 ad groups and 250 ads, in campaigns of at most 100', () => {
    const id = large?.advertiser_id ?? '';
    expect(state.adGroupsOfAdvertiser(id)).toHaveLength(250);
    expect(state.adsOfAdvertiser(id)).toHaveLength(250);
    const campaigns = state.campaignsOf(id);
    expect(campaigns).toHaveLength(3);
    expect(campaigns.map((c) => state.adGroupsOf(c.campaign_id).length)).toEqual([100, 100, 50]);
    for (const adGroup of state.adGroupsOfAdvertiser(id)) {
      expect(adGroup.adgroup_id).toMatch(/^\d{19}$/);
      expect(state.adsOf(adGroup.adgroup_id)).toHaveLength(1);
    }
  });

  it('starts every ad group at least 90 days before now, so a 90-day export is full', () => {
    const adGroups = state.adGroupsOfAdvertiser(large?.advertiser_id ?? '');
    expect(adGroups).toHaveLength(250);
    for (const adGroup of adGroups) {
      expect(adGroup.create_time).toBeLessThanOrEqual(NOW - 90 * DAY_MS);
      expect(adGroup.schedule_start_time).toBeLessThanOrEqual(NOW - 90 * DAY_MS);
      expect(adGroup.schedule_end_time).toBeGreaterThan(NOW);
    }
  });

  it('leaves the default accounts as they are', () => {
    expect(state.campaigns.size).toBe(10 + 3);
    expect(state.adGroups.size).toBe(40 + 250);
    expect(state.ads.size).toBe(120 + 250);
    for (const id of defaults.campaigns.keys()) expect(state.campaigns.has(id)).toBe(true);
    for (const id of defaults.ads.keys()) expect(state.ads.has(id)).toBe(true);
  });

  it('keeps every id unique', () => {
    const ids = allIds(state);
    const every = [...ids.advertisers, ...ids.campaigns, ...ids.adGroups, ...ids.ads];
    expect(new Set(every).size).toBe(every.length);
  });
});

describe('seedState with several large accounts', () => {
  const one = seeded({ largeAccountAdGroups: 40 });
  const three = new EmulatorState();
  seedState(three, {
    now: NOW,
    app: { app_id: BAYME_APP_ID, secret: 'test-secret', name: 'Test app', redirect_uris: [] },
    largeAccountAdGroups: 40,
    largeAccounts: 3,
  });
  const large = [...three.advertisers.values()].filter((a) => a.name.startsWith('Bayme Scale'));

  it('adds that many accounts of that size, the first as it is alone', () => {
    expect(large.map((a) => a.name)).toEqual([
      'Bayme Scale Test',
      'Bayme Scale Test 2',
      'Bayme Scale Test 3',
    ]);
    for (const account of large) {
      expect(three.adGroupsOfAdvertiser(account.advertiser_id)).toHaveLength(40);
      expect(three.users.get('emulated-user')?.advertiser_ids).toContain(account.advertiser_id);
    }
    const alone = [...one.advertisers.values()].find((a) => a.name === 'Bayme Scale Test');
    expect(large[0]?.advertiser_id).toBe(alone?.advertiser_id);
  });

  it('keeps every id unique', () => {
    const ids = allIds(three);
    const every = [...ids.advertisers, ...ids.campaigns, ...ids.adGroups, ...ids.ads];
    expect(new Set(every).size).toBe(every.length);
  });
});
