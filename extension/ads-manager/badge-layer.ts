import { placeBadge } from './badge-placement';
import type { Reading } from './row-reader';

/**
 * Moves the badges to their rows without React: on every frame in which rows move, each
 * badge element gets a new transform (or is hidden), which costs the page no layout of its
 * own. React only adds and removes badges when the set of rows changes.
 */
export class BadgeLayer {
  private readonly elements = new Map<string, HTMLElement>();
  private readonly widths = new WeakMap<
    HTMLElement,
    { content: string; width: number; height: number }
  >();
  private last: Reading | null = null;

  /** A React ref callback per badge: registers the element, and places it at once. */
  register(id: string, element: HTMLElement | null): void {
    if (element) {
      this.elements.set(id, element);
      if (this.last) this.place(this.last);
    } else {
      this.elements.delete(id);
    }
  }

  place(reading: Reading): void {
    this.last = reading;
    const viewport = reading.viewport;
    const placed = new Set<string>();
    for (const row of reading.rows) {
      if (row.verdict.kind !== 'identified') continue;
      const element = this.elements.get(row.verdict.id);
      if (!element || placed.has(row.verdict.id)) continue;
      placed.add(row.verdict.id);
      const size = this.measure(element);
      const placement = viewport ? placeBadge(row, size, viewport) : null;
      if (!placement) {
        element.style.visibility = 'hidden';
        continue;
      }
      element.dataset.mode = placement.mode;
      element.style.transform = `translate(${Math.round(placement.left)}px, ${Math.round(placement.top)}px)`;
      element.style.visibility = 'visible';
    }
    // A badge whose row is no longer read (scrolled away, re-rendered) waits hidden.
    for (const [id, element] of this.elements) {
      if (!placed.has(id)) element.style.visibility = 'hidden';
    }
  }

  /** The full badge's size, measured once per content (reading it forces our own layout). */
  private measure(element: HTMLElement): { width: number; height: number } {
    const content = element.textContent ?? '';
    const known = this.widths.get(element);
    if (known && known.content === content) return known;
    const mode = element.dataset.mode;
    element.dataset.mode = 'full';
    const size = { content, width: element.offsetWidth, height: element.offsetHeight };
    if (mode) element.dataset.mode = mode;
    this.widths.set(element, size);
    return size;
  }
}
