import type { CDPSession } from 'playwright-core';

/**
 * A Chrome trace recorded over DevTools' protocol, as the Performance panel records one: the
 * main thread's tasks, scripts, style, layout and paint, its animation frames, and the page's
 * `performance.mark`s. The trace covers every process of the browser; trace-analysis.ts
 * picks the page's.
 */

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  /** Microseconds, on the browser's monotonic clock. */
  ts: number;
  dur?: number;
  id?: string;
  id2?: { local?: string; global?: string };
  args?: Record<string, unknown>;
}

export const TIMELINE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
];

export interface TraceRecording {
  stop(): Promise<TraceEvent[]>;
}

export async function startTrace(
  cdp: CDPSession,
  categories: readonly string[] = TIMELINE_CATEGORIES,
): Promise<TraceRecording> {
  const events: TraceEvent[] = [];
  const onData = (data: { value: object[] }) => {
    events.push(...(data.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: [...categories], recordMode: 'recordAsMuchAsPossible' },
  });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) =>
        cdp.once('Tracing.tracingComplete', () => resolve()),
      );
      await cdp.send('Tracing.end');
      await complete;
      cdp.off('Tracing.dataCollected', onData);
      return events;
    },
  };
}
