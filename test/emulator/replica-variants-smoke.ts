import { type Browser, chromium, type Page } from 'playwright-core';
import { type RunningEmulator, startEmulator } from '../../companion-server/emulator/app';
import type { ReplicaTruth, TruthRect } from '../../companion-server/emulator/replica/client/truth';
import { LAYOUT_FLAG_NAMES } from '../../companion-server/emulator/replica/layout';

/**
 * Smoke run of the Ads Manager replica's layout flags in Chromium, without the extension:
 *
 *   npx tsx test/emulator/replica-variants-smoke.ts [flag-or-combination ...]
 *
 * Opens every flag (and a few combinations) at every level, alternating the route families,
 * and checks `window.__replicaTruth()` (the replica's test hook) against the list API: at least
 * one visible row, string ids, names as the API has them, rectangles on screen, a click in the
 * middle of the checkbox rectangle selecting that row, a scroll moving the rows. Each flag also
 * gets a check of what it claims to change. Not part of the test suite: it takes minutes.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1400, height: 900 };
const LEVELS = [
  { url: 'campaign', api: 'campaign' },
  { url: 'adgroup', api: 'adgroup' },
  { url: 'creative', api: 'ad' },
] as const;
const COMBINATIONS = [
  'renamed,grid,deep-props,native-scroll,row-wrappers,dense,role-checkbox,fixed-columns,total-row,shadow-root',
  'window-scroll,ids-in-links,reordered,no-url-range,late,duplicate-names,row-wrappers',
  'fixed-columns,window-scroll,ids-in-attributes,grid,role-checkbox',
  'native-scroll,no-ids,total-row,reordered,renamed',
];
const ID = /^\d{15,19}$/;

interface Case {
  layout: string;
  level: (typeof LEVELS)[number];
  family: 'manage' | 'perf';
}

/** Every campaign, ad group and ad id of the account: what must not leak where a flag says. */
type CheckCase = Case & { entityIds: string[] };

type Check = (page: Page, truth: ReplicaTruth, c: CheckCase) => Promise<string | null>;

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const layouts = only.length ? only : [...LAYOUT_FLAG_NAMES, ...COMBINATIONS];
  const emulator = await startEmulator({ rateLimiting: false });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const advertiser = [...emulator.runtime.state.advertisers.values()].find(
    (a) => a.name === 'Bayme US',
  );
  if (!advertiser) throw new Error('No "Bayme US" account on the emulator.');
  let passed = 0;
  let failed = 0;
  try {
    for (const [layoutIndex, layout] of layouts.entries()) {
      for (const [levelIndex, level] of LEVELS.entries()) {
        const family = (layoutIndex + levelIndex) % 2 === 0 ? 'manage' : 'perf';
        const c: Case = { layout, level, family };
        const label = `${layout.padEnd(20)} ${`${family}/${level.url}`.padEnd(16)}`;
        const started = Date.now();
        try {
          const summary = await runCase(browser, emulator, advertiser.advertiser_id, c);
          passed += 1;
          console.info(`ok   ${label} ${summary} (${Date.now() - started} ms)`);
        } catch (error) {
          failed += 1;
          console.info(`FAIL ${label} ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  } finally {
    await browser.close();
    await emulator.close();
  }
  console.info(`${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

async function runCase(
  browser: Browser,
  emulator: RunningEmulator,
  advertiserId: string,
  c: Case,
): Promise<string> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    // tsx compiles with esbuild's keepNames: functions sent to the page call its __name helper.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    await context.addInitScript(installAllElements);
    const page = await context.newPage();
    const listPaths: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) listPaths.push(`${url.pathname}${url.search}`);
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const opened = Date.now();
    const url = `${emulator.url}/i18n/${c.family}/${c.level.url}?aadvid=${advertiserId}&layout=${c.layout}`;
    const response = await page.goto(url);
    if (response?.status() !== 200) throw new Error(`HTTP ${response?.status()} for ${url}`);
    const truth = await waitForRows(page);
    const appearedAfter = Date.now() - opened;
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('; ')}`);

    const api = await listedRows(emulator, advertiserId, c.level.api, truth.range);
    checkRows(truth, api);
    const entityIds = await knownEntityIds(emulator, advertiserId, truth.range);
    const flags = new Set(c.layout.split(','));
    const problems: string[] = [];
    for (const flag of flags) {
      const check = FLAG_CHECKS[flag];
      const problem = check
        ? await check(page, truth, { ...c, entityIds })
        : `no check for ${flag}`;
      if (problem) problems.push(`${flag}: ${problem}`);
    }
    if (flags.has('late') && appearedAfter < 2_500) {
      problems.push(`late: rows appeared after ${appearedAfter} ms`);
    }
    if (!flags.has('no-ids') && listPaths.some((path) => path.includes('list_v2'))) {
      problems.push('requested list_v2 without no-ids');
    }
    if (listPaths.some((path) => !/[?&]st=\d{4}-\d\d-\d\d&et=\d{4}-\d\d-\d\d/.test(path))) {
      problems.push('a list request without st and et');
    }
    // The checks may have scrolled and scrolled back: start again from what is shown now.
    const now = await truthOf(page);
    checkRows(now, api);
    await selectFirstRow(page, now);
    const scrolled = await scrollAndRecheck(page, now, api);
    if (problems.length) throw new Error(problems.join('; '));
    const first = truth.rows[0];
    return `${truth.rows.length} rows, first "${first?.name}" ${first?.id}; ${scrolled}`;
  } finally {
    await context.close();
  }
}

async function waitForRows(page: Page): Promise<ReplicaTruth> {
  const handle = await page.waitForFunction(
    () => {
      const truth = window.__replicaTruth?.();
      return truth && truth.rows.length > 0 ? truth : null;
    },
    undefined,
    { timeout: 15_000, polling: 100 },
  );
  return (await handle.jsonValue()) as ReplicaTruth;
}

async function truthOf(page: Page): Promise<ReplicaTruth> {
  const truth = await page.evaluate(() => window.__replicaTruth?.() ?? null);
  if (!truth) throw new Error('__replicaTruth() returned nothing');
  return truth;
}

async function knownEntityIds(
  emulator: RunningEmulator,
  advertiserId: string,
  range: { st: string; et: string },
): Promise<string[]> {
  const levels = await Promise.all(
    LEVELS.map((level) => listedRows(emulator, advertiserId, level.api, range)),
  );
  return levels.flatMap((rows) => [...rows.keys()]);
}

/** The list API's rows (standard shape), id → name. */
async function listedRows(
  emulator: RunningEmulator,
  advertiserId: string,
  level: string,
  range: { st: string; et: string },
): Promise<Map<string, string>> {
  const query = new URLSearchParams({ aadvid: advertiserId, ...range, limit: '1000' });
  const response = await fetch(`${emulator.url}/api/v2/i18n/statistics/${level}/list/?${query}`);
  const body = (await response.json()) as { data: { table: Array<Record<string, unknown>> } };
  return new Map(
    body.data.table.map((row) => [String(row[`${level}_id`]), String(row[`${level}_name`])]),
  );
}

const contains = (outer: TruthRect, inner: TruthRect) =>
  inner.top >= outer.top - 0.5 &&
  inner.left >= outer.left - 0.5 &&
  inner.bottom <= outer.bottom + 0.5 &&
  inner.right <= outer.right + 0.5 &&
  inner.top < inner.bottom &&
  inner.left < inner.right;

const SCREEN: TruthRect = { top: 0, left: 0, bottom: VIEWPORT.height, right: VIEWPORT.width };

/**
 * A row listed has its middle in the visible area; a row cut by the area's edge (the window's
 * bottom, a sticky header) may stick out of it, so only the middles are held to the screen for
 * those, and at least one row must lie wholly inside.
 */
function checkRects(truth: ReplicaTruth): void {
  const area = truth.visibleArea;
  if (!area || !contains(SCREEN, area)) throw new Error(`visible area ${JSON.stringify(area)}`);
  let whole = 0;
  for (const row of truth.rows) {
    const rects = { row: row.rowRect, name: row.nameRect, checkbox: row.checkboxRect };
    for (const [what, rect] of Object.entries(rects)) {
      const middle = (rect.top + rect.bottom) / 2;
      const onScreen =
        middle >= 0 &&
        middle <= SCREEN.bottom &&
        rect.left >= -0.5 &&
        rect.right <= SCREEN.right + 0.5;
      if (!onScreen) throw new Error(`${what} of ${row.id} ${JSON.stringify(rect)} is off screen`);
    }
    if (Object.values(rects).every((rect) => contains(area, rect))) whole += 1;
  }
  if (whole === 0) throw new Error('no row lies wholly inside the visible area');
}

function checkRows(truth: ReplicaTruth, api: Map<string, string>): void {
  const ids = new Set<string>();
  for (const row of truth.rows) {
    if (typeof row.id !== 'string' || !ID.test(row.id)) throw new Error(`bad id ${row.id}`);
    if (api.get(row.id) !== row.name) {
      throw new Error(`row ${row.id} is "${row.name}", the API says "${api.get(row.id)}"`);
    }
    if (ids.has(row.id)) throw new Error(`row ${row.id} listed twice`);
    ids.add(row.id);
  }
  checkRects(truth);
}

/** A click in the middle of the first row's checkbox rectangle selects that row, and only it. */
async function selectFirstRow(page: Page, truth: ReplicaTruth): Promise<void> {
  const first = truth.rows[0];
  if (!first) return;
  const box = first.checkboxRect;
  await page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
  await page.waitForFunction(
    (id) => window.__replicaTruth?.()?.rows.find((row) => row.id === id)?.checked === true,
    first.id,
    { timeout: 5_000, polling: 50 },
  );
  const after = await truthOf(page);
  const checked = after.rows.filter((row) => row.checked).map((row) => row.id);
  if (checked.join() !== first.id) throw new Error(`checked rows after one click: ${checked}`);
}

/** Scrolls five rows down (the window or the table) and checks the truth again. */
async function scrollAndRecheck(
  page: Page,
  truth: ReplicaTruth,
  api: Map<string, string>,
): Promise<string> {
  const area = truth.visibleArea;
  if (!area) throw new Error('no visible area');
  const rowHeight = (truth.rows[0]?.rowRect.bottom ?? 0) - (truth.rows[0]?.rowRect.top ?? 0);
  await page.mouse.move(area.left + 100, (area.top + area.bottom) / 2);
  await page.mouse.wheel(0, 5 * rowHeight);
  const moved = await page
    .waitForFunction(
      (first) => {
        const now = window.__replicaTruth?.()?.rows[0];
        return now !== undefined && (now.id !== first?.id || now.rowRect.top !== first.rowRect.top);
      },
      truth.rows[0],
      { timeout: 2_000, polling: 50 },
    )
    .then(
      () => true,
      () => false,
    );
  const after = await truthOf(page);
  checkRows(after, api);
  const canScroll = api.size > truth.rows.length;
  if (canScroll && !moved) throw new Error('the rows did not move on a wheel scroll');
  if (!canScroll) return 'all rows fit';
  return `scrolled to "${after.rows[0]?.name}"`;
}

/** Every element of the page, inside open shadow roots too (installed by addInitScript). */
function installAllElements(): void {
  (window as unknown as { __allElements: () => HTMLElement[] }).__allElements = () => {
    const out: HTMLElement[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll<HTMLElement>('*')) {
        out.push(element);
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    return out;
  };
}

/** Entity ids found in any string of any element's React props. */
function idsInProps(page: Page, entityIds: string[]): Promise<string[]> {
  return page.evaluate((entityIds) => {
    const elements = (window as unknown as { __allElements: () => HTMLElement[] }).__allElements();
    const ids = new Set<string>();
    const seen = new Set<unknown>();
    const walk = (value: unknown, depth: number) => {
      if (depth > 24 || value === null || value instanceof Node || seen.has(value)) return;
      if (typeof value === 'string') {
        for (const id of entityIds) if (value.includes(id)) ids.add(id);
        return;
      }
      if (typeof value !== 'object') return;
      seen.add(value);
      for (const child of Object.values(value as Record<string, unknown>)) walk(child, depth + 1);
    };
    for (const element of elements) {
      const key = Object.keys(element).find((name) => name.startsWith('__reactProps$'));
      if (key) walk((element as unknown as Record<string, unknown>)[key], 0);
    }
    return [...ids];
  }, entityIds);
}

function attributesWithIds(page: Page, ids: string[]): Promise<string[]> {
  return page.evaluate((ids) => {
    const elements = (window as unknown as { __allElements: () => HTMLElement[] }).__allElements();
    return elements.flatMap((element) =>
      [...element.attributes]
        .filter((attribute) => ids.some((id) => attribute.value.includes(id)))
        .map((attribute) => `${element.tagName.toLowerCase()}[${attribute.name}]`),
    );
  }, ids);
}

const FLAG_CHECKS: Record<string, Check> = {
  async renamed(page) {
    const html = await page.evaluate(() => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      const shadows = elements.flatMap((e) => (e.shadowRoot ? [e.shadowRoot.innerHTML] : []));
      return [document.documentElement.outerHTML, ...shadows].join('\n');
    });
    const found = html.match(/ks-|KsLink|vt-|cl-/g);
    return found ? `found ${[...new Set(found)].join(', ')}` : null;
  },
  async grid(page) {
    const facts = await page.evaluate(() => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      const grid = elements.find((e) => e.getAttribute('role') === 'grid');
      return {
        tag: grid?.tagName,
        customInside: elements.some((e) => e.tagName.includes('-')),
        cells: elements.filter((e) => e.getAttribute('role') === 'gridcell').length,
        headers: elements.filter((e) => e.getAttribute('role') === 'columnheader').length,
      };
    });
    if (facts.tag !== 'DIV') return `grid host is ${facts.tag}`;
    if (facts.customInside) return 'a custom element is on the page';
    return facts.cells > 0 && facts.headers === 8 ? null : `${JSON.stringify(facts)}`;
  },
  async 'deep-props'(page, truth) {
    const found = await page.evaluate((id) => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      for (const cell of elements) {
        const key = Object.keys(cell).find((name) => name.startsWith('__reactProps$'));
        if (!key || cell.getAttribute('role') === 'columnheader') continue;
        const queue: Array<{ value: unknown; path: string[] }> = [
          { value: (cell as unknown as Record<string, unknown>)[key], path: [] },
        ];
        while (queue.length) {
          const { value, path } = queue.shift() as (typeof queue)[number];
          if (typeof value !== 'object' || value === null || value instanceof Node) continue;
          if (path.length > 20) continue;
          for (const [field, child] of Object.entries(value as Record<string, unknown>)) {
            if (child === id) return [...path, field];
            queue.push({ value: child, path: [...path, field] });
          }
        }
      }
      return null;
    }, truth.rows[0]?.id ?? '');
    if (!found) return 'id not found in any props';
    // The record is the object holding the id: one hop fewer than the path.
    if (found.length - 1 < 14) return `record only ${found.length - 1} hops deep: ${found}`;
    if (found.includes('record') || found.at(-1)?.endsWith('_id')) return `path ${found}`;
    return null;
  },
  async 'native-scroll'(page, truth) {
    const area = truth.visibleArea;
    if (!area) return 'no area';
    const facts = await page.evaluate(
      ({ x, y }) => {
        const elements = (
          window as unknown as { __allElements: () => HTMLElement[] }
        ).__allElements();
        const scroller = elements.find((e) => getComputedStyle(e).overflowY === 'auto');
        const transformed = elements.some((e) => e.style.transform.includes('translateY'));
        const w = window as unknown as { __mutations: number };
        w.__mutations = 0;
        if (scroller) {
          new MutationObserver((records) => {
            w.__mutations += records.length;
          }).observe(scroller, { subtree: true, childList: true, attributes: true });
        }
        return {
          scroller: Boolean(scroller),
          scrolls: scroller ? scroller.scrollHeight > scroller.clientHeight : false,
          transformed,
          x,
          y,
        };
      },
      { x: area.left + 100, y: (area.top + area.bottom) / 2 },
    );
    if (facts.transformed) return 'rows moved by transform';
    if (!facts.scroller) return 'no viewport with overflow-y: auto';
    if (!facts.scrolls) return null;
    await page.mouse.move(facts.x, facts.y);
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(300);
    const scrollTop = await page.evaluate(() => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      return elements.find((e) => getComputedStyle(e).overflowY === 'auto')?.scrollTop ?? 0;
    });
    const mutations = await page.evaluate(
      () => (window as unknown as { __mutations: number }).__mutations,
    );
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(300);
    if (scrollTop <= 0) return 'scrollTop did not change';
    return mutations === 0 ? null : `${mutations} DOM mutations on a 100 px scroll`;
  },
  async 'window-scroll'(page, truth) {
    const facts = await page.evaluate(() => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      return {
        scrollers: elements.filter((e) => /auto|scroll/.test(getComputedStyle(e).overflowY)).length,
        transformed: elements.some((e) => e.style.transform.includes('translateY')),
        tall: document.documentElement.scrollHeight > window.innerHeight,
      };
    });
    if (facts.scrollers || facts.transformed) return JSON.stringify(facts);
    if (!facts.tall)
      return truth.rows.length > 12 ? 'the page is not taller than the window' : null;
    const top = truth.rows[0]?.rowRect.top ?? 0;
    await page.evaluate(() => window.scrollBy(0, 60));
    await page.waitForTimeout(200);
    const after = await page.evaluate(() => ({
      scrollY: window.scrollY,
      top: window.__replicaTruth?.()?.rows[0]?.rowRect.top,
    }));
    await page.evaluate(() => window.scrollTo(0, 0));
    if (after.scrollY <= 0) return `scrollY ${after.scrollY}`;
    // The first row moved up, or (past the sticky header) the next row became first.
    return after.top !== top ? null : 'the rows did not move with the window';
  },
  async 'row-wrappers'(page) {
    const ok = await page.evaluate(() => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      const rows = elements.filter((e) => e.getAttribute('role') === 'row' && e.children.length);
      return rows.some(
        (row) => row.style.position === 'absolute' && row.children.length >= 2 && row.style.top,
      );
    });
    return ok ? null : 'no positioned role="row" wrappers';
  },
  async 'sticky-columns'(page, truth) {
    const row = truth.rows[0];
    if (!row) return 'no row';
    const box = row.checkboxRect;
    const stuck = await page.evaluate(
      ({ x, y }) => {
        for (let at = document.elementFromPoint(x, y); at; at = at.parentElement) {
          if (at.getAttribute('role') === 'row') return false;
          if (getComputedStyle(at).position === 'sticky') return true;
        }
        return false;
      },
      { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
    );
    return stuck ? null : "the first row's checkbox is not in a sticky cell of its row";
  },
  async 'no-select-all'(page, truth) {
    const row = truth.rows[0];
    if (!row) return 'no row';
    const above = await page.evaluate((top) => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      return elements.filter((e) => {
        const box = e instanceof HTMLInputElement && e.type === 'checkbox';
        if (!box && e.getAttribute('role') !== 'checkbox') return false;
        const rect = e.getBoundingClientRect();
        return rect.height > 0 && rect.bottom <= top;
      }).length;
    }, row.rowRect.top);
    return above === 0 ? null : `${above} checkbox(es) above the first row`;
  },
  async rtl(_page, truth) {
    const row = truth.rows[0];
    if (!row) return 'no row';
    return row.checkboxRect.left > row.nameRect.right
      ? null
      : "the first row's checkbox is not right of its name";
  },
  async 'flow-rows'(page) {
    const facts = await page.evaluate(() => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      const rows = elements.filter((e) => e.getAttribute('role') === 'row' && e.children.length);
      const first = rows.find((row) => row.previousElementSibling?.getAttribute('role') !== 'row');
      const spacer = first?.previousElementSibling;
      return {
        rows: rows.length,
        positioned: rows.filter((row) => getComputedStyle(row).position !== 'static').length,
        spacer:
          spacer instanceof HTMLElement && spacer.children.length === 0 && !!spacer.style.height,
      };
    });
    return facts.rows > 0 && facts.positioned === 0 && facts.spacer ? null : JSON.stringify(facts);
  },
  async dense(_page, truth) {
    const heights = new Set(truth.rows.map((row) => row.rowRect.bottom - row.rowRect.top));
    return heights.size === 1 && heights.has(32) ? null : `row heights ${[...heights]}`;
  },
  async late() {
    return null;
  },
  async 'no-ids'(page, _truth, c) {
    const props = await idsInProps(page, c.entityIds);
    const attributes = await attributesWithIds(page, c.entityIds);
    return props.length || attributes.length ? `ids in ${props} ${attributes}` : null;
  },
  async 'ids-in-attributes'(page, _truth, c) {
    const props = await idsInProps(page, c.entityIds);
    if (props.length) return `ids in props: ${props}`;
    const attributes = await attributesWithIds(page, c.entityIds);
    return attributes.length && attributes.every((a) => a.endsWith('[data-row-key]'))
      ? null
      : `attributes ${attributes}`;
  },
  async 'ids-in-links'(page, _truth, c) {
    const props = await idsInProps(page, c.entityIds);
    if (props.length) return `ids in props: ${props}`;
    const attributes = await attributesWithIds(page, c.entityIds);
    return attributes.length && attributes.every((a) => a === 'a[href]')
      ? null
      : `attributes ${attributes}`;
  },
  async 'role-checkbox'(page, truth) {
    const facts = await page.evaluate(() => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      return {
        inputs: elements.filter((e) => e instanceof HTMLInputElement && e.type === 'checkbox')
          .length,
        boxes: elements.filter((e) => e.getAttribute('role') === 'checkbox').length,
      };
    });
    if (facts.inputs > 0 || facts.boxes === 0) return JSON.stringify(facts);
    // Space on the focused box toggles it (the click is checked for every flag).
    const row = truth.rows.at(-1);
    if (!row) return null;
    const box = row.checkboxRect;
    await page.mouse.click((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    await page.keyboard.press('Space');
    const checked = await page.evaluate(
      (id) => window.__replicaTruth?.()?.rows.find((r) => r.id === id)?.checked,
      row.id,
    );
    return checked === false ? null : 'click then Space did not leave the row unchecked';
  },
  async 'fixed-columns'(page, truth) {
    const row = truth.rows[0];
    if (!row) return 'no row';
    const facts = await page.evaluate(
      ({ x, y }) => {
        const name = document.elementFromPoint(x, y);
        return { nameFound: Boolean(name) };
      },
      { x: row.nameRect.left + 5, y: (row.nameRect.top + row.nameRect.bottom) / 2 },
    );
    const width = row.rowRect.right - row.rowRect.left;
    if (!facts.nameFound) return 'nothing at the name';
    return width <= 48 + 300 + 560 + 1 ? null : `row ${width} px wide`;
  },
  async reordered(_page, truth) {
    const row = truth.rows[0];
    if (!row) return 'no row';
    return row.nameRect.left - row.rowRect.left >= 48 + 130 + 150 - 1
      ? null
      : `name at x=${row.nameRect.left - row.rowRect.left}`;
  },
  async 'no-url-range'(page, truth) {
    const facts = await page.evaluate(() => ({
      search: location.search,
      inputs: [...document.querySelectorAll<HTMLInputElement>('input[type="date"]')].map(
        (input) => input.value,
      ),
    }));
    if (/[?&](st|et)=/.test(facts.search)) return `URL still has ${facts.search}`;
    return facts.inputs.join() === `${truth.range.st},${truth.range.et}`
      ? null
      : `inputs ${facts.inputs}`;
  },
  async 'duplicate-names'(_page, truth, c) {
    if (c.level.api === 'campaign') return null;
    const counts = new Map<string, number>();
    for (const row of truth.rows) counts.set(row.name, (counts.get(row.name) ?? 0) + 1);
    const most = Math.max(...counts.values());
    return most >= 3 ? null : `at most ${most} visible rows share a name`;
  },
  async 'total-row'(page) {
    const text = await page.evaluate(() => {
      const elements = (
        window as unknown as { __allElements: () => HTMLElement[] }
      ).__allElements();
      return elements.some(
        (e) => e.children.length === 0 && /^Total of \d/.test(e.textContent ?? ''),
      );
    });
    return text ? null : 'no total row';
  },
  async 'shadow-root'(page) {
    const facts = await page.evaluate(() => ({
      light: document.querySelectorAll('[style*="position: absolute"]').length,
      hosts: [...document.querySelectorAll('*')].filter((e) => e.shadowRoot).length,
    }));
    return facts.light === 0 && facts.hosts === 1 ? null : JSON.stringify(facts);
  },
};

main().catch((error: unknown) => {
  console.error('The replica smoke run failed:', error);
  process.exit(1);
});
