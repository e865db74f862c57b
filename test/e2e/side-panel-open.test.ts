import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { browser } from 'wxt/browser';
import { type E2eWorld, signInThroughPopup, startWorld } from './harness';

/**
 * What the Ads Manager page's notice will ask of the background, sent from the extension's
 * own content-script world on the replica page, in real Chromium: open the side panel on the
 * tab (pinned to the page's view), open the sign-in, and re-authorize TikTok. Chrome opens
 * its side panel only within a user gesture, so the messages are sent through CDP with
 * `userGesture` (as a click in the notice would), and once without, to see Chrome refuse.
 */

const US = '7252569388304511798';
const VIEW = { advertiserId: US, level: 'adgroup', start: '2026-11-14', end: '2026-11-20' };
const PINNED_PATH = `sidepanel.html?advertiserId=${US}&level=adgroup&start=2026-11-14&end=2026-11-20`;

interface ExecutionContext {
  id: number;
  name: string;
  origin: string;
}

/** Sends a runtime message from the extension's content-script world of a page. */
async function contentScriptWorld(world: E2eWorld, page: Page, url: string) {
  const cdp: CDPSession = await world.browser.newCDPSession(page);
  const contexts: ExecutionContext[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  await page.goto(url);
  const origin = `chrome-extension://${world.extensionId}`;
  // The content script runs once the page is idle; its world appears then.
  for (let waited = 0; !contexts.some((context) => context.origin === origin); waited += 100) {
    if (waited > 10_000) throw new Error('The extension’s content script did not run.');
    await page.waitForTimeout(100);
  }
  return async (message: unknown, userGesture: boolean): Promise<unknown> => {
    const ours = contexts.filter((context) => context.origin === origin).at(-1);
    const evaluated = await cdp.send('Runtime.evaluate', {
      expression: `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
      contextId: ours?.id,
      awaitPromise: true,
      returnByValue: true,
      userGesture,
    });
    return evaluated.result.value;
  };
}

describe('the page asks the background to open the side panel and the sign-in', () => {
  let world: E2eWorld;
  let page: Page;
  let send: (message: unknown, userGesture: boolean) => Promise<unknown>;

  /** What the service worker sees: open extension views, and each tab's side-panel page. */
  async function extensionState() {
    const worker = world.browser.serviceWorkers()[0];
    if (!worker) throw new Error('no service worker');
    return worker.evaluate(async () => {
      // Runs in the service worker, where Chrome's own `chrome` is the extension API.
      const { chrome } = globalThis as unknown as { chrome: typeof browser };
      const contexts = await chrome.runtime.getContexts({});
      const tabs = await chrome.tabs.query({});
      const panels: Array<{ active: boolean; path: string | undefined; own: boolean }> = [];
      for (const tab of tabs) {
        const options = await chrome.sidePanel.getOptions({ tabId: tab.id });
        panels.push({ active: tab.active, path: options.path, own: options.tabId === tab.id });
      }
      return {
        views: contexts.map((context) => ({
          type: context.contextType,
          path: context.documentUrl?.replace(/^chrome-extension:\/\/[a-z]+\//, ''),
        })),
        panels,
        global: (await chrome.sidePanel.getOptions({})).path,
      };
    });
  }

  beforeAll(async () => {
    world = await startWorld();
    await signInThroughPopup(world, world.server.bootstrapAdminKey ?? '');
    page = await world.browser.newPage();
    const emulatorUrl = world.server.emulator?.url ?? '';
    send = await contentScriptWorld(
      world,
      page,
      `${emulatorUrl}/i18n/manage/campaign?aadvid=${US}`,
    );
  });
  afterAll(async () => {
    await world?.close();
  });

  it('is refused by Chrome without a click, and says what to do instead', async () => {
    const answer = await send({ kind: 'open-side-panel', context: VIEW }, false);
    expect(answer).toMatchObject({ ok: false, error: { kind: 'server' } });
    expect(JSON.stringify(answer)).toContain('user gesture');
    expect((await extensionState()).views.map((view) => view.type)).not.toContain('SIDE_PANEL');
  });

  it('opens the side panel on the tab, pinned to the page’s view, within the click', async () => {
    expect(await send({ kind: 'open-side-panel', context: VIEW }, true)).toEqual({
      ok: true,
      data: null,
    });
    await expect
      .poll(async () => (await extensionState()).views.filter((v) => v.type === 'SIDE_PANEL'))
      .toEqual([{ type: 'SIDE_PANEL', path: PINNED_PATH }]);
    const state = await extensionState();
    // Only this (active) tab's panel is pinned; elsewhere the panel still follows the tab.
    expect(state.panels.filter((panel) => panel.own)).toEqual([
      { active: true, path: PINNED_PATH, own: true },
    ]);
    expect(state.global).toBe('sidepanel.html');
  });

  it('opens the popup to sign in', async () => {
    expect(await send({ kind: 'open-sign-in' }, true)).toEqual({
      ok: true,
      data: { opened: 'popup' },
    });
    await expect
      .poll(async () => (await extensionState()).views.map((view) => view.path))
      .toContain('popup.html');
  });

  it('re-authorizes from the page: TikTok’s consent page opens in a tab', async () => {
    const opened = world.browser.waitForEvent('page');
    const answer = await send({ kind: 'authorize' }, false);
    expect(answer).toMatchObject({ ok: true, data: { attemptId: expect.any(String) } });
    const consent = await opened;
    await consent.waitForLoadState();
    expect(consent.url()).toContain('/portal/auth?app_id=');
    expect(await consent.getByRole('button', { name: 'Authorize' }).count()).toBe(1);
  });
});
