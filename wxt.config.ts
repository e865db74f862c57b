import { resolve } from 'node:path';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';
import {
  DEVELOPMENT_MANIFEST_KEY,
  isExtensionVersion,
} from './companion-server/src/contract/extension-identity';
import { INSTALL_PATHS } from './companion-server/src/install/install-paths';
import { readSigningKey } from './companion-server/src/install/signing-key';

/**
 * The extension's build. COMPANION_URL (build time) is the companion server staff use by
 * default; the options page can point elsewhere. WXT_OUT_DIR lets tests build elsewhere.
 *
 * The production build runs on ads.tiktok.com only. The demo build (the default while no
 * TikTok credentials are configured) also runs on the emulator's Ads Manager replica, at
 * REPLICA_ORIGIN (default: the emulator's address). EXTENSION_TARGET=production forces the
 * production build.
 *
 * EXTENSION_SIGNING_KEY_FILE names Bayme's signing key (npm run build:extension sets it):
 * its public half becomes the manifest's `key`, which fixes the extension's id, and the
 * manifest's `update_url` points at the companion server's update manifest, where Chrome
 * looks for updates of an extension installed from a CRX. Without it the build carries the
 * development key: the development id, and "(development build)" after its name.
 *
 * EXTENSION_VERSION stamps a version other than package.json's. Chrome updates only to a
 * higher version, so a release rebuilt without a package.json change needs one (a build
 * number: 0.1.0.37).
 */
const companionUrl = new URL(process.env.COMPANION_URL ?? 'http://127.0.0.1:8787');
const production =
  process.env.EXTENSION_TARGET === 'production' || Boolean(process.env.TIKTOK_APP_ID);
const replicaOrigin = production
  ? null
  : new URL(process.env.REPLICA_ORIGIN ?? `http://127.0.0.1:${process.env.EMULATOR_PORT ?? '9797'}`)
      .origin;
const signingKeyFile = process.env.EXTENSION_SIGNING_KEY_FILE;
const signingKey = signingKeyFile ? readSigningKey(resolve(signingKeyFile)) : null;
const version = process.env.EXTENSION_VERSION;
if (version !== undefined && !isExtensionVersion(version)) {
  throw new Error(
    `EXTENSION_VERSION="${version}" is not an extension version: one to four numbers of at most 65535, such as 0.1.0.37.`,
  );
}

export default defineConfig({
  srcDir: 'extension',
  publicDir: 'extension/public',
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/module-react'],
  manifest: {
    name: 'Bayme Ads Toolkit',
    description: "Bayme's TikTok Ads Manager toolkit: performance overlays and safe bulk edits.",
    // Pins the extension id on every machine, so the server's CORS allow-list holds.
    key: signingKey?.manifestKey ?? DEVELOPMENT_MANIFEST_KEY,
    ...(signingKey ? { update_url: `${companionUrl.origin}${INSTALL_PATHS.updateManifest}` } : {}),
    ...(version ? { version } : {}),
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
    build: {
      rollupOptions: {
        onwarn(warning, warn) {
          // zod 4.5+ mentions `@__PURE__` inside two prose comments; Rollup takes them for
          // misplaced annotations and warns once per entrypoint on every build
          // (colinhacks/zod#6619). Only those comments are dropped, so the output is unchanged.
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) {
            return;
          }
          warn(warning);
        },
      },
    },
  }),
  zip: { artifactTemplate: 'bayme-ads-toolkit-{{version}}-chrome.zip' },
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      // Said where staff and admins see it: chrome://extensions and the toolbar.
      if (!signingKey) manifest.name = `${manifest.name} (development build)`;
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
