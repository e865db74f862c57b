import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';
import { EXTENSION_MANIFEST_KEY } from './companion-server/src/contract/extension-identity';

/**
 * The extension's build. COMPANION_URL (build time) is the companion server staff use by
 * default; the options page can point elsewhere. WXT_OUT_DIR lets tests build elsewhere.
 *
 * The production build runs on ads.tiktok.com only. The demo build (the default while no
 * TikTok credentials are configured) also runs on the emulator's Ads Manager replica, at
 * REPLICA_ORIGIN (default: the emulator's address). EXTENSION_TARGET=production forces the
 * production build.
 */
const companionUrl = new URL(process.env.COMPANION_URL ?? 'http://127.0.0.1:8787');
const production =
  process.env.EXTENSION_TARGET === 'production' || Boolean(process.env.TIKTOK_APP_ID);
const replicaOrigin = production
  ? null
  : new URL(process.env.REPLICA_ORIGIN ?? `http://127.0.0.1:${process.env.EMULATOR_PORT ?? '9797'}`)
      .origin;

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
    permissions: ['storage', 'sidePanel'],
    host_permissions: [`${companionUrl.origin}/*`],
    // Another companion server chosen on the options page is asked for then, not at install.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    action: { default_title: 'Bayme Ads Toolkit' },
    // The bulk-edit drawer is this page in an iframe on Ads Manager (BulkDrawerFrame).
    web_accessible_resources: [
      { resources: ['bulk-drawer.html'], matches: ['https://ads.tiktok.com/*'] },
    ],
  },
  vite: () => ({
    plugins: [tailwindcss()],
    define: { __COMPANION_URL__: JSON.stringify(companionUrl.origin) },
  }),
  zip: { artifactTemplate: 'bayme-ads-toolkit-{{version}}-chrome.zip' },
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!replicaOrigin) return;
      for (const script of manifest.content_scripts ?? []) {
        script.matches = [...(script.matches ?? []), `${replicaOrigin}/i18n/*`];
      }
      // The overlay's stylesheet is fetched from the page into its shadow root, and the
      // bulk-edit drawer's page is framed by it.
      for (const resource of manifest.web_accessible_resources ?? []) {
        if (typeof resource === 'object' && 'matches' in resource) {
          resource.matches = [...(resource.matches ?? []), `${replicaOrigin}/*`];
        }
      }
    },
  },
});
