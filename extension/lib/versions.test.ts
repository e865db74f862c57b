import { describe, expect, it } from 'vitest';
import { isNewerVersion } from './versions';

describe('isNewerVersion', () => {
  it.each([
    ['0.2.0', '0.1.0', true],
    ['1.10.0', '1.9.3', true],
    ['1.0.1', '1.0', true],
    ['0.1.0', '0.1.0', false],
    ['0.1.0', '0.2.0', false],
    ['1.0', '1.0.0', false],
  ])('%s newer than %s: %s', (available, installed, expected) => {
    expect(isNewerVersion(available, installed)).toBe(expected);
  });
});
