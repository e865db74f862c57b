import { useState } from 'react';
import { formatAccountDateTime } from '../../companion-server/src/contract/account-time';
import type {
  AdAccountView,
  ConnectionView,
} from '../../companion-server/src/contract/connections';
import { Button } from './notice';

/**
 * The connected ad accounts, grouped by the TikTok authorization (connection) that gives
 * access to them: health, re-authorizing and disconnecting apply to a whole connection.
 */
export function AdAccountList(props: {
  accounts: AdAccountView[];
  connections: ConnectionView[];
  canAuthorize: boolean;
  isAdmin: boolean;
  onReauthorize: () => void;
  onDisconnect: (connectionId: string) => void;
  disconnecting: string | null;
}) {
  if (props.accounts.length === 0) {
    return (
      <p className="text-[13px] text-slate-600" data-testid="no-accounts">
        No TikTok ad account is connected yet.{' '}
        {props.canAuthorize
          ? 'Press Authorize TikTok to connect some.'
          : 'Ask a buyer or an admin to connect them.'}
      </p>
    );
  }
  const groups = new Map<string, AdAccountView[]>();
  for (const account of props.accounts) {
    groups.set(account.connectionId, [...(groups.get(account.connectionId) ?? []), account]);
  }
  return (
    <div className="space-y-2" data-testid="ad-accounts">
      {[...groups].map(([connectionId, accounts]) => {
        const connection = props.connections.find((c) => c.id === connectionId);
        const broken = accounts.some((a) => a.health === 'broken');
        return (
          <section
            key={connectionId}
            className="rounded-md border border-slate-200"
            data-testid="connection"
          >
            <header className="flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-1.5">
              <span className="truncate text-[11px] text-slate-500">
                {connection
                  ? `Authorized by ${connection.createdBy.name} · ${formatAccountDateTime(connection.createdAt, sharedTimeZone(accounts))}`
                  : 'Authorization'}
              </span>
              {broken ? (
                <span className="rounded bg-red-100 px-1.5 py-0.5 text-[11px] font-medium text-red-800">
                  broken
                </span>
              ) : (
                <span className="rounded bg-green-100 px-1.5 py-0.5 text-[11px] font-medium text-green-800">
                  ok
                </span>
              )}
            </header>
            {broken ? (
              <p className="px-3 pt-1.5 text-[12px] text-red-800">
                {connection?.statusReason ?? 'TikTok no longer accepts this authorization.'}
              </p>
            ) : null}
            <ul className="divide-y divide-slate-100">
              {accounts.map((account) => (
                <li key={account.advertiserId} className="px-3 py-1.5" data-testid="ad-account">
                  <div className="truncate text-[13px] font-semibold text-ink">{account.name}</div>
                  <div className="font-mono text-[11px] text-slate-500">
                    {account.advertiserId} · {account.currency} · {account.timezone}
                  </div>
                </li>
              ))}
            </ul>
            {(broken && props.canAuthorize) || props.isAdmin ? (
              <div className="flex flex-wrap gap-2 border-t border-slate-100 px-3 py-2">
                {broken && props.canAuthorize ? (
                  <Button onClick={props.onReauthorize} testId="reauthorize">
                    Re-authorize
                  </Button>
                ) : null}
                {props.isAdmin ? (
                  <DisconnectControl
                    accounts={accounts.length}
                    busy={props.disconnecting === connectionId}
                    disabled={props.disconnecting !== null}
                    onConfirm={() => props.onDisconnect(connectionId)}
                  />
                ) : null}
              </div>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

/** Disconnecting revokes the authorization at TikTok for every account it covers: confirm first. */
function DisconnectControl(props: {
  accounts: number;
  busy: boolean;
  disabled: boolean;
  onConfirm: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (props.busy) return <p className="text-[12px] text-slate-500">Disconnecting…</p>;
  if (!confirming) {
    return (
      <Button
        kind="danger"
        onClick={() => setConfirming(true)}
        disabled={props.disabled}
        testId="disconnect"
      >
        Disconnect
      </Button>
    );
  }
  const them = props.accounts === 1 ? 'it' : 'them';
  return (
    <div className="w-full space-y-1.5 rounded-md bg-red-50 p-2 text-[12px] text-red-900">
      <p>
        This revokes the TikTok authorization for {props.accounts} ad account
        {props.accounts === 1 ? '' : 's'}; someone must authorize again to use {them}.
      </p>
      <div className="flex gap-2">
        <Button kind="danger" onClick={props.onConfirm} testId="confirm-disconnect">
          Disconnect
        </Button>
        <Button onClick={() => setConfirming(false)}>Cancel</Button>
      </div>
    </div>
  );
}

/**
 * The zone an authorization's time is shown in: its ad accounts' own when they share one, else
 * UTC (the label beside the time says which).
 */
function sharedTimeZone(accounts: readonly AdAccountView[]): string {
  const zones = new Set(accounts.map((account) => account.timezone));
  return zones.size === 1 ? ([...zones][0] as string) : 'UTC';
}
