/** An element's box on screen (viewport coordinates), as the table reads use it. */
export interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function rectOf(element: Element): Rect {
  const r = element.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
}

export function shift(rect: Rect, down: number, right: number): Rect {
  return {
    top: rect.top + down,
    bottom: rect.bottom + down,
    left: rect.left + right,
    right: rect.right + right,
  };
}

/** The same box to the last fraction of a pixel. */
export function sameRect(a: Rect, b: Rect): boolean {
  return a.top === b.top && a.bottom === b.bottom && a.left === b.left && a.right === b.right;
}
