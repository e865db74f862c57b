import { useLayoutEffect, useState } from 'react';

/**
 * An element's inner width (without its scroll bar), followed as it changes: the side
 * panel is resized by dragging its edge, and a scroll bar appears once the list is long.
 * 0 while there is no element.
 */
export function useClientWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}
