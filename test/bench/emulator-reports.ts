/**
 * Benchmark: the emulator's synchronous reports as a big export reads them — the scale account
 * (5,000 ad groups with one ad each by default), 90 days ending yesterday, daily rows, fetched
 * the way the companion server does it (30-day windows, page_size 1000, page after page). The
 * emulator runs in this process and is called through `inject`, so what is measured is the
 * emulator's own work: wall time per page and the process's CPU time.
 *
 *   npm run bench:emulator-reports
 *   npm run bench:emulator-reports -- --level adgroup --metrics airbyte
 *   npm run bench:emulator-reports -- --metrics events  # conversion events of every channel
 *   npm run bench:emulator-reports -- --shift-days 90    # a seed whose ad groups are too young
 *   npm run bench:emulator-reports -- --paced            # at most 10 calls a second, in sequence
 *
 * At TikTok's Basic tier (10 calls a second) a page may take up to 100 ms before the emulator,
 * rather than the rate limit, sets the pace of an export.
 *
 * --shift-days seeds the world that many days before now and then moves the clock forward, so
 * that a seed whose campaigns are younger than the range still fills it (as bench:export does).
 */
import { parseArgs } from 'node:util';
import { buildEmulator } from '../../companion-server/emulator/app';
import { addDays, compareDates, zonedDate } from '../../companion-server/src/lib/time-zone';
import { median, percentile } from './stats';

const { values } = parseArgs({
  options: {
    'ad-groups': { type: 'string', default: '5000' },
    days: { type: 'string', default: '90' },
    level: { type: 'string', default: 'ad' },
    metrics: { type: 'string', default: 'product' },
    'shift-days': { type: 'string', default: '0' },
    repeat: { type: 'string', default: '1' },
    /** Send calls no faster than the Basic tier allows, one after another, as a client does. */
    paced: { type: 'boolean', default: false },
  },
});

const AD_GROUPS = Number(values['ad-groups']);
const DAYS = Number(values.days);
const SHIFT_DAYS = Number(values['shift-days']);
const REPEAT = Number(values.repeat);
const LEVEL = values.level;
const DAY_MS = 86_400_000;
const WINDOW_DAYS = 30;
const BASIC_TIER_QPS = 10;

/**
 * What the companion server's export asks for, what Airbyte's ad-level stream asks for, and a
 * spread of event metrics over every channel (each event family read costs derivation work).
 */
const METRIC_SETS: Record<string, (level: string) => string[]> = {
  product: (level) => [
    'spend',
    'impressions',
    'clicks',
    'ctr',
    'cpc',
    'conversion',
    'cost_per_conversion',
    'complete_payment_roas',
    `${level}_name`,
  ],
  airbyte: (level) => [
    'spend',
    'cpc',
    'cpm',
    'impressions',
    'clicks',
    'ctr',
    'reach',
    'cost_per_1000_reached',
    'frequency',
    'video_play_actions',
    'video_watched_2s',
    'video_watched_6s',
    'average_video_play',
    'average_video_play_per_user',
    'video_views_p25',
    'video_views_p50',
    'video_views_p75',
    'video_views_p100',
    'profile_visits',
    'likes',
    'comments',
    'shares',
    'follows',
    'clicks_on_music_disc',
    'campaign_name',
    ...(level === 'ad' || level === 'adgroup' ? ['campaign_id', 'adgroup_name'] : []),
    'conversion',
    'cost_per_conversion',
    'conversion_rate',
  ],
  events: (level) => [
    'spend',
    'impressions',
    'clicks',
    `${level}_name`,
    'complete_payment',
    'complete_payment_roas',
    'total_landing_page_view',
    'initiate_checkout',
    'cost_per_initiate_checkout',
    'web_event_add_to_cart',
    'total_web_event_add_to_cart_value',
    'page_content_view_events',
    'form',
    'offline_shopping_events',
    'offline_shopping_events_roas',
    'offline_total_crm_events',
    'vta_complete_payment',
    'evta_payments_completed',
    'app_install',
    'purchase',
    'total_purchase',
    'total_purchase_value',
    'total_purchase_value_day6',
    'checkout',
    'next_day_open',
    'day7_retention',
    'sales_lead',
    'loan_disbursement',
    'onsite_shopping',
    'onsite_on_web_cart',
    'onsite_form',
    'ix_page_view_count',
    'messaging_total_conversation_tiktok_direct_message',
  ],
};

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function main(): Promise<void> {
  const metricsOf = METRIC_SETS[values.metrics];
  if (!metricsOf) throw new Error(`Unknown metric set ${values.metrics}.`);
  const dataLevel = `AUCTION_${LEVEL.toUpperCase()}`;
  const metrics = metricsOf(LEVEL);

  const startedSeeding = performance.now();
  const { app, runtime } = buildEmulator({
    largeAccountAdGroups: AD_GROUPS,
    rateLimiting: false,
    startAt: Date.now() - SHIFT_DAYS * DAY_MS,
  });
  if (SHIFT_DAYS > 0) runtime.clock.set(Date.now());
  const large = [...runtime.state.advertisers.values()].find((a) => a.name === 'Bayme Scale Test');
  if (!large) throw new Error('The emulator seeded no scale account.');
  const minted = await app.inject({
    method: 'POST',
    url: '/__emulator/tokens',
    payload: { advertiser_ids: [large.advertiser_id] },
  });
  const token = (minted.json() as { access_token: string }).access_token;
  const seededMs = performance.now() - startedSeeding;

  const today = zonedDate(runtime.clock.now(), large.timezone);
  const firstDay = addDays(today, -DAYS);
  const lastDay = addDays(today, -1);
  const newestAdGroup = Math.max(
    ...runtime.state.adGroupsOfAdvertiser(large.advertiser_id).map((g) => g.create_time),
  );
  const fills = zonedDate(newestAdGroup, large.timezone) < firstDay;
  console.info(
    `Scale account: ${AD_GROUPS.toLocaleString('en-US')} ad groups (seeded in ${(seededMs / 1000).toFixed(1)} s); ${dataLevel}, daily, ${firstDay}..${lastDay} (${DAYS} days) in ${WINDOW_DAYS}-day windows, page_size 1000; ${metrics.length} metrics (${values.metrics}).`,
  );
  if (!fills) {
    console.info(
      '  Note: the newest ad group was created inside the range, so early days have fewer rows.',
    );
  }

  for (let round = 1; round <= REPEAT; round += 1) {
    const pageMs: number[] = [];
    let rows = 0;
    const cpuBefore = cpuMs();
    const started = performance.now();
    for (let start = firstDay; start <= lastDay; start = addDays(start, WINDOW_DAYS)) {
      const windowEnd = addDays(start, WINDOW_DAYS - 1);
      const end = compareDates(windowEnd, lastDay) < 0 ? windowEnd : lastDay;
      const windowStarted = performance.now();
      const windowPages = pageMs.length;
      for (let page = 1, totalPage = 1; page <= totalPage; page += 1) {
        const query = new URLSearchParams({
          advertiser_id: large.advertiser_id,
          report_type: 'BASIC',
          data_level: dataLevel,
          dimensions: JSON.stringify([`${LEVEL}_id`, 'stat_time_day']),
          metrics: JSON.stringify(metrics),
          start_date: start,
          end_date: end,
          page: String(page),
          page_size: '1000',
        });
        if (values.paced) {
          const slot = started + (pageMs.length * 1000) / BASIC_TIER_QPS;
          const wait = slot - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const callStarted = performance.now();
        const response = await app.inject({
          method: 'GET',
          url: `/open_api/v1.3/report/integrated/get/?${query}`,
          headers: { 'access-token': token },
        });
        pageMs.push(performance.now() - callStarted);
        const body = response.json() as {
          code: number;
          message: string;
          data: { list: unknown[]; page_info: { total_page: number } };
        };
        if (body.code !== 0) throw new Error(`Report failed: ${body.code} ${body.message}`);
        rows += body.data.list.length;
        totalPage = body.data.page_info.total_page;
      }
      const pages = pageMs.slice(windowPages);
      console.info(
        `  window ${start}..${end}: ${pages.length} pages in ${((performance.now() - windowStarted) / 1000).toFixed(1)} s (first ${pages[0]?.toFixed(0)} ms, median ${median(pages).toFixed(1)} ms)`,
      );
    }
    const wallMs = performance.now() - started;
    const cpu = cpuMs() - cpuBefore;
    const calls = pageMs.length;
    const floorMs = (calls / BASIC_TIER_QPS) * 1000;
    console.info(
      `\nRound ${round}: ${calls} calls, ${rows.toLocaleString('en-US')} rows in ${(wallMs / 1000).toFixed(1)} s; process CPU ${(cpu / 1000).toFixed(1)} s (${((cpu / wallMs) * 100).toFixed(0)}% of the wall time)`,
    );
    console.info(
      `  per page     median ${median(pageMs).toFixed(1)} ms, p95 ${percentile(pageMs, 95).toFixed(1)} ms, max ${Math.max(...pageMs).toFixed(1)} ms, first ${pageMs[0]?.toFixed(1)} ms`,
    );
    const emulatorMs = pageMs.reduce((sum, ms) => sum + ms, 0);
    console.info(
      `  Basic tier   ${calls} calls need at least ${(floorMs / 1000).toFixed(1)} s at ${BASIC_TIER_QPS} calls/s; the emulator answered in ${(emulatorMs / 1000).toFixed(1)} s (${((emulatorMs / floorMs) * 100).toFixed(0)}% of that floor)${values.paced ? `; paced, the whole read took ${(wallMs / floorMs).toFixed(2)}× the floor` : ''}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
