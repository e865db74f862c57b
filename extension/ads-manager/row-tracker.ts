import { queryFirst } from './selectors';

/**
 * Follows the table's rows as they move. Ads Manager scrolls its table with a CSS
 * transform (no scroll events), re-renders it at will, and recycles cells, so positions
 * are re-read on animation frames; but only while something changes: after a few still
 * frames the loop stops, and wheel, scroll, pointer, resize or a DOM mutation wakes it.
 * A ticked checkbox changes no attribute, only its `checked` property: its `change` event
 * asks for a re-read so the bulk-edit selection follows the ticks.
 */

const IDLE_AFTER_STILL_FRAMES = 12;
const SAMPLE_LIMIT = 600;

export interface FrameStats {
  /** Frames in which the rows were re-read. */
  scans: number;
  /** Milliseconds spent per such frame (scan + the callback), most recent last. */
  samples: number[];
}

export class RowTracker {
  private running = false;
  private dirty = true;
  private stillFrames = 0;
  private lastSignature = '';
  private observer: MutationObserver | null = null;
  /** The table element last seen: a new one (first render, remount) is always a change. */
  private table: Element | null = null;
  private readonly stats: FrameStats = { scans: 0, samples: [] };
  private readonly wake = () => this.schedule();
  private readonly markDirty = () => {
    this.dirty = true;
    this.schedule();
  };

  constructor(private readonly onFrame: () => void) {}

  start(): void {
    for (const type of ['wheel', 'pointermove', 'pointerdown', 'keydown']) {
      window.addEventListener(type, this.wake, { capture: true, passive: true });
    }
    window.addEventListener('scroll', this.wake, { capture: true, passive: true });
    window.addEventListener('resize', this.markDirty, { passive: true });
    window.addEventListener('change', this.markDirty, { capture: true, passive: true });
    this.table = queryFirst(document, 'virtualTable');
    // Only note that something changed; the work happens on the next frame. Mutations
    // elsewhere on the page (spinners, tooltips) do not count once the table is found,
    // but the table's own arrival does: it is inserted into a parent outside itself.
    this.observer = new MutationObserver((records) => {
      const table = queryFirst(document, 'virtualTable');
      const arrived = table !== this.table;
      this.table = table;
      if (arrived || !table || records.some((record) => table.contains(record.target))) {
        this.markDirty();
      }
    });
    this.observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['style', 'class'],
    });
    this.markDirty();
  }

  stop(): void {
    for (const type of ['wheel', 'pointermove', 'pointerdown', 'keydown']) {
      window.removeEventListener(type, this.wake, { capture: true });
    }
    window.removeEventListener('scroll', this.wake, { capture: true });
    window.removeEventListener('resize', this.markDirty);
    window.removeEventListener('change', this.markDirty, { capture: true });
    this.observer?.disconnect();
    this.observer = null;
    this.running = false;
  }

  /** Re-read on the next frame even if nothing seems to have moved (e.g. new data). */
  refresh(): void {
    this.markDirty();
  }

  get frameStats(): FrameStats {
    return this.stats;
  }

  private schedule(): void {
    this.stillFrames = 0;
    if (this.running) return;
    this.running = true;
    requestAnimationFrame(() => this.frame());
  }

  /** Where the table is and how far it is scrolled, in one cheap string. */
  private signature(): string {
    const table = queryFirst(document, 'virtualTable');
    if (!table) return 'no-table';
    const rect = table.getBoundingClientRect();
    const layer = queryFirst(table, 'scrollLayer');
    const transform = layer instanceof HTMLElement ? layer.style.transform : '';
    return `${Math.round(rect.top)}:${Math.round(rect.left)}:${Math.round(rect.width)}:${Math.round(rect.height)}:${transform}`;
  }

  private frame(): void {
    if (!this.running) return;
    const started = performance.now();
    const signature = this.signature();
    if (this.dirty || signature !== this.lastSignature) {
      this.dirty = false;
      this.lastSignature = signature;
      this.stillFrames = 0;
      this.onFrame();
      this.stats.scans += 1;
      this.stats.samples.push(performance.now() - started);
      if (this.stats.samples.length > SAMPLE_LIMIT) this.stats.samples.shift();
    } else {
      this.stillFrames += 1;
    }
    if (this.stillFrames >= IDLE_AFTER_STILL_FRAMES) {
      this.running = false;
      return;
    }
    requestAnimationFrame(() => this.frame());
  }
}
