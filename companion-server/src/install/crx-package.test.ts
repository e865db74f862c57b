import { createHash, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packCrx, writeChecksumFile } from './crx-package';
import { readSigningKey, type SigningKey } from './signing-key';

/**
 * The CRX is checked the way Chrome checks it (components/crx_file/crx_verifier.cc):
 * "Cr24", format 3, a CrxFileHeader whose signed data names the id of the key that signed
 * "CRX3 SignedData\0" + size + signed data + the archive, then the archive itself.
 */

/** The length-delimited fields of a protobuf message (all CRX3 header fields are). */
function fieldsOf(message: Buffer): Array<{ field: number; bytes: Buffer }> {
  const fields: Array<{ field: number; bytes: Buffer }> = [];
  let at = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = message[at++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
    }
  };
  while (at < message.length) {
    const tag = varint();
    expect(tag & 7, 'wire type').toBe(2);
    const length = varint();
    fields.push({ field: Math.floor(tag / 8), bytes: message.subarray(at, at + length) });
    at += length;
  }
  return fields;
}

function readCrx(crx: Buffer) {
  expect(crx.subarray(0, 4).toString('latin1')).toBe('Cr24');
  expect(crx.readUInt32LE(4)).toBe(3);
  const headerSize = crx.readUInt32LE(8);
  const header = fieldsOf(crx.subarray(12, 12 + headerSize));
  const proofs = header.filter((f) => f.field === 2).map((f) => fieldsOf(f.bytes));
  const signedData = header.find((f) => f.field === 10000)?.bytes ?? Buffer.alloc(0);
  const crxId = fieldsOf(signedData).find((f) => f.field === 1)?.bytes ?? Buffer.alloc(0);
  return { proofs, signedData, crxId, archive: crx.subarray(12 + headerSize) };
}

describe('packing the CRX', () => {
  let dir: string;
  let key: SigningKey;
  let zip: Buffer;
  let crx: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crx-package-'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    key = readSigningKey(keyFile);
    zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(70_000)]);
    writeFileSync(join(dir, 'build.zip'), zip);
    await packCrx({ zipPath: join(dir, 'build.zip'), crxPath: join(dir, 'build.crx'), key });
    crx = readFileSync(join(dir, 'build.crx'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the zip, byte for byte, behind the header', () => {
    expect(readCrx(crx).archive.equals(zip)).toBe(true);
  });

  it('is signed with the key, for the id derived from it', () => {
    const { proofs, signedData, crxId, archive } = readCrx(crx);
    expect(proofs).toHaveLength(1);
    const publicKey = proofs[0]?.find((f) => f.field === 1)?.bytes ?? Buffer.alloc(0);
    const signature = proofs[0]?.find((f) => f.field === 2)?.bytes ?? Buffer.alloc(0);
    expect(publicKey.toString('base64')).toBe(key.manifestKey);
    // The id in the header, spelled Chrome's way, is the one the manifest key gives.
    const spelled = [...crxId.toString('hex')]
      .map((digit) => 'abcdefghijklmnop'.charAt(Number.parseInt(digit, 16)))
      .join('');
    expect(spelled).toBe(key.extensionId);
    expect(crxId.equals(createHash('sha256').update(publicKey).digest().subarray(0, 16))).toBe(
      true,
    );
    const size = Buffer.alloc(4);
    size.writeUInt32LE(signedData.length);
    const signedBytes = Buffer.concat([
      Buffer.from('CRX3 SignedData\x00', 'latin1'),
      size,
      signedData,
      archive,
    ]);
    const publicKeyObject = { key: publicKey, format: 'der', type: 'spki' } as const;
    expect(verify('sha256', signedBytes, publicKeyObject, signature)).toBe(true);
    // …and the signature covers the archive: one changed byte breaks it.
    const last = signedBytes.length - 1;
    signedBytes.writeUInt8(signedBytes.readUInt8(last) ^ 1, last);
    expect(verify('sha256', signedBytes, publicKeyObject, signature)).toBe(false);
  });

  it('writes a checksum file sha256sum can check', async () => {
    const sha256 = await writeChecksumFile(join(dir, 'build.crx'));
    expect(sha256).toBe(createHash('sha256').update(crx).digest('hex'));
    expect(readFileSync(join(dir, 'build.crx.sha256'), 'utf8')).toBe(`${sha256}  build.crx\n`);
  });
});
