import { useEffect, useMemo, useRef } from 'react';
import {
  BULK_DRAWER_SOURCE,
  type BulkDrawerMessage,
  parseBulkDrawerFragment,
} from '../../components/bulk-edit/bulk-drawer-protocol';
import { PanelButton, PanelNote } from '../../components/bulk-edit/controls';
import { StaffBulkEditPanel } from '../../components/bulk-edit/staff-bulk-edit-panel';

/**
 * The bulk-edit drawer's page, shown by the Ads Manager content script in an iframe (see
 * BulkDrawerFrame): the rows to edit come in the URL fragment; closing and "figures
 * changed" go back to the embedder as messages. Escape closes.
 */

export type DrawerSignal = BulkDrawerMessage['type'];

/** Tell the embedding Ads Manager page's content script that the drawer closed or changed rows. */
export function postToEmbedder(type: DrawerSignal): void {
  // The embedder's origin is Ads Manager's (TikTok's, or the demo's replica) and the page
  // there receives these too: they are bare signals, with nothing to keep from any origin.
  window.parent.postMessage({ source: BULK_DRAWER_SOURCE, type } satisfies BulkDrawerMessage, '*');
}

export function BulkDrawerPage(props: {
  fragment: string;
  notify: (signal: DrawerSignal) => void;
}) {
  const { fragment, notify } = props;
  const parsed = useMemo(() => parseBulkDrawerFragment(fragment), [fragment]);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    mainRef.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      // A control that used Escape itself (closing its own popup) keeps it.
      if (event.key === 'Escape' && !event.defaultPrevented) notify('close');
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [notify]);

  return (
    <main ref={mainRef} tabIndex={-1} className="p-[16px] outline-none">
      {parsed.ok ? (
        <StaffBulkEditPanel
          advertiserId={parsed.state.advertiserId}
          level={parsed.state.level}
          currency={parsed.state.currency}
          selected={parsed.state.selected}
          onChanged={() => notify('changed')}
          onClose={() => notify('close')}
        />
      ) : (
        <section className="space-y-[12px] text-[13px] leading-[18px] text-ink">
          <h2 className="text-[15px] font-bold">Bulk edit</h2>
          <PanelNote tone="error" testId="bulk-drawer-error">
            {parsed.problem} Close this drawer, select the rows again in Ads Manager and press Edit
            in bulk.
          </PanelNote>
          <PanelButton testId="bulk-close" onClick={() => notify('close')}>
            Close
          </PanelButton>
        </section>
      )}
    </main>
  );
}
