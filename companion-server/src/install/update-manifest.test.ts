import { describe, expect, it } from 'vitest';
import { updateManifestXml } from './update-manifest';

describe('the update manifest', () => {
  it('offers the version at the CRX URL for the extension id, with its hash', () => {
    expect(
      updateManifestXml({
        extensionId: 'klmjmhgimlmfpcchlhhdnkjjnmmilgle',
        version: '0.2.0.7',
        codebase: 'https://ads-tools.bayme.internal/install/extension.crx',
        sha256: 'ab'.repeat(32),
      }),
    ).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">
  <app appid="klmjmhgimlmfpcchlhhdnkjjnmmilgle">
    <updatecheck codebase="https://ads-tools.bayme.internal/install/extension.crx" version="0.2.0.7" hash_sha256="${'ab'.repeat(32)}" />
  </app>
</gupdate>
`);
  });

  it('escapes what it is given', () => {
    const xml = updateManifestXml({
      extensionId: 'klmjmhgimlmfpcchlhhdnkjjnmmilgle',
      version: '1"/><x a="',
      codebase: "https://host/install/extension.crx?a=1&b='2'",
      sha256: '00',
    });
    expect(xml).toContain('codebase="https://host/install/extension.crx?a=1&amp;b=&apos;2&apos;"');
    expect(xml).toContain('version="1&quot;/&gt;&lt;x a=&quot;"');
    expect(xml).not.toContain('<x');
  });
});
