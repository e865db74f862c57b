import { describe, expect, it } from 'vitest';
import { chunk } from './limits';

describe('chunk', () => {
  it('splits into chunks of the size, the last one shorter', () => {
    const ids = Array.from({ length: 45 }, (_, i) => String(i));
    const chunks = chunk(ids, 20);
    expect(chunks.map((c) => c.length)).toEqual([20, 20, 5]);
    expect(chunks.flat()).toEqual(ids);
  });

  it('returns no chunks for no items', () => {
    expect(chunk([], 100)).toEqual([]);
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => chunk(['1'], 0)).toThrow(RangeError);
    expect(() => chunk(['1'], 2.5)).toThrow(RangeError);
  });
});
