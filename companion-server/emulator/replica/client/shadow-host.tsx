import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

/**
 * `shadow-root`: the table renders inside an open shadow root, as a design system built on web
 * components would put it, so `document.querySelectorAll` never reaches its cells. A shadow
 * root does not inherit the page's stylesheets: they are copied in.
 */
export function ShadowHost({ children }: { children: ReactNode }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    if (!shadow.querySelector('style')) {
      for (const style of document.head.querySelectorAll('style')) {
        shadow.append(style.cloneNode(true));
      }
    }
    setRoot(shadow);
  }, []);
  return <div ref={hostRef}>{root ? createPortal(children, root) : null}</div>;
}
