import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../companion-server/src/config';
import { readSigningKey } from '../../companion-server/src/install/signing-key';
import { type RunningServer, startServer } from '../../companion-server/src/server';
import { freePort } from './free-port';
import { CHROMIUM } from './harness';
import { chromiumWithPolicy, type ManagedChromium } from './managed-policy';

/**
 * The company route, end to end: `npm run build:extension` with a signing key (a throwaway
 * one), the companion server serving the CRX and the update manifest, and Debian's Chromium
 * under the managed policy the install page gives IT. Chromium installs the extension by
 * itself with the id derived from the key; given a newer build, it updates to it. The
 * server's minimum version refuses the first build's calls and accepts the newer one's.
 */

const OLD = '0.1.0.1';
const NEW = '0.1.0.2';

describe('installed and updated by Chrome policy from the companion server', () => {
  let scratch: string;
  let outDir: string;
  let keyFile: string;
  let extensionId: string;
  let serverUrl: string;
  let server: RunningServer;
  let managed: ManagedChromium | null = null;
  let browser: BrowserContext;
  let extensionsPage: Page;

  /** The build an admin makes: `npm run build:extension` with Bayme's key, for this server. */
  function buildRelease(version: string): void {
    execFileSync('npx', ['tsx', 'companion-server/src/install/build-extension.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        // Vitest sets NODE_ENV=test, which would make a development build (React's dev JSX).
        NODE_ENV: 'production',
        EXTENSION_TARGET: 'production',
        COMPANION_URL: serverUrl,
        WXT_OUT_DIR: outDir,
        EXTENSION_SIGNING_KEY_FILE: keyFile,
        EXTENSION_VERSION: version,
      },
      stdio: 'pipe',
    });
  }

  /** What chrome://extensions knows of the extension (null: not installed). */
  function installed(): Promise<{ version: string; state: string; controlledBy: string } | null> {
    return extensionsPage.evaluate(async (id) => {
      const { developerPrivate } = (globalThis as any).chrome;
      const all = await developerPrivate.getExtensionsInfo({ includeDisabled: true });
      const found = all.find((extension: { id: string }) => extension.id === id);
      return found
        ? {
            version: found.version,
            state: found.state,
            controlledBy: found.controlledInfo?.text ?? '',
          }
        : null;
    }, extensionId);
  }

  /** Sign in through the popup; the sign-in error's text, or null once signed in. */
  async function signIn(): Promise<string | null> {
    const popup = await browser.newPage();
    try {
      await popup.goto(`chrome-extension://${extensionId}/popup.html`);
      await popup.getByLabel('Your staff key').fill(server.bootstrapAdminKey ?? '');
      await popup.getByTestId('sign-in-submit').click();
      const outcome = popup.getByTestId('sign-in-error').or(popup.getByTestId('signed-in'));
      await outcome.waitFor();
      return (await outcome.getAttribute('data-testid')) === 'signed-in'
        ? null
        : await outcome.textContent();
    } finally {
      await popup.close();
    }
  }

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'bayme-e2e-policy-install-'));
    outDir = join(scratch, 'output');
    keyFile = join(scratch, 'signing-key.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    extensionId = readSigningKey(keyFile).extensionId;
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    buildRelease(OLD);

    server = await startServer(
      loadConfig({
        PORT: String(port),
        EMULATOR_PORT: String(await freePort()),
        DATA_DIR: join(scratch, 'data'),
        LOG_LEVEL: 'warn',
        EXTENSION_OUTPUT_DIR: outDir,
        EXTENSION_SIGNING_KEY_FILE: keyFile,
        EXTENSION_MIN_VERSION: NEW,
      }),
    );

    // The Linux policy file exactly as the install page gives it to IT.
    const page = await (await fetch(`${serverUrl}/install`)).text();
    const policy = policyFileOnInstallPage(page);
    managed = await chromiumWithPolicy(CHROMIUM, {
      ...policy,
      // Chrome keeps DevTools, and so Playwright, away from extensions installed by policy.
      DeveloperToolsAvailability: 1,
    });
    browser = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: managed.executablePath,
      headless: true,
      // Playwright's defaults turn off extensions, and background networking, of which the
      // extension updater is part.
      ignoreDefaultArgs: ['--disable-extensions', '--disable-background-networking'],
      args: ['--no-first-run', '--no-sandbox', '--disable-component-update', '--disable-sync'],
    });
    extensionsPage = await browser.newPage();
    await extensionsPage.goto('chrome://extensions');
  });

  afterAll(async () => {
    await browser?.close();
    // Removes the policy from wherever it was written, the system folder included.
    await managed?.close();
    await server?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('installs the extension the install page’s policy names, with the id derived from the key', async () => {
    await expect
      .poll(installed, { timeout: 30_000, interval: 500 })
      .toEqual({ version: OLD, state: 'ENABLED', controlledBy: 'Installed by enterprise policy.' });
  });

  it('knows it was installed by policy', async () => {
    const popup = await browser.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    const installType = await popup.evaluate(
      async () => (await (globalThis as any).chrome.management.getSelf()).installType,
    );
    await popup.close();
    expect(installType).toBe('admin');
  });

  it('is refused by the server while older than the minimum version, with the reason', async () => {
    expect(await signIn()).toContain(
      `This copy of the Bayme Ads Toolkit is version ${OLD}; this server accepts version ${NEW} or newer`,
    );
  });

  it('updates to the newer build the server is given', async () => {
    buildRelease(NEW);
    const manifest = await (await fetch(`${serverUrl}/install/updates.xml`)).text();
    expect(manifest).toContain(`version="${NEW}"`);
    // chrome://extensions' Update button: Chrome checks the update manifest now rather than
    // within the next few hours.
    await extensionsPage.evaluate(() => (globalThis as any).chrome.developerPrivate.autoUpdate());
    await expect
      .poll(async () => (await installed())?.version, { timeout: 30_000, interval: 500 })
      .toBe(NEW);
  });

  it('is accepted by the server once updated', async () => {
    expect(await signIn()).toBeNull();
  });
});

/** The JSON of the Linux policy file in the install page's commands (HTML-escaped there). */
function policyFileOnInstallPage(html: string): Record<string, unknown> {
  const text = html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  const json =
    /policies\/managed\/bayme-ads-toolkit\.json >\/dev\/null <<'EOF'\n([\s\S]*?)EOF/.exec(
      text,
    )?.[1];
  if (!json) throw new Error('The install page gives no Linux policy file.');
  return JSON.parse(json);
}
