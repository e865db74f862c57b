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
      if (request.context) contexts[key] = request.context;
      else delete contexts[key];
      await pageContextsItem.setValue(contexts);
      return { ok: true, data: null };
    }

    case 'get-page-context': {
      const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      const contexts = await getPageContexts();
      return {
        ok: true,
        data: active?.id === undefined ? null : (contexts[String(active.id)] ?? null),
      };
    }

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
