import { createRoot, type Root } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import '../../assets/overlay.css';
import { captureCurrentPage } from '../../ads-manager/layout-sample-upload';
import { OverlayApp, type PageStore } from '../../ads-manager/overlay-app';
import {
  type AdsManagerPage,
  parseAdsManagerUrl,
  samePage,
} from '../../ads-manager/page-detection';
import { reportPageContext } from '../../lib/content-api';
import { ExtensionRequestError } from '../../lib/errors';
import { ResourceCache, ResourceCacheProvider } from '../../lib/resource-cache';
import { mountShadowRootUi } from '../../lib/shadow-root-ui';

/**
 * The extension on Ads Manager: detects list pages from the URL (following in-app
 * navigation, which changes the URL without a reload) and shows the overlays in a shadow
 * root, isolated from the page's styles and the page from ours.
 */
export default defineContentScript({
  matches: ['https://ads.tiktok.com/i18n/*'],
  cssInjectionMode: 'ui',
  async main(ctx) {
    let current: AdsManagerPage | null = parseAdsManagerUrl(location.href);
    const listeners = new Set<() => void>();
    const pages: PageStore = {
      get: () => current,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    ctx.addEventListener(window, 'wxt:locationchange', ({ newUrl }) => {
      const next = parseAdsManagerUrl(newUrl.href);
      if (samePage(next, current)) return;
      current = next;
      if (!next) void reportPageContext(null).catch(() => undefined);
      for (const listener of listeners) listener();
    });

    // The options page's "Send a layout sample" reaches this tab through the background.
    browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
      if (sender.id !== browser.runtime.id) return false;
      if ((message as { kind?: unknown } | null)?.kind !== 'capture-layout-sample') return false;
      captureCurrentPage().then(
        (sent) => sendResponse({ ok: true, data: sent }),
        (error: unknown) =>
          sendResponse({
            ok: false,
            error:
              error instanceof ExtensionRequestError
                ? error.detail
                : {
                    kind: 'invalid',
                    message: error instanceof Error ? error.message : String(error),
                  },
          }),
      );
      return true;
    });

    const cache = new ResourceCache();
    await mountShadowRootUi<Root>(ctx, {
      name: 'bayme-ads-toolkit',
      entrypoint: 'ads-manager',
      onMount(container, host) {
        const root = createRoot(container);
        root.render(
          <ResourceCacheProvider cache={cache}>
            <OverlayApp pages={pages} host={host} />
          </ResourceCacheProvider>,
        );
        return root;
      },
      onRemove(root) {
        root.unmount();
      },
    });
  },
});
