import { type BadgeContent, badgeRuns, writeBadgeContent } from './badge-content';
import { type Placement, placeBadge, roomFor } from './badge-placement';
import { needBadgeRoom } from './bridge';
import type { Rect } from './bridge-protocol';
import { cancelIdle, onIdle } from './idle-callback';
import { NO_READING, type Reading, type RowOnPage } from './row-reader';

/**
 * The badges, kept without React. While a list scrolls, rows enter the view on nearly every
 * frame; rendering the overlay for each of them cost more than reading the table. So the
 * layer works out what each entity's badge says (its content and width) ahead of time, while
 * the page is idle, and places each badge relative to the table body (the reading's origin),
 * moving the container with the body. A table that scrolls moves its body, not its rows, so
 * on most frames one transform moves every badge, and only the badges of rows entering or
 * leaving the view are written.
 *
 * The badge elements are a small pool, about as many as rows show at once: the element of
 * a row leaving the view is given to the row entering it, and only its texts and its place
 * are written. Nothing is put into the page or taken out while a list scrolls. A new element
 * must be styled in full (an element taken out loses its style), and doing that for the two
 * badges entering the view in each frame of a scroll cost about 0.2 ms a frame
 * (bench:overlays); a text written into an element already styled costs no style at all.
 * Elements not in use are hidden (and carry no entity), and only a few are kept.
 */

/** Padding (6 px each side) and border (1 px each side) of a badge, and a pixel to spare. */
const BADGE_CHROME_PX = 15;
/** 16 px line, 2 px padding above and below, 1 px borders. */
const BADGE_HEIGHT_PX = 22;
/**
 * Badges worked out (content and width) for rows out of view, up to this many: those of rows
 * scrolled away, for when they come back, and those worked out ahead of time while the page
 * is idle (`prepare`).
 */
const KEPT_BADGES = 2_500;
/** Badges worked out ahead of time per idle slice: a few milliseconds of work. */
const PREPARED_PER_SLICE = 40;
/** Elements kept hidden for rows to come, beyond those showing. */
const SPARE_ELEMENTS = 8;
/**
 * The badge's look is plain CSS in overlay.css, not Tailwind utilities: those need 127 custom
 * properties declared on every element of a shadow root (shadow-root-properties.css), and
 * while a list scrolls dozens of badges are styled per frame.
 */
const BADGE_CLASS = 'bayme-badge';

export type BadgeContentOf = (id: string) => BadgeContent;

/** What a badge's width depends on: its texts and which of them are bold. */
function measured(content: BadgeContent): string {
  return badgeRuns(content)
    .map((run) => `${run.tone === 'lead' ? '*' : ' '}${run.text}`)
    .join('\n');
}

/** What an entity's badge says, worked out once per content version. */
interface BadgeModel {
  content: BadgeContent;
  /** Its texts and which are bold (see measured), so that a badge unchanged is not measured again. */
  text: string;
  width: number;
  /** Its one-figure form's text and width (BadgeContent.short), when it has one. */
  shortText: string | null;
  shortWidth: number | null;
  /** The content version it was worked out under (the layer's `contentVersion` then). */
  version: number;
}

/** One element of the pool. */
interface Slot {
  element: HTMLElement;
  /** The entity it shows, or null while it is hidden, waiting for a row. */
  id: string | null;
  /** The content last written into it (a model's: the same object, nothing to write). */
  content: BadgeContent | null;
  /**
   * What it was last given: hidden, or shown in a mode at a place relative to the container
   * (whole pixels). A frame writes only changes, and compares numbers to find them: building
   * each badge's transform as text to compare it cost more than placing the badges that moved.
   */
  shown: boolean;
  mode: Placement['mode'];
  x: number;
  y: number;
  /** How its row was identified, as last written to its `data-bayme-by` (reading it back costs). */
  by: string;
}

export class BadgeLayer {
  private container: HTMLElement | null = null;
  private contentOf: BadgeContentOf | null = null;
  /** In the order they were worked out: the oldest go first when there are too many. */
  private readonly models = new Map<string, BadgeModel>();
  /** The elements showing a badge, by entity, and those hidden for rows to come. */
  private readonly showing = new Map<string, Slot>();
  private free: Slot[] = [];
  private last: Reading = NO_READING;
  /** Where the container was last moved to ("x,y"). */
  private origin = '';
  private context: CanvasRenderingContext2D | null | undefined;
  /** The canvas fonts of a badge's bold lead and of its other texts (see textContext). */
  private fonts = { bold: '', plain: '' };
  /** Bumped by each `setContent`: a badge worked out under an older one is worked out again. */
  private contentVersion = 0;
  /** Ids whose badges are still to be worked out ahead of time, and the idle callback doing it. */
  private pending: string[] = [];
  private idle: number | null = null;
  /** Our own panel over the right of the page (the bulk-edit drawer), while it is open. */
  private cover: Element | null = null;

  /** React's ref callback for the container the badges live in. */
  readonly attach = (container: HTMLElement | null): void => {
    if (container === this.container) return;
    this.dropElements();
    this.container = container;
    this.origin = '';
    this.place(this.last);
    this.scheduleIdle();
  };

  /**
   * Work out the badges of these ids now, a slice at a time while the page is idle: a row
   * scrolling into view then only needs its badge's texts written and placed. Working out a
   * badge's content and measuring it was a third of the overlay's own time in each frame of a
   * long scroll, all of it for rows entering the view. Replaces any earlier list still being
   * worked through.
   */
  prepare(ids: readonly string[]): void {
    this.pending = ids.slice(0, KEPT_BADGES).reverse();
    this.scheduleIdle();
  }

  /** Stop working out badges ahead of time (the overlay is going away). */
  dispose(): void {
    this.pending = [];
    if (this.idle !== null) cancelIdle(this.idle);
    this.idle = null;
  }

  private scheduleIdle(): void {
    if (this.idle !== null || this.pending.length === 0) return;
    this.idle = onIdle((deadline) => {
      this.idle = null;
      const { container, contentOf } = this;
      // Not yet able to measure badges: the list waits, and attach or setContent resumes it.
      if (!container || !contentOf) return;
      for (let made = 0; made < PREPARED_PER_SLICE && deadline.timeRemaining() > 1; made += 1) {
        const id = this.pending.pop();
        if (id === undefined) return;
        this.modelOf(id, container, contentOf);
      }
      this.scheduleIdle();
    });
  }

  /**
   * The extension's own full-height panel over the right of the page (the bulk-edit drawer),
   * or null when it closed. A badge in the part of a row under it would be hidden: rows are
   * placed as if the table ended at the panel's left edge, so a badge that fits there goes
   * there, in its whole or one-figure form, and one that does not is not drawn.
   */
  setCover(cover: Element | null): void {
    if (cover === this.cover) return;
    this.cover = cover;
    this.place(this.last);
  }

  /** The part of the table's visible box the badges may use: left of the cover, if any. */
  private uncovered(viewport: Rect): Rect {
    if (!this.cover) return viewport;
    // Measured at each placing (one box a frame, only while the drawer is open): the window
    // can be resized, and the drawer is at most the window's width.
    const box = this.cover.getBoundingClientRect();
    if (box.width <= 0 || box.left >= viewport.right) return viewport;
    return { ...viewport, right: Math.max(viewport.left, box.left) };
  }

  /** What each badge says; null while there are no figures (no badges then). */
  setContent(contentOf: BadgeContentOf | null): void {
    this.contentOf = contentOf;
    if (!contentOf) {
      this.dropElements();
      this.models.clear();
      return;
    }
    // New figures or another metric choice: the badges showing are rewritten now (by place),
    // the others when next placed or in idle time.
    this.contentVersion += 1;
    this.place(this.last);
    // The badges worked out so far are worked out again in idle time, and those still to be
    // worked out still are: replacing the list with the badges worked out so far lost them
    // whenever the figures came after the list (a page opened with its figures cached made
    // 10 badges, not 2,000).
    const rewrite = [...this.models.keys()].filter((id) => !this.showing.has(id));
    const toMake = this.pending.filter((id) => !this.models.has(id));
    this.pending = [...rewrite.reverse(), ...toMake];
    this.scheduleIdle();
  }

  place(reading: Reading): void {
    this.last = reading;
    const { container, contentOf } = this;
    if (!container || !contentOf) return;
    const viewport = reading.viewport && this.uncovered(reading.viewport);
    const originLeft = Math.round(reading.origin?.left ?? 0);
    const originTop = Math.round(reading.origin?.top ?? 0);
    const origin = `${originLeft},${originTop}`;
    if (origin !== this.origin) {
      this.origin = origin;
      container.style.transform = `translate(${originLeft}px, ${originTop}px)`;
    }
    const wanted = new Map<string, RowOnPage>();
    for (const row of reading.rows) {
      const { verdict } = row;
      if (verdict.kind === 'identified' && !wanted.has(verdict.id)) wanted.set(verdict.id, row);
    }
    // The elements of rows no longer read (scrolled away, re-rendered) go to the rows that came.
    const leaving: Slot[] = [];
    for (const [id, slot] of this.showing) {
      if (wanted.has(id)) continue;
      this.showing.delete(id);
      leaving.push(slot);
    }
    for (const [id, row] of wanted) {
      const model = this.modelOf(id, container, contentOf);
      const placement = viewport
        ? placeBadge(
            row,
            { width: model.width, shortWidth: model.shortWidth, height: BADGE_HEIGHT_PX },
            viewport,
          )
        : null;
      const held = this.showing.get(id);
      if (!placement) {
        if (held) {
          this.showing.delete(id);
          leaving.push(held);
        }
        continue;
      }
      const slot = held ?? leaving.pop() ?? this.free.pop() ?? this.newSlot(container);
      if (slot.id !== id) {
        slot.id = id;
        slot.element.dataset.baymeBadge = id;
        slot.element.dataset.testid = 'overlay-badge';
        this.showing.set(id, slot);
      }
      // A row with room for one figure only shows the badge's one-figure form.
      const shown =
        placement.mode === 'short' && model.content.short ? model.content.short : model.content;
      if (slot.content !== shown) {
        writeBadgeContent(slot.element, shown, slot.content);
        slot.content = shown;
      }
      const { verdict } = row;
      const by = verdict.kind === 'identified' ? verdict.by : '';
      if (slot.by !== by) {
        slot.by = by;
        slot.element.dataset.baymeBy = by;
      }
      const x = Math.round(placement.left) - originLeft;
      const y = Math.round(placement.top) - originTop;
      if (slot.shown && slot.x === x && slot.y === y && slot.mode === placement.mode) continue;
      const { element } = slot;
      if (slot.mode !== placement.mode) {
        slot.mode = placement.mode;
        element.dataset.mode = placement.mode;
      }
      if (slot.x !== x || slot.y !== y) {
        slot.x = x;
        slot.y = y;
        element.style.transform = `translate(${x}px, ${y}px)`;
      }
      if (!slot.shown) {
        slot.shown = true;
        element.style.visibility = 'visible';
      }
    }
    for (const slot of leaving) this.hide(slot);
    this.trim();
    this.forgetOldest();
  }

  /** A new element for the pool, in the container, hidden until a row takes it. */
  private newSlot(container: HTMLElement): Slot {
    const element = document.createElement('div');
    element.className = BADGE_CLASS;
    element.dataset.mode = 'full';
    element.style.visibility = 'hidden';
    container.append(element);
    // Never placed: NaN equals no number, so the first place a row gives is written.
    return {
      element,
      id: null,
      content: null,
      shown: false,
      mode: 'full',
      x: Number.NaN,
      y: Number.NaN,
      by: '',
    };
  }

  /**
   * Hidden, kept for the next row: it says nothing about any entity meanwhile (no id, so that
   * nothing takes it for a badge showing), and its texts and place stay as they are until a
   * row takes it.
   */
  private hide(slot: Slot): void {
    if (slot.shown) {
      slot.shown = false;
      slot.element.style.visibility = 'hidden';
    }
    if (slot.id !== null) {
      slot.id = null;
      delete slot.element.dataset.baymeBadge;
      delete slot.element.dataset.testid;
    }
    this.free.push(slot);
  }

  /** Only a few hidden elements are kept: a list that showed 40 rows then shows 10. */
  private trim(): void {
    while (this.free.length > SPARE_ELEMENTS) this.free.pop()?.element.remove();
  }

  private dropElements(): void {
    for (const slot of [...this.showing.values(), ...this.free]) slot.element.remove();
    this.showing.clear();
    this.free = [];
  }

  /** Badges worked out and kept, showing or not. */
  get size(): number {
    return this.models.size;
  }

  /** What the entity's badge says, worked out now unless it was under the current content. */
  private modelOf(id: string, container: HTMLElement, contentOf: BadgeContentOf): BadgeModel {
    const known = this.models.get(id);
    if (known?.version === this.contentVersion) return known;
    const content = contentOf(id);
    const text = measured(content);
    // A text measured before keeps its width.
    const widthOf = (
      form: BadgeContent,
      now: string,
      before: string | null | undefined,
      was: number | null = null,
    ) => (was !== null && now === before ? was : this.measure(container, form));
    const width = widthOf(content, text, known?.text, known?.width);
    const { short } = content;
    let shortText: string | null = null;
    let shortWidth: number | null = null;
    if (short) {
      shortText = measured(short);
      shortWidth = widthOf(short, shortText, known?.shortText, known?.shortWidth);
    }
    // The whole badge's room: the read stops looking for free space once it found that much.
    needBadgeRoom(roomFor(width));
    const model = { content, text, width, shortText, shortWidth, version: this.contentVersion };
    // Kept in the order last worked out: the oldest go first (forgetOldest).
    this.models.delete(id);
    this.models.set(id, model);
    return model;
  }

  private forgetOldest(): void {
    let extra = this.models.size - KEPT_BADGES;
    for (const id of this.models.keys()) {
      if (extra <= 0) return;
      if (this.showing.has(id)) continue;
      this.models.delete(id);
      extra -= 1;
    }
  }

  /**
   * The badge's width, worked out from its texts with a canvas: reading an element's own size
   * would force the page to lay itself out mid-frame, on every frame in which a row scrolls
   * into view. Each span is measured in its own weight (the lead figure bold, the rest not):
   * measuring the whole text in bold made badges a few pixels wider than drawn, and the free
   * space they need wider with them.
   */
  private measure(container: HTMLElement, content: BadgeContent): number {
    const context = this.textContext(container);
    let width = 0;
    for (const run of badgeRuns(content)) {
      if (!context) {
        // Without a canvas (a test DOM), a generous 7 px a character.
        width += run.text.length * 7;
        continue;
      }
      const font = run.tone === 'lead' ? this.fonts.bold : this.fonts.plain;
      if (context.font !== font) context.font = font;
      width += context.measureText(run.text).width;
    }
    return Math.ceil(width) + BADGE_CHROME_PX;
  }

  /** A canvas context with the badges' font, read from a badge element's computed style. */
  private textContext(container: HTMLElement): CanvasRenderingContext2D | null {
    if (this.context !== undefined) return this.context;
    let context: CanvasRenderingContext2D | null = null;
    try {
      context = document.createElement('canvas').getContext('2d');
    } catch {
      // No canvas (a test DOM): see measure.
    }
    if (context) {
      // A spare element of the pool (made for it when there is none: the next row takes it).
      let sample = this.free.at(-1);
      if (!sample) {
        sample = this.newSlot(container);
        this.free.push(sample);
      }
      const style = getComputedStyle(sample.element);
      const font = `${style.fontSize || '11px'} ${style.fontFamily || 'sans-serif'}`;
      // Set once and read back: the canvas gives a font in its own spelling, compared above.
      context.font = `400 ${font}`;
      const plain = context.font;
      context.font = `600 ${font}`;
      this.fonts = { bold: context.font, plain };
    }
    this.context = context;
    return context;
  }
}
