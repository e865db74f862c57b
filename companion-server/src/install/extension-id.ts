import { createHash } from 'node:crypto';
import { DEVELOPMENT_MANIFEST_KEY } from '../contract/extension-identity';

/**
 * Chrome's extension id for a public key: the SHA-256 of the key (DER SubjectPublicKeyInfo,
 * the bytes a manifest's `key` holds in base64), its first 16 bytes written as 32 hex
 * digits with 0–f spelled a–p. The same id is in a CRX's header and in the
 * `chrome-extension://<id>` origin the server allows.
 */
export function extensionIdOf(publicKeyDer: Uint8Array): string {
  const hex = createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

/** The id of a build whose manifest carries this `key` (base64 DER). */
export function extensionIdOfManifestKey(manifestKey: string): string {
  return extensionIdOf(Buffer.from(manifestKey, 'base64'));
}

/** A Chrome extension id: 32 letters a–p. */
export const EXTENSION_ID_PATTERN = /^[a-p]{32}$/;

/** The id of builds made without Bayme's signing key (see DEVELOPMENT_MANIFEST_KEY). */
export const DEVELOPMENT_EXTENSION_ID = extensionIdOfManifestKey(DEVELOPMENT_MANIFEST_KEY);
