import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXTENSION_ID, EXTENSION_MANIFEST_KEY } from './extension-identity';

describe('extension identity', () => {
  it('is the id Chrome derives from the manifest key', () => {
    // Chrome: SHA-256 of the DER public key, first 16 bytes, hex digits 0–f written as a–p.
    const hex = createHash('sha256')
      .update(Buffer.from(EXTENSION_MANIFEST_KEY, 'base64'))
      .digest('hex');
    const derived = [...hex.slice(0, 32)]
      .map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16)))
      .join('');
    expect(derived).toBe(EXTENSION_ID);
  });
});
