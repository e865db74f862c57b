import { describe, expect, it } from 'vitest';
import { isNotModified, releaseFileOf } from './release-file';

describe('release files', () => {
  it('carry their SHA-256 and an ETag made of it', () => {
    const file = releaseFileOf(Buffer.from('abc'));
    expect(file.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(file.etag).toBe(`"${file.sha256}"`);
  });

  it.each([
    [undefined, false],
    ['"other"', false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['*', true],
  ])('If-None-Match %s → not modified: %s', (header, expected) => {
    expect(isNotModified(header, '"abc"')).toBe(expected);
  });
});
