import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type { Role } from '../../../companion-server/src/contract/common';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import { zonedDate } from '../../../companion-server/src/lib/time-zone';
import { api } from '../../lib/messaging';
import { scheduledChangeKeys } from '../../lib/query-keys';
import { PanelButton, PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { useNow } from '../rules/use-now';
import { canWriteRules } from '../rules/use-staff-role';
import { blankChangeDraft, type ChangeDraft } from './change-draft';
import { ChangeEditor } from './change-editor';
import { ChangeLine } from './change-line';
import { useToggleChange } from './use-change-actions';

const ALL = 'all';
const READ_ONLY = 'Your role (viewer) can read scheduled changes only.';

/**
 * The rules page's scheduled changes: those of one ad account (or all) with their switches,
 * what they do and when they fire next, and the chosen one's editor and firings; a new one
 * from scratch. The page holds the account and the change opened (its address); a new
 * change being written is this view's own. Narrower than a laptop, the list and the editor
 * take turns. Buyers and admins write, as for rules; viewers read.
 */
export function ScheduledChangesView(props: {
  advertiserId: string | null;
  onAdvertiserId: (advertiserId: string | null) => void;
  changeId: string | null;
  onChangeId: (changeId: string | null) => void;
  accounts: readonly AdAccountView[];
  role: Role | null;
}) {
  const { advertiserId, changeId, accounts } = props;
  const canWrite = canWriteRules(props.role);
  const now = useNow();
  const [creating, setCreating] = useState<{ started: number; initial: ChangeDraft } | null>(null);
  const list = useQuery({
    queryKey: scheduledChangeKeys.listScheduledChanges(advertiserId),
    queryFn: () => api('listScheduledChanges', { query: advertiserId ? { advertiserId } : {} }),
  });
  const change = useQuery({
    queryKey: scheduledChangeKeys.getScheduledChange(changeId ?? ''),
    queryFn: () => api('getScheduledChange', { params: { changeId: changeId ?? '' } }),
    enabled: changeId !== null,
  });
  const toggle = useToggleChange();
  const settings = list.data?.settings;
  const account = (id: string) => accounts.find((a) => a.advertiserId === id);
  const editing = creating !== null || changeId !== null;

  const open = (id: string | null) => {
    setCreating(null);
    props.onChangeId(id);
  };
  const startNew = () => {
    const only = accounts.length === 1 ? accounts[0]?.advertiserId : undefined;
    const forAccount = advertiserId ?? only ?? '';
    const zone = account(forAccount)?.timezone ?? 'UTC';
    props.onChangeId(null);
    setCreating({
      started: Date.now(),
      initial: blankChangeDraft(forAccount, zonedDate(Date.now(), zone)),
    });
  };

  return (
    <div className="space-y-[16px]" data-testid="scheduled-changes">
      {settings?.paused ? (
        <PanelNote tone="warning" testId="schedules-paused">
          <strong>Rules and scheduled changes are paused by admin</strong>
          {settings.pausedBy ? ` (${settings.pausedBy})` : ''}
          {settings.pausedAt
            ? ` since ${formatAccountDateTime(settings.pausedAt, account(advertiserId ?? '')?.timezone ?? 'UTC')}`
            : ''}
          . No change fires until an admin turns them back on; a firing missed meanwhile shows in
          the change’s firings, done late or not done.
        </PanelNote>
      ) : null}
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-[16px] lg:grid-cols-[340px_minmax(0,1fr)]">
        <aside
          className={`space-y-[8px] ${editing ? 'hidden lg:block' : ''}`}
          data-testid="schedules-aside"
        >
          <div className="flex items-center gap-[6px]">
            <select
              aria-label="Whose scheduled changes"
              data-testid="schedules-account"
              value={advertiserId ?? ALL}
              onChange={(event) =>
                props.onAdvertiserId(event.target.value === ALL ? null : event.target.value)
              }
              className="min-w-0 flex-1 rounded-[4px] border border-slate-300 bg-white px-[6px] py-[4px] text-[13px]"
            >
              <option value={ALL}>All ad accounts</option>
              {advertiserId && !account(advertiserId) ? (
                <option value={advertiserId}>{advertiserId}</option>
              ) : null}
              {accounts.map((a) => (
                <option key={a.advertiserId} value={a.advertiserId}>
                  {a.name}
                </option>
              ))}
            </select>
            {canWrite ? (
              <PanelButton kind="primary" testId="new-change" onClick={startNew}>
                New change
              </PanelButton>
            ) : null}
          </div>
          {toggle.error ? (
            <PanelNote tone="error">
              Could not switch the change: {errorMessage(toggle.error)}
            </PanelNote>
          ) : null}
          {list.data ? (
            list.data.changes.length === 0 ? (
              <p className="text-[13px] text-slate-600" data-testid="schedules-empty">
                No scheduled changes {advertiserId ? 'for this ad account ' : ''}yet.
              </p>
            ) : (
              <ul className="space-y-[6px]" data-testid="schedules-list">
                {list.data.changes.map((line) => (
                  <li key={line.id}>
                    <ChangeLine
                      change={line}
                      // XXX, ISO's "no currency", while the account is not known: ¤50.00.
                      currency={account(line.advertiserId)?.currency ?? 'XXX'}
                      timeZone={line.timezone ?? account(line.advertiserId)?.timezone ?? 'UTC'}
                      now={now}
                      readOnlyReason={canWrite ? null : READ_ONLY}
                      onToggle={() => toggle.mutate(line)}
                      toggling={toggle.isPending && toggle.variables?.id === line.id}
                      onOpen={() => open(line.id)}
                      selected={line.id === changeId}
                    />
                  </li>
                ))}
              </ul>
            )
          ) : list.error ? (
            <PanelNote tone="error" testId="schedules-error">
              Could not load the scheduled changes: {errorMessage(list.error)}
            </PanelNote>
          ) : (
            <p className="text-[13px] text-slate-500">Loading the scheduled changes…</p>
          )}
        </aside>

        <div className="min-w-0 space-y-[8px]">
          {editing ? (
            <button
              type="button"
              onClick={() => open(null)}
              className="text-[13px] text-sky-700 underline lg:hidden"
              data-testid="back-to-changes"
            >
              ← All scheduled changes
            </button>
          ) : null}
          {creating ? (
            <ChangeEditor
              key={`new-${creating.started}`}
              subject={{ kind: 'new', initial: creating.initial }}
              accounts={accounts}
              canWrite={canWrite}
              onSaved={(saved) => open(saved.id)}
              onDeleted={() => open(null)}
              onCancel={() => open(null)}
            />
          ) : changeId === null ? (
            <PanelNote tone="info" testId="schedules-pick">
              A scheduled change sets budgets, bids or statuses at a time on the ad account’s clock,
              once or every chosen weekday, and can put the values back later the same way (“at
              18:00 set these ad groups to $50, at 23:00 back to what they were”).
              {canWrite
                ? ' Pick one to read or edit it, or create one with New change.'
                : ' Pick one to read it and its firings. Your role (viewer) cannot create or change them.'}
            </PanelNote>
          ) : change.data ? (
            <ChangeEditor
              key={change.data.id}
              subject={{ kind: 'change', change: change.data }}
              accounts={accounts}
              canWrite={canWrite}
              onDeleted={() => open(null)}
              onCancel={() => open(null)}
            />
          ) : change.error ? (
            <PanelNote tone="error" testId="change-load-error">
              Could not load the scheduled change: {errorMessage(change.error)}
            </PanelNote>
          ) : (
            <p className="text-[13px] text-slate-500">Loading the scheduled change…</p>
          )}
        </div>
      </div>
    </div>
  );
}
