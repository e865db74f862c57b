import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handleRequest, onTabUrl } from '../lib/background-handlers';
import { type ExtensionResponse, RequestSchema } from '../lib/protocol';

/**
 * The only part of the extension that talks HTTP: pages and content scripts send it typed
 * messages; it holds the staff key and calls the companion server.
 */
export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    // Only this extension's own pages and scripts may ask.
    if (sender.id !== browser.runtime.id) return false;
    const request = RequestSchema.safeParse(message);
    if (!request.success) return false;
    handleRequest(request.data, { tabId: sender.tab?.id ?? null }).then(
      (response) => sendResponse(response),
      (error: unknown) =>
        sendResponse({
          ok: false,
          error: {
            kind: 'server',
            message: error instanceof Error ? error.message : 'The extension failed.',
          },
        } satisfies ExtensionResponse),
    );
    return true;
  });

  // A closed tab's page context is no longer anyone's.
  browser.tabs.onRemoved.addListener((tabId) => {
    void handleRequest({ kind: 'page-context', context: null }, { tabId });
  });

  browser.tabs.onUpdated.addListener((_tabId, change, tab) => {
    const url = change.url ?? (change.status === 'complete' ? tab.url : undefined);
    if (url) void onTabUrl(url);
  });
});
