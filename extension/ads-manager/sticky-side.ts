/**
 * Which way an element with `position: sticky` sticks, from its computed insets: to a side
 * (a column frozen while the table scrolls sideways: a left or right inset and neither a top
 * nor a bottom one) or to the top or bottom (a header kept in view; also an element with no
 * inset at all, which sticks nowhere and is taken as the page's author most likely meant).
 * The table finder takes only the second for a header; a layout sample records which it was.
 */

const NO_INSET = new Set(['', 'auto']);

export type StickySide = 'top' | 'side';

export function stickySide(style: CSSStyleDeclaration): StickySide {
  const sideways = !NO_INSET.has(style.left) || !NO_INSET.has(style.right);
  return sideways && NO_INSET.has(style.top) && NO_INSET.has(style.bottom) ? 'side' : 'top';
}
