import { escapeHtml, page } from '../lib/html';
import type { ExtensionRelease } from './extension-release';
import { INSTALL_PATHS } from './install-paths';
import { POLICY_FILE_NAME, policySnippets } from './policy-snippets';

/**
 * The internal install link: the current version; for a company-managed Chrome, the policy
 * that installs and updates it (for IT, in each platform's form); for any other machine,
 * the zip to load unpacked. Everything an admin pastes is on the page as text.
 */
export interface InstallPageInput {
  release: ExtensionRelease | null;
  publicUrl: string;
  /** Whether this server accepts calls from the build's id (its allow-list of origins). */
  accepted: boolean;
  zipSha256: string | null;
  crxSha256: string | null;
}

const PRE =
  'style="background:#f1f5f9;border-radius:6px;padding:10px 12px;overflow-x:auto;font-size:13px;line-height:1.45"';

const block = (text: string) => `<pre ${PRE}>${escapeHtml(text)}</pre>`;

export function installPage(input: InstallPageInput): string {
  const { release, publicUrl } = input;
  if (!release) {
    return page(
      'Install the extension',
      `<div class="problem"><h1>The extension has not been built on this server</h1>
      <p>An administrator needs to build it: <code>npm start</code> builds it before starting the server, or <code>npm run build:extension</code> builds it alone.</p></div>`,
    );
  }
  const signed = !release.development && release.extensionId !== null && release.crxPath !== null;
  return page(
    'Install the extension',
    [
      `<h1>Bayme Ads Toolkit for Chrome — version ${escapeHtml(release.version)}</h1>`,
      warnings(input),
      signed ? managedSection() : '',
      signed && release.extensionId ? policySection(release.extensionId, publicUrl) : '',
      manualSection(release, signed),
      downloadsSection(input),
    ].join('\n'),
  );
}

function warnings(input: InstallPageInput): string {
  const { release } = input;
  if (!release) return '';
  const parts: string[] = [];
  if (release.development) {
    parts.push(`<div class="problem"><h2>Development build${
      release.extensionId ? ` — development id <code>${escapeHtml(release.extensionId)}</code>` : ''
    }</h2>
    <p>This build was made without Bayme's signing key: it can only be loaded unpacked, and Chrome's policy can neither install nor update it. An administrator makes a release with <code>npm run build:extension</code> once <code>EXTENSION_SIGNING_KEY_FILE</code> names Bayme's key (or, in emulator mode, with <code>npm start</code>, which creates a key in the data directory).</p></div>`);
  } else if (!release.crxPath) {
    parts.push(`<div class="problem"><h2>The signed package (CRX) is missing</h2>
    <p>The build is signed, but its CRX is not beside the zip. Build again with <code>npm run build:extension</code>.</p></div>`);
  }
  if (!input.accepted && release.extensionId) {
    parts.push(`<div class="problem"><h2>This server does not accept this build</h2>
    <p>The build's id <code>${escapeHtml(release.extensionId)}</code> is not one this server lets call it, so the extension would be refused. Start the server with the signing key the build was made with (<code>EXTENSION_SIGNING_KEY_FILE</code>), or rebuild with the server's key.</p></div>`);
  }
  return parts.join('\n');
}

function managedSection(): string {
  return `<h2>On a company-managed Chrome</h2>
    <p>If IT has set up Chrome's policy for the toolkit, there is nothing to do: the extension appears by itself within a few minutes (see <code>chrome://extensions</code>) and Chrome keeps it up to date. To take an update at once, open <code>chrome://extensions</code>, switch on <strong>Developer mode</strong> and press <strong>Update</strong>.</p>`;
}

function policySection(extensionId: string, publicUrl: string): string {
  const snippets = policySnippets(extensionId, publicUrl);
  const linuxCommands = ['/etc/opt/chrome/policies/managed', '/etc/chromium/policies/managed']
    .map(
      (dir) =>
        `sudo mkdir -p ${dir}\nsudo tee ${dir}/${POLICY_FILE_NAME}.json >/dev/null <<'EOF'\n${snippets.linuxJson}EOF`,
    )
    .join('\n\n');
  return `<h2>For IT: install and update it with Chrome's policy</h2>
    <p>Extension id <code>${escapeHtml(extensionId)}</code> (the same on every machine); update manifest <code>${escapeHtml(publicUrl + INSTALL_PATHS.updateManifest)}</code>.</p>
    <p>Add this entry to the <strong>ExtensionInstallForcelist</strong> policy: Chrome installs the extension, keeps it installed and checks for updates by itself.</p>
    ${block(snippets.forcelistEntry)}
    <p>And this one to <strong>ExtensionInstallSources</strong>, so that staff may also install the package from this page by hand:</p>
    ${block(snippets.installSource)}
    <h3>Linux</h3>
    <p>One JSON file in the managed policy folder: <code>/etc/opt/chrome/policies/managed/</code> for Google Chrome, <code>/etc/chromium/policies/managed/</code> for Chromium. Run as root (or keep only the line for the browser you use):</p>
    ${block(linuxCommands)}
    <details><summary>Windows (registry)</summary>
    <p>Save as <code>${POLICY_FILE_NAME}.reg</code> and import it, or set the same values with Group Policy. If a list already has entries, use the next free number instead of <code>1</code>. For Microsoft Edge the keys are under <code>SOFTWARE\\Policies\\Microsoft\\Edge</code>.</p>
    ${block(snippets.windowsRegistry)}</details>
    <details><summary>macOS (configuration profile)</summary>
    <p>Save as <code>${POLICY_FILE_NAME}.mobileconfig</code> and deploy it with your device management.</p>
    ${block(snippets.macProfile)}</details>
    <p>Then open <code>chrome://policy</code> and press <strong>Reload policies</strong>: the extension installs within a minute. On Windows and macOS, Chrome installs extensions from outside the Chrome Web Store only on managed machines (joined to a domain, or enrolled in device management or Chrome Browser Cloud Management); Linux has no such condition.</p>`;
}

function manualSection(release: ExtensionRelease, signed: boolean): string {
  const kb = Math.round(release.zipBytes / 1024);
  return `<h2>${signed ? 'On any other machine: install it by hand' : 'Install it (Chrome, Edge or Brave)'}</h2>
    <p><a class="button" href="${INSTALL_PATHS.zip}" download>Download the extension (${kb} kB)</a></p>
    <ol>
      <li>Unzip the download into a folder you will keep (for example <code>Documents/bayme-ads-toolkit</code>).</li>
      <li>Open <code>chrome://extensions</code> and switch on <strong>Developer mode</strong> (top right).</li>
      <li>Press <strong>Load unpacked</strong> and choose the folder.</li>
      <li>Pin the extension, open its popup, and sign in with the staff key an admin gave you.</li>
    </ol>
    <p>To update, unzip the new version into the same folder and press the reload arrow on the extension's card. The popup says when an update is waiting; Chrome does not update an unpacked extension by itself.</p>`;
}

function downloadsSection(input: InstallPageInput): string {
  const { release, publicUrl } = input;
  if (!release) return '';
  const rows = [
    `<li>Zip: <code>${escapeHtml(publicUrl + INSTALL_PATHS.zip)}</code>${
      input.zipSha256 ? `<br>SHA-256 <code>${escapeHtml(input.zipSha256)}</code>` : ''
    }</li>`,
  ];
  if (release.crxPath && input.crxSha256) {
    rows.push(
      `<li>Signed package (CRX): <a href="${INSTALL_PATHS.crx}"><code>${escapeHtml(publicUrl + INSTALL_PATHS.crx)}</code></a><br>SHA-256 <code>${escapeHtml(input.crxSha256)}</code></li>`,
    );
  }
  return `<h2>Direct links</h2><ul class="muted">${rows.join('\n')}</ul>`;
}
