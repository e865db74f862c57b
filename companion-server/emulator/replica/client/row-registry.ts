import type { RefCallback } from 'react';
import type { ColumnKey } from './columns';

/**
 * Which DOM element the app rendered for which row, kept by the app as it renders (ref
 * callbacks), never found by searching the DOM: the ground truth (truth.ts) reads it.
 */

export type Slot = ColumnKey | 'checkbox-control';

export class RowRegistry {
  private readonly rows = new Map<number, Map<Slot, HTMLElement>>();

  /** A ref for the element showing `slot` of the row at `rowIndex` in the records. */
  ref(rowIndex: number, slot: Slot): RefCallback<HTMLElement> {
    return (element) => {
      if (!element) return;
      const slots = this.rows.get(rowIndex) ?? new Map<Slot, HTMLElement>();
      slots.set(slot, element);
      this.rows.set(rowIndex, slots);
      return () => {
        const current = this.rows.get(rowIndex);
        if (current?.get(slot) !== element) return;
        current.delete(slot);
        if (current.size === 0) this.rows.delete(rowIndex);
      };
    };
  }

  entries(): IterableIterator<[number, ReadonlyMap<Slot, HTMLElement>]> {
    return this.rows.entries();
  }
}
