/**
 * Benchmark: a burst of reads through the Marketing API client against the emulator
 * enforcing a TikTok tier. The emulator runs in its own process, as TikTok would.
 *
 *   npm run bench                          # 1,000 reads at the Basic tier (≈ 2 minutes)
 *   npm run bench -- --count 300 --tier advanced
 *
 * Prints the calls per second achieved, the ratio to the tier's limit, how many 40100
 * (throttled) answers the emulator gave and how many reached the caller (target: none),
 * upstream calls per read, and the latency each caller saw (queueing included).
 */
import { parseArgs } from 'node:util';
import { BAYME_APP_ID } from '../../companion-server/src/config';
import { createMarketingApiClient } from '../../companion-server/src/marketing-api/client';
import { MarketingApiError } from '../../companion-server/src/marketing-api/errors';
import { TIERS, type Tier } from '../../companion-server/src/marketing-api/rate-limiter';
import { controlClient } from '../helpers/control-client';
import { startEmulatorProcess } from './emulator-process';

const TIER_QPS: Record<Tier, number> = { basic: 10, advanced: 20, premium: 30, ultimate: 50 };
const EMULATOR_SECRET = 'emulator-app-secret-not-a-real-one';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    tier: { type: 'string', default: 'basic' },
  },
});
const count = Number(values.count);
const tier = values.tier as Tier;
if (!Number.isInteger(count) || count < 1)
  throw new Error(`--count must be a positive integer, got ${values.count}`);
if (!TIERS.includes(tier)) throw new Error(`--tier must be one of ${TIERS.join(', ')}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess({ EMULATOR_TIER: tier });
  try {
    const control = controlClient(url);
    const state = await control.state();
    const accounts = state.advertisers.map((a) => a.advertiser_id);
    const token = await control.mintToken(accounts);
    const client = createMarketingApiClient({
      mode: 'emulator',
      origin: url,
      appId: BAYME_APP_ID,
      appSecret: EMULATOR_SECRET,
      tier,
    });
    await control.clearCalls();

    console.info(
      `Burst of ${count} reads at the ${tier} tier (${TIER_QPS[tier]} QPS) against ${url} …`,
    );
    const latencies: number[] = [];
    let reachedCaller40100 = 0;
    let otherFailures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const advertiserId = accounts[i % accounts.length] ?? '';
        const t0 = performance.now();
        try {
          // A mix of the reads the product makes: entity lists and account details.
          if (i % 3 === 0) await client.campaigns.list(token, { advertiserId });
          else if (i % 3 === 1) await client.adGroups.list(token, { advertiserId });
          else await client.advertisers.info(token, [advertiserId]);
        } catch (error) {
          if (error instanceof MarketingApiError && error.code === 40100) reachedCaller40100 += 1;
          else otherFailures += 1;
        } finally {
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const log = await control.calls();
    const upstream40100 = log.calls.filter((call) => call.code === 40100).length;
    const arrivals = log.calls.map((call) => call.at).sort((a, b) => a - b);
    let busiest = 0;
    for (let end = 0, start = 0; end < arrivals.length; end += 1) {
      while ((arrivals[end] ?? 0) - (arrivals[start] ?? 0) >= 1_000) start += 1;
      busiest = Math.max(busiest, end - start + 1);
    }
    latencies.sort((a, b) => a - b);
    const achieved = log.total / seconds;

    const rows: Array<[string, string]> = [
      ['reads', String(count)],
      ['upstream calls', String(log.total)],
      ['upstream calls per read', (log.total / count).toFixed(2)],
      ['duration', `${seconds.toFixed(1)} s`],
      ['calls per second achieved', achieved.toFixed(2)],
      [
        'ratio to the tier limit',
        `${(achieved / TIER_QPS[tier]).toFixed(3)} of ${TIER_QPS[tier]} QPS`,
      ],
      ['busiest second seen by the emulator', `${busiest} calls`],
      ['40100 answers from the emulator', String(upstream40100)],
      ['40100 answers that reached the caller', String(reachedCaller40100)],
      ['other failures', String(otherFailures)],
      [
        'latency per read (queueing included)',
        `p50 ${percentile(latencies, 50).toFixed(0)} ms · p95 ${percentile(latencies, 95).toFixed(0)} ms · max ${(latencies.at(-1) ?? 0).toFixed(0)} ms`,
      ],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    console.info(
      `\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`,
    );
    if (reachedCaller40100 > 0 || otherFailures > 0) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
