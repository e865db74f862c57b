import { placeBadge } from './badge-placement';
import type { Reading } from './row-reader';

/**
 * Moves the badges to their rows without React: on every frame in which rows move, each
 * badge element gets a new transform (or is hidden), which costs the page no layout of its
 * own. React only adds and removes badges when the set of rows changes.
 */
/** Padding (6 px each side) and border (1 px each side) of a badge, and a pixel to spare. */
const BADGE_CHROME_PX = 15;
/** 16 px line, 2 px padding above and below, 1 px borders. */
const BADGE_HEIGHT_PX = 22;

export class BadgeLayer {
  private readonly elements = new Map<string, HTMLElement>();
  private readonly widths = new WeakMap<
    HTMLElement,
    { content: string; width: number; height: number }
  >();
  /** What each badge was last given, so that a frame writes only what changed. */
  private readonly written = new WeakMap<HTMLElement, string>();

  /**
   * A React ref callback per badge (called on every render of the overlay, after React put
   * the badge's text in): registers the element and measures it if its text changed. The
   * overlay places all badges once React has committed (place()).
   */
  register(id: string, element: HTMLElement | null): void {
    if (element) {
      this.elements.set(id, element);
      this.measure(element);
    } else {
      this.elements.delete(id);
    }
  }

  place(reading: Reading): void {
    const viewport = reading.viewport;
    const placed = new Set<string>();
    for (const row of reading.rows) {
      if (row.verdict.kind !== 'identified') continue;
      const element = this.elements.get(row.verdict.id);
      if (!element || placed.has(row.verdict.id)) continue;
      placed.add(row.verdict.id);
      const size = this.widths.get(element) ?? this.measure(element);
      const placement = viewport ? placeBadge(row, size, viewport) : null;
      if (!placement) {
        this.hide(element);
        continue;
      }
      const transform = `translate(${Math.round(placement.left)}px, ${Math.round(placement.top)}px)`;
      if (this.written.get(element) === `${placement.mode} ${transform}`) continue;
      this.written.set(element, `${placement.mode} ${transform}`);
      element.dataset.mode = placement.mode;
      element.style.transform = transform;
      element.style.visibility = 'visible';
    }
    // A badge whose row is no longer read (scrolled away, re-rendered) waits hidden.
    for (const [id, element] of this.elements) {
      if (!placed.has(id)) this.hide(element);
    }
  }

  private hide(element: HTMLElement): void {
    if (this.written.get(element) === 'hidden') return;
    this.written.set(element, 'hidden');
    element.style.visibility = 'hidden';
  }

  /**
   * The full badge's size, worked out from its text with a canvas, once per content: reading
   * the element's own size would force the page to lay itself out mid-frame, on every frame
   * in which a row scrolls into view. The text is measured in the badge's bold weight
   * throughout, so the estimate errs wide (a badge then needs a little more free space).
   */
  private measure(element: HTMLElement): { width: number; height: number } {
    const content = element.textContent ?? '';
    const known = this.widths.get(element);
    if (known && known.content === content) return known;
    const context = this.textContext(element);
    const size = context
      ? {
          content,
          width: Math.ceil(context.measureText(content).width) + BADGE_CHROME_PX,
          height: BADGE_HEIGHT_PX,
        }
      : { content, width: element.offsetWidth, height: element.offsetHeight };
    this.widths.set(element, size);
    return size;
  }

  private context: CanvasRenderingContext2D | null | undefined;

  private textContext(element: HTMLElement): CanvasRenderingContext2D | null {
    if (this.context !== undefined) return this.context;
    const context = document.createElement('canvas').getContext('2d');
    if (context) {
      const style = getComputedStyle(element);
      context.font = `600 ${style.fontSize || '11px'} ${style.fontFamily || 'sans-serif'}`;
    }
    this.context = context;
    return context;
  }
}
