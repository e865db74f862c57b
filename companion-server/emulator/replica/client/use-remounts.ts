import { useEffect, useState } from 'react';
import type { Layout } from '../layout';

/**
 * A number that changes whenever the table re-renders all of its cells as new DOM nodes, as
 * Ads Manager's table does: every 4 s; with `late`, 1 s after it appears and then every 2 s.
 * `native-scroll` alone never remounts: its point is a DOM that stays still while nothing
 * but the scroll position changes.
 */

const EVERY_MS = 4_000;
const LATE_FIRST_MS = 1_000;
const LATE_EVERY_MS = 2_000;

export function useRemounts(layout: Layout): number {
  const [generation, setGeneration] = useState(0);
  const late = layout.has('late');
  const still = layout.has('native-scroll');
  useEffect(() => {
    const next = () => setGeneration((current) => current + 1);
    if (late) {
      let interval: number | undefined;
      const first = window.setTimeout(() => {
        next();
        interval = window.setInterval(next, LATE_EVERY_MS);
      }, LATE_FIRST_MS);
      return () => {
        window.clearTimeout(first);
        window.clearInterval(interval);
      };
    }
    if (still) return;
    const interval = window.setInterval(next, EVERY_MS);
    return () => window.clearInterval(interval);
  }, [late, still]);
  return generation;
}
