/**
 * The page-world read of a scrolling table, alone and paired (a run of about a minute):
 *
 *   npm run bench:page-read                          (this checkout)
 *   npm run bench:page-read -- --against ../other    (and another checkout, on the same frames)
 *   npm run bench:page-read -- --step 8 --steps 600  (smaller steps, more of them: see DELTA_Y)
 *
 * bench:overlays measures what the extension adds to a scroll as a whole, but on a shared
 * machine its rounds differ by ±1 ms, more than a change to the read is worth. This one
 * measures the read itself, the part of every frame that costs most: the MAIN-world code
 * (table-scan.ts and the answer main-world.ts sends) is bundled from source and run in a
 * plain Chromium on the emulator's 2,000-row ad group list. The page is scrolled by wheel
 * steps of 96 px (the cadence of bench:overlays: two rows enter the view per step), and after
 * each step has rendered and the page has been laid out, each checkout's read runs once,
 * timed, in alternating order. Both read the same page in the same state at the same moment,
 * so what the machine does meanwhile affects both alike: the ratio is what to compare. Each
 * then reads once more with nothing changed, as the row tracker does for a dozen frames after
 * a list stops (and while a pointer moves over it): that read's cost is reported apart.
 *
 * What a read costs here leaves out the event dispatch and the isolated script's parsing
 * (bench:overlays has them). BENCH_PROFILE_OUT=file.cpuprofile keeps the CPU profile of the
 * reads (the functions of both checkouts, under `__readHere` and `__readAgainst`). Timings come from performance.now, which Chromium coarsens to
 * 0.1 ms; over 400 reads (200 steps down and back up, by default) its rounding averages out.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { BUILTIN_HINTS } from '../../extension/ads-manager/layout-hints';
import { controlClient } from '../helpers/control-client';
import { startProfile } from './cpu-profile';
import { startEmulatorProcess } from './emulator-process';
import { launchPlainBrowser } from './plain-browser';

const LARGE_ACCOUNT = 'Bayme Scale Test';
const VIEWPORT = { width: 1400, height: 860 };
/** The list's height: 2,000 rows of 48 px. Every step down must stay inside it. */
const LIST_PX = 2000 * 48;

function option(name: string): string | null {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? null) : null;
}

/** A whole-number option within [min, max], else the default; anything else stops the run. */
function count(name: string, fallback: number, min: number, max: number): number {
  const raw = option(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} takes a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

/**
 * `--step <px>`: the wheel step. 96 px (the default, as in bench:overlays) brings two rows
 * into the view per step; 8 px brings one in about every sixth, so a read then costs what it
 * costs when almost nothing but the table's place changed. `--steps <n>`: more steps average
 * out more of a shared machine's noise (200 by default).
 */
const DELTA_Y = count('--step', 96, 1, 480);
const STEPS = count('--steps', 200, 10, Math.floor(LIST_PX / DELTA_Y / 1.1));

/**
 * The read of one checkout as a page script: `window[name](known, hints, room)` reads the
 * table and returns the answer's text. A checkout from before answers were sent relative to
 * the body (no `answerOf`) answers the way it did then.
 */
async function bundleRead(checkout: string, name: string, dir: string): Promise<string> {
  const source = join(checkout, 'extension/ads-manager');
  const entry = join(dir, `${name}.ts`);
  await writeFile(
    entry,
    `import { scanTable } from ${JSON.stringify(join(source, 'table-scan'))};
import * as world from ${JSON.stringify(join(source, 'main-world'))};
let held: number | null = null;
(window as unknown as Record<string, unknown>)[${JSON.stringify(name)}] = (known: never, hints: never, room: number) => {
  const scan = scanTable(document, known, hints, null, room);
  const answerOf = (world as Record<string, unknown>).answerOf as
    | ((scan: unknown, held: number | null, tookMs: number) => string)
    | undefined;
  if (!answerOf) return JSON.stringify({ ...scan, rows: scan.rows.slice(0, 300), pageRange: null });
  const text = answerOf(scan, held, 0);
  const seq = (JSON.parse(text) as { seq?: number }).seq;
  if (typeof seq === 'number') held = seq;
  return text;
};
`,
  );
  const out = join(dir, `${name}.js`);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    outfile: out,
    logLevel: 'error',
  });
  return readFile(out, 'utf8');
}

/** Scroll, and time each read once per step (runs in the page). */
function pagedReads(known: unknown, steps: number, names: string[]): string {
  return `(async () => {
    const message = ${JSON.stringify(known)};
    const idsByName = new Map();
    message.ids.forEach((id, i) => {
      const name = message.names[i].trim();
      idsByName.set(name, [...(idsByName.get(name) ?? []), id]);
    });
    const known = { ids: new Set(message.ids), names: new Set(idsByName.keys()), idsByName };
    const hints = message.hints;
    const room = 127;
    const names = ${JSON.stringify(names)};
    const reads = names.map((name) => window[name]);
    const viewport = document.querySelector('.ks-vt-viewport');
    const moved = document.querySelector('.ks-vt-viewport > [style*="translate"]');
    const ms = names.map(() => 0);
    const stillMs = names.map(() => 0);
    const bytes = names.map(() => 0);
    const rows = names.map(() => 0);
    for (const read of reads) read(known, hints, room);
    const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    for (let step = 0; step < ${steps} * 2; step += 1) {
      const before = moved.style.transform;
      const deltaY = step < ${steps} ? ${DELTA_Y} : -${DELTA_Y};
      viewport.dispatchEvent(new WheelEvent('wheel', { deltaY, bubbles: true, cancelable: true }));
      for (let wait = 0; wait < 20 && moved.style.transform === before; wait += 1) await frame();
      if (moved.style.transform === before) throw new Error('The table did not scroll');
      void document.body.offsetHeight;
      const order = step % 2 === 0 ? reads.map((_, i) => i) : reads.map((_, i) => reads.length - 1 - i);
      for (const i of order) {
        const started = performance.now();
        const text = reads[i](known, hints, room);
        ms[i] += performance.now() - started;
        bytes[i] += text.length;
        const answer = JSON.parse(text);
        rows[i] += Array.isArray(answer.rows) ? answer.rows.length : 0;
      }
      // Each checkout reads the page once more as it left it: what a read costs while a list
      // stands still (the tracker reads on for a dozen frames after anything moved).
      for (const i of order) {
        const started = performance.now();
        reads[i](known, hints, room);
        stillMs[i] += performance.now() - started;
      }
    }
    const n = ${steps} * 2;
    return names.map((name, i) => ({ name, ms: ms[i] / n, stillMs: stillMs[i] / n, bytes: bytes[i] / n, rowsSent: rows[i] / n }));
  })()`;
}

async function main(): Promise<void> {
  const here = resolve('.');
  const against = option('--against');
  const dir = await mkdtemp(join(tmpdir(), 'bayme-page-read-'));
  const emulator = await startEmulatorProcess({});
  const plain = await launchPlainBrowser();
  try {
    const control = controlClient(emulator.url);
    await control.reset({ large_account_adgroups: 2000 });
    const large = (await control.state()).advertisers.find((a) => a.name === LARGE_ACCOUNT);
    if (!large) throw new Error('No large account');
    const checkouts = [{ name: '__readHere', path: here }];
    if (against) checkouts.push({ name: '__readAgainst', path: resolve(against) });
    const scripts = await Promise.all(checkouts.map((c) => bundleRead(c.path, c.name, dir)));

    const page = await plain.browser.newPage();
    await page.setViewportSize(VIEWPORT);
    const today = zonedDate(Date.now(), large.timezone);
    await page.goto(
      `${emulator.url}/i18n/manage/adgroup?aadvid=${large.advertiser_id}&st=${addDays(today, -7)}&et=${addDays(today, -1)}`,
    );
    await page.waitForSelector('ks-virtual-table[data-rendered-at]', { timeout: 60_000 });
    // The level's ids and names, as the extension would send them (from the list the page shows).
    const entities = (await page.evaluate(`(async () => {
      const ids = [], names = [];
      for (let p = 1; ; p += 1) {
        const url = '/api/v2/i18n/statistics/adgroup/list/?aadvid=${large.advertiser_id}&st=${addDays(today, -7)}&et=${addDays(today, -1)}&page=' + p + '&limit=1000';
        const body = await (await fetch(url, { headers: { accept: 'application/json' } })).json();
        for (const row of body.data.table) { ids.push(row.adgroup_id); names.push(row.adgroup_name); }
        if (p * body.data.pagination.limit >= body.data.pagination.total_count) break;
      }
      return { ids, names };
    })()`)) as { ids: string[]; names: string[] };
    const known = {
      ...entities,
      hints: {
        table: BUILTIN_HINTS.selectors.table.map((hint) => hint.selector),
        rowCheckbox: BUILTIN_HINTS.selectors.rowCheckbox.map((hint) => hint.selector),
      },
    };
    for (const script of scripts) await page.addScriptTag({ content: script });
    await page.waitForTimeout(1000);
    // For a closer look in DevTools: BENCH_PROFILE_OUT=file.cpuprofile (both checkouts' reads).
    const profileOut = process.env.BENCH_PROFILE_OUT;
    const cdp = profileOut ? await page.context().newCDPSession(page) : null;
    const profiler = cdp ? await startProfile(cdp) : null;
    const results = (await page.evaluate(
      pagedReads(
        known,
        STEPS,
        checkouts.map((c) => c.name),
      ),
    )) as Array<{ name: string; ms: number; stillMs: number; bytes: number; rowsSent: number }>;
    if (profiler && profileOut) await writeFile(profileOut, JSON.stringify(await profiler.stop()));
    const label = (name: string) =>
      name === '__readHere' ? here : (checkouts.find((c) => c.name === name)?.path ?? name);
    const lines = [
      '',
      '  page-world read of a scrolling table (bench:page-read)',
      `  ${new Date().toISOString()} · ${entities.ids.length} ad groups · ${STEPS} wheel steps of ${DELTA_Y} px down and back up · one read per checkout per step, alternating`,
      '',
      ...results.map(
        (r) =>
          `  ${label(r.name)}\n    ${r.ms.toFixed(3)} ms per read · answer ${r.bytes.toFixed(0)} characters · ${r.rowsSent.toFixed(1)} rows sent whole\n    ${r.stillMs.toFixed(3)} ms per read of the table as the last read left it`,
      ),
    ];
    const [mine, theirs] = results;
    if (mine && theirs) {
      lines.push('', `  this checkout / the other: ${(mine.ms / theirs.ms).toFixed(3)}`);
      lines.push(`  … reading the table as left: ${(mine.stillMs / theirs.stillMs).toFixed(3)}`);
    }
    console.info(lines.join('\n'));
  } finally {
    await plain.close();
    emulator.child.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
