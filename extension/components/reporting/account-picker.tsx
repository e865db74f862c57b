import { useEffect, useRef } from 'react';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';

/**
 * Which connected ad accounts the dashboard covers: a checkbox list in a drop-down, with
 * each account's name, id and currency (currencies decide how totals are grouped).
 */
export function AccountPicker(props: {
  accounts: AdAccountView[];
  selected: string[];
  onChange: (advertiserIds: string[]) => void;
}) {
  const dropDown = useRef<HTMLDetailsElement>(null);
  // A drop-down closes on a click elsewhere or Escape, as a select would.
  useEffect(() => {
    const close = (event: Event) => {
      const details = dropDown.current;
      if (!details?.open) return;
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !details.contains(event.target as Node)
      )
        details.open = false;
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const chosen = new Set(props.selected);
  // Keep the connected order whatever the order of the clicks.
  const choose = (ids: Set<string>) =>
    props.onChange(
      props.accounts.map((account) => account.advertiserId).filter((id) => ids.has(id)),
    );
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    choose(next);
  };
  const summary =
    props.selected.length === props.accounts.length
      ? `All ${props.accounts.length} ad accounts`
      : `${props.selected.length} of ${props.accounts.length} ad accounts`;
  return (
    <details ref={dropDown} className="relative" data-testid="account-picker">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 text-[13px] font-medium text-ink hover:bg-slate-50">
        {summary} ▾
      </summary>
      <div className="absolute left-0 z-20 mt-1 w-[380px] rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <div className="mb-1 flex gap-3 border-b border-slate-100 px-1 pb-1.5 text-[12px]">
          <button
            type="button"
            className="text-blue-700 hover:underline"
            onClick={() => choose(new Set(props.accounts.map((a) => a.advertiserId)))}
          >
            Select all
          </button>
          <button
            type="button"
            className="text-blue-700 hover:underline"
            onClick={() => choose(new Set())}
          >
            Clear
          </button>
        </div>
        <ul className="max-h-[320px] overflow-y-auto">
          {props.accounts.map((account) => (
            <li key={account.advertiserId}>
              <label className="flex cursor-pointer items-start gap-2 rounded px-1 py-1 hover:bg-slate-50">
                <input
                  type="checkbox"
                  className="mt-0.5"
                  data-testid="account-option"
                  value={account.advertiserId}
                  checked={chosen.has(account.advertiserId)}
                  onChange={() => toggle(account.advertiserId)}
                />
                <span className="min-w-0">
                  <span className="block truncate text-[13px] font-medium text-ink">
                    {account.name}
                  </span>
                  <span className="block font-mono text-[11px] text-slate-500">
                    {account.advertiserId} · {account.currency} · {account.timezone}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
