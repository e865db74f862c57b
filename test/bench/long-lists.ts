/**
 * Benchmark of the extension's long lists, in Debian's Chromium with the production build,
 * against the emulator's large account with 5,000 ad groups (a run of about a minute):
 *
 *   npm run bench:lists        (npx tsx test/bench/long-lists.ts)
 *   npm run bench:lists -- --ad-groups 10000 --runs 7
 *
 * For the side panel (at 420 px) and the dashboard's level table (at 1366×768), each run in a
 * fresh page:
 * - open → list: from the page's navigation to the first row in the page (the server's
 *   answers included; the first run finds the server's cache cold).
 * - render: from a click on the "Ad groups" tab, the 5,000 rows already fetched (after a
 *   visit to another level), to the list shown.
 * - sort: a click on the Spend header, to the list shown in the other order.
 * - filter: typing "group 0499" one key at a time (each key to its rows on screen), and
 *   clearing the filter (back to 5,000).
 * Each step is timed in the page: from the event to the DOM showing the outcome, and to the
 * end of the next frame (style, layout and paint included). The extension carries no
 * measuring hooks: everything is read from outside, through the DOM.
 *
 * Figures are reported (median, lowest–highest of the runs), not checked against a budget.
 */
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { freePort } from '../e2e/free-port';
import { buildExtensionFor } from '../e2e/global-setup';
import { connectAllAccounts, signInThroughPopup, startWorld } from '../e2e/harness';
import { controlClient } from '../helpers/control-client';
import { medianAndSpread } from './stats';

const { values } = parseArgs({
  options: {
    'ad-groups': { type: 'string', default: '5000' },
    runs: { type: 'string', default: '5' },
  },
});
const AD_GROUPS = Number(values['ad-groups']);
const RUNS = Number(values.runs);
const FILTER = 'group 0499';

/** What differs between the side panel and the dashboard's table: sizes and selectors. */
interface ListSurface {
  label: string;
  viewport: { width: number; height: number };
  url(account: string, range: { start: string; end: string }): string;
  row: string;
  filter: string;
  count: string;
  table: string;
  levelTab(level: 'campaign' | 'adgroup'): string;
  sortSpend: string;
}

const SIDE_PANEL: ListSurface = {
  label: 'side panel (420×720)',
  viewport: { width: 420, height: 720 },
  url: (account, range) =>
    `sidepanel.html?advertiserId=${account}&level=adgroup&start=${range.start}&end=${range.end}`,
  row: '[data-testid="entity-row"]',
  filter: '[data-testid="entity-filter"]',
  count: '[data-testid="side-panel-count"]',
  table: '[data-testid="entity-table"]',
  levelTab: (level) =>
    `[data-testid="level-tabs"] [role="tab"]:nth-child(${level === 'campaign' ? 1 : 2})`,
  sortSpend: '[data-testid="sort-spend"]',
};

const DASHBOARD: ListSurface = {
  label: 'dashboard level table (1366×768)',
  viewport: { width: 1366, height: 768 },
  url: (account, range) =>
    `dashboard.html?advertiserIds=${account}&start=${range.start}&end=${range.end}`,
  row: '[data-testid="level-row"]',
  filter: '[data-testid="level-filter"]',
  count: '[data-testid="level-table-count"]',
  table: '[data-testid="level-table"]',
  levelTab: (level) => `[data-testid="level-tab-${level}"]`,
  sortSpend: '[data-testid="sort-spend"]',
};

/** One step: to the DOM showing the outcome, and to the end of the next frame. */
interface StepTime {
  domMs: number;
  frameMs: number;
}

/**
 * The page's side of a step, as source: do `action`, watch the DOM until `done` holds, then
 * wait for the next frame to be produced. Both are JavaScript pasted into the expression:
 * extension pages forbid eval and new Function (no 'unsafe-eval' in their CSP), while an
 * expression sent whole through the DevTools protocol runs.
 */
function stepSource(action: string, done: string): string {
  return `(async () => {
    const isDone = () => (${done});
    const start = performance.now();
    await new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (isDone()) { observer.disconnect(); resolve(); }
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
      ${action}
      if (isDone()) { observer.disconnect(); resolve(); }
    });
    const domAt = performance.now();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return { domMs: domAt - start, frameMs: performance.now() - start };
  })()`;
}

async function step(page: Page, action: string, done: string): Promise<StepTime> {
  const timing = page.evaluate(stepSource(action, done)) as Promise<StepTime>;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`A step never finished: ${done}`)), 120_000);
  });
  try {
    return await Promise.race([timing, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits, without timing it, until `done` holds. */
const until = (page: Page, done: string) => step(page, '', done);

/** Sets an input's text as typing does: the native setter, then the event React listens to. */
const typeInto = (selector: string, text: string) => `
      const field = document.querySelector(${JSON.stringify(selector)});
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(field, ${JSON.stringify(text)});
      field.dispatchEvent(new Event('input', { bubbles: true }));`;
const click = (selector: string) => `document.querySelector(${JSON.stringify(selector)}).click();`;
const text = (selector: string) =>
  `(document.querySelector(${JSON.stringify(selector)})?.textContent ?? '')`;
const allRows = (surface: ListSurface) =>
  `document.querySelector(${JSON.stringify(surface.table)})?.getAttribute('data-rows') === '${AD_GROUPS}' && document.querySelector(${JSON.stringify(surface.row)}) !== null`;

/** Records when the first row appears, from the navigation's start. */
const FIRST_ROW_WATCHER = (row: string) => `
  window.__firstRowAt = null;
  new MutationObserver((_, observer) => {
    if (document.querySelector(${JSON.stringify(row)})) {
      window.__firstRowAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });`;

interface RunFigures {
  openMs: number;
  render: StepTime;
  sort: StepTime;
  keystrokes: StepTime[];
  clear: StepTime;
  rowsInPage: number;
}

async function measureRun(
  browser: BrowserContext,
  extensionId: string,
  surface: ListSurface,
  account: string,
  range: { start: string; end: string },
  /** The ad groups' names, lower case, as the filter reads them. */
  names: string[],
): Promise<RunFigures> {
  const page = await browser.newPage();
  await page.setViewportSize(surface.viewport);
  await page.addInitScript(FIRST_ROW_WATCHER(surface.row));
  await page.goto(`chrome-extension://${extensionId}/${surface.url(account, range)}`);
  if (surface === DASHBOARD) {
    // The dashboard opens on campaigns: its ad groups are a click away.
    await page.locator(surface.levelTab('adgroup')).click({ timeout: 60_000 });
  }
  await until(page, allRows(surface));
  const openMs = (await page.evaluate('window.__firstRowAt')) as number;

  // Another level, then back: the ad groups come from the page's cache, only rendering.
  await page.locator(surface.levelTab('campaign')).click();
  await until(page, `${text(surface.count)}.includes('campaign')`);
  const render = await step(page, click(surface.levelTab('adgroup')), allRows(surface));

  const firstId = await page.locator(surface.row).first().getAttribute('data-entity-id');
  const sort = await step(
    page,
    click(surface.sortSpend),
    `document.querySelector(${JSON.stringify(surface.row)})?.getAttribute('data-entity-id') !== ${JSON.stringify(firstId)}`,
  );
  const rowsInPage = await page.locator(surface.row).count();

  const keystrokes: StepTime[] = [];
  for (let typed = 1; typed <= FILTER.length; typed += 1) {
    const typedSoFar = FILTER.slice(0, typed);
    // Done when the count line says how many rows this much of the word leaves.
    const left = names.filter((name) => name.includes(typedSoFar.trim())).length;
    keystrokes.push(
      await step(
        page,
        typeInto(surface.filter, typedSoFar),
        `${text(surface.count)}.startsWith(${JSON.stringify(`${left.toLocaleString('en-US')} of`)})`,
      ),
    );
  }
  const matches = names.filter((name) => name.includes(FILTER)).length;
  const shown = await page.locator(surface.row).count();
  if (shown !== matches) {
    throw new Error(`${surface.label}: the filter left ${shown} rows, not ${matches}`);
  }
  const clear = await step(page, typeInto(surface.filter, ''), allRows(surface));
  await page.close();
  return { openMs, render, sort, keystrokes, clear, rowsInPage };
}

function report(surface: ListSurface, runs: RunFigures[]): string[] {
  const ms = (values: number[]) => `${medianAndSpread(values, 1)} ms`;
  const both = (steps: StepTime[]) =>
    `${ms(steps.map((s) => s.domMs))} to the DOM · ${ms(steps.map((s) => s.frameMs))} to the next frame`;
  const [cold, ...warm] = runs;
  return [
    `  ${surface.label}: ${AD_GROUPS.toLocaleString('en-US')} ad groups, ${runs.length} runs, median (lowest–highest)`,
    `    open → first rows        cold ${cold?.openMs.toFixed(0)} ms · warm ${ms(warm.map((r) => r.openMs))} (server answers included)`,
    `    render (cached data)     ${both(runs.map((r) => r.render))}`,
    `    sort by spend            ${both(runs.map((r) => r.sort))}`,
    `    filter, per keystroke    ${both(runs.flatMap((r) => r.keystrokes))} (${FILTER.length} keys per run)`,
    `    filter, whole word       ${ms(runs.map((r) => r.keystrokes.reduce((sum, s) => sum + s.frameMs, 0)))} for "${FILTER}", key by key`,
    `    clear the filter         ${both(runs.map((r) => r.clear))}`,
    `    rows in the page         ${medianAndSpread(
      runs.map((r) => r.rowsInPage),
      0,
    )} of ${AD_GROUPS.toLocaleString('en-US')}`,
  ];
}

async function main(): Promise<void> {
  const load = [loadavg()[0]?.toFixed(2)];
  const build = {
    serverPort: await freePort(),
    emulatorPort: await freePort(),
    outDir: await mkdtemp(join(tmpdir(), 'bayme-bench-build-')),
    extensionDir: '',
  };
  build.extensionDir = join(build.outDir, 'chrome-mv3');
  console.info('Building the extension (production)…');
  buildExtensionFor(build);
  const world = await startWorld({ LOG_LEVEL: 'error' }, build);
  try {
    const emulatorUrl = world.server.emulator?.url ?? '';
    console.info(`Seeding the large account with ${AD_GROUPS} ad groups…`);
    await controlClient(emulatorUrl).reset({ large_account_adgroups: AD_GROUPS });
    const adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
    const large = (await controlClient(emulatorUrl).state()).advertisers.find(
      (a) => a.name === 'Bayme Scale Test',
    );
    if (!large) throw new Error('The emulator has no large account.');
    const today = zonedDate(Date.now(), large.timezone);
    const range = { start: addDays(today, -7), end: addDays(today, -1) };
    const names = (await controlClient(emulatorUrl).state(large.advertiser_id)).adgroups
      .filter((g) => !g.deleted)
      .map((g) => String(g.adgroup_name).toLowerCase());

    const lines: string[] = [];
    for (const surface of [SIDE_PANEL, DASHBOARD]) {
      const runs: RunFigures[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        console.info(`${surface.label}: run ${run + 1}/${RUNS}…`);
        runs.push(
          await measureRun(
            world.browser,
            world.extensionId,
            surface,
            large.advertiser_id,
            range,
            names,
          ),
        );
      }
      lines.push(...report(surface, runs), '');
    }
    load.push(loadavg()[0]?.toFixed(2));
    const chromium = world.browser.browser()?.version() ?? 'headless';
    console.info(
      [
        '',
        '  Long lists benchmark',
        '  command: npm run bench:lists   (= npx tsx test/bench/long-lists.ts)',
        `  ${new Date().toISOString()} · Chromium ${chromium} · production build · load average (1 min) ${load.join(' → ')}`,
        '',
        ...lines,
      ].join('\n'),
    );
  } finally {
    await world.close();
  }
}

await main();
