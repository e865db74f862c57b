import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../companion-server/src/lib/time-zone';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * The dashboard's reports are cached and shared like the overlays': a reload within the TTL
 * costs TikTok nothing, identical views in flight share their calls, and a range including
 * today is reused for a minute at most (over HTTP against the emulator, its call log counting).
 */

const START = Date.parse('2026-11-21T20:00:00.000Z');
const TODAY = '2026-11-21';
const US = '7252569388304511798';
const UK = '7289168100723897842';
const JP = '7214603950642735293';

let companion: TestCompanion;
/** Moved forward by tests to age the cache. */
let shiftMs = 0;

async function overview(range: { start: string; end: string }): Promise<void> {
  const response = await companion.app.inject({
    method: 'GET',
    url: `/api/reports/overview?advertiserIds=${US},${UK},${JP}&start=${range.start}&end=${range.end}`,
    headers: companion.as('viewer'),
  });
  expect(response.statusCode, response.body).toBe(200);
}

async function reportCalls(): Promise<number> {
  return (await companion.emulator.control.calls({ path: 'report/integrated/get/' })).total;
}

beforeAll(async () => {
  shiftMs = START - Date.now();
  companion = await startTestCompanion(
    { METRICS_CACHE_TTL_SECONDS: '300' },
    { now: () => new Date(Date.now() + shiftMs) },
  );
  await companion.emulator.control.clock({ set: Date.now() + shiftMs });
  const state = await companion.emulator.control.state();
  const token = await companion.emulator.control.mintToken(
    state.advertisers.map((a) => a.advertiser_id),
  );
  const response = await companion.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: companion.as('admin'),
    payload: { accessToken: token },
  });
  expect(response.statusCode, response.body).toBe(200);
});

afterAll(async () => {
  await companion?.close();
});

beforeEach(async () => {
  await companion.emulator.control.clearCalls();
});

describe('dashboard report cache', () => {
  it('answers a reload within the TTL without a TikTok call, and asks again after it', async () => {
    const range = { start: addDays(TODAY, -20), end: addDays(TODAY, -1) };
    await overview(range);
    // Per account: the daily series, the totals and the previous period's totals.
    expect(await reportCalls()).toBe(3 * 3);
    await overview(range);
    expect(await reportCalls()).toBe(3 * 3);
    shiftMs += 301_000;
    await overview(range);
    expect(await reportCalls()).toBe(2 * 3 * 3);
  });

  it('shares the calls of identical views asked at the same time', async () => {
    const range = { start: addDays(TODAY, -40), end: addDays(TODAY, -31) };
    await Promise.all([overview(range), overview(range)]);
    expect(await reportCalls()).toBe(3 * 3);
  });

  it('reuses a range that includes today for a minute at most', async () => {
    const range = { start: addDays(TODAY, -6), end: TODAY };
    await overview(range);
    expect(await reportCalls()).toBe(3 * 3);
    shiftMs += 30_000;
    await overview(range);
    expect(await reportCalls()).toBe(3 * 3);
    shiftMs += 31_000;
    await overview(range);
    // The range's two reports grow and are fetched again; the previous week's is still fresh.
    // Only in New York and London: in Tokyo it is already the 22nd, so the range is past.
    expect(await reportCalls()).toBe(3 * 3 + 2 * 2);
  });
});
