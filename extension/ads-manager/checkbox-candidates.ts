/**
 * The elements of a table that may be row checkboxes, kept between reads. A read of a
 * scrolling table used to query the whole table for them on every frame (a walk of every
 * element of every rendered row) although only the few rows entering the view bring new
 * ones. A mutation observer on the table says what came and went: new elements are queried
 * alone, removed ones dropped; another table or selector makes the list again. The document
 * itself is never observed (every change of the page would cost it a record): it is queried
 * afresh each time, which also starts the list afresh, at least once a second (table-scan.ts).
 *
 * Attributes are not watched: React sets an input's `type` again on every render, a record
 * per checkbox per frame of a scroll. An element that becomes a checkbox by an attribute
 * alone is found by the next whole-page read.
 */

const WATCHED = { childList: true, subtree: true };

export class CheckboxCandidates {
  private scope: ParentNode | null = null;
  private selector = '';
  private list: Element[] | null = null;
  private readonly added: Element[] = [];
  private removed = false;
  private readonly observer =
    typeof MutationObserver === 'function'
      ? new MutationObserver((records) => this.note(records))
      : null;

  /** The elements in `scope` matching `selector` (a valid one), in no particular order. */
  in(scope: ParentNode, selector: string): Element[] {
    if (!(scope instanceof Element) || !this.observer) {
      this.forget();
      return [...scope.querySelectorAll(selector)];
    }
    if (scope !== this.scope || selector !== this.selector) {
      this.forget();
      this.scope = scope;
      this.selector = selector;
      this.observer.observe(scope, WATCHED);
    } else {
      this.note(this.observer.takeRecords());
    }
    if (!this.list) {
      this.list = [...scope.querySelectorAll(selector)];
    } else if (this.removed || this.added.length > 0) {
      // A removed candidate left the page. (One moved elsewhere in the page stays listed until
      // the next whole-page read; the column it would spoil is the largest one's only by luck.)
      const kept = new Set(
        this.removed ? this.list.filter((element) => element.isConnected) : this.list,
      );
      for (const element of this.added) {
        // Added inside the table (the observer's records say so), unless taken out since.
        if (!element.isConnected) continue;
        if (element.matches(selector)) kept.add(element);
        for (const inner of element.querySelectorAll(selector)) kept.add(inner);
      }
      this.list = [...kept];
    }
    this.added.length = 0;
    this.removed = false;
    return this.list;
  }

  private note(records: readonly MutationRecord[]): void {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element) this.added.push(node);
      }
      if (record.removedNodes.length > 0) this.removed = true;
    }
  }

  private forget(): void {
    this.observer?.disconnect();
    this.scope = null;
    this.list = null;
    this.added.length = 0;
    this.removed = false;
  }
}
