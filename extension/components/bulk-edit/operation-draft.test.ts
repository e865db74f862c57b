import { describe, expect, it } from 'vitest';
import { planBulkEdit } from '../../../companion-server/src/contract/bulk-edits';
import {
  buildOperation,
  initialDraft,
  kindsFor,
  modesFor,
  type OperationDraft,
} from './operation-draft';

/** A preview request for one ad group, checked as the server checks it. */
function checkedAsPreview(operation: unknown) {
  const schema = planBulkEdit.body;
  if (!schema) throw new Error('The preview route has no body schema.');
  return schema.safeParse({ level: 'adgroup', entityIds: ['1840158125589658770'], operation });
}

const draft = (change: Partial<OperationDraft>): OperationDraft => ({
  ...initialDraft('adgroup'),
  ...change,
});

describe('bulk edit operation form', () => {
  it('offers budgets to campaigns and ad groups, bids and schedules to ad groups, ads their own', () => {
    expect(kindsFor('campaign')).toEqual(['budget', 'status', 'name']);
    expect(kindsFor('adgroup')).toEqual([
      'budget',
      'bid',
      'status',
      'name',
      'schedule',
      'dayparting',
    ]);
    expect(kindsFor('ad')).toEqual(['status', 'name', 'landing_url', 'ad_text']);
    expect(modesFor('bid')).toEqual(['set', 'percent']);
    expect(initialDraft('ad').kind).toBe('status');
    expect(initialDraft('campaign').kind).toBe('budget');
  });

  it.each([
    [
      { kind: 'budget', mode: 'set', value: '50' },
      { kind: 'budget', change: { type: 'set', value: 50 } },
    ],
    [
      { kind: 'budget', mode: 'percent', direction: 'raise', value: '10' },
      { kind: 'budget', change: { type: 'percent', value: 10 } },
    ],
    [
      { kind: 'budget', mode: 'percent', direction: 'lower', value: ' 12.5 % ' },
      { kind: 'budget', change: { type: 'percent', value: -12.5 } },
    ],
    [
      { kind: 'budget', mode: 'amount', direction: 'raise', value: '20' },
      { kind: 'budget', change: { type: 'amount', value: 20 } },
    ],
    [
      { kind: 'budget', mode: 'amount', direction: 'lower', value: '7.25' },
      { kind: 'budget', change: { type: 'amount', value: -7.25 } },
    ],
    [
      { kind: 'status', status: 'DISABLE' },
      { kind: 'status', status: 'DISABLE' },
    ],
    [
      { kind: 'status', status: 'ENABLE' },
      { kind: 'status', status: 'ENABLE' },
    ],
    [
      { kind: 'bid', mode: 'set', value: '1.2' },
      { kind: 'bid', change: { type: 'set', value: 1.2 } },
    ],
    [
      { kind: 'bid', mode: 'percent', direction: 'lower', value: '5' },
      { kind: 'bid', change: { type: 'percent', value: -5 } },
    ],
  ] as const)('builds %j as %j', (change, operation) => {
    expect(buildOperation(draft(change), 'adgroup')).toEqual({ ok: true, operation });
    // What the drawer sends is a preview request the server's contract accepts.
    expect(checkedAsPreview(operation).success).toBe(true);
  });

  it('ignores the direction when setting a value', () => {
    expect(
      buildOperation(
        draft({ kind: 'budget', mode: 'set', direction: 'lower', value: '30' }),
        'campaign',
      ),
    ).toEqual({ ok: true, operation: { kind: 'budget', change: { type: 'set', value: 30 } } });
  });

  it.each([
    [{ mode: 'set', value: '' }, 'Enter an amount.'],
    [{ mode: 'percent', value: '  ' }, 'Enter a percentage.'],
    [{ mode: 'set', value: 'abc' }, '“abc” is not a number. Enter an amount, like 25.50.'],
    [{ mode: 'set', value: '1e3' }, '“1e3” is not a number. Enter an amount, like 25.50.'],
    [{ mode: 'set', value: '0' }, 'The amount must be greater than 0.'],
    [{ mode: 'amount', value: '0.00' }, 'A change of 0 changes nothing.'],
    [{ mode: 'percent', value: '0' }, 'A change of 0 changes nothing.'],
    [
      { mode: 'amount', value: '-5' },
      'Enter the number without a sign: choose Raise or Lower for the direction.',
    ],
    [
      { mode: 'set', value: '1,250' },
      'Enter a number with a dot for decimals and no thousands separators, like 1250.50.',
    ],
    [
      { mode: 'percent', direction: 'lower', value: '100' },
      'Lowering by 100% or more would leave nothing: lower by less than 100%.',
    ],
    [
      { mode: 'percent', direction: 'lower', value: '250' },
      'Lowering by 100% or more would leave nothing: lower by less than 100%.',
    ],
    [
      { mode: 'percent', direction: 'raise', value: '1001' },
      'A raise can be at most +1000% (11 times the current value).',
    ],
    [
      { mode: 'percent', direction: 'raise', value: '1000000' },
      'A raise can be at most +1000% (11 times the current value).',
    ],
    // The request schema's bounds, with its own words, as the server would answer them.
    [{ mode: 'set', value: '10000000000000' }, 'Must be at most 1,000,000,000,000.'],
    [{ mode: 'set', value: '0.001' }, 'Must be at least 0.01.'],
    [
      { mode: 'amount', direction: 'lower', value: '1000000000001' },
      'Must be between -1,000,000,000,000 and 1,000,000,000,000.',
    ],
    [{ mode: 'amount', value: '0.004' }, 'A change must be at least 0.01 (one cent).'],
    [{ mode: 'set', value: '9'.repeat(400) }, `“${'9'.repeat(400)}” is too large for an amount.`],
  ] as const)('refuses %j: %s', (change, error) => {
    expect(buildOperation(draft({ kind: 'budget', ...change }), 'campaign')).toEqual({
      ok: false,
      error,
    });
  });

  it('refuses a bid beyond what any currency allows, as the server would', () => {
    const result = buildOperation(
      draft({ kind: 'bid', mode: 'set', value: '2000000000000' }),
      'adgroup',
    );
    expect(result).toEqual({ ok: false, error: 'Must be at most 1,000,000,000,000.' });
    const refused = checkedAsPreview({ kind: 'bid', change: { type: 'set', value: 2e12 } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('Must be at most 1,000,000,000,000.');
  });

  it.each([
    [
      'USD',
      { mode: 'set', value: '9999999999.99' },
      "The amount must be at most $10,000,000.00, TikTok's largest budget in USD.",
    ],
    [
      'USD',
      { mode: 'amount', direction: 'lower', value: '20000000' },
      "A change must be at most $10,000,000.00, TikTok's largest budget in USD.",
    ],
    [
      'JPY',
      { mode: 'set', value: '1000000001' },
      "The amount must be at most ¥1,000,000,000, TikTok's largest budget in JPY.",
    ],
    [
      'JPY',
      { mode: 'amount', value: '0.5' },
      'A change must be at least ¥1: JPY has no smaller amount.',
    ],
    [
      'HUF',
      { mode: 'set', value: '0.5' },
      'The amount must be at least HUF\u00a01: HUF has no smaller amount.',
    ],
  ] as const)('in %s, refuses %j in the account’s money: %s', (currency, change, error) => {
    expect(buildOperation(draft({ kind: 'budget', ...change }), 'campaign', { currency })).toEqual({
      ok: false,
      error,
    });
  });

  it('takes amounts the account’s currency allows, and leaves unknown currencies to the server', () => {
    expect(
      buildOperation(draft({ kind: 'budget', mode: 'set', value: '9999999.99' }), 'campaign', {
        currency: 'USD',
      }),
    ).toEqual({
      ok: true,
      operation: { kind: 'budget', change: { type: 'set', value: 9999999.99 } },
    });
    expect(
      buildOperation(draft({ kind: 'budget', mode: 'set', value: '20000000' }), 'campaign', {
        currency: 'XYZ',
      }).ok,
    ).toBe(true);
  });

  it('refuses a percentage beyond a guardrail that blocks, not one that asks for approval', () => {
    const raise60 = draft({ kind: 'budget', mode: 'percent', direction: 'raise', value: '60' });
    const limit = { maxChangePercent: 50, cooldownMinutes: 0 };
    expect(
      buildOperation(raise60, 'campaign', {
        currency: 'USD',
        guardrails: { ...limit, overLimit: 'block' },
      }),
    ).toEqual({ ok: false, error: "Bayme's limit is ±50% per edit: raise by 50% or less." });
    expect(
      buildOperation(raise60, 'campaign', {
        currency: 'USD',
        guardrails: { ...limit, overLimit: 'approval' },
      }).ok,
    ).toBe(true);
  });

  it('refuses what the level does not have', () => {
    expect(buildOperation(draft({ kind: 'bid', mode: 'set', value: '1' }), 'campaign')).toEqual({
      ok: false,
      error: 'Bids belong to ad groups.',
    });
    expect(buildOperation(draft({ kind: 'budget', mode: 'set', value: '1' }), 'ad')).toMatchObject({
      ok: false,
    });
    expect(
      buildOperation(draft({ kind: 'bid', mode: 'amount', value: '1' }), 'adgroup'),
    ).toMatchObject({ ok: false });
  });

  it('builds renames from the rename inputs, and refuses what the server would', () => {
    const rename = initialDraft('campaign').rename;
    expect(
      buildOperation(
        draft({ kind: 'name', rename: { ...rename, mode: 'prefix', prefix: 'EU | ' } }),
        'campaign',
      ),
    ).toEqual({ ok: true, operation: { kind: 'name', change: { type: 'prefix', text: 'EU | ' } } });
    const replace = buildOperation(
      draft({ kind: 'name', rename: { ...rename, find: 'Q3', replace: 'Q4', ignoreCase: true } }),
      'adgroup',
    );
    expect(replace).toEqual({
      ok: true,
      operation: {
        kind: 'name',
        change: { type: 'replace', find: 'Q3', replace: 'Q4', regex: false, ignoreCase: true },
      },
    });
    if (replace.ok) expect(checkedAsPreview(replace.operation).success).toBe(true);
    expect(
      buildOperation(draft({ kind: 'name', rename: { ...rename, mode: 'suffix' } }), 'campaign'),
    ).toEqual({ ok: false, error: 'Type the suffix.' });
    expect(
      buildOperation(
        draft({ kind: 'name', rename: { ...rename, find: '(x|y)+', regex: true } }),
        'campaign',
      ),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/repeated group/) });
    expect(
      buildOperation(draft({ kind: 'name', rename: { ...rename, mode: 'suffix' } }), 'ad'),
    ).toEqual({ ok: false, error: 'Type the suffix.' });
  });

  it('builds end-time changes for ad groups from days or a local date and time', () => {
    const schedule = initialDraft('adgroup').schedule;
    const later = buildOperation(
      draft({ kind: 'schedule', schedule: { ...schedule, days: '14' } }),
      'adgroup',
    );
    expect(later).toEqual({
      ok: true,
      operation: { kind: 'schedule', change: { type: 'shift_end', days: 14 } },
    });
    if (later.ok) expect(checkedAsPreview(later.operation).success).toBe(true);
    expect(
      buildOperation(
        draft({ kind: 'schedule', schedule: { ...schedule, direction: 'earlier', days: '3' } }),
        'adgroup',
      ),
    ).toMatchObject({ ok: true, operation: { change: { days: -3 } } });
    expect(
      buildOperation(
        draft({
          kind: 'schedule',
          schedule: { ...schedule, mode: 'set_end', endTime: '2026-12-24T23:59' },
        }),
        'adgroup',
      ),
    ).toEqual({
      ok: true,
      operation: { kind: 'schedule', change: { type: 'set_end', endTime: '2026-12-24 23:59' } },
    });
    expect(
      buildOperation(
        draft({ kind: 'schedule', schedule: { ...schedule, days: '1.5' } }),
        'adgroup',
      ),
    ).toEqual({ ok: false, error: '“1.5” is not a whole number of days.' });
    expect(
      buildOperation(draft({ kind: 'schedule', schedule: { ...schedule, days: '0' } }), 'adgroup'),
    ).toEqual({ ok: false, error: 'A shift of 0 days changes nothing.' });
    expect(buildOperation(draft({ kind: 'schedule' }), 'campaign')).toEqual({
      ok: false,
      error: 'Schedules belong to ad groups.',
    });
  });

  it('builds start-time changes like end-time ones', () => {
    const schedule = initialDraft('adgroup').schedule;
    const earlier = buildOperation(
      draft({
        kind: 'schedule',
        schedule: { ...schedule, mode: 'shift_start', direction: 'earlier', days: '2' },
      }),
      'adgroup',
    );
    expect(earlier).toEqual({
      ok: true,
      operation: { kind: 'schedule', change: { type: 'shift_start', days: -2 } },
    });
    if (earlier.ok) expect(checkedAsPreview(earlier.operation).success).toBe(true);
    expect(
      buildOperation(
        draft({
          kind: 'schedule',
          schedule: { ...schedule, mode: 'set_start', startTime: '2026-12-01T09:00' },
        }),
        'adgroup',
      ),
    ).toMatchObject({ ok: true, operation: { change: { startTime: '2026-12-01 09:00' } } });
    expect(
      buildOperation(
        draft({ kind: 'schedule', schedule: { ...schedule, mode: 'set_start' } }),
        'adgroup',
      ),
    ).toEqual({ ok: false, error: 'Choose the new start date and time.' });
  });

  it('builds landing-page changes, leaving out the spare empty parameter line', () => {
    const ad = (landingUrl: Partial<OperationDraft['landingUrl']>) =>
      buildOperation(
        {
          ...initialDraft('ad'),
          kind: 'landing_url',
          landingUrl: { ...initialDraft('ad').landingUrl, ...landingUrl },
        },
        'ad',
      );
    expect(
      ad({
        params: [
          { key: 'utm_source', value: 'tiktok' },
          { key: ' ad_id ', value: '__CID__' },
          { key: '', value: '' },
        ],
      }),
    ).toEqual({
      ok: true,
      operation: {
        kind: 'landing_url',
        change: {
          type: 'params',
          params: [
            { key: 'utm_source', value: 'tiktok' },
            { key: 'ad_id', value: '__CID__' },
          ],
        },
      },
    });
    expect(ad({ params: [{ key: '', value: 'x' }] })).toEqual({
      ok: false,
      error: 'Name every parameter you give a value.',
    });
    expect(ad({ params: [{ key: 'a b', value: 'x' }] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/cannot hold/),
    });
    expect(ad({ mode: 'set', url: 'https://bayme.example/sale' })).toMatchObject({
      ok: true,
      operation: { change: { type: 'set', url: 'https://bayme.example/sale' } },
    });
    expect(ad({ mode: 'replace', find: '', replace: 'x' })).toEqual({
      ok: false,
      error: 'Say what to find.',
    });
    expect(buildOperation({ ...initialDraft('adgroup'), kind: 'landing_url' }, 'adgroup')).toEqual({
      ok: false,
      error: 'Landing pages belong to ads.',
    });
  });

  it('builds ad-text changes and dayparting, refusing an empty grid and a bad id', () => {
    const text = buildOperation(
      {
        ...initialDraft('ad'),
        kind: 'ad_text',
        adText: { find: 'this week', replace: 'all month', regex: false, ignoreCase: true },
      },
      'ad',
    );
    expect(text).toEqual({
      ok: true,
      operation: {
        kind: 'ad_text',
        change: {
          type: 'replace',
          find: 'this week',
          replace: 'all month',
          regex: false,
          ignoreCase: true,
        },
      },
    });
    const dayparting = initialDraft('adgroup').dayparting;
    const weekends = `${'0'.repeat(240)}${'1'.repeat(96)}`;
    expect(
      buildOperation(
        draft({ kind: 'dayparting', dayparting: { ...dayparting, grid: weekends } }),
        'adgroup',
      ),
    ).toEqual({
      ok: true,
      operation: { kind: 'dayparting', change: { type: 'set', dayparting: weekends } },
    });
    expect(
      buildOperation(
        draft({ kind: 'dayparting', dayparting: { ...dayparting, grid: '0'.repeat(336) } }),
        'adgroup',
      ),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/at least one half hour/) });
    expect(
      buildOperation(
        draft({
          kind: 'dayparting',
          dayparting: { ...dayparting, mode: 'copy', fromAdgroupId: ' 1840158125589658770 ' },
        }),
        'adgroup',
      ),
    ).toEqual({
      ok: true,
      operation: {
        kind: 'dayparting',
        change: { type: 'copy', fromAdgroupId: '1840158125589658770' },
      },
    });
    expect(
      buildOperation(
        draft({
          kind: 'dayparting',
          dayparting: { ...dayparting, mode: 'copy', fromAdgroupId: 'Broad' },
        }),
        'adgroup',
      ),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/digits only/) });
  });
});
