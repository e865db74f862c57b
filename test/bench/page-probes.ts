import { MARK_MOVED } from './trace-analysis';

/**
 * What the benchmark runs inside the page, from outside the extension (which carries no
 * measuring hooks). Each is a string expression, not a function: tsx compiles functions with
 * helpers the page does not have. Times are `performance.timeOrigin + performance.now()`,
 * the clock of the replica's own `data-rendered-at`.
 */

const HOST = 'bayme-ads-toolkit';
const BADGE = '[data-testid="overlay-badge"]';

/** Visible badges in our shadow root (badges wait hidden until placed on a row). */
const VISIBLE_BADGES = `[...(document.querySelector(${JSON.stringify(HOST)})?.shadowRoot?.querySelectorAll(${JSON.stringify(BADGE)}) ?? [])].filter((badge) => badge.isConnected && badge.style.visibility !== 'hidden' && getComputedStyle(badge).visibility !== 'hidden')`;

/**
 * An init script: on every animation frame until one is found, look for a visible badge, and
 * note when it was first seen in `window.__benchFirstBadgeAt`. A badge shown from the badge
 * layer's animation-frame callback (registered after this one) is seen at the next frame,
 * just after the frame that painted it; one shown by React between frames is seen at the
 * start of the frame that paints it. Either way the time is within a frame (~17 ms) of its
 * first paint. Only the inline style is read on each frame (reading computed style would
 * force the page's style work earlier than it would happen).
 */
export const FIRST_BADGE_WATCHER = `(() => {
  const shown = () => {
    const badges = document.querySelector(${JSON.stringify(HOST)})?.shadowRoot?.querySelectorAll(${JSON.stringify(BADGE)}) ?? [];
    for (const badge of badges) if (badge.style.visibility && badge.style.visibility !== 'hidden') return true;
    return false;
  };
  const poll = () => {
    if (shown()) {
      window.__benchFirstBadgeAt = performance.timeOrigin + performance.now();
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})()`;

export const FIRST_BADGE_AT = 'window.__benchFirstBadgeAt ?? null';

export const VISIBLE_BADGE_COUNT = `${VISIBLE_BADGES}.length`;

export const HOVER_CARD_SHOWN = `Boolean(document.querySelector(${JSON.stringify(HOST)})?.shadowRoot?.querySelector('[data-testid="overlay-card"]'))`;

/**
 * Marks `bench:moved` in every animation frame whose rows moved since the previous one: the
 * transform of the element that scrolls the rows (`selector`) changed. Reading an inline
 * style forces no layout. STOP_PROBE ends it and tells the counts and the last transform.
 */
export function movingFrameProbe(selector: string): string {
  return `(() => {
    const probe = { stop: false, frames: 0, moved: 0, last: null };
    window.__benchProbe = probe;
    const tick = () => {
      if (probe.stop) return;
      const transform = document.querySelector(${JSON.stringify(selector)})?.style.transform ?? '';
      probe.frames += 1;
      if (probe.last !== null && transform !== probe.last) {
        probe.moved += 1;
        performance.mark(${JSON.stringify(MARK_MOVED)});
      }
      probe.last = transform;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`;
}

export const STOP_PROBE = `(() => {
  const probe = window.__benchProbe;
  probe.stop = true;
  return { frames: probe.frames, moved: probe.moved, transform: probe.last };
})()`;

export function mark(name: string): string {
  return `void performance.mark(${JSON.stringify(name)})`;
}

/**
 * `count` synchronous page-world scans, requested as the content script requests them (the
 * request event on document; the page-world script answers with the result event before
 * dispatchEvent returns). Returns the whole loop's time (the answers are only kept in it,
 * read after), and each answer's own `tookMs` (the scan alone, without turning its answer
 * into JSON) and row count.
 */
export function timedScans(count: number, requestEvent: string, resultEvent: string): string {
  return `(() => {
    const details = [];
    const listener = (event) => { details.push(event.detail); };
    document.addEventListener(${JSON.stringify(resultEvent)}, listener);
    const started = performance.now();
    for (let i = 0; i < ${count}; i += 1) {
      document.dispatchEvent(new CustomEvent(${JSON.stringify(requestEvent)}, { detail: '{}' }));
    }
    const totalMs = performance.now() - started;
    document.removeEventListener(${JSON.stringify(resultEvent)}, listener);
    const answers = details.map((detail) => JSON.parse(detail));
    return {
      totalMs,
      answered: answers.length,
      tookMs: answers.map((answer) => answer.tookMs),
      rows: answers.map((answer) => answer.rows.length),
    };
  })()`;
}
