import { useEffect, useState } from 'react';

/** The time now, moving on every `everyMs`: "2 min ago" does not stay 2 minutes for ever. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
