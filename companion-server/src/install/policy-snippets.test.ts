import { describe, expect, it } from 'vitest';
import { policySnippets } from './policy-snippets';

const ID = 'klmjmhgimlmfpcchlhhdnkjjnmmilgle';
const SERVER = 'https://ads-tools.bayme.internal';

describe('policy snippets', () => {
  const snippets = policySnippets(ID, SERVER);

  it('name the extension and its update manifest, and the install page as a source', () => {
    expect(snippets.forcelistEntry).toBe(`${ID};${SERVER}/install/updates.xml`);
    expect(snippets.installSource).toBe(`${SERVER}/install/*`);
  });

  it('give Linux a JSON policy file with both policies', () => {
    expect(JSON.parse(snippets.linuxJson)).toEqual({
      ExtensionInstallForcelist: [`${ID};${SERVER}/install/updates.xml`],
      ExtensionInstallSources: [`${SERVER}/install/*`],
    });
  });

  it('give Windows a .reg file under HKLM’s Chrome policies', () => {
    expect(snippets.windowsRegistry.split('\r\n')).toEqual([
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\ExtensionInstallForcelist]',
      `"1"="${ID};${SERVER}/install/updates.xml"`,
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome\\ExtensionInstallSources]',
      `"1"="${SERVER}/install/*"`,
      '',
    ]);
  });

  it('give macOS a configuration profile for com.google.Chrome', () => {
    const profile = snippets.macProfile;
    expect(profile).toContain('<string>com.google.Chrome</string>');
    expect(profile).toContain(
      `<key>ExtensionInstallForcelist</key>\n      <array>\n        <string>${ID};${SERVER}/install/updates.xml</string>`,
    );
    expect(profile).toContain(
      `<key>ExtensionInstallSources</key>\n      <array>\n        <string>${SERVER}/install/*</string>`,
    );
    const uuids = [...profile.matchAll(/<string>([0-9A-F-]{36})<\/string>/g)].map((m) => m[1]);
    expect(uuids).toHaveLength(2);
    for (const uuid of uuids) {
      expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    }
    expect(new Set(uuids).size).toBe(2);
    // The same extension gets the same profile (pushing it again replaces it)…
    expect(policySnippets(ID, SERVER).macProfile).toBe(profile);
    // …and another extension another one.
    expect(policySnippets('abcdefghijklmnopabcdefghijklmnop', SERVER).macProfile).not.toContain(
      uuids[0],
    );
  });
});
