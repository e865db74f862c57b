import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_MANIFEST_KEY } from '../contract/extension-identity';
import {
  DEVELOPMENT_EXTENSION_ID,
  EXTENSION_ID_PATTERN,
  extensionIdOf,
  extensionIdOfManifestKey,
} from './extension-id';

describe('extension ids', () => {
  it('spells the first 16 bytes of the SHA-256 with a–p for 0–f', () => {
    // SHA-256 of nothing begins e3b0c44298fc1c149afbf4c8996fb924.
    expect(extensionIdOf(new Uint8Array())).toBe('odlameecjipmbmbejkplpemijjgpljce');
  });

  it('gives the development key the id Chromium gives the development build', () => {
    // The id Chromium showed for the unpacked development build (test/e2e/popup-authorize).
    expect(extensionIdOfManifestKey(DEVELOPMENT_MANIFEST_KEY)).toBe(
      'klmjmhgimlmfpcchlhhdnkjjnmmilgle',
    );
    expect(DEVELOPMENT_EXTENSION_ID).toBe('klmjmhgimlmfpcchlhhdnkjjnmmilgle');
  });

  it('derives a different, well-formed id from each key, the same from the key in either form', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const der = publicKey.export({ type: 'spki', format: 'der' });
      const id = extensionIdOf(der);
      expect(id).toMatch(EXTENSION_ID_PATTERN);
      expect(extensionIdOfManifestKey(der.toString('base64'))).toBe(id);
      ids.add(id);
    }
    expect(ids.size).toBe(3);
  });
});
