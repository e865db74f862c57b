/**
 * Decides when to re-read the table. Ads Manager moves its rows in every way a table can:
 * a CSS transform (no scroll event), `scrollTop` on some ancestor, the window's scroll, rows
 * re-rendered, re-parented or resized, late renders and in-app navigation. Rather than
 * guess which, the tracker re-reads on every animation frame while anything might be
 * moving, and stops after a run of frames in which the reading did not change. Input,
 * scrolling anywhere (scroll events do not bubble, but they are seen while capturing),
 * resizing and any change to the page's DOM wake it again.
 *
 * The DOM observer sees the page only: our overlay lives in a shadow root, so drawing the
 * badges never wakes the tracker. It watches only while the tracker sleeps: awake, the
 * tracker reads every frame anyway, and an observer of the whole document makes the page pay
 * for a record of each of its own changes (a scrolling virtual table makes hundreds a frame).
 */

import { cancelIdle, onIdle } from './idle-callback';
import { openShadowRoots } from './shadow-roots';

const IDLE_AFTER_STILL_FRAMES = 12;
/** Open shadow roots of the page are looked for on falling asleep, at most this often. */
const SHADOW_ROOTS_EVERY_MS = 1_000;
const OBSERVED = {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['style', 'class', 'aria-checked', 'hidden'],
};
/**
 * Events that wake the tracker. The frequent ones (a wheel step, a pointer move, a scroll
 * event: one or more per frame while scrolling) are listened to only while it sleeps, as
 * the DOM observer is: awake, it reads every frame anyway, and each of them ran a listener of
 * this world in every frame of a scroll (about 0.1 ms a frame, bench:overlays). The rare
 * ones (a press, a key, a change) are always listened to, so that a tick whose effect shows
 * only after the tracker fell asleep is still read.
 */
const FREQUENT_WAKE_EVENTS = ['wheel', 'pointermove', 'scroll'];
const RARE_WAKE_EVENTS = ['pointerdown', 'keydown', 'change', 'click'];

export class RowTracker {
  private running = false;
  private stillFrames = 0;
  private observer: MutationObserver | null = null;
  /** The page's open shadow roots watched besides the document (see watchShadowRoots). */
  private readonly observedRoots = new Set<ShadowRoot>();
  private shadowRootsAt = Number.NEGATIVE_INFINITY;
  /** The idle callback that will look for them, while one is pending. */
  private shadowRootsSearch: number | null = null;
  private readonly wake = () => this.schedule();

  /** `onFrame` reads the rows and says whether anything changed since the last read. */
  /** `ignore`: our own UI's host, whose shadow root is never the page's. */
  constructor(
    private readonly onFrame: () => boolean,
    private readonly ignore: () => Element | null = () => null,
  ) {}

  start(): void {
    for (const type of RARE_WAKE_EVENTS) {
      window.addEventListener(type, this.wake, { capture: true, passive: true });
    }
    window.addEventListener('resize', this.wake, { passive: true });
    this.observer = new MutationObserver(this.wake);
    this.schedule();
  }

  stop(): void {
    for (const type of RARE_WAKE_EVENTS) {
      window.removeEventListener(type, this.wake, { capture: true });
    }
    this.listenFrequent(false);
    window.removeEventListener('resize', this.wake);
    this.observer?.disconnect();
    this.observer = null;
    this.running = false;
    if (this.shadowRootsSearch !== null) cancelIdle(this.shadowRootsSearch);
    this.shadowRootsSearch = null;
  }

  private listeningFrequent = false;

  private listenFrequent(on: boolean): void {
    if (on === this.listeningFrequent) return;
    this.listeningFrequent = on;
    for (const type of FREQUENT_WAKE_EVENTS) {
      if (on) window.addEventListener(type, this.wake, { capture: true, passive: true });
      else window.removeEventListener(type, this.wake, { capture: true });
    }
  }

  /** Read again soon even if nothing seems to have moved (new data, new hints). */
  refresh(): void {
    this.schedule();
  }

  private schedule(): void {
    this.stillFrames = 0;
    if (this.running) return;
    this.running = true;
    this.observer?.disconnect();
    this.listenFrequent(false);
    requestAnimationFrame(() => this.frame());
  }

  /** Asleep: any change to the page's DOM (or its open shadow roots) wakes the tracker. */
  private sleep(): void {
    this.running = false;
    if (!this.observer) return;
    this.watchShadowRoots();
    this.listenFrequent(true);
    this.observer.observe(document.documentElement, OBSERVED);
    for (const root of this.observedRoots) {
      if (root.host.isConnected) this.observer.observe(root, OBSERVED);
      else this.observedRoots.delete(root);
    }
  }

  /**
   * A table inside a shadow root changes out of the document observer's sight, and its
   * scroll events do not leave the shadow root: the sleeping tracker watches each open root
   * the page has. Awake, it reads every frame and needs none of them. Looking for them walks
   * the whole page, a few milliseconds on a long list: it is done on falling asleep (at most
   * once a second), when the page is idle. It was done once a second while awake, inside a
   * frame: 0.05 ms of every frame of a long scroll (bench:overlays).
   */
  private watchShadowRoots(): void {
    const now = performance.now();
    if (now - this.shadowRootsAt < SHADOW_ROOTS_EVERY_MS || !this.observer) return;
    if (this.shadowRootsSearch !== null) return;
    this.shadowRootsAt = now;
    this.shadowRootsSearch = onIdle(() => {
      this.shadowRootsSearch = null;
      const observer = this.observer;
      if (!observer) return;
      for (const root of openShadowRoots(document, this.ignore())) {
        if (this.observedRoots.has(root)) continue;
        this.observedRoots.add(root);
        root.addEventListener('scroll', this.wake, { capture: true, passive: true });
        if (!this.running) observer.observe(root, OBSERVED);
      }
    }, SHADOW_ROOTS_EVERY_MS);
  }

  private frame(): void {
    if (!this.running) return;
    const changed = this.onFrame();
    this.stillFrames = changed ? 0 : this.stillFrames + 1;
    if (this.stillFrames >= IDLE_AFTER_STILL_FRAMES) {
      this.sleep();
      return;
    }
    requestAnimationFrame(() => this.frame());
  }
}
