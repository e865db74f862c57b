/**
 * Work for when the page is idle: requestIdleCallback where the browser has it (content
 * scripts do), else a short timeout (a test DOM). Work done here stays out of the frames of a
 * scroll, where every millisecond is the page's.
 */

export interface IdleDeadlineLike {
  timeRemaining(): number;
}

/** Runs `work` when the page is idle, or after `timeoutMs` at the latest. */
export function onIdle(work: (deadline: IdleDeadlineLike) => void, timeoutMs = 2_000): number {
  if (typeof requestIdleCallback === 'function')
    return requestIdleCallback(work, { timeout: timeoutMs });
  return window.setTimeout(() => work({ timeRemaining: () => 5 }), 16);
}

export function cancelIdle(handle: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle);
  else window.clearTimeout(handle);
}
