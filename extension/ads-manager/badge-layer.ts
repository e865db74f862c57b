import { type BadgeContent, badgeText, writeBadgeContent } from './badge-content';
import { placeBadge, roomFor } from './badge-placement';
import { needBadgeRoom } from './bridge';
import { NO_READING, type Reading } from './row-reader';

/**
 * The badges, kept without React. While a list scrolls, rows enter the view on nearly every
 * frame; rendering the overlay for each of them cost more than reading the table. So the
 * layer makes a badge element the first time its row is seen, writes its content only when
 * the figures or the buyer's metric choice change, and places each badge relative to the
 * table body (the reading's origin), moving the container with the body. A table that
 * scrolls moves its body, not its rows, so on most frames one transform moves every badge,
 * and only the badges of rows entering or leaving the view are written. React owns only the
 * layer's container element.
 *
 * Badges not showing are kept out of the document (detached), not hidden in it: the browser
 * restyles a container by walking all of its children whenever one of them changes, so
 * 2,000 hidden badges made ahead of time in the container cost about 0.3 ms of style in every
 * frame of a scroll (bench:overlays). The container holds only the badges on screen.
 */

/** Padding (6 px each side) and border (1 px each side) of a badge, and a pixel to spare. */
const BADGE_CHROME_PX = 15;
/** 16 px line, 2 px padding above and below, 1 px borders. */
const BADGE_HEIGHT_PX = 22;
/**
 * Badges kept (hidden) for rows out of view, up to this many: those of rows scrolled away,
 * for when they come back, and those made ahead of time while the page is idle (`prepare`).
 */
const KEPT_BADGES = 2_500;
/** Badges made ahead of time per idle slice: a few milliseconds of work. */
const PREPARED_PER_SLICE = 40;
/**
 * The badge's look is plain CSS in overlay.css, not Tailwind utilities: those need 127 custom
 * properties declared on every element of a shadow root (shadow-root-properties.css), and
 * while a list scrolls dozens of badges are styled per frame.
 */
const BADGE_CLASS = 'bayme-badge';

export type BadgeContentOf = (id: string) => BadgeContent;

interface IdleDeadlineLike {
  timeRemaining(): number;
}

/** requestIdleCallback where the browser has it (content scripts do), else a short timeout. */
function onIdle(work: (deadline: IdleDeadlineLike) => void): number {
  if (typeof requestIdleCallback === 'function')
    return requestIdleCallback(work, { timeout: 2_000 });
  return window.setTimeout(() => work({ timeRemaining: () => 5 }), 16);
}

function cancelIdle(handle: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle);
  else window.clearTimeout(handle);
}

interface Badge {
  element: HTMLElement;
  /** The text last written, so that unchanged content is neither written nor measured. */
  text: string;
  width: number;
  /** What the badge was last given ("hidden" or mode and transform): a frame writes only changes. */
  written: string;
  /** The content it was written with (the layer's `contentVersion` then). */
  version: number;
  /** How its row was identified, as last written to its `data-bayme-by` (kept here: reading it back costs). */
  by: string;
}

export class BadgeLayer {
  private container: HTMLElement | null = null;
  private contentOf: BadgeContentOf | null = null;
  /** In the order they were made: the oldest hidden ones go first when there are too many. */
  private readonly badges = new Map<string, Badge>();
  private last: Reading = NO_READING;
  /** Where the container was last moved to ("x,y"). */
  private origin = '';
  private context: CanvasRenderingContext2D | null | undefined;
  /** Bumped by each `setContent`: a badge written under an older one is rewritten before use. */
  private contentVersion = 0;
  /** The ids placed by the last `place`: the only badges that may be showing. */
  private placed = new Set<string>();
  /** Ids whose badges are still to be made ahead of time, and the idle callback doing it. */
  private pending: string[] = [];
  private idle: number | null = null;

  /** React's ref callback for the container the badges live in. */
  readonly attach = (container: HTMLElement | null): void => {
    if (container === this.container) return;
    for (const badge of this.badges.values()) badge.element.remove();
    this.badges.clear();
    this.container = container;
    this.origin = '';
    this.place(this.last);
    this.scheduleIdle();
  };

  /**
   * Make the badges of these ids now, hidden, a slice at a time while the page is idle: a row
   * scrolling into view then only needs its badge placed. Writing a badge's content and
   * measuring it was a third of the overlay's own time in each frame of a long scroll, all of
   * it for rows entering the view. Replaces any earlier list still being worked through.
   */
  prepare(ids: readonly string[]): void {
    this.pending = ids.slice(0, KEPT_BADGES).reverse();
    this.scheduleIdle();
  }

  /** Stop making badges ahead of time (the overlay is going away). */
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
      // Not yet able to make badges: the list waits, and attach or setContent resumes it.
      if (!container || !contentOf) return;
      for (let made = 0; made < PREPARED_PER_SLICE && deadline.timeRemaining() > 1; made += 1) {
        const id = this.pending.pop();
        if (id === undefined) return;
        const badge = this.badges.get(id);
        if (!badge) this.create(container, id, contentOf);
        else if (badge.version !== this.contentVersion) this.write(badge, contentOf(id));
      }
      this.scheduleIdle();
    });
  }

  /** What each badge says; null while there are no figures (no badges then). */
  setContent(contentOf: BadgeContentOf | null): void {
    this.contentOf = contentOf;
    if (!contentOf) {
      for (const badge of this.badges.values()) badge.element.remove();
      this.badges.clear();
      return;
    }
    // New figures or another metric choice: the badges that may be showing are rewritten now,
    // the others (thousands when made ahead) when next placed or in idle time.
    this.contentVersion += 1;
    for (const id of this.placed) {
      const badge = this.badges.get(id);
      if (badge) this.write(badge, contentOf(id));
    }
    this.place(this.last);
    // The badges made so far are rewritten in idle time, and those still to be made are still
    // made: replacing the list with the badges made so far lost them whenever the figures
    // came after the list (a page opened with its figures cached made 10 badges, not 2,000).
    const rewrite = [...this.badges.keys()].filter((id) => !this.placed.has(id));
    const toMake = this.pending.filter((id) => !this.badges.has(id));
    this.pending = [...rewrite.reverse(), ...toMake];
    this.scheduleIdle();
  }

  place(reading: Reading): void {
    this.last = reading;
    const { container, contentOf } = this;
    if (!container || !contentOf) return;
    const viewport = reading.viewport;
    const originLeft = Math.round(reading.origin?.left ?? 0);
    const originTop = Math.round(reading.origin?.top ?? 0);
    const origin = `${originLeft},${originTop}`;
    if (origin !== this.origin) {
      this.origin = origin;
      container.style.transform = `translate(${originLeft}px, ${originTop}px)`;
    }
    const placed = new Set<string>();
    for (const row of reading.rows) {
      const { verdict } = row;
      if (verdict.kind !== 'identified' || placed.has(verdict.id)) continue;
      placed.add(verdict.id);
      const badge: Badge =
        this.badges.get(verdict.id) ?? this.create(container, verdict.id, contentOf);
      if (badge.version !== this.contentVersion) this.write(badge, contentOf(verdict.id));
      if (badge.by !== verdict.by) {
        badge.by = verdict.by;
        badge.element.dataset.baymeBy = verdict.by;
      }
      const placement = viewport
        ? placeBadge(row, { width: badge.width, height: BADGE_HEIGHT_PX }, viewport)
        : null;
      if (!placement) {
        this.hide(badge);
        continue;
      }
      const transform = `translate(${Math.round(placement.left) - originLeft}px, ${Math.round(placement.top) - originTop}px)`;
      const written = `${placement.mode} ${transform}`;
      if (badge.written === written) continue;
      badge.written = written;
      const { element } = badge;
      // Written before a badge goes in (while it is out, writing costs the page nothing).
      if (element.dataset.mode !== placement.mode) element.dataset.mode = placement.mode;
      element.style.transform = transform;
      if (element.style.display !== '') element.style.display = '';
      if (element.style.visibility !== 'visible') element.style.visibility = 'visible';
      if (element.parentNode !== container) container.append(element);
    }
    // A badge whose row is no longer read (scrolled away, re-rendered) waits hidden. Only the
    // badges placed last time can be showing: the others (most, when many are kept) are not
    // looked at.
    for (const id of this.placed) {
      const badge = this.badges.get(id);
      if (badge && !placed.has(id)) this.hide(badge);
    }
    this.placed = placed;
    this.forgetOldest(placed);
  }

  /**
   * A badge with its content written, out of the page: place puts it in once everything about
   * it is written (each write to an element in the page makes the browser check its styles).
   */
  private create(container: HTMLElement, id: string, contentOf: BadgeContentOf): Badge {
    const element = document.createElement('div');
    element.className = BADGE_CLASS;
    element.dataset.baymeBadge = id;
    element.dataset.testid = 'overlay-badge';
    element.dataset.mode = 'full';
    element.style.display = 'none';
    element.style.visibility = 'hidden';
    const badge: Badge = { element, text: '', width: 0, written: 'hidden', version: -1, by: '' };
    // The first badge is measured in the page: the font is read from its computed style.
    const measuring = this.context === undefined;
    if (measuring) container.append(element);
    this.write(badge, contentOf(id));
    if (measuring) element.remove();
    this.badges.set(id, badge);
    return badge;
  }

  /** Badges made and kept, showing or not. */
  get size(): number {
    return this.badges.size;
  }

  private write(badge: Badge, content: BadgeContent): void {
    badge.version = this.contentVersion;
    const text = badgeText(content);
    if (text === badge.text && badge.element.firstChild) return;
    writeBadgeContent(badge.element, content);
    badge.text = text;
    badge.width = this.measure(badge.element, text);
    needBadgeRoom(roomFor(badge.width));
  }

  private hide(badge: Badge): void {
    if (badge.written === 'hidden') return;
    badge.written = 'hidden';
    // Out of the document altogether: the badges kept for rows scrolled away cost the page
    // nothing, not even a look when the container is restyled. Its style is left as it is
    // (place sets it again when the badge comes back): writing it just before taking the
    // element out made the browser work on a style it would never show.
    badge.element.remove();
  }

  private forgetOldest(inUse: ReadonlySet<string>): void {
    let extra = this.badges.size - KEPT_BADGES;
    for (const [id, badge] of this.badges) {
      if (extra <= 0) return;
      if (inUse.has(id)) continue;
      badge.element.remove();
      this.badges.delete(id);
      extra -= 1;
    }
  }

  /**
   * The full badge's width, worked out from its text with a canvas: reading the element's
   * own size would force the page to lay itself out mid-frame, on every frame in which a row
   * scrolls into view. The text is measured in the badge's bold weight throughout, so the
   * estimate errs wide (a badge then needs a little more free space).
   */
  private measure(element: HTMLElement, text: string): number {
    const context = this.textContext(element);
    return context
      ? Math.ceil(context.measureText(text).width) + BADGE_CHROME_PX
      : element.offsetWidth;
  }

  private textContext(element: HTMLElement): CanvasRenderingContext2D | null {
    if (this.context !== undefined) return this.context;
    let context: CanvasRenderingContext2D | null = null;
    try {
      context = document.createElement('canvas').getContext('2d');
    } catch {
      // No canvas (a test DOM): the element's own size is used instead.
    }
    if (context) {
      const style = getComputedStyle(element);
      context.font = `600 ${style.fontSize || '11px'} ${style.fontFamily || 'sans-serif'}`;
    }
    this.context = context;
    return context;
  }
}
