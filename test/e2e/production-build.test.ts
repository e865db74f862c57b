import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port';
import { buildExtensionFor } from './global-setup';
import { connectAllAccounts, type E2eWorld, signInThroughPopup, startWorld } from './harness';
import { visibleBadges } from './visible-badges';

/**
 * The build staff install (EXTENSION_TARGET=production), whose content scripts match
 * https://ads.tiktok.com/i18n/* only: the replica is served at that address through request
 * interception, so the scripts run exactly where they will run for real.
 */

const US = '7252569388304511798';

describe('the production build on ads.tiktok.com (replica served by interception)', () => {
  let world: E2eWorld;
  let outDir: string;

  beforeAll(async () => {
    const build = {
      serverPort: await freePort(),
      emulatorPort: await freePort(),
      outDir: await mkdtemp(join(tmpdir(), 'bayme-e2e-production-')),
      production: true,
      extensionDir: '',
    };
    build.extensionDir = join(build.outDir, 'chrome-mv3');
    outDir = build.outDir;
    buildExtensionFor(build);
    world = await startWorld({}, build);
    const emulatorUrl = world.server.emulator?.url ?? '';
    // Everything the page asks of ads.tiktok.com (the page, its script, its list API) comes
    // from the replica; nothing leaves the machine.
    await world.browser.route('https://ads.tiktok.com/**', async (route) => {
      const url = new URL(route.request().url());
      const answer = await fetch(`${emulatorUrl}${url.pathname}${url.search}`);
      await route.fulfill({
        status: answer.status,
        headers: { 'content-type': answer.headers.get('content-type') ?? 'text/plain' },
        body: Buffer.from(await answer.arrayBuffer()),
      });
    });
    const adminKey = world.server.bootstrapAdminKey ?? '';
    await connectAllAccounts(world, adminKey);
    await signInThroughPopup(world, adminKey);
  });
  afterAll(async () => {
    await world?.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it('matches ads.tiktok.com only', async () => {
    const manifest = JSON.parse(
      await readFile(join(outDir, 'chrome-mv3', 'manifest.json'), 'utf8'),
    ) as { content_scripts: Array<{ matches: string[] }> };
    for (const script of manifest.content_scripts) {
      expect(script.matches).toEqual(['https://ads.tiktok.com/i18n/*']);
    }
  });

  async function badgeIds(page: Page): Promise<string[]> {
    return (await visibleBadges(page)).map((badge) => badge.id).sort();
  }

  it.each([
    ['manage/campaign', ''],
    ['perf/adgroup', '&layout=renamed,grid,deep-props'],
    ['manage/creative', '&layout=shadow-root,fixed-columns,ids-in-links'],
  ])('badges every row of %s%s with its own entity', async (path, layout) => {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 860 });
    await page.goto(`https://ads.tiktok.com/i18n/${path}?aadvid=${US}${layout}`);
    const truth = async () =>
      ((await page.evaluate('window.__replicaTruth()?.rows.map((r) => r.id) ?? []')) as string[])
        .slice()
        .sort();
    await expect.poll(async () => (await truth()).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => badgeIds(page), { timeout: 15_000 }).toEqual(await truth());
    expect(await page.getByTestId('layout-notice').count()).toBe(0);
    await page.close();
  });

  it('says at once when rows cannot be identified there too', async () => {
    const page = await world.browser.newPage();
    await page.setViewportSize({ width: 1400, height: 860 });
    await page.goto(`https://ads.tiktok.com/i18n/manage/creative?aadvid=${US}&layout=no-ids`);
    await page.getByTestId('layout-notice').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('notice-open-side-panel').count()).toBe(1);
    await page.close();
  });
});
