import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Bulk-edit operations out of any sane range are refused before anything is read at TikTok
 * or written to the data directory: a 400 naming the field, no call, no plan file.
 */

const US = '7252569388304511798';
const AD_GROUPS = ['1840158125589658770', '1894767388663798066'];

let companion: TestCompanion;
let jpy = '';

beforeAll(async () => {
  companion = await startTestCompanion();
  jpy = (await companion.emulator.control.account('JPY')).advertiser_id;
  const token = await companion.emulator.control.mintToken([US, jpy]);
  const imported = await companion.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: companion.as('admin'),
    payload: { accessToken: token },
  });
  expect(imported.statusCode, imported.body).toBe(200);
});

afterAll(async () => {
  await companion?.close();
});

beforeEach(async () => {
  await companion.emulator.control.clearCalls();
});

async function planFiles(): Promise<string[]> {
  try {
    return await readdir(join(companion.dataDir, 'bulk-edits', 'plans'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function planRequest(advertiserId: string, operation: unknown, level = 'adgroup') {
  const response = await companion.app.inject({
    method: 'POST',
    url: `/api/ad-accounts/${advertiserId}/bulk-edits/plans`,
    headers: companion.as('buyer'),
    payload: { level, entityIds: AD_GROUPS, operation },
  });
  return { status: response.statusCode, body: response.json() };
}

const budget = (type: string, value: unknown) => ({ kind: 'budget', change: { type, value } });
const bid = (type: string, value: unknown) => ({ kind: 'bid', change: { type, value } });

describe('out-of-range values', () => {
  it.each([
    ['a set budget of 1e308', US, budget('set', 1e308), /Must be at most 1,000,000,000,000\./],
    ['a set budget of -1e308', US, budget('set', -1e308), /Must be at least 0\.01/],
    ['a set budget of 1e-320', US, budget('set', 1e-320), /Must be at least 0\.01/],
    ['a set budget of 0', US, budget('set', 0), /Must be at least 0\.01/],
    ['a set budget of null (NaN in JSON)', US, budget('set', null), /expected number/],
    ['a set budget as text', US, budget('set', 'NaN'), /expected number/],
    ['an amount of -1e308', US, budget('amount', -1e308), /Must be between/],
    ['an amount of 1e308', US, budget('amount', 1e308), /Must be between/],
    ['an amount of 1e-320', US, budget('amount', 1e-320), /at least 0\.01/],
    ['a percent of +1001%', US, budget('percent', 1001), /A raise can be at most \+1000%/],
    ['a percent of 1e308', US, budget('percent', 1e308), /A raise can be at most \+1000%/],
    ['a percent of -1000%', US, budget('percent', -1000), /less than 100%/],
    ['a set bid of 1e308', US, bid('set', 1e308), /Must be at most 1,000,000,000,000\./],
    [
      "a set budget above USD's maximum",
      US,
      budget('set', 10_000_000.01),
      /The amount must be at most \$10,000,000\.00, TikTok's largest budget in USD\./,
    ],
    [
      "an amount beyond USD's maximum",
      US,
      budget('amount', -20_000_000),
      /A change must be at most \$10,000,000\.00, TikTok's largest budget in USD\./,
    ],
    [
      "a set budget above JPY's maximum",
      'JPY',
      budget('set', 1_000_000_001),
      /at most ¥1,000,000,000, TikTok's largest budget in JPY\./,
    ],
    [
      'a JPY change smaller than one yen',
      'JPY',
      budget('amount', 0.5),
      /A change must be at least ¥1: JPY has no smaller amount\./,
    ],
  ])(
    'refuses %s: 400 naming the field, no TikTok call, no plan stored',
    async (_what, account, operation, message) => {
      const advertiserId = account === 'JPY' ? jpy : account;
      const { status, body } = await planRequest(advertiserId, operation);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toMatch(/^Invalid body: operation\.change\.value: /);
      expect(body.error.message).toMatch(message);
      expect((await companion.emulator.control.calls()).total).toBe(0);
      expect(await planFiles()).toEqual([]);
    },
  );

  it('still plans sane values at the edges (reading TikTok, storing the plan)', async () => {
    for (const operation of [
      // At the maximum: a row the planner blocks, with TikTok's reason.
      budget('set', 10_000_000),
      budget('percent', 1000),
      budget('amount', -0.01),
      // Finer than cents: rounded by the planner, which says so.
      budget('amount', 0.333),
    ]) {
      const { status, body } = await planRequest(US, operation);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.rows).toHaveLength(AD_GROUPS.length);
    }
    expect((await companion.emulator.control.calls()).total).toBeGreaterThan(0);
    expect(await planFiles()).toHaveLength(4);
  });
});
