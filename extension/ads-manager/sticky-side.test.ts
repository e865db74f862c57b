import { describe, expect, it } from 'vitest';
import { stickySide } from './sticky-side';

function sideOf(insets: Partial<Record<'top' | 'bottom' | 'left' | 'right', string>>) {
  const element = document.createElement('div');
  element.style.position = 'sticky';
  Object.assign(element.style, insets);
  document.body.append(element);
  try {
    return stickySide(getComputedStyle(element));
  } finally {
    element.remove();
  }
}

describe('stickySide', () => {
  it.each([
    [{ left: '0px' }, 'side'],
    [{ right: '12px' }, 'side'],
    [{ top: '0px' }, 'top'],
    [{ bottom: '0px' }, 'top'],
    [{ top: '0px', left: '0px' }, 'top'],
    [{}, 'top'],
  ] as const)('takes a sticky element with %o for one that sticks to the %s', (insets, side) => {
    expect(sideOf(insets)).toBe(side);
  });
});
