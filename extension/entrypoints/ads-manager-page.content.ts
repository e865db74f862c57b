import { defineContentScript } from 'wxt/utils/define-content-script';
import { installMainWorldBridge } from '../ads-manager/main-world';

/**
 * Runs in the Ads Manager page's own JavaScript world (MAIN): the only place that can read
 * the React props holding row ids. It has no extension APIs and only answers the isolated
 * content script (ads-manager.content) with plain data.
 */
export default defineContentScript({
  matches: ['https://ads.tiktok.com/i18n/*'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    installMainWorldBridge();
  },
});
