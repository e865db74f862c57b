import { describe, expect, it } from 'vitest';
import { compareVersions } from './extension-version-check';

describe('compareVersions', () => {
  it.each([
    ['1.2.9', '1.3.0', -1],
    ['1.10.0', '1.9.3', 1],
    ['1.3', '1.3.0', 0],
    ['1.3.0.1', '1.3', 1],
    ['0.1.0', '0.1.0.1', -1],
  ])('%s against %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
