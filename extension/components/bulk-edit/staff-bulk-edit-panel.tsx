import { useQuery } from '@tanstack/react-query';
import type { ComponentProps } from 'react';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { BulkEditPanel } from './bulk-edit-panel';
import { PanelNote } from './controls';
import { useAccountTimeZone } from './use-account-time-zone';
import { errorMessage } from './use-bulk-edit';

/**
 * The bulk-edit panel for whoever is signed in: their role (the `me` route, as in the popup)
 * decides what they may do; the server checks it again on every request. Times are shown in
 * the ad account's time zone.
 */
export function StaffBulkEditPanel(
  props: Omit<ComponentProps<typeof BulkEditPanel>, 'role' | 'timezone'>,
) {
  const me = useQuery({ queryKey: queryKeys.me(), queryFn: () => api('me'), staleTime: 300_000 });
  const timezone = useAccountTimeZone(props.advertiserId);
  if (me.data) return <BulkEditPanel {...props} role={me.data.staff.role} timezone={timezone} />;
  return (
    <section className="space-y-[8px] text-[13px]" data-testid="bulk-panel" data-step="loading">
      {me.error ? (
        <PanelNote tone="error" testId="bulk-error">
          {errorMessage(me.error)}
        </PanelNote>
      ) : (
        <p className="text-[12px] text-slate-500">Checking your role…</p>
      )}
      {props.onClose ? (
        <button
          type="button"
          data-testid="bulk-close"
          onClick={props.onClose}
          className="text-[12px] text-slate-600 underline"
        >
          Close
        </button>
      ) : null}
    </section>
  );
}
