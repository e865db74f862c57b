import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM } from '../e2e/harness';

/**
 * Chromium as the browser tests launch it (test/e2e/harness.ts), with the same flags but no
 * extension: the baseline the extension's cost is measured against. Keep the flags in step
 * with launchBrowserWithExtension's.
 */
export async function launchPlainBrowser(): Promise<{
  browser: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = await mkdtemp(join(tmpdir(), 'bayme-bench-plain-profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 420, height: 720 },
    args: [
      '--no-first-run',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
