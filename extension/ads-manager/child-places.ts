import { type Rect, rectOf, shift } from './element-geometry';

/**
 * Where each child of the table body sits relative to the body, kept between reads. A table
 * that scrolls moves its body, not each cell, so a cell the page did not touch is where it was
 * relative to the body: reading every cell's box (or even its style and class) on every frame
 * was most of a read's cost. A mutation observer on the body says which children the page
 * touched (their style or class, or their being put in again) and in which it changed
 * anything inside (text, elements, an inner style or class: the child's content version);
 * its records are taken at the start of each read, so none arrives late. Each read still
 * checks the kept places against the boxes it reads anyway (each row's branch): the slightest
 * mismatch, another body or another body size drops everything kept.
 */

const WATCHED = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['style', 'class'],
};

/** A child of the body by its place relative to the body, and its place among the children. */
interface Entry {
  element: Element;
  /** Relative to the body's top left corner. */
  place: Rect;
  middle: number;
  /** Orders the children as the page does (not consecutive: see ChildPlaces.orderFor). */
  order: number;
}

export interface PlacedChild {
  element: Element;
  /** Where it is on screen now. */
  rect: Rect;
}

export class ChildPlaces {
  private body: Element | null = null;
  private bodySize = '';
  private offsets = new WeakMap<Element, Rect>();
  /** Elements inside the children, each relative to its child (see descendantPlace). */
  private descendants = new WeakMap<Element, { child: Element; offset: Rect; content: number }>();
  /**
   * The stamp of the last change inside each child (see contentOf). Stamps are never reused:
   * a child untouched since the body was first followed has the stamp taken then, so nothing
   * worked out under an earlier observation is taken for current.
   */
  private contents = new WeakMap<Element, number>();
  private stamp = 0;
  private untouched = 0;
  /** Bumped by every change the observer reports in the body, and whenever places are dropped. */
  private changes = 0;
  private bodyRect: Rect = { top: 0, bottom: 0, left: 0, right: 0 };
  /**
   * The children sorted by their middle, kept up to date from the same records: rows are
   * found by a binary search of their band. Listing and sorting all of the body's children
   * again on every read of a scrolling table (hundreds of cells, of which a few come and go
   * per frame) was a large part of a read.
   */
  private entries: Entry[] | null = null;
  private orders = new Map<Element, number>();
  /** Children added, moved, restyled or removed since the index was last brought up to date. */
  private readonly changed = new Set<Element>();
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
      this.observer?.observe(body, WATCHED);
      return;
    }
    if (this.observer) {
      this.forget(this.observer.takeRecords());
    } else {
      // Changes cannot be followed: nothing kept is current.
      this.entries = null;
      this.changes += 1;
    }
  }

  /**
   * The body's children whose middle lies within the band (screen coordinates), in the
   * page's order, each with where it is now. Kept places are used as placeOf does.
   */
  inBand(band: Rect): PlacedChild[] {
    const entries = this.upToDate();
    const top = band.top - this.bodyRect.top;
    const bottom = band.bottom - this.bodyRect.top;
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((entries[mid] as Entry).middle < top) low = mid + 1;
      else high = mid;
    }
    const found: Entry[] = [];
    for (let i = low; i < entries.length && (entries[i] as Entry).middle <= bottom; i += 1) {
      found.push(entries[i] as Entry);
    }
    return found
      .sort((a, b) => a.order - b.order)
      .map((entry) => ({
        element: entry.element,
        rect: shift(entry.place, this.bodyRect.top, this.bodyRect.left),
      }));
  }

  /** Where a child of the body is now: kept, or read (and kept). */
  placeOf(child: Element): Rect {
    const kept = this.offsets.get(child);
    if (kept && this.observer) return shift(kept, this.bodyRect.top, this.bodyRect.left);
    const rect = rectOf(child);
    this.offsets.set(child, shift(rect, -this.bodyRect.top, -this.bodyRect.left));
    return rect;
  }

  /**
   * Where an element inside one of the body's children is (a row's checkbox, in its cell):
   * kept relative to that child, and trusted as long as the child's own place is kept (the
   * page did not restyle, move or put back the child since). Otherwise `measure`d, and kept
   * when it lies in a child of the body this instance follows.
   */
  descendantPlace(element: Element, measure: (element: Element) => Rect | null): Rect | null {
    const kept = this.descendants.get(element);
    if (
      kept &&
      this.observer &&
      kept.child.parentElement === this.body &&
      kept.content === this.contentOf(kept.child)
    ) {
      const place = this.offsets.get(kept.child);
      if (place) {
        return shift(kept.offset, place.top + this.bodyRect.top, place.left + this.bodyRect.left);
      }
    }
    const rect = measure(element);
    const child = this.body && rect ? childOf(this.body, element) : null;
    const place = child ? this.offsets.get(child) : undefined;
    if (child && place && rect) {
      const offset = shift(rect, -place.top - this.bodyRect.top, -place.left - this.bodyRect.left);
      this.descendants.set(element, { child, offset, content: this.contentOf(child) });
    }
    return rect;
  }

  /**
   * A stamp that changes whenever the page changes anything inside a child of the body (its
   * text, its elements, an inner style or class); -1 when changes cannot be followed (no
   * observer, or not a child of the body followed). What is worked out from a child's
   * contents (where its text leaves room for a badge) is kept while this stays the same.
   */
  contentOf(child: Element): number {
    if (!this.observer || child.parentElement !== this.body || !this.body) return -1;
    return this.contents.get(child) ?? this.untouched;
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

  /**
   * The version of what is kept: the same while the page changed nothing in the body (no
   * child came, went or was restyled, nothing inside one changed) and nothing was dropped.
   */
  get version(): number {
    return this.changes;
  }

  /** Forget every kept place (the observer keeps watching the same body). */
  drop(): void {
    this.changes += 1;
    this.offsets = new WeakMap();
    this.descendants = new WeakMap();
    this.entries = null;
  }

  /** The body of the last read, while it is in the page. */
  get lastBody(): Element | null {
    return this.body?.isConnected ? this.body : null;
  }

  private reset(): void {
    this.observer?.disconnect();
    this.drop();
    this.body = null;
    this.contents = new WeakMap();
    this.stamp += 1;
    this.untouched = this.stamp;
  }

  private forget(records: readonly MutationRecord[]): void {
    const body = this.body;
    for (const record of records) {
      const target = record.target;
      // The body's own style (a scroll by transform) changes no child: its box is read anyway.
      if (target !== body || record.type !== 'attributes') this.changes += 1;
      if (record.type === 'attributes' && target.parentNode === body) {
        // A child restyled: its place is read again.
        this.offsets.delete(target as Element);
        this.changed.add(target as Element);
      } else if (record.type === 'childList' && target === body) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) continue;
          this.offsets.delete(node);
          this.changed.add(node);
        }
        for (const node of record.removedNodes) {
          if (node instanceof Element) this.changed.add(node);
        }
      } else if (body && target !== body) {
        // Something inside a child changed (the body's own style is no child's content).
        const child = childOf(body, target);
        if (child) {
          this.stamp += 1;
          this.contents.set(child, this.stamp);
        }
      }
    }
  }

  /** The index, made afresh or brought up to date with the children changed since. */
  private upToDate(): Entry[] {
    const body = this.body;
    if (!body) return [];
    if (this.entries && this.changed.size > 0 && !this.update(body)) this.entries = null;
    if (!this.entries) {
      this.orders = new Map();
      this.entries = Array.from(body.children, (element, order) => this.entryOf(element, order));
      this.entries.sort((a, b) => a.middle - b.middle);
    }
    this.changed.clear();
    return this.entries;
  }

  private entryOf(element: Element, order: number): Entry {
    const rect = this.placeOf(element);
    const place = shift(rect, -this.bodyRect.top, -this.bodyRect.left);
    this.orders.set(element, order);
    return { element, place, middle: (place.top + place.bottom) / 2, order };
  }

  /** Take out the changed children and put back those still in the body; false: make it anew. */
  private update(body: Element): boolean {
    const changed = this.changed;
    const kept = (this.entries ?? []).filter((entry) => !changed.has(entry.element));
    for (const element of changed) this.orders.delete(element);
    // In any order: each takes a number between its nearest siblings already numbered, those
    // put back before it included.
    for (const element of changed) {
      if (element.parentElement !== body) continue;
      const order = this.orderFor(element);
      if (order === null) return false;
      const entry = this.entryOf(element, order);
      let low = 0;
      let high = kept.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((kept[mid] as Entry).middle < entry.middle) low = mid + 1;
        else high = mid;
      }
      kept.splice(low, 0, entry);
    }
    this.entries = kept;
    return true;
  }

  /**
   * A number between those of the child's nearest indexed siblings: orders need not be
   * consecutive, only in the page's order. Null when the numbers between two siblings ran out
   * (many insertions at one place): the index is then made anew.
   */
  private orderFor(element: Element): number | null {
    let before: Element | null = element.previousElementSibling;
    while (before && !this.orders.has(before)) before = before.previousElementSibling;
    let after: Element | null = element.nextElementSibling;
    while (after && !this.orders.has(after)) after = after.nextElementSibling;
    const low = before ? (this.orders.get(before) as number) : null;
    const high = after ? (this.orders.get(after) as number) : null;
    if (low === null && high === null) return 0;
    if (low === null) return (high as number) - 1;
    if (high === null) return low + 1;
    const order = (low + high) / 2;
    return order > low && order < high ? order : null;
  }
}

/** The child of `body` that holds `node`; null when none does. */
function childOf(body: Element, node: Node): Element | null {
  let at: Node | null = node;
  while (at) {
    const parent: Node | null = at.parentNode;
    if (parent === body) return at instanceof Element ? at : null;
    at = parent;
  }
  return null;
}
