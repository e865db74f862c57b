import type { TraceEvent } from './cdp-trace';

/**
 * What a scroll cost the page's main thread, read from a Chrome trace (cdp-trace.ts):
 *
 * - the window is the page's own `bench:start` and `bench:end` marks;
 * - a frame is one of Chrome's animation frames (the `AnimationFrame` spans DevTools draws:
 *   from the first task after the previous frame's rendering to the end of this one's), and
 *   it is a moving frame when the page's probe marked `bench:moved` in it (frame-probe.ts);
 * - main-thread time is the sum of the main thread's top-level tasks (`RunTask`), clipped to
 *   the window or the frame: scripts of every world, style, layout, paint and everything
 *   else the renderer's main thread does;
 * - self time per trace event name (as DevTools' bottom-up view), grouped as script, style,
 *   layout, paint and other;
 * - the extension's own script time: calls into its content scripts (`FunctionCall` events of
 *   chrome-extension:// scripts, nested calls counted once), the page-world scans inside them
 *   (dispatches of the scan request event) and the style and layout they force.
 */

export const MARK_START = 'bench:start';
export const MARK_END = 'bench:end';
export const MARK_MOVED = 'bench:moved';

export type TimeGroup = 'script' | 'style' | 'layout' | 'paint' | 'other';

export interface ScrollCost {
  windowMs: number;
  /** Animation frames wholly inside the window. */
  frames: number;
  movingFrames: number;
  /** `bench:moved` marks in the window (a check: each should fall in one moving frame). */
  movedMarks: number;
  mainThreadMs: number;
  /** Main-thread time of each moving frame. */
  movingFrameMs: number[];
  selfMsByGroup: Record<TimeGroup, number>;
  selfMsByName: Map<string, number>;
  extension: {
    scriptMs: number;
    /** Inside the extension's script time: dispatching `scanEvent` (the page-world scan). */
    pageWorldScanMs: number;
    pageWorldScans: number;
    /** Inside the extension's script time: style and layout its calls force. */
    forcedStyleLayoutMs: number;
  };
  /**
   * Style and layout in a task after its animation frame callbacks have run: what those
   * callbacks wrote and the frame had to work out again before painting. Without the
   * extension the page's rows are laid out before (a wheel step's hit test lays out what React
   * rendered), so this is nearly all the pass that the badges the extension writes in its
   * frame callback cost, measured directly rather than as the difference of two browsers.
   */
  afterFrameCallbacks: { styleMs: number; layoutMs: number };
}

interface Span {
  start: number;
  end: number;
}

const SCRIPT_EVENT =
  /^(FunctionCall|EventDispatch|TimerFire|FireAnimationFrame|FireIdleCallback|RunMicrotasks|EvaluateScript|v8\.|V8\.|MinorGC|MajorGC|BlinkGC|CompileScript|CompileCode|CacheScript|XHR)/;
const PAINT_EVENT = /^(PrePaint|Paint|PaintImage|Layerize|UpdateLayer|Commit|CompositeLayers)$/;

export function groupOf(name: string): TimeGroup {
  if (SCRIPT_EVENT.test(name)) return 'script';
  if (name === 'UpdateLayoutTree' || name === 'RecalculateStyles') return 'style';
  if (name === 'Layout') return 'layout';
  if (PAINT_EVENT.test(name)) return 'paint';
  return 'other';
}

/** The renderer main thread of the tab whose address contains `urlPart`. */
export function pageMainThread(
  events: readonly TraceEvent[],
  urlPart: string,
): { pid: number; tid: number } {
  const frames = events
    .filter((event) => event.name === 'TracingStartedInBrowser')
    .flatMap(
      (event) =>
        ((event.args?.data as { frames?: unknown[] } | undefined)?.frames ?? []) as Array<{
          url?: string;
          processId?: number;
          parent?: string;
        }>,
    );
  const frame = frames.find((f) => !f.parent && f.url?.includes(urlPart));
  if (frame?.processId === undefined) throw new Error(`No tab at ${urlPart} in the trace`);
  const pid = frame.processId;
  const thread = events.find(
    (event) =>
      event.ph === 'M' &&
      event.name === 'thread_name' &&
      event.pid === pid &&
      (event.args as { name?: string } | undefined)?.name === 'CrRendererMain',
  );
  if (!thread) throw new Error(`No renderer main thread for process ${pid}`);
  return { pid, tid: thread.tid };
}

function overlap(a: Span, b: Span): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

function spanOf(event: TraceEvent): Span {
  return { start: event.ts, end: event.ts + (event.dur ?? 0) };
}

function markTime(events: readonly TraceEvent[], pid: number, name: string): number {
  const mark = events.find((event) => event.pid === pid && event.name === name);
  if (!mark) throw new Error(`No ${name} mark in the trace`);
  return mark.ts;
}

/** Chrome's animation frames of a process: begin and end events paired by their id. */
function animationFrames(events: readonly TraceEvent[], pid: number): Span[] {
  const open = new Map<string, number>();
  const frames: Span[] = [];
  const sorted = events
    .filter((event) => event.pid === pid && event.name === 'AnimationFrame')
    .sort((a, b) => a.ts - b.ts);
  for (const event of sorted) {
    const key = `${event.id ?? ''}|${event.id2?.local ?? event.id2?.global ?? ''}`;
    if (event.ph === 'b') open.set(key, event.ts);
    if (event.ph === 'e') {
      const start = open.get(key);
      if (start !== undefined) frames.push({ start, end: event.ts });
      open.delete(key);
    }
  }
  return frames;
}

/** Merge spans into disjoint ones (nested calls counted once). */
function union(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function inside(spans: readonly Span[], span: Span): boolean {
  return spans.some((outer) => outer.start <= span.start && span.end <= outer.end);
}

function callUrl(event: TraceEvent): string {
  const data = event.args?.data as { url?: unknown } | undefined;
  return typeof data?.url === 'string' ? data.url : '';
}

function dispatchType(event: TraceEvent): string {
  const data = event.args?.data as { type?: unknown } | undefined;
  return typeof data?.type === 'string' ? data.type : '';
}

/** Self time of each complete event (its duration less its direct children's). */
function selfTimes(slices: readonly TraceEvent[]): Array<{ event: TraceEvent; self: number }> {
  const sorted = [...slices].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const result: Array<{ event: TraceEvent; self: number }> = [];
  const stack: Array<{ end: number; entry: { event: TraceEvent; self: number } }> = [];
  for (const event of sorted) {
    const span = spanOf(event);
    while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= span.start) stack.pop();
    const parent = stack.at(-1);
    if (parent) parent.entry.self -= Math.min(span.end, parent.end) - span.start;
    const entry = { event, self: event.dur ?? 0 };
    result.push(entry);
    stack.push({ end: span.end, entry });
  }
  return result;
}

export function analyseScroll(
  events: readonly TraceEvent[],
  urlPart: string,
  scanEvent: string,
): ScrollCost {
  const { pid, tid } = pageMainThread(events, urlPart);
  const window: Span = {
    start: markTime(events, pid, MARK_START),
    end: markTime(events, pid, MARK_END),
  };
  const slices = events.filter(
    (event) => event.pid === pid && event.tid === tid && event.ph === 'X' && event.dur,
  );
  const tasks = slices.filter((event) => event.name === 'RunTask').map(spanOf);
  const taskTime = (span: Span) => tasks.reduce((sum, task) => sum + overlap(task, span), 0);

  const moved = events
    .filter((event) => event.pid === pid && event.name === MARK_MOVED)
    .map((event) => event.ts)
    .filter((ts) => ts >= window.start && ts <= window.end);
  const frames = animationFrames(events, pid).filter(
    (frame) => frame.start >= window.start && frame.end <= window.end,
  );
  const moving = frames.filter((frame) => moved.some((ts) => ts >= frame.start && ts <= frame.end));

  const inWindow = slices.filter((event) => event.ts >= window.start && event.ts < window.end);
  const selfMsByName = new Map<string, number>();
  const selfMsByGroup: Record<TimeGroup, number> = {
    script: 0,
    style: 0,
    layout: 0,
    paint: 0,
    other: 0,
  };
  for (const { event, self } of selfTimes(inWindow)) {
    selfMsByName.set(event.name, (selfMsByName.get(event.name) ?? 0) + self / 1000);
    selfMsByGroup[groupOf(event.name)] += self / 1000;
  }

  const extensionCalls = union(
    inWindow
      .filter(
        (event) =>
          event.name === 'FunctionCall' && callUrl(event).startsWith('chrome-extension://'),
      )
      .map(spanOf),
  );
  const spansWithin = (predicate: (event: TraceEvent) => boolean) =>
    inWindow
      .filter(predicate)
      .map(spanOf)
      .filter((span) => inside(extensionCalls, span));
  const within = (predicate: (event: TraceEvent) => boolean) =>
    union(spansWithin(predicate)).reduce((sum, span) => sum + span.end - span.start, 0) / 1000;
  const isScan = (event: TraceEvent) =>
    event.name === 'EventDispatch' && dispatchType(event) === scanEvent;

  const mainThreadMs = taskTime(window) / 1000;
  return {
    afterFrameCallbacks: afterFrameCallbacks(inWindow),
    windowMs: (window.end - window.start) / 1000,
    frames: frames.length,
    movingFrames: moving.length,
    movedMarks: moved.length,
    mainThreadMs,
    movingFrameMs: moving.map((frame) => taskTime(frame) / 1000),
    selfMsByGroup,
    selfMsByName,
    extension: {
      scriptMs: extensionCalls.reduce((sum, span) => sum + span.end - span.start, 0) / 1000,
      pageWorldScanMs: within(isScan),
      pageWorldScans: spansWithin(isScan).length,
      forcedStyleLayoutMs: within(
        (event) => event.name === 'Layout' || event.name === 'UpdateLayoutTree',
      ),
    },
  };
}

/** See ScrollCost.afterFrameCallbacks. */
function afterFrameCallbacks(slices: readonly TraceEvent[]): { styleMs: number; layoutMs: number } {
  const callbacks = slices.filter((event) => event.name === 'FireAnimationFrame').map(spanOf);
  const passes = slices.filter(
    (event) => event.name === 'UpdateLayoutTree' || event.name === 'Layout',
  );
  const sums = { styleMs: 0, layoutMs: 0 };
  for (const task of slices.filter((event) => event.name === 'RunTask').map(spanOf)) {
    const ends = callbacks
      .filter((callback) => callback.start >= task.start && callback.end <= task.end)
      .map((callback) => callback.end);
    if (ends.length === 0) continue;
    const after = Math.max(...ends);
    for (const event of passes) {
      const span = spanOf(event);
      if (span.start < after || span.end > task.end) continue;
      if (event.name === 'UpdateLayoutTree') sums.styleMs += (event.dur ?? 0) / 1000;
      if (event.name === 'Layout') sums.layoutMs += (event.dur ?? 0) / 1000;
    }
  }
  return sums;
}
