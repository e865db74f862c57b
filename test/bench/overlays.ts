/**
 * Benchmark of the Ads Manager overlays, in Debian's Chromium with the built extension on
 * the emulator's replica (a ~3-minute run):
 *
 *   npm run bench:overlays
 *
 * - time from the table's render to the overlays painted, cold (nothing cached) and warm;
 * - upstream report calls per view (counted by the emulator);
 * - main-thread time per scroll frame on a 2,000-row table: the extension's own work per
 *   frame (measured inside the content script), and the whole page's scripting, style and
 *   layout time per frame (Chrome's performance metrics), with and without moving rows;
 * - the content script bundle's size.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { freePort } from '../e2e/free-port';
import { buildExtensionFor } from '../e2e/global-setup';
import { connectAllAccounts, signInThroughPopup, startWorld } from '../e2e/harness';
import { controlClient } from '../helpers/control-client';

const US = { id: '7252569388304511798', timezone: 'America/Los_Angeles' };

function range(timeZone: string) {
  const today = zonedDate(Date.now(), timeZone);
  return { start: addDays(today, -7), end: addDays(today, -1) };
}

interface ViewMeasure {
  renderToPaintMs: number;
  reportCalls: number;
  badges: number;
}

async function measureView(
  open: () => Promise<Page>,
  emulatorUrl: string,
): Promise<ViewMeasure & { page: Page }> {
  const control = controlClient(emulatorUrl);
  const before = (await control.calls({ path: 'report/integrated/get/' })).calls.at(-1)?.seq ?? 0;
  const page = await open();
  const host = page.locator('bayme-ads-toolkit');
  await page.waitForFunction(
    () => {
      const element = document.querySelector('bayme-ads-toolkit') as HTMLElement | null;
      return Boolean(element?.dataset.baymePaintedAt);
    },
    undefined,
    { timeout: 60_000 },
  );
  const paintedAt = Number(await host.getAttribute('data-bayme-painted-at'));
  const renderedAt = Number(
    await page.locator('ks-virtual-table').getAttribute('data-rendered-at'),
  );
  const calls = (await control.calls({ path: 'report/integrated/get/', since_seq: before })).total;
  return {
    page,
    renderToPaintMs: paintedAt - renderedAt,
    reportCalls: calls,
    badges: await page.getByTestId('overlay-badge').count(),
  };
}

interface FrameMeasure {
  frames: number;
  extensionP50: number;
  extensionP95: number;
  extensionMax: number;
  pageMsPerFrame: number;
}

/** Scroll the table step by step and read what each frame cost. */
async function measureScrolling(page: Page, steps: number): Promise<FrameMeasure> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const viewport = await page.locator('.ks-vt-viewport').boundingBox();
  if (!viewport) throw new Error('No table viewport');
  await page.mouse.move(viewport.x + 700, viewport.y + 200);
  const metric = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: Array<{ name: string; value: number }>;
    };
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return (
      (value('ScriptDuration') + value('RecalcStyleDuration') + value('LayoutDuration')) * 1000
    );
  };
  // A string, not a function: tsx's transform would add helpers the page does not have.
  await page.evaluate(`(() => {
    window.__frames = 0;
    const count = () => { window.__frames += 1; requestAnimationFrame(count); };
    requestAnimationFrame(count);
  })()`);
  const scansBefore =
    JSON.parse((await page.locator('bayme-ads-toolkit').getAttribute('data-bayme-frames')) ?? '{}')
      .scans ?? 0;
  const mainBefore = await metric();
  for (let i = 0; i < steps; i += 1) {
    await page.mouse.wheel(0, 48 * 2);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(600);
  const mainAfter = await metric();
  const frames = Number(await page.evaluate('window.__frames'));
  const stats = JSON.parse(
    (await page.locator('bayme-ads-toolkit').getAttribute('data-bayme-frames')) ?? '{}',
  );
  return {
    frames: (stats.scans ?? 0) - scansBefore,
    extensionP50: stats.p50 ?? 0,
    extensionP95: stats.p95 ?? 0,
    extensionMax: stats.max ?? 0,
    pageMsPerFrame: frames > 0 ? (mainAfter - mainBefore) / frames : 0,
  };
}

async function main(): Promise<void> {
  const build = {
    serverPort: await freePort(),
    emulatorPort: await freePort(),
    outDir: await mkdtemp(join(tmpdir(), 'bayme-bench-build-')),
    extensionDir: '',
  };
  build.extensionDir = join(build.outDir, 'chrome-mv3');
  console.info('Building the extension…');
  buildExtensionFor(build);
  const world = await startWorld({ LOG_LEVEL: 'error' }, build);
  try {
    const emulatorUrl = world.server.emulator?.url ?? '';
    await controlClient(emulatorUrl).reset({ large_account_adgroups: 2000 });
    const adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
    const large = (await controlClient(emulatorUrl).state()).advertisers.find(
      (a) => a.name === 'Bayme Scale Test',
    );
    if (!large) throw new Error('No large account');

    const open = (advertiserId: string, level: string, timezone: string) => async () => {
      const page = await world.browser.newPage();
      await page.setViewportSize({ width: 1400, height: 860 });
      const r = range(timezone);
      await page.goto(
        `${emulatorUrl}/i18n/manage/${level}?aadvid=${advertiserId}&st=${r.start}&et=${r.end}`,
      );
      return page;
    };

    const rows: Array<[string, string]> = [];
    const record = (label: string, view: ViewMeasure) =>
      rows.push([
        label,
        `${view.renderToPaintMs.toFixed(0)} ms render→paint · ${view.reportCalls} report call(s) · ${view.badges} badges`,
      ]);

    const cold = await measureView(open(US.id, 'campaign', US.timezone), emulatorUrl);
    record('campaigns (4), cold', cold);
    await cold.page.close();
    const warm = await measureView(open(US.id, 'campaign', US.timezone), emulatorUrl);
    record('campaigns (4), warm', warm);
    await warm.page.close();

    const largeCold = await measureView(
      open(large.advertiser_id, 'adgroup', large.timezone),
      emulatorUrl,
    );
    record('ad groups (2,000), cold', largeCold);
    await largeCold.page.close();
    const largeWarm = await measureView(
      open(large.advertiser_id, 'adgroup', large.timezone),
      emulatorUrl,
    );
    record('ad groups (2,000), warm', largeWarm);

    const scroll = await measureScrolling(largeWarm.page, 60);
    rows.push([
      'scroll frames, 2,000-row table',
      `extension ${scroll.extensionP50.toFixed(2)} ms p50 · ${scroll.extensionP95.toFixed(2)} ms p95 · ${scroll.extensionMax.toFixed(2)} ms max per frame (${scroll.frames} frames); page total ${scroll.pageMsPerFrame.toFixed(2)} ms script+style+layout per frame`,
    ]);
    await largeWarm.page.close();

    const width = Math.max(...rows.map(([label]) => label.length));
    console.info(
      `\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`,
    );
    console.info(
      execFileSync('npx', ['tsx', 'test/bench/bundle-size.ts'], {
        env: { ...process.env, WXT_OUT_DIR: build.outDir },
      }).toString(),
    );
  } finally {
    await world.close();
    await rm(build.outDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
