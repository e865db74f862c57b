import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extensionIdOfManifestKey } from './extension-id';
import {
  createSigningKey,
  readSigningKey,
  readSigningKeyIfPresent,
  SIGNING_KEY_FILE_NAME,
  SigningKeyError,
  signingKeyFileFor,
} from './signing-key';

const dir = mkdtempSync(join(tmpdir(), 'signing-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeKey(name: string, pem: string | Buffer, mode = 0o600): string {
  const file = join(dir, name);
  writeFileSync(file, pem, { mode });
  return file;
}

describe('the extension signing key', () => {
  it('is the named file, else the data directory’s', () => {
    expect(signingKeyFileFor('/secrets/bayme.pem', '/var/lib/bayme')).toBe('/secrets/bayme.pem');
    expect(signingKeyFileFor(undefined, '/var/lib/bayme')).toBe(
      `/var/lib/bayme/${SIGNING_KEY_FILE_NAME}`,
    );
  });

  it('is created private to its owner, in a new folder, and read back the same', () => {
    const file = join(dir, 'data', SIGNING_KEY_FILE_NAME);
    const created = createSigningKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readSigningKey(file)).toEqual(created);
    expect(extensionIdOfManifestKey(created.manifestKey)).toBe(created.extensionId);
    // The manifest key is the public half of the file's private key.
    const publicDer = createPublicKey(readFileSync(file)).export({ type: 'spki', format: 'der' });
    expect(created.manifestKey).toBe(publicDer.toString('base64'));
  });

  it('is never replaced by a new one', () => {
    const file = join(dir, 'data', SIGNING_KEY_FILE_NAME);
    const before = readFileSync(file, 'utf8');
    expect(() => createSigningKey(file)).toThrow(/EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('accepts an RSA key in PKCS#1 form too', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = writeKey('pkcs1.pem', privateKey.export({ type: 'pkcs1', format: 'pem' }));
    expect(readSigningKey(file).extensionId).toMatch(/^[a-p]{32}$/);
  });

  it('is absent without a file, and refuses what cannot sign a CRX', () => {
    expect(readSigningKeyIfPresent(join(dir, 'none.pem'))).toBeNull();
    const refusal = (file: string) => {
      try {
        readSigningKey(file);
      } catch (error) {
        expect(error).toBeInstanceOf(SigningKeyError);
        return (error as Error).message;
      }
      throw new Error(`${file} was accepted`);
    };
    expect(refusal(join(dir, 'none.pem'))).toContain('does not exist');
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(
      refusal(writeKey('public.pem', publicKey.export({ type: 'spki', format: 'pem' }))),
    ).toContain('is not a private key in PEM form');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(refusal(writeKey('ec.pem', ec.export({ type: 'pkcs8', format: 'pem' })))).toContain(
      'must be an RSA key of at least 2048 bits',
    );
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(
      refusal(writeKey('small.pem', small.export({ type: 'pkcs8', format: 'pem' }))),
    ).toContain('must be an RSA key of at least 2048 bits');
    const shared = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const file = writeKey('shared.pem', shared.export({ type: 'pkcs8', format: 'pem' }), 0o640);
    expect(refusal(file)).toBe(
      `The extension signing key ${file} is readable by other users (mode 640); run: chmod 600 ${file}`,
    );
  });
});
