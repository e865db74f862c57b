import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { loadConfig } from '../../companion-server/src/config';
import { type RunningServer, startServer } from '../../companion-server/src/server';

/**
 * The browser tests' world: the real companion server (with its emulator) on the port the
 * extension was built for, and Debian's Chromium with the built extension loaded.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export interface E2eWorld {
  server: RunningServer;
  serverUrl: string;
  browser: BrowserContext;
  extensionId: string;
  dataDir: string;
  close(): Promise<void>;
}

/** The extension build and the ports it was made for (from the e2e global setup by default). */
export interface ExtensionBuild {
  serverPort: number;
  emulatorPort: number;
  outDir: string;
  extensionDir: string;
}

export async function startServerForExtension(
  env: Record<string, string> = {},
  build: ExtensionBuild = inject('e2e'),
) {
  const { serverPort, emulatorPort, outDir } = build;
  const dataDir = await mkdtemp(join(tmpdir(), 'bayme-e2e-data-'));
  const config = loadConfig({
    PORT: String(serverPort),
    EMULATOR_PORT: String(emulatorPort),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    EXTENSION_OUTPUT_DIR: outDir,
    ...env,
  });
  const server = await startServer(config);
  return { server, dataDir, serverUrl: `http://127.0.0.1:${serverPort}` };
}

export async function launchBrowserWithExtension(build: ExtensionBuild = inject('e2e')): Promise<{
  browser: BrowserContext;
  extensionId: string;
  profile: string;
}> {
  const { extensionDir } = build;
  const profile = await mkdtemp(join(tmpdir(), 'bayme-e2e-profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 420, height: 720 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-first-run',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  const worker = browser.serviceWorkers()[0] ?? (await browser.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return { browser, extensionId, profile };
}

export async function startWorld(
  env: Record<string, string> = {},
  build: ExtensionBuild = inject('e2e'),
): Promise<E2eWorld> {
  const { server, dataDir, serverUrl } = await startServerForExtension(env, build);
  const { browser, extensionId, profile } = await launchBrowserWithExtension(build);
  return {
    server,
    serverUrl,
    browser,
    extensionId,
    dataDir,
    async close() {
      await browser.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function openPopup(world: Pick<E2eWorld, 'browser' | 'extensionId'>): Promise<Page> {
  const page = await world.browser.newPage();
  await page.goto(`chrome-extension://${world.extensionId}/popup.html`);
  return page;
}

/** Save a screenshot of a UI state as a test artifact (test-results/screenshots/). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Sign in to the extension through its popup with a staff key. */
export async function signInThroughPopup(
  world: Pick<E2eWorld, 'browser' | 'extensionId'>,
  key: string,
): Promise<void> {
  const popup = await openPopup(world);
  await popup.getByLabel('Your staff key').fill(key);
  await popup.getByTestId('sign-in-submit').click();
  await popup.getByTestId('signed-in').waitFor();
  await popup.close();
}

/**
 * Connect every ad account of the emulator to the server directly (a token minted in the
 * emulator, registered by an admin): the OAuth path itself is covered by popup-authorize.
 */
export async function connectAllAccounts(world: E2eWorld, adminKey: string): Promise<string> {
  const emulatorUrl = world.server.emulator?.url ?? '';
  const state = (await (await fetch(`${emulatorUrl}/__emulator/state`)).json()) as {
    advertisers: Array<{ advertiser_id: string }>;
  };
  const minted = await fetch(`${emulatorUrl}/__emulator/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advertiser_ids: state.advertisers.map((a) => a.advertiser_id) }),
  });
  const { access_token: token } = (await minted.json()) as { access_token: string };
  const imported = await world.server.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: { authorization: `Bearer ${adminKey}` },
    payload: { accessToken: token },
  });
  if (imported.statusCode !== 200) throw new Error(`import failed: ${imported.body}`);
  return token;
}
