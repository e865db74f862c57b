import { useEffect, useMemo, useRef } from 'react';
import { browser } from 'wxt/browser';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import {
  BULK_DRAWER_PATH,
  BulkDrawerMessageSchema,
  encodeBulkDrawerState,
} from './bulk-drawer-protocol';
import type { SelectedRow } from './bulk-edit-panel';

/**
 * The bulk-edit drawer over Ads Manager's page, for the content script's shadow root: a
 * panel on the right holding the extension page bulk-drawer.html in an iframe, so the
 * drawer's code and data calls load only when a buyer opens it, not with every page. Keys
 * typed in the drawer stay in the iframe, out of reach of Ads Manager's own shortcuts.
 *
 * The drawer's signals arrive as `message` events on the page's window, where the page can
 * post too: only those from this iframe, with the extension's origin, are taken.
 */
export function BulkDrawerFrame(props: {
  advertiserId: string;
  level: Level;
  currency: string;
  selected: SelectedRow[];
  onClose: () => void;
  onChanged: () => void;
  /** Given the drawer's panel when it shows, and null when it goes (for what it covers). */
  panelRef?: (panel: HTMLElement | null) => void;
}) {
  const { advertiserId, level, currency, selected } = props;
  const src = useMemo(
    () =>
      `${extensionUrl(BULK_DRAWER_PATH)}#${encodeBulkDrawerState({ advertiserId, level, currency, selected })}`,
    [advertiserId, level, currency, selected],
  );
  // What getURL puts before a path (URL's `origin` is "null" for this scheme outside Chrome).
  const drawerOrigin = extensionUrl('/').replace(/\/$/, '');
  const frameRef = useRef<HTMLIFrameElement>(null);
  const handlers = useRef({ onClose: props.onClose, onChanged: props.onChanged });
  handlers.current = { onClose: props.onClose, onChanged: props.onChanged };

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const frame = frameRef.current;
      if (event.origin !== drawerOrigin || !event.source || event.source !== frame?.contentWindow)
        return;
      const message = BulkDrawerMessageSchema.safeParse(event.data);
      if (!message.success) return;
      if (message.data.type === 'close') handlers.current.onClose();
      else handlers.current.onChanged();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [drawerOrigin]);

  // Keyboard focus goes into the drawer when it opens, and back where it was when it closes.
  useEffect(() => {
    const before = focusedElement();
    frameRef.current?.focus();
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);

  return (
    <aside
      ref={props.panelRef}
      data-testid="bulk-drawer"
      data-bayme-interactive=""
      aria-label="Bulk edit"
      className="pointer-events-auto fixed top-0 right-0 bottom-0 w-[440px] max-w-full border-l border-slate-200 bg-white shadow-2xl"
    >
      <iframe
        // Another selection is another document: a new fragment alone would not reload it.
        key={src}
        ref={frameRef}
        src={src}
        title="Bulk edit"
        data-testid="bulk-drawer-frame"
        className="block h-full w-full border-0"
        onLoad={(event) => event.currentTarget.focus()}
      />
    </aside>
  );
}

/**
 * `browser.runtime.getURL`: WXT types it through a module augmentation (.wxt/types/paths.d.ts)
 * that TypeScript 7 does not apply, leaving the method out of `browser.runtime`'s type.
 */
function extensionUrl(path: typeof BULK_DRAWER_PATH | '/'): string {
  return (browser.runtime as unknown as { getURL(path: string): string }).getURL(path);
}

/** The focused element, looking inside shadow roots (the toolkit's own UI lives in one). */
function focusedElement(): HTMLElement | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element instanceof HTMLElement && element !== document.body ? element : null;
}
