/**
 * The update manifest Chrome's extension updater reads (Google's "gupdate" XML): for the
 * extension's id, the version on offer and where its CRX is. `hash_sha256` lets Chrome
 * reject a CRX that is not the one announced (say, replaced by a rebuild in between).
 */
export interface UpdateOffer {
  extensionId: string;
  version: string;
  /** The CRX's absolute URL. */
  codebase: string;
  /** SHA-256 of the CRX, lowercase hex. */
  sha256: string;
}

export function updateManifestXml(offer: UpdateOffer): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<gupdate xmlns="http://www.google.com/update2/response" protocol="2.0">
  <app appid="${xmlAttribute(offer.extensionId)}">
    <updatecheck codebase="${xmlAttribute(offer.codebase)}" version="${xmlAttribute(offer.version)}" hash_sha256="${xmlAttribute(offer.sha256)}" />
  </app>
</gupdate>
`;
}

function xmlAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
