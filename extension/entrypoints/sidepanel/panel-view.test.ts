import { describe, expect, it } from 'vitest';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import type { StoredPageContexts } from '../../lib/session-state';
import { contextInAddress, type OwnChoice, panelView, tabToFollow } from './panel-view';

const US = '7252569388304511798';
const DE = '7252569388304511799';
const account = (advertiserId: string, timezone: string, health: 'ok' | 'broken' = 'ok') =>
  ({
    advertiserId,
    name: advertiserId === US ? 'US store' : 'DE store',
    currency: 'USD',
    timezone,
    status: 'STATUS_ENABLE',
    health,
    connectionId: 'con_0123456789',
    connectedAt: '2026-11-01T00:00:00.000Z',
  }) satisfies AdAccountView;
const ACCOUNTS = [account(US, 'America/Los_Angeles'), account(DE, 'Europe/Berlin')];
/** 2026-11-21 06:00 UTC: still the 20th in Los Angeles, already the 21st in Berlin. */
const NOW = Date.UTC(2026, 10, 21, 6);
const VIEW = {
  advertiserId: US,
  level: 'adgroup' as const,
  start: '2026-11-14',
  end: '2026-11-20',
};
const CONTEXTS: StoredPageContexts = {
  '11': { ...VIEW, reportedAt: '2026-11-21T05:00:00.000Z' },
  '12': {
    advertiserId: DE,
    level: 'ad',
    start: '2026-11-01',
    end: '2026-11-07',
    reportedAt: '2026-11-21T05:30:00.000Z',
  },
};
const NOTHING_CHOSEN: OwnChoice = { advertiserId: null, level: 'campaign', range: null };

describe('side panel: the tab it follows', () => {
  it('follows the active tab when it shows an Ads Manager list', () => {
    expect(tabToFollow(CONTEXTS, 11)).toEqual({ tabId: 11, context: VIEW });
  });

  it('else the tab that reported last, and none when no tab did', () => {
    expect(tabToFollow(CONTEXTS, 99)?.tabId).toBe(12);
    expect(tabToFollow(CONTEXTS, null)?.context.level).toBe('ad');
    expect(tabToFollow({}, 11)).toBeNull();
  });

  it('skips a damaged record', () => {
    const damaged = {
      '13': { ...VIEW, advertiserId: 'x', reportedAt: '2026-11-21T06:00:00.000Z' },
    };
    expect(tabToFollow({ ...CONTEXTS, ...damaged }, 13)?.tabId).toBe(12);
  });
});

describe('side panel: the view it shows', () => {
  const base = {
    following: true,
    followed: { tabId: 11, context: VIEW },
    own: NOTHING_CHOSEN,
    accounts: ACCOUNTS,
    defaultDateRange: 'last_7_days' as const,
    now: NOW,
  };

  it('shows the followed tab’s view while following', () => {
    expect(panelView(base)).toEqual({ source: 'tab', tabId: 11, context: VIEW });
  });

  it('stands on its own without a tab: the first connected account, its last 7 days', () => {
    expect(panelView({ ...base, followed: null })).toEqual({
      source: 'own',
      context: { advertiserId: US, level: 'campaign', start: '2026-11-13', end: '2026-11-19' },
    });
  });

  it('counts the default range in the chosen account’s own days', () => {
    const own: OwnChoice = { advertiserId: DE, level: 'ad', range: null };
    expect(panelView({ ...base, following: false, own, defaultDateRange: 'yesterday' })).toEqual({
      source: 'own',
      context: { advertiserId: DE, level: 'ad', start: '2026-11-20', end: '2026-11-20' },
    });
  });

  it('shows the buyer’s own choice once unpinned, even with a tab to follow', () => {
    const own: OwnChoice = {
      advertiserId: DE,
      level: 'adgroup',
      range: { start: '2026-10-01', end: '2026-10-31' },
    };
    expect(panelView({ ...base, following: false, own })?.context).toEqual({
      advertiserId: DE,
      level: 'adgroup',
      start: '2026-10-01',
      end: '2026-10-31',
    });
  });

  it('passes over an account whose authorization broke when choosing the first one', () => {
    const accounts = [account(US, 'America/Los_Angeles', 'broken'), account(DE, 'Europe/Berlin')];
    expect(panelView({ ...base, followed: null, accounts })?.context.advertiserId).toBe(DE);
  });

  it('waits for what it needs, and shows nothing without an account', () => {
    expect(panelView({ ...base, followed: null, accounts: undefined })).toBeNull();
    expect(panelView({ ...base, followed: null, defaultDateRange: undefined })).toBeNull();
    expect(panelView({ ...base, followed: null, accounts: [] })).toBeNull();
    // A whole view given (the address) needs neither the accounts nor the preferences.
    const given: OwnChoice = {
      advertiserId: US,
      level: 'ad',
      range: { start: VIEW.start, end: VIEW.end },
    };
    expect(
      panelView({
        ...base,
        following: false,
        own: given,
        accounts: undefined,
        defaultDateRange: undefined,
      })?.context,
    ).toEqual({ ...VIEW, level: 'ad' });
  });

  it('reads a whole view from its address, and nothing from a partial or malformed one', () => {
    expect(
      contextInAddress(`?advertiserId=${US}&level=adgroup&start=2026-11-14&end=2026-11-20`),
    ).toEqual(VIEW);
    expect(contextInAddress(`?advertiserId=${US}&level=adgroup`)).toBeNull();
    expect(
      contextInAddress('?advertiserId=12&level=adgroup&start=2026-11-14&end=2026-11-20'),
    ).toBeNull();
    expect(contextInAddress('')).toBeNull();
  });
});
