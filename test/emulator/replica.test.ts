import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LAYOUT_FLAG_NAMES } from '../../companion-server/emulator/replica/layout';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { addDays, localDate, START } from './support';

/**
 * The Ads Manager replica (companion-server/emulator/replica/): its routes and list API over
 * HTTP, and its page in Chromium, against the DOM contract the extension is written for.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LA = 'America/Los_Angeles';
const US_TODAY = localDate(START, LA);
/** Finished days only: today's figures grow while a test runs. */
const PAST_RANGE = { st: addDays(US_TODAY, -7), et: addDays(US_TODAY, -1) };
const ROW_HEIGHT = 48;
const COLUMNS = 8;
/** 10 visible rows, one partly visible, and 4 of overscan on each side. */
const MAX_RENDERED_ROWS = 10 + 1 + 2 * 4;
const TIKTOK_ID = /\d{15,19}/;

type Level = 'campaign' | 'adgroup' | 'ad';
const REPORT_LEVEL: Record<Level, string> = {
  campaign: 'AUCTION_CAMPAIGN',
  adgroup: 'AUCTION_ADGROUP',
  ad: 'AUCTION_AD',
};

interface ListResponse {
  code: number;
  msg: string;
  data: {
    table: Array<Record<string, unknown> & { stat: Record<string, string> }>;
    pagination: { page: number; limit: number; total_count: number };
  } | null;
}

let emulator: TestEmulator;
let browser: Browser;
let context: BrowserContext;
let usId: string;
let largeId: string;
/** The accounts of the layout tests, whose `duplicate-names` renames ad groups and ads. */
let ukId: string;
let japanId: string;

beforeAll(async () => {
  [emulator, browser] = await Promise.all([
    startTestEmulator({ startAt: START, largeAccountAdGroups: 2000 }),
    chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    }),
  ]);
  const { advertisers } = await emulator.control.state();
  const accountNamed = (name: string) => {
    const account = advertisers.find((a) => a.name === name);
    if (!account) throw new Error(`No seeded account "${name}"`);
    return account.advertiser_id;
  };
  usId = accountNamed('Bayme US');
  largeId = accountNamed('Bayme Scale Test');
  ukId = accountNamed('Bayme UK');
  japanId = accountNamed('Bayme Japan');
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

async function list(
  level: Level,
  params: Record<string, string | number>,
  variant: 'list' | 'list_v2' = 'list',
): Promise<{ status: number; body: ListResponse; text: string }> {
  const query = new URLSearchParams(
    Object.entries(params).map(([key, value]) => [key, String(value)]),
  );
  const response = await emulator.api.fetch(
    `/api/v2/i18n/statistics/${level}/${variant}/?${query}`,
  );
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as ListResponse, text };
}

/** Every row of a level, page after page, as the page itself reads them. */
async function allRows(level: Level, advertiserId: string) {
  const rows: NonNullable<ListResponse['data']>['table'] = [];
  for (let page = 1; ; page += 1) {
    const { body } = await list(level, { aadvid: advertiserId, page, limit: 1000 });
    rows.push(...(body.data?.table ?? []));
    if (!body.data || rows.length >= body.data.pagination.total_count) return rows;
  }
}

describe('routes', () => {
  it('serves the page shell on both route families and every level', async () => {
    for (const path of ['/i18n/manage/campaign', '/i18n/manage/adgroup', '/i18n/perf/creative']) {
      const response = await emulator.api.fetch(`${path}?aadvid=${usId}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('<script type="module" src="/__replica/app.js">');
      expect(html).toContain('<title>TikTok Ads Manager</title>');
    }
  });

  it('defaults to the last 7 days ending today in the account time zone', async () => {
    const html = await (await emulator.api.fetch(`/i18n/manage/campaign?aadvid=${usId}`)).text();
    expect(html).toContain(`"defaultRange":{"st":"${addDays(US_TODAY, -6)}","et":"${US_TODAY}"}`);
  });

  it('serves the bundled app as JavaScript, React included', async () => {
    const response = await emulator.api.fetch('/__replica/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await response.text();
    expect(code).toContain('ks-virtual-table');
    expect(code).not.toMatch(/from\s*["']react/);
  });

  it('answers 404 with an explanation for an unknown ad account', async () => {
    const response = await emulator.api.fetch('/i18n/manage/campaign?aadvid=1234567890123456789');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('There is no ad account 1234567890123456789');
    expect(html).toContain(`/i18n/manage/campaign?aadvid=${usId}`);
    expect((await emulator.api.fetch(`/i18n/manage/keyword?aadvid=${usId}`)).status).toBe(404);
  });

  it('refuses a backwards date range with a 400 page', async () => {
    const response = await emulator.api.fetch(
      `/i18n/manage/campaign?aadvid=${usId}&st=${US_TODAY}&et=${addDays(US_TODAY, -3)}`,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('is after the end date');
  });
});

describe('layout flags', () => {
  const PAGE_PATHS = ['manage', 'perf'].flatMap((family) =>
    ['campaign', 'adgroup', 'creative'].map((level) => `/i18n/${family}/${level}`),
  );

  async function page(path: string, query: string, advertiserId = japanId) {
    const response = await emulator.api.fetch(`${path}?aadvid=${advertiserId}&${query}`);
    return { status: response.status, html: await response.text() };
  }

  it('serves every flag, alone and combined, at every level of both route families', async () => {
    const layouts = [
      ...LAYOUT_FLAG_NAMES,
      'renamed,grid,deep-props,native-scroll,row-wrappers,dense,late,role-checkbox,fixed-columns,no-url-range,duplicate-names,total-row,shadow-root',
      'window-scroll,ids-in-links,reordered',
      ' dense , ,dense,ids-in-attributes,',
    ];
    expect(LAYOUT_FLAG_NAMES.length).toBeGreaterThanOrEqual(17);
    for (const path of PAGE_PATHS) {
      for (const layout of layouts) {
        const { status, html } = await page(path, `layout=${encodeURIComponent(layout)}`);
        expect(status, `${path} layout=${layout}`).toBe(200);
        expect(html).toContain('<script type="module" src="/__replica/app.js">');
      }
    }
  });

  it('refuses an unknown flag with a 400 page that lists the valid ones', async () => {
    const { status, html } = await page('/i18n/manage/adgroup', 'layout=grid,sideways');
    expect(status).toBe(400);
    expect(html).toContain('This page layout is not valid');
    expect(html).toContain('Unknown layout flag &quot;sideways&quot;');
    for (const flag of LAYOUT_FLAG_NAMES) expect(html).toContain(flag);
  });

  it.each([
    ['layout=deep-props,ids-in-links', 'deep-props and ids-in-links cannot be combined'],
    ['layout=ids-in-attributes&variant=unmappable', 'variant=unmappable is no-ids'],
    ['layout=native-scroll,window-scroll', 'inside its own viewport or with the window'],
    ['layout=reordered,fixed-columns', 'the name cannot also be 4th'],
  ])('refuses the impossible combination %s with a 400 that says why', async (query, why) => {
    const { status, html } = await page('/i18n/perf/creative', query);
    expect(status).toBe(400);
    expect(html).toContain(why);
  });

  it('keeps the standard shell, and variant=unmappable as the no-ids flag', async () => {
    const standard = await page('/i18n/manage/campaign', '');
    const alias = await page('/i18n/manage/campaign', 'variant=unmappable');
    const flag = await page('/i18n/manage/campaign', 'layout=no-ids');
    expect(alias).toEqual(standard);
    expect(flag).toEqual(standard);
    expect(standard.html.match(/<style>/g)).toHaveLength(1);
    expect(standard.html).toContain('ks-virtual-table { display: block; position: relative; }');
    expect((await page('/i18n/manage/campaign', 'variant=other')).status).toBe(400);
  });

  it('renames every class of the stylesheet with `renamed`', async () => {
    const { html } = await page('/i18n/manage/creative', 'layout=renamed,role-checkbox,total-row');
    expect(html).not.toMatch(/ks-|KsLink|vt-|cl-/);
    expect(html).toContain('tux-grid { display: block; position: relative; }');
    expect(html).toContain('.cell_x9f2a .fill_k9l0z { width: 100%; }');
    expect(html).toContain('.TuxCheckbox-box[aria-checked="true"]');
    expect(html).toContain('.summary_a2s3d {');
  });

  it('leaves the list API as it was, whatever the page layout', async () => {
    const query = { aadvid: ukId, ...PAST_RANGE, limit: 1000 };
    const plain = await list('ad', query);
    const withLayout = await list('ad', { ...query, layout: 'renamed,deep-props' });
    expect(withLayout.text).toBe(plain.text);
    expect(plain.body.data?.table[0]).toHaveProperty('ad_id');
    const renamed = await list('ad', query, 'list_v2');
    expect(renamed.body.data?.table[0]).toHaveProperty('entity_ref');
  });

  it('duplicate-names gives three of the first seven ad groups and ads one name, in the emulator', async () => {
    const entities = async () => {
      const { campaigns, adgroups, ads } = await emulator.control.state(ukId);
      return { campaigns, adgroups, ads };
    };
    const before = await entities();
    const campaignNames = (await allRows('campaign', ukId)).map((row) => row.campaign_name);
    expect((await page('/i18n/manage/campaign', 'layout=duplicate-names', ukId)).status).toBe(200);

    const token = await emulator.control.mintToken([ukId]);
    for (const level of ['adgroup', 'ad'] as const) {
      const rows = await allRows(level, ukId);
      const names = rows.slice(0, 7).map((row) => row[`${level}_name`]);
      expect(names[3], level).toBe(names[0]);
      expect(names[6], level).toBe(names[0]);
      expect(
        names.filter((name) => name === names[0]),
        level,
      ).toHaveLength(3);
      // The Marketing API reports the same names: the page and the API agree.
      const ids = [0, 3, 6].map((index) => rows[index]?.[`${level}_id`] as string);
      const reported = await emulator.api.get(
        `${level}/get/`,
        {
          advertiser_id: ukId,
          filtering: { [`${level}_ids`]: ids },
          fields: [`${level}_id`, `${level}_name`],
        },
        token,
      );
      expect(reported.body.code).toBe(0);
      const apiNames = (reported.body.data.list as Array<Record<string, string>>).map(
        (row) => row[`${level}_name`],
      );
      expect(apiNames).toEqual([names[0], names[0], names[0]]);
    }
    // TikTok refuses two live campaigns with one name: campaigns keep theirs.
    expect((await allRows('campaign', ukId)).map((row) => row.campaign_name)).toEqual(
      campaignNames,
    );
    const after = await entities();
    expect(after.campaigns).toEqual(before.campaigns);
    expect(after.adgroups).not.toEqual(before.adgroups);
    expect(after.ads).not.toEqual(before.ads);

    // A second visit changes nothing more.
    expect((await page('/i18n/perf/creative', 'layout=duplicate-names', ukId)).status).toBe(200);
    expect(await entities()).toEqual(after);
  });
});

describe('list API', () => {
  it.each<Level>(['campaign', 'adgroup', 'ad'])(
    '%s rows carry string ids and the spend report/integrated/get gives for the range',
    async (level) => {
      const { body, text } = await list(level, { aadvid: usId, ...PAST_RANGE, limit: 1000 });
      expect(body.code).toBe(0);
      const rows = body.data?.table ?? [];
      expect(rows.length).toBeGreaterThan(3);
      expect(body.data?.pagination).toEqual({ page: 1, limit: 1000, total_count: rows.length });
      // Ids are JSON strings, never numbers (they exceed 2^53).
      expect(text).toMatch(new RegExp(`"${level}_id":"\\d{19}"`));
      expect(text).not.toMatch(/"(campaign|adgroup|ad)_id":\d/);
      const ids = rows.map((row) => row[`${level}_id`] as string);
      expect([...ids].sort((a, b) => (a < b ? 1 : -1))).toEqual(ids);
      for (const row of rows) {
        expect(typeof row[`${level}_name`]).toBe('string');
        expect(['ENABLE', 'DISABLE']).toContain(row.status);
        if (level !== 'campaign') expect(row.campaign_id).toMatch(/^\d{19}$/);
        if (level === 'ad') expect(row.adgroup_id).toMatch(/^\d{19}$/);
      }

      const token = await emulator.control.mintToken([usId]);
      const report = await emulator.api.get(
        'report/integrated/get/',
        {
          advertiser_id: usId,
          report_type: 'BASIC',
          data_level: REPORT_LEVEL[level],
          dimensions: [`${level}_id`],
          metrics: ['spend', 'impressions', 'clicks', 'conversion'],
          start_date: PAST_RANGE.st,
          end_date: PAST_RANGE.et,
          page_size: 1000,
        },
        token,
      );
      expect(report.body.code).toBe(0);
      const reported = new Map<string, Record<string, string>>(
        (
          report.body.data.list as Array<{
            dimensions: Record<string, string>;
            metrics: Record<string, string>;
          }>
        ).map((row) => [row.dimensions[`${level}_id`] ?? '', row.metrics]),
      );
      expect(reported.size).toBeGreaterThan(0);
      for (const row of rows) {
        const metrics = reported.get(row[`${level}_id`] as string);
        expect(row.stat).toEqual({
          spend: metrics?.spend ?? '0.000',
          impressions: metrics?.impressions ?? '0',
          clicks: metrics?.clicks ?? '0',
          conversion: metrics?.conversion ?? '0',
        });
      }
      // Every entity with delivery in the range is on the page.
      for (const id of reported.keys()) expect(ids).toContain(id);
    },
  );

  it('pages through the rows in the same order', async () => {
    const every = await allRows('adgroup', usId);
    const { body } = await list('adgroup', { aadvid: usId, page: 2, limit: 4 });
    expect(body.data?.pagination).toEqual({ page: 2, limit: 4, total_count: every.length });
    expect(body.data?.table.map((row) => row.adgroup_id)).toEqual(
      every.slice(4, 8).map((row) => row.adgroup_id),
    );
  });

  it('narrows ad groups to a campaign', async () => {
    const campaign = (await allRows('campaign', usId))[0];
    const { body } = await list('adgroup', {
      aadvid: usId,
      campaign_id: campaign?.campaign_id as string,
    });
    const rows = body.data?.table ?? [];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.campaign_id).toBe(campaign?.campaign_id);
  });

  it('renames ids and names in the unmappable variant', async () => {
    const { body, text } = await list('adgroup', { aadvid: usId, limit: 1000 }, 'list_v2');
    expect(body.code).toBe(0);
    expect(text).not.toMatch(/"(campaign|adgroup|ad)_(id|name)"/);
    const standard = await allRows('adgroup', usId);
    expect(body.data?.table.map((row) => [row.entity_ref, row.title])).toEqual(
      standard.map((row) => [row.adgroup_id, row.adgroup_name]),
    );
  });

  it('answers errors in its envelope', async () => {
    const unknown = await list('campaign', { aadvid: '1234567890123456789' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 40001, data: null });
    const tooMany = await list('campaign', { aadvid: usId, limit: 1001 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.msg).toContain('limit');
  });
});

describe('the page in Chromium', () => {
  let page: Page;

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  async function open(path: string, advertiserId = usId, extra = ''): Promise<void> {
    await page.goto(`${emulator.url}${path}?aadvid=${advertiserId}${extra}`);
    await page.waitForSelector('ks-virtual-table[data-rendered-at]', { timeout: 10_000 });
  }

  /** The rendered rows, from cells joined by their vertical position (as the extension does). */
  function renderedRows(): Promise<Array<{ top: number; name: string; budget: string }>> {
    return page.evaluate(() => {
      const rows = new Map<number, { top: number; name: string; budget: string }>();
      for (const cell of document.querySelectorAll<HTMLElement>('.ks-vt-cell')) {
        const top = Number.parseFloat(cell.style.top);
        const row = rows.get(top) ?? { top, name: '', budget: '' };
        if (cell.classList.contains('ks-vt-cell--name')) row.name = cell.textContent ?? '';
        if (cell.classList.contains('ks-vt-cell--budget')) row.budget = cell.textContent ?? '';
        rows.set(top, row);
      }
      return [...rows.values()].sort((a, b) => a.top - b.top);
    });
  }

  it('renders the table in ks-virtual-table, late, with no row id in any attribute', async () => {
    await page.goto(`${emulator.url}/i18n/manage/campaign?aadvid=${usId}`);
    await page.waitForSelector('.am-skeleton');
    await page.waitForSelector('ks-virtual-table[data-rendered-at]', { timeout: 10_000 });
    const facts = await page.evaluate(() => {
      const host = document.querySelector('ks-virtual-table');
      const body = host?.querySelector('.ks-vt-viewport > .ks-vt-body');
      return {
        customElement: host instanceof (customElements.get('ks-virtual-table') ?? Object),
        className: host?.className,
        level: host?.getAttribute('data-level'),
        renderedAt: Number(host?.getAttribute('data-rendered-at')),
        now: performance.timeOrigin + performance.now(),
        marked: performance.getEntriesByName('replica:table-rendered').length,
        headers: [...(host?.querySelectorAll('.ks-vt-header > div') ?? [])].map(
          (cell) => cell.textContent,
        ),
        bodyChildren: [...(body?.children ?? [])].every((child) =>
          child.classList.contains('ks-vt-cell'),
        ),
        clipped: document.querySelectorAll('.ks-vt-cell > .cl-w-full.cl-overflow-hidden').length,
        cells: document.querySelectorAll('.ks-vt-cell').length,
        links: document.querySelectorAll('.ks-vt-cell--name a.KsLink.KsLink--inherit[href="#"]')
          .length,
        checkboxes: document.querySelectorAll('.ks-vt-cell--checkbox label.ks-checkbox input')
          .length,
        attributes: [...document.querySelectorAll('*')].flatMap((element) =>
          [...element.attributes].map((attribute) => `${attribute.name}=${attribute.value}`),
        ),
        text: document.body.textContent ?? '',
      };
    });
    const rows = await allRows('campaign', usId);
    expect(facts.customElement).toBe(true);
    expect(facts.className).toBe('ks-virtual-table');
    expect(facts.level).toBe('campaign');
    expect(facts.renderedAt).toBeGreaterThan(facts.now - 30_000);
    expect(facts.renderedAt).toBeLessThanOrEqual(facts.now);
    expect(facts.marked).toBe(1);
    expect(facts.headers.slice(1)).toEqual([
      'Campaign name',
      'Status',
      'Budget',
      'Cost',
      'Impressions',
      'Clicks',
      'Conversions',
    ]);
    expect(facts.bodyChildren).toBe(true);
    expect(facts.cells).toBe(rows.length * COLUMNS);
    expect(facts.clipped).toBe(facts.cells);
    expect(facts.links).toBe(rows.length);
    expect(facts.checkboxes).toBe(rows.length);
    const idAttributes = facts.attributes.filter(
      (attribute) => /^(data-[^=]*|id)=/.test(attribute) && TIKTOK_ID.test(attribute),
    );
    expect(idAttributes).toEqual([]);
    for (const row of rows) {
      const id = row.campaign_id as string;
      expect(facts.attributes.filter((attribute) => attribute.includes(id))).toEqual([]);
      expect(facts.text).not.toContain(id);
    }
  });

  it('keeps the DOM bounded on 2,000 rows and scrolls by transform, never the window', async () => {
    await open('/i18n/manage/adgroup', largeId);
    const rows = await allRows('adgroup', largeId);
    expect(rows).toHaveLength(2000);
    const cellCount = () => page.locator('.ks-vt-cell').count();
    const transform = () =>
      page.evaluate(() => document.querySelector<HTMLElement>('.ks-vt-body')?.style.transform);
    expect(await cellCount()).toBeLessThanOrEqual(MAX_RENDERED_ROWS * COLUMNS);
    const before = await renderedRows();
    expect(before[0]?.name).toBe(rows[0]?.adgroup_name);

    await page.locator('.ks-vt-viewport').hover();
    await page.mouse.wheel(0, 20 * ROW_HEIGHT);
    await expect.poll(transform).toBe(`translateY(-${20 * ROW_HEIGHT}px)`);
    const after = await renderedRows();
    expect(await cellCount()).toBeLessThanOrEqual(MAX_RENDERED_ROWS * COLUMNS);
    expect(after.find((row) => row.top === 20 * ROW_HEIGHT)?.name).toBe(rows[20]?.adgroup_name);
    expect(after.map((row) => row.name)).not.toContain(rows[0]?.adgroup_name);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    // Dragging the thumb to the bottom reaches the last row.
    const thumb = await page.locator('.ks-vt-scrollbar-thumb').boundingBox();
    if (!thumb) throw new Error('no scrollbar thumb');
    await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + 2);
    await page.mouse.down();
    await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + 2000, { steps: 4 });
    await page.mouse.up();
    await expect.poll(transform).toBe(`translateY(-${(2000 - 10) * ROW_HEIGHT}px)`);
    const bottom = await renderedRows();
    expect(bottom.at(-1)?.name).toBe(rows[1999]?.adgroup_name);
    expect(await cellCount()).toBeLessThanOrEqual(MAX_RENDERED_ROWS * COLUMNS);
  });

  it("puts each row's record in its cells' React props, five levels down", async () => {
    await open('/i18n/manage/adgroup');
    const rows = await allRows('adgroup', usId);
    const found = await page.evaluate(() => {
      const cell = document.querySelector('.ks-vt-cell--name');
      if (!cell) return null;
      const key = Object.keys(cell).find((name) => name.startsWith('__reactProps$'));
      if (!key) return null;
      const name = cell.textContent;
      // Breadth-first; stepping into a React element's props is part of the same level.
      const queue: Array<{ value: unknown; depth: number; path: string }> = [
        { value: (cell as unknown as Record<string, unknown>)[key], depth: 0, path: key },
      ];
      while (queue.length) {
        const { value, depth, path } = queue.shift() as (typeof queue)[number];
        if (typeof value !== 'object' || value === null || depth >= 6) continue;
        const object = value as Record<string, unknown>;
        const target = '$$typeof' in object ? (object.props as Record<string, unknown>) : object;
        const prefix = '$$typeof' in object ? `${path}.props` : path;
        for (const [field, child] of Object.entries(target ?? {})) {
          if (field === 'adgroup_id' && typeof child === 'string') {
            return { name, id: child, path: `${prefix}.${field}`, depth: depth + 1 };
          }
          queue.push({ value: child, depth: depth + 1, path: `${prefix}.${field}` });
        }
      }
      return { name, id: null, path: null, depth: null };
    });
    expect(found?.path).toMatch(
      /^__reactProps\$\w+\.children\.props\.children\.props\.cellProps\.rowData\.record\.adgroup_id$/,
    );
    expect(found?.depth).toBeLessThanOrEqual(6);
    expect(found?.id).toBe(rows.find((row) => row.adgroup_name === found?.name)?.adgroup_id);
  });

  it('navigates between levels in-app, by tab, by name and by history', async () => {
    await open('/i18n/manage/campaign');
    await page.evaluate(() => {
      (window as unknown as { __marker: number }).__marker = 1;
    });
    const marker = () => page.evaluate(() => (window as unknown as { __marker?: number }).__marker);
    const level = () =>
      page.evaluate(() => document.querySelector('ks-virtual-table')?.getAttribute('data-level'));

    await page.getByRole('tab', { name: 'Ad groups' }).click();
    await page.waitForFunction(() => location.pathname === '/i18n/manage/adgroup');
    await expect.poll(level).toBe('adgroup');
    await page.waitForSelector('ks-virtual-table[data-rendered-at]');
    expect(await marker()).toBe(1);

    await page.getByRole('tab', { name: 'Campaigns' }).click();
    await expect.poll(level).toBe('campaign');
    const campaign = (await allRows('campaign', usId))[1];
    const { body } = await list('adgroup', {
      aadvid: usId,
      campaign_id: campaign?.campaign_id as string,
    });
    await page.getByRole('link', { name: campaign?.campaign_name as string, exact: true }).click();
    await expect.poll(level).toBe('adgroup');
    expect(await page.evaluate(() => location.href)).not.toContain(campaign?.campaign_id);
    await expect
      .poll(async () => (await renderedRows()).map((row) => row.name))
      .toEqual(body.data?.table.map((row) => row.adgroup_name));

    await page.goBack();
    await page.waitForFunction(() => location.pathname === '/i18n/manage/campaign');
    await expect.poll(level).toBe('campaign');
    expect(await marker()).toBe(1);

    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.fill('#am-range-start', PAST_RANGE.st);
    await page.fill('#am-range-end', PAST_RANGE.et);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction((et) => location.search.includes(`et=${et}`), PAST_RANGE.et);
    await page.waitForSelector('ks-virtual-table[data-rendered-at]');
    expect(await marker()).toBe(1);
    expect(requested.some((url) => url.includes(`st=${PAST_RANGE.st}&et=${PAST_RANGE.et}`))).toBe(
      true,
    );
  });

  it('replaces every cell node when it re-renders', async () => {
    await open('/i18n/manage/campaign');
    const first = await page.$('.ks-vt-cell--name');
    expect(await first?.evaluate((node) => node.isConnected)).toBe(true);
    await page.waitForFunction((node) => !node?.isConnected, first, { timeout: 6_000 });
    expect(await page.locator('.ks-vt-cell--name').count()).toBeGreaterThan(0);
  });

  it('the unmappable variant offers neither links nor ids in props', async () => {
    const paths: string[] = [];
    page.on('request', (request) => paths.push(new URL(request.url()).pathname));
    await open('/i18n/manage/campaign', usId, '&variant=unmappable');
    const rows = await allRows('campaign', usId);
    const facts = await page.evaluate(() => {
      const ids: string[] = [];
      const seen = new Set<unknown>();
      const walk = (value: unknown, depth: number) => {
        // DOM nodes lead to React's fibers, which hold everything; props scanners stop there.
        if (depth > 12 || value === null || value instanceof Node || seen.has(value)) return;
        if (typeof value === 'string') {
          if (/\d{15,19}/.test(value)) ids.push(value);
          return;
        }
        if (typeof value !== 'object') return;
        seen.add(value);
        for (const child of Object.values(value as Record<string, unknown>)) walk(child, depth + 1);
      };
      for (const element of document.querySelectorAll('.ks-vt-cell, .ks-vt-cell *')) {
        const key = Object.keys(element).find((name) => name.startsWith('__reactProps$'));
        if (key) walk((element as unknown as Record<string, unknown>)[key], 0);
      }
      return {
        links: document.querySelectorAll('[class*="KsLink"]').length,
        names: [...document.querySelectorAll('.ks-vt-cell--name span.name-text')].map(
          (span) => span.textContent,
        ),
        ids,
      };
    });
    expect(facts.links).toBe(0);
    expect(facts.names).toEqual(rows.map((row) => row.campaign_name));
    expect(facts.ids).toEqual([]);
    expect(paths).toContain('/api/v2/i18n/statistics/campaign/list_v2/');
    expect(paths).not.toContain('/api/v2/i18n/statistics/campaign/list/');
  });

  it('shows a budget changed through the Marketing API after re-navigating', async () => {
    await open('/i18n/manage/adgroup');
    const rows = await allRows('adgroup', usId);
    const index = rows.findIndex((row) => row.budget_mode === 'BUDGET_MODE_DAY');
    // A row on the first screen, so that it is rendered without scrolling.
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(10);
    const target = rows[index] as (typeof rows)[number];
    const oldBudget = target.budget as number;
    const newBudget = oldBudget + 37;
    const budgetShown = async () =>
      (await renderedRows()).find((row) => row.name === target.adgroup_name)?.budget;
    expect(await budgetShown()).toBe(`$${oldBudget.toFixed(2)}Daily`);

    const token = await emulator.control.mintToken([usId]);
    const update = await emulator.api.post(
      'adgroup/update/',
      { advertiser_id: usId, adgroup_id: target.adgroup_id, budget: newBudget },
      token,
    );
    expect(update.body.code).toBe(0);

    await page.getByRole('tab', { name: 'Campaigns' }).click();
    await page.getByRole('tab', { name: 'Ad groups' }).click();
    await expect.poll(budgetShown).toBe(`$${newBudget.toFixed(2)}Daily`);
  });
});
