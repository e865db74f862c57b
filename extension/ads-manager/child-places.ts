import { type Rect, rectOf, shift } from './element-geometry';

/**
 * Where each child of the table body sits relative to the body, kept between reads. A table
 * that scrolls moves its body, not each cell, so a cell the page did not touch is where it was
 * relative to the body: reading every cell's box (or even its style and class) on every frame
 * was most of a read's cost. A mutation observer on the body's children says which ones the
 * page touched (their style or class, or their being put in again); its records are taken at
 * the start of each read, so none arrives late. Each read still checks the kept places
 * against the boxes it reads anyway (each row's branch): the slightest mismatch, another body
 * or another body size drops everything kept.
 */

const WATCHED = { attributes: true, attributeFilter: ['style', 'class'] };

export class ChildPlaces {
  private body: Element | null = null;
  private bodySize = '';
  private offsets = new WeakMap<Element, Rect>();
  private bodyRect: Rect = { top: 0, bottom: 0, left: 0, right: 0 };
  private readonly observer =
    typeof MutationObserver === 'function'
      ? new MutationObserver((records) => this.forget(records))
      : null;

  /** Start a read of `body`, now at `bodyRect`. */
  begin(body: Element, bodyRect: Rect): void {
    this.bodyRect = bodyRect;
    const size = `${bodyRect.right - bodyRect.left}x${bodyRect.bottom - bodyRect.top}`;
    if (body !== this.body || size !== this.bodySize) {
      this.reset();
      this.body = body;
      this.bodySize = size;
      this.observer?.observe(body, { childList: true });
      return;
    }
    if (this.observer) this.forget(this.observer.takeRecords());
  }

  /** Where a child of the body is now: kept, or read (and kept). */
  placeOf(child: Element): Rect {
    const kept = this.offsets.get(child);
    if (kept && this.observer) return shift(kept, this.bodyRect.top, this.bodyRect.left);
    const rect = rectOf(child);
    this.offsets.set(child, shift(rect, -this.bodyRect.top, -this.bodyRect.left));
    this.observer?.observe(child, WATCHED);
    return rect;
  }

  /** Whether a box read just now is where the kept places say; if not, they are dropped. */
  confirm(child: Element, read: Rect): boolean {
    const kept = this.offsets.get(child);
    if (!kept) return true;
    const expected = shift(kept, this.bodyRect.top, this.bodyRect.left);
    const off = Math.abs(expected.top - read.top) + Math.abs(expected.left - read.left);
    if (off <= 1 && Math.abs(expected.bottom - read.bottom) <= 1) return true;
    this.drop();
    return false;
  }

  /** Forget every kept place (the observer keeps watching the same body). */
  drop(): void {
    this.offsets = new WeakMap();
  }

  private reset(): void {
    this.observer?.disconnect();
    this.drop();
    this.body = null;
  }

  private forget(records: readonly MutationRecord[]): void {
    for (const record of records) {
      if (record.type === 'attributes') {
        this.offsets.delete(record.target as Element);
      } else {
        for (const node of record.addedNodes) {
          if (node instanceof Element) this.offsets.delete(node);
        }
      }
    }
  }
}
