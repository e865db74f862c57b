import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './cdp-trace';
import { analyseScroll, groupOf, MARK_END, MARK_MOVED, MARK_START } from './trace-analysis';

const PID = 7;
const TID = 70;
const EXT = 'chrome-extension://abc/content-scripts/ads-manager.js';

const slice = (name: string, ts: number, dur: number, args?: Record<string, unknown>) =>
  ({ name, cat: 'devtools.timeline', ph: 'X', pid: PID, tid: TID, ts, dur, args }) as TraceEvent;
const instant = (name: string, ts: number) =>
  ({ name, cat: 'blink.user_timing', ph: 'I', pid: PID, tid: TID, ts }) as TraceEvent;
const frame = (start: number, end: number, id: string): TraceEvent[] => [
  {
    name: 'AnimationFrame',
    cat: 'devtools.timeline',
    ph: 'b',
    pid: PID,
    tid: TID,
    ts: start,
    id2: { local: id },
  },
  {
    name: 'AnimationFrame',
    cat: 'devtools.timeline',
    ph: 'e',
    pid: PID,
    tid: TID,
    ts: end,
    id2: { local: id },
  },
];

/** Two tabs; ours (pid 7) scrolls in two frames of 1,000 µs, rows moving in the first. */
const events: TraceEvent[] = [
  {
    name: 'TracingStartedInBrowser',
    cat: 'disabled-by-default-devtools.timeline',
    ph: 'I',
    pid: 1,
    tid: 1,
    ts: 0,
    args: {
      data: {
        frames: [
          { url: 'http://127.0.0.1/other', processId: 8 },
          { url: 'http://127.0.0.1/i18n/manage/adgroup?aadvid=1', processId: PID },
        ],
      },
    },
  },
  {
    name: 'thread_name',
    cat: '__metadata',
    ph: 'M',
    pid: PID,
    tid: TID,
    ts: 0,
    args: { name: 'CrRendererMain' },
  },
  {
    name: 'thread_name',
    cat: '__metadata',
    ph: 'M',
    pid: PID,
    tid: 71,
    ts: 0,
    args: { name: 'Compositor' },
  },
  instant(MARK_START, 1000),
  ...frame(1000, 2000, '0x1'),
  ...frame(2000, 3000, '0x2'),
  instant(MARK_MOVED, 1100),
  // Frame 1: a task of 600 µs: the extension's call (400), with a scan dispatch (200) that
  // forces a layout (50), and a nested extension call (100) counted once; then a paint.
  slice('RunTask', 1050, 600),
  slice('FunctionCall', 1060, 400, { data: { url: EXT } }),
  slice('EventDispatch', 1100, 200, { data: { type: 'bayme:scan-request' } }),
  slice('Layout', 1150, 50),
  slice('FunctionCall', 1320, 100, { data: { url: EXT } }),
  slice('Paint', 1500, 100),
  // Frame 2: the page's own script, then a task of frame callbacks (with a layout forced in
  // them) after which the frame styles and lays out again.
  slice('RunTask', 2100, 300),
  slice('FunctionCall', 2100, 300, { data: { url: 'http://127.0.0.1/__replica/app.js' } }),
  slice('RunTask', 2500, 300),
  slice('FireAnimationFrame', 2500, 100),
  slice('Layout', 2520, 30),
  slice('UpdateLayoutTree', 2650, 40),
  slice('Layout', 2700, 60),
  // Across the end mark: only its part inside the window counts.
  slice('RunTask', 3900, 200),
  instant(MARK_END, 4000),
  // Another process's work never counts.
  { ...slice('RunTask', 1000, 5000), pid: 8 },
];

describe('analyseScroll', () => {
  const cost = analyseScroll(events, '/i18n/manage/adgroup', 'bayme:scan-request');

  it('counts the frames of the window and those in which rows moved', () => {
    expect(cost.windowMs).toBe(3);
    expect(cost.frames).toBe(2);
    expect(cost.movingFrames).toBe(1);
    expect(cost.movedMarks).toBe(1);
    expect(cost.movingFrameMs).toEqual([0.6]);
  });

  it('sums the main thread tasks of the tab, clipped to the window', () => {
    expect(cost.mainThreadMs).toBeCloseTo(0.6 + 0.3 + 0.3 + 0.1, 6);
  });

  it('gives each event its self time, without its children', () => {
    expect(cost.selfMsByName.get('RunTask')).toBeCloseTo(0.1 + 0 + 0.1 + 0.2, 6);
    expect(cost.selfMsByName.get('FunctionCall')).toBeCloseTo(0.1 + 0.1 + 0.3, 6);
    expect(cost.selfMsByName.get('EventDispatch')).toBeCloseTo(0.15, 6);
    expect(cost.selfMsByGroup.layout).toBeCloseTo(0.05 + 0.03 + 0.06, 6);
    expect(cost.selfMsByGroup.style).toBeCloseTo(0.04, 6);
    expect(cost.selfMsByGroup.paint).toBeCloseTo(0.1, 6);
  });

  it('separates the extension’s calls, its scans and the layout they force', () => {
    expect(cost.extension.scriptMs).toBeCloseTo(0.4, 6);
    expect(cost.extension.pageWorldScanMs).toBeCloseTo(0.2, 6);
    expect(cost.extension.pageWorldScans).toBe(1);
    expect(cost.extension.forcedStyleLayoutMs).toBeCloseTo(0.05, 6);
  });

  it('measures the style and layout after the frame callbacks, not what they forced', () => {
    expect(cost.afterFrameCallbacks.styleMs).toBeCloseTo(0.04, 6);
    expect(cost.afterFrameCallbacks.layoutMs).toBeCloseTo(0.06, 6);
  });

  it('refuses a trace without the tab', () => {
    expect(() => analyseScroll(events, '/i18n/manage/campaign', 'x')).toThrow(/No tab/);
  });
});

describe('groupOf', () => {
  it.each([
    ['FunctionCall', 'script'],
    ['V8.GC_SCAVENGER', 'script'],
    ['UpdateLayoutTree', 'style'],
    ['Layout', 'layout'],
    ['Commit', 'paint'],
    ['HitTest', 'other'],
  ])('%s is %s', (name, group) => {
    expect(groupOf(name)).toBe(group);
  });
});
