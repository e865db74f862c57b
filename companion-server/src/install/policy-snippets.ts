import { createHash } from 'node:crypto';
import { INSTALL_PATHS } from './install-paths';

/**
 * What an administrator pastes into Chrome's enterprise policy to install the extension
 * from this server and keep it updated: the same two policies in each platform's form.
 * - ExtensionInstallForcelist `<id>;<update manifest URL>`: Chrome installs the extension
 *   silently, keeps it installed, and checks the update manifest by itself.
 * - ExtensionInstallSources `<server>/install/*`: staff may also install the CRX by hand
 *   from the install page (Chrome accepts CRX files from no other site).
 */
export interface PolicySnippets {
  forcelistEntry: string;
  installSource: string;
  /** For /etc/opt/chrome/policies/managed/ and /etc/chromium/policies/managed/. */
  linuxJson: string;
  /** A .reg file for Chrome on Windows (HKLM). */
  windowsRegistry: string;
  /** A .mobileconfig configuration profile for Chrome on macOS. */
  macProfile: string;
}

/** The file name suggested for the Linux policy file and the macOS profile. */
export const POLICY_FILE_NAME = 'bayme-ads-toolkit';

export function policySnippets(extensionId: string, publicUrl: string): PolicySnippets {
  const forcelistEntry = `${extensionId};${publicUrl}${INSTALL_PATHS.updateManifest}`;
  const installSource = `${publicUrl}${INSTALL_PATHS.page}/*`;
  const linuxJson = `${JSON.stringify(
    { ExtensionInstallForcelist: [forcelistEntry], ExtensionInstallSources: [installSource] },
    null,
    2,
  )}\n`;
  return {
    forcelistEntry,
    installSource,
    linuxJson,
    windowsRegistry: windowsRegistry(forcelistEntry, installSource),
    macProfile: macProfile(extensionId, forcelistEntry, installSource),
  };
}

function windowsRegistry(forcelistEntry: string, installSource: string): string {
  const value = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const key = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome';
  return [
    'Windows Registry Editor Version 5.00',
    '',
    `[${key}\\ExtensionInstallForcelist]`,
    `"1"=${value(forcelistEntry)}`,
    '',
    `[${key}\\ExtensionInstallSources]`,
    `"1"=${value(installSource)}`,
    '',
  ].join('\r\n');
}

function macProfile(extensionId: string, forcelistEntry: string, installSource: string): string {
  const text = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadType</key>
      <string>com.google.Chrome</string>
      <key>PayloadIdentifier</key>
      <string>com.bayme.ads-toolkit.chrome</string>
      <key>PayloadUUID</key>
      <string>${stableUuid(extensionId, 'chrome-settings')}</string>
      <key>PayloadVersion</key>
      <integer>1</integer>
      <key>PayloadDisplayName</key>
      <string>Bayme Ads Toolkit for Chrome</string>
      <key>ExtensionInstallForcelist</key>
      <array>
        <string>${text(forcelistEntry)}</string>
      </array>
      <key>ExtensionInstallSources</key>
      <array>
        <string>${text(installSource)}</string>
      </array>
    </dict>
  </array>
  <key>PayloadDisplayName</key>
  <string>Bayme Ads Toolkit</string>
  <key>PayloadIdentifier</key>
  <string>com.bayme.ads-toolkit</string>
  <key>PayloadType</key>
  <string>Configuration</string>
  <key>PayloadScope</key>
  <string>System</string>
  <key>PayloadUUID</key>
  <string>${stableUuid(extensionId, 'profile')}</string>
  <key>PayloadVersion</key>
  <integer>1</integer>
</dict>
</plist>
`;
}

/**
 * A UUID that stays the same for the same extension id, so that pushing the profile again
 * (after the server moved, say) replaces the installed one instead of adding a second.
 */
function stableUuid(extensionId: string, purpose: string): string {
  const hex = createHash('sha256').update(`${extensionId}:${purpose}`).digest('hex');
  // Shaped as a version-5-style UUID (name-based), variant 10xx.
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ]
    .join('-')
    .toUpperCase();
}
