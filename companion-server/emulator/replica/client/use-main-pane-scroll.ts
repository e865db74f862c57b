import { type RefObject, useEffect, useState } from 'react';

/**
 * `fixed-columns`: the right pane scrolls sideways (its own `scrollLeft`, moved by horizontal
 * wheel gestures and Shift+wheel) while the frozen pane stays; the header follows it.
 */
export function useMainPaneScroll(
  paneRef: RefObject<HTMLDivElement | null>,
  enabled: boolean,
): number {
  const [scrollLeft, setScrollLeft] = useState(0);
  useEffect(() => {
    const pane = paneRef.current;
    if (!enabled || !pane) return;
    const onWheel = (event: WheelEvent) => {
      const sideways = Math.abs(event.deltaX) > Math.abs(event.deltaY);
      if (!sideways && !event.shiftKey) return;
      event.preventDefault();
      // The vertical scroller around the pane must not also take this gesture.
      event.stopPropagation();
      pane.scrollLeft += sideways ? event.deltaX : event.deltaY;
    };
    const onScroll = () => setScrollLeft(pane.scrollLeft);
    pane.addEventListener('wheel', onWheel, { passive: false });
    pane.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      pane.removeEventListener('wheel', onWheel);
      pane.removeEventListener('scroll', onScroll);
    };
  }, [paneRef, enabled]);
  return scrollLeft;
}
