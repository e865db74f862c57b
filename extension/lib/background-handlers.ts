import { browser } from 'wxt/browser';
import type { RouteContract } from '../../companion-server/src/contract/route';
import { API_ROUTES } from './api-routes';
import { callCompanion, fetchCreateTemplate, fetchExportDownload } from './companion-client';
import type { ExtensionError } from './errors';
import {
  ACCOUNTS_CHANGED,
  type ExtensionRequest,
  type ExtensionResponse,
  type ExtensionStatus,
  LayoutSampleAnswerSchema,
  type PageContext,
  PageContextSchema,
  type SignInOpened,
  type TabRequest,
} from './protocol';
import {
  getPageContexts,
  getPendingAuthorization,
  pageContextsItem,
  setPendingAuthorization,
} from './session-state';
import { getServerUrl, getStaffKey, isWellFormedStaffKey, setStaffKey } from './settings';

/**
 * What the background does for each message. Kept apart from the entrypoint so tests can
 * drive it with WXT's fake browser.
 */

async function hasHostPermission(serverUrl: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [`${serverUrl}/*`] });
}

function noPermission(serverUrl: string): ExtensionError {
  return {
    kind: 'no-permission',
    message: `Chrome has not allowed the extension to reach ${serverUrl}. Open the options and save the server address to grant access.`,
  };
}

/** Who sent a message: a content script's tab, or an extension page (no tab). */
export interface RequestSender {
  tabId: number | null;
}

export async function handleRequest(
  request: ExtensionRequest,
  sender: RequestSender = { tabId: null },
): Promise<ExtensionResponse> {
  // Chrome opens its side panel and the popup only within the click that asked, and that
  // click's gesture reaches the background with the message but is gone after an await:
  // these two are answered before anything else.
  if (request.kind === 'open-side-panel') return openSidePanel(request.context, sender);
  if (request.kind === 'open-sign-in') return openSignIn();
  const serverUrl = await getServerUrl();
  switch (request.kind) {
    case 'status':
      return { ok: true, data: await status(serverUrl) };

    case 'sign-in': {
      const key = request.key.trim();
      if (!isWellFormedStaffKey(key)) {
        return {
          ok: false,
          error: {
            kind: 'invalid',
            message:
              'That is not a staff key. Keys look like bayme_xxxxxxxxxxxx_… — copy the whole key.',
          },
        };
      }
      if (!(await hasHostPermission(serverUrl)))
        return { ok: false, error: noPermission(serverUrl) };
      const result = await callCompanion(serverUrl, key, API_ROUTES.me);
      if (!result.ok) return result;
      await setStaffKey(key);
      return { ok: true, data: result.data };
    }

    case 'sign-out':
      await setStaffKey(null);
      return { ok: true, data: null };

    case 'authorize': {
      if (!(await hasHostPermission(serverUrl)))
        return { ok: false, error: noPermission(serverUrl) };
      const started = await callCompanion(serverUrl, await getStaffKey(), API_ROUTES.startOAuth);
      if (!started.ok) return started;
      await setPendingAuthorization({
        attemptId: started.data.attemptId,
        startedAt: new Date().toISOString(),
      });
      await browser.tabs.create({ url: started.data.authorizationUrl });
      return { ok: true, data: started.data };
    }

    case 'page-context': {
      if (sender.tabId === null)
        return {
          ok: false,
          error: { kind: 'invalid', message: 'Only a tab can report its page.' },
        };
      const contexts = await getPageContexts();
      const key = String(sender.tabId);
      if (request.context)
        contexts[key] = { ...request.context, reportedAt: new Date().toISOString() };
      else delete contexts[key];
      await pageContextsItem.setValue(contexts);
      return { ok: true, data: null };
    }

    case 'get-page-context': {
      const active = await activeTabId();
      const stored = active === null ? undefined : (await getPageContexts())[String(active)];
      return { ok: true, data: stored ? PageContextSchema.parse(stored) : null };
    }

    case 'send-layout-sample':
      return sendLayoutSample();

    case 'download-export': {
      if (!(await hasHostPermission(serverUrl)))
        return { ok: false, error: noPermission(serverUrl) };
      return fetchExportDownload(serverUrl, await getStaffKey(), request.exportId);
    }

    case 'download-create-template': {
      if (!(await hasHostPermission(serverUrl)))
        return { ok: false, error: noPermission(serverUrl) };
      return fetchCreateTemplate(serverUrl, await getStaffKey());
    }

    case 'api': {
      if (!(await hasHostPermission(serverUrl)))
        return { ok: false, error: noPermission(serverUrl) };
      // Any contract route: the answer is checked against its own schema inside callCompanion.
      const route: RouteContract = API_ROUTES[request.route];
      return callCompanion(serverUrl, await getStaffKey(), route, {
        params: request.params,
        query: request.query,
        body: request.body,
      });
    }
  }
}

async function activeTabId(): Promise<number | null> {
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return active?.id ?? null;
}

/** The Ads Manager list tab to act on: the active tab if it shows one, else the latest to report. */
async function adsManagerTabId(): Promise<number | null> {
  const contexts = await getPageContexts();
  const active = await activeTabId();
  if (active !== null && contexts[String(active)]) return active;
  const [latest] = Object.entries(contexts).sort(([, a], [, b]) =>
    b.reportedAt.localeCompare(a.reportedAt),
  );
  return latest ? Number(latest[0]) : null;
}

/** Ask an Ads Manager tab's content script to capture and upload a sample of the page's layout. */
async function sendLayoutSample(): Promise<ExtensionResponse> {
  const tabId = await adsManagerTabId();
  if (tabId === null) {
    return {
      ok: false,
      error: {
        kind: 'invalid',
        message: 'Open an Ads Manager campaign, ad group or ad list in a tab first.',
      },
    };
  }
  const request: TabRequest = { kind: 'capture-layout-sample' };
  const answer = await browser.tabs.sendMessage(tabId, request).then(
    (raw: unknown) => LayoutSampleAnswerSchema.safeParse(raw),
    () => null,
  );
  if (!answer?.success) {
    return {
      ok: false,
      error: {
        kind: 'invalid',
        message:
          'The Ads Manager tab did not answer. Reload it (the extension may have been updated since it opened) and try again.',
      },
    };
  }
  return answer.data;
}

/** The side panel's page pinned to one view (it follows the active tab without a query). */
function pinnedSidePanelPath(context: PageContext): string {
  return `sidepanel.html?${new URLSearchParams(context)}`;
}

function openSidePanel(context: PageContext, sender: RequestSender): Promise<ExtensionResponse> {
  const { tabId } = sender;
  if (tabId === null) {
    return Promise.resolve({
      ok: false,
      error: { kind: 'invalid', message: 'Only a tab can open the side panel on itself.' },
    });
  }
  // Both calls leave in this same task, in this order: Chrome sets the tab's page, then opens
  // it within the gesture. Seen in Chromium 156: awaiting setOptions first loses the gesture,
  // and opening first shows the panel's unpinned page.
  const setting = browser.sidePanel.setOptions({
    tabId,
    path: pinnedSidePanelPath(context),
    enabled: true,
  });
  const opening = browser.sidePanel.open({ tabId });
  return Promise.all([setting, opening]).then(
    (): ExtensionResponse => ({ ok: true, data: null }),
    (error: unknown): ExtensionResponse => ({
      ok: false,
      error: {
        kind: 'server',
        message: `Chrome did not open the side panel (${errorText(error)}). Open it from the extension’s toolbar button instead.`,
      },
    }),
  );
}

async function openSignIn(): Promise<ExtensionResponse<SignInOpened>> {
  // openPopup exists from Chrome 127 on, and fails when no window of this profile has focus.
  if (typeof browser.action.openPopup === 'function') {
    const opened = await browser.action.openPopup().then(
      () => true,
      () => false,
    );
    if (opened) return { ok: true, data: { opened: 'popup' } };
  }
  await browser.runtime.openOptionsPage();
  return { ok: true, data: { opened: 'options' } };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function status(serverUrl: string): Promise<ExtensionStatus> {
  const signedIn = (await getStaffKey()) !== null;
  const hasPermission = await hasHostPermission(serverUrl);
  if (!hasPermission) {
    return {
      serverUrl,
      signedIn,
      reachable: false,
      hasPermission,
      mode: null,
      serverVersion: null,
    };
  }
  const health = await callCompanion(serverUrl, null, API_ROUTES.health);
  return {
    serverUrl,
    signedIn,
    reachable: health.ok,
    hasPermission,
    mode: health.ok ? health.data.mode : null,
    serverVersion: health.ok ? health.data.version : null,
  };
}

/**
 * TikTok sends the browser back to the server's callback page. When a tab reaches it, ask
 * the server how the pending authorization ended and tell every open extension page.
 */
export async function onTabUrl(url: string): Promise<void> {
  const serverUrl = await getServerUrl();
  if (!url.startsWith(`${serverUrl}/oauth/callback`)) return;
  const pending = await getPendingAuthorization();
  if (!pending) return;
  const attempt = await callCompanion(serverUrl, await getStaffKey(), API_ROUTES.oauthAttempt, {
    params: { attemptId: pending.attemptId },
  });
  if (!attempt.ok || attempt.data.status === 'pending') return;
  await setPendingAuthorization(null);
  if (attempt.data.status === 'connected') {
    await browser.action.setBadgeBackgroundColor({ color: '#16a34a' });
    await browser.action.setBadgeText({ text: String(attempt.data.advertiserIds.length) });
  }
  await browser.runtime
    .sendMessage({ type: ACCOUNTS_CHANGED, status: attempt.data.status })
    .catch(() => {
      // No extension page is open to hear it; the popup refreshes when opened anyway.
    });
}
