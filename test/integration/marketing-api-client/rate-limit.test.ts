import { afterEach, describe, expect, it } from 'vitest';
import { clientFor } from '../../helpers/client';
import type { CallRecord } from '../../helpers/control-client';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator';

/** Most calls the emulator saw in any one-second window. */
function busiestSecond(calls: CallRecord[]): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let busiest = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 1_000) start += 1;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

describe('Marketing API client: the app-wide rate limiter against the emulator', () => {
  let emulator: TestEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
  });

  it('holds the Basic tier under a burst of 35 concurrent calls: no 40100 at all', async () => {
    emulator = await startTestEmulator({ rateLimiting: true, tier: 'basic' });
    const { client } = clientFor(emulator, { tier: 'basic' });
    const token = await emulator.control.mintToken();
    const accounts = (await emulator.control.state()).advertisers.map((a) => a.advertiser_id);
    await emulator.control.clearCalls();

    const results = await Promise.all(
      Array.from({ length: 35 }, (_, i) =>
        client.campaigns.list(token, { advertiserId: accounts[i % 3] ?? '' }),
      ),
    );
    expect(results.every((campaigns) => campaigns.length > 0)).toBe(true);

    const log = await emulator.control.calls();
    expect(log.total).toBe(35);
    expect(log.calls.filter((c) => c.code === 40100)).toEqual([]);
    expect(busiestSecond(log.calls)).toBeLessThanOrEqual(10);
  });

  it('recovers when a limiter set too high meets throttling: retries, and nothing reaches the caller', async () => {
    emulator = await startTestEmulator({ rateLimiting: true, tier: 'basic' });
    // The client believes it may send 50 per second; TikTok (the emulator) allows 10.
    const { client } = clientFor(emulator, {
      tier: 'ultimate',
      retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 500 },
    });
    const token = await emulator.control.mintToken();
    const usId = (await emulator.control.account('USD')).advertiser_id;
    await emulator.control.clearCalls();

    const results = await Promise.all(
      Array.from({ length: 25 }, () => client.campaigns.list(token, { advertiserId: usId })),
    );
    expect(results).toHaveLength(25);
    const codes = (await emulator.control.calls()).by_path['campaign/get/']?.codes ?? {};
    expect(codes['0']).toBe(25);
    expect(codes['40100'] ?? 0).toBeGreaterThan(0);
  });

  it('paces each endpoint at 1 per second in sandbox mode', async () => {
    emulator = await startTestEmulator({ rateLimiting: true, sandbox: true });
    const { client } = clientFor(emulator, {
      mode: 'sandbox',
      origin: emulator.url,
      tier: 'basic',
    });
    const token = await emulator.control.mintToken();
    const usId = (await emulator.control.account('USD')).advertiser_id;
    await emulator.control.clearCalls();
    await Promise.all([
      client.campaigns.list(token, { advertiserId: usId }),
      client.campaigns.list(token, { advertiserId: usId }),
      client.adGroups.list(token, { advertiserId: usId }),
      client.adGroups.list(token, { advertiserId: usId }),
    ]);
    const log = await emulator.control.calls();
    expect(log.calls.filter((c) => c.code !== 0)).toEqual([]);
    const campaignCalls = log.calls.filter((c) => c.path === 'campaign/get/').map((c) => c.at);
    expect((campaignCalls[1] ?? 0) - (campaignCalls[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
  });
});
