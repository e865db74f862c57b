import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';
import { EXTENSION_MANIFEST_KEY } from './companion-server/src/contract/extension-identity';

/**
 * The extension's build. COMPANION_URL (build time) is the companion server staff use by
 * default; the options page can point elsewhere. WXT_OUT_DIR lets tests build elsewhere.
 */
const companionUrl = new URL(process.env.COMPANION_URL ?? 'http://127.0.0.1:8787');

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/module-react'],
  manifest: {
    name: 'Bayme Ads Toolkit',
    description: "Bayme's TikTok Ads Manager toolkit: performance overlays and safe bulk edits.",
    // Pins the extension id on every machine, so the server's CORS allow-list holds.
    key: EXTENSION_MANIFEST_KEY,
    permissions: ['storage'],
    host_permissions: [`${companionUrl.origin}/*`],
    // Another companion server chosen on the options page is asked for then, not at install.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    action: { default_title: 'Bayme Ads Toolkit' },
  },
  vite: () => ({
    plugins: [tailwindcss()],
    define: { __COMPANION_URL__: JSON.stringify(companionUrl.origin) },
  }),
  zip: { artifactTemplate: 'bayme-ads-toolkit-{{version}}-chrome.zip' },
});
