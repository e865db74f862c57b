import { escapeHtml, page } from '../lib/html';
import type { ExtensionRelease } from './extension-release';

/** The internal install link: the current version, its download, and how to install it. */
export function installPage(
  release: ExtensionRelease | null,
  publicUrl: string,
  extensionId: string,
): string {
  if (!release) {
    return page(
      'Install the extension',
      `<div class="problem"><h1>The extension has not been built on this server</h1>
      <p>An administrator needs to build it: <code>npm start</code> builds it before starting the server, or <code>npm run build:extension</code> builds it alone.</p></div>`,
    );
  }
  const zipUrl = `${publicUrl}/install/extension.zip`;
  const kb = Math.round(release.zipBytes / 1024);
  return page(
    'Install the extension',
    `<h1>Bayme Ads Toolkit for Chrome — version ${escapeHtml(release.version)}</h1>
    <p><a class="button" href="/install/extension.zip" download>Download the extension (${kb} kB)</a></p>
    <h2>Install it (Chrome, Edge or Brave)</h2>
    <ol>
      <li>Unzip the download into a folder you will keep (for example <code>Documents/bayme-ads-toolkit</code>).</li>
      <li>Open <code>chrome://extensions</code> and switch on <strong>Developer mode</strong> (top right).</li>
      <li>Press <strong>Load unpacked</strong> and choose the folder.</li>
      <li>Pin the extension, open its popup, and sign in with the staff key an admin gave you.</li>
    </ol>
    <p>To update, unzip the new version into the same folder and press the reload arrow on the extension's card. The popup says when an update is waiting.</p>
    <h2>Managed browsers (IT)</h2>
    <p>Browsers under enterprise policy can force-install it: host the unpacked build and an update manifest on this server's network, then add to the <code>ExtensionInstallForcelist</code> policy the entry <code>${escapeHtml(extensionId)};&lt;update manifest URL&gt;</code>. The extension id <code>${escapeHtml(extensionId)}</code> is the same on every machine.</p>
    <p class="muted">Direct link: <code>${escapeHtml(zipUrl)}</code></p>`,
  );
}
