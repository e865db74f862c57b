import { useMemo, useRef } from 'react';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import { shortDay } from '../../components/reporting/chart-scale';
import { dashboardSearch } from '../../components/reporting/dashboard-params';
import { DateRangePicker } from '../../components/reporting/date-range-picker';
import type { ReportRange } from '../../components/reporting/report-range';
import type { FollowedTab, PanelView } from './panel-view';

/**
 * The top of the side panel: whether it follows the Ads Manager tab (with Unpin) or shows
 * the buyer's own choice (with Follow when there is a tab to follow), the ad account, the
 * range, and the way to the reporting dashboard. Picking an account or a range here stops
 * following the tab. (The level is the list's tabs.)
 */
export function ViewPicker(props: {
  view: PanelView;
  accounts: AdAccountView[];
  followed: FollowedTab | null;
  onAccount: (advertiserId: string) => void;
  onRange: (range: ReportRange) => void;
  onUnpin: () => void;
  onFollow: () => void;
}) {
  const { view, accounts } = props;
  const { context } = view;
  const rangeMenu = useRef<HTMLDetailsElement>(null);
  // One object per range: the picker starts its draft again whenever it gets another.
  const range = useMemo(
    () => ({ start: context.start, end: context.end }),
    [context.start, context.end],
  );
  const account = accounts.find((a) => a.advertiserId === context.advertiserId);
  const timeZones = account ? [account.timezone] : [];
  const sameYear = context.start.slice(0, 4) === context.end.slice(0, 4);
  const rangeLabel = `${shortDay(context.start)}${sameYear ? '' : `, ${context.start.slice(0, 4)}`} – ${shortDay(context.end)}, ${context.end.slice(0, 4)}`;

  return (
    <div className="space-y-1.5" data-testid="view-picker" data-source={view.source}>
      {view.source === 'tab' ? (
        <p
          className="flex items-center gap-2 rounded bg-sky-50 px-2 py-1 text-[12px] text-sky-900"
          data-testid="follow-status"
        >
          <span className="min-w-0 flex-1 truncate">Following the Ads Manager tab</span>
          <button
            type="button"
            data-testid="unpin"
            title="Stop following the tab, and pick the account, level and range here"
            onClick={props.onUnpin}
            className="shrink-0 rounded border border-sky-300 bg-white px-1.5 text-[12px] hover:bg-sky-100"
          >
            Unpin
          </button>
        </p>
      ) : props.followed ? (
        <p
          className="flex items-center gap-2 rounded bg-slate-50 px-2 py-1 text-[12px] text-slate-600"
          data-testid="follow-status"
        >
          <span className="min-w-0 flex-1 truncate">Not following the Ads Manager tab</span>
          <button
            type="button"
            data-testid="follow-tab"
            onClick={props.onFollow}
            className="shrink-0 rounded border border-slate-300 bg-white px-1.5 text-[12px] hover:bg-slate-100"
          >
            Follow the tab
          </button>
        </p>
      ) : null}
      <div className="flex items-center gap-2">
        <select
          aria-label="Ad account"
          data-testid="panel-account"
          value={context.advertiserId}
          onChange={(event) => props.onAccount(event.target.value)}
          className="min-w-0 flex-1 truncate rounded border border-slate-300 bg-white px-1 py-1 text-[12px] font-semibold text-ink"
        >
          {account ? null : <option value={context.advertiserId}>{context.advertiserId}</option>}
          {accounts.map((option) => (
            <option key={option.advertiserId} value={option.advertiserId}>
              {option.name} · {option.currency}
            </option>
          ))}
        </select>
        <a
          data-testid="open-dashboard"
          href={`${location.origin}/dashboard.html${dashboardSearch([context.advertiserId], range)}`}
          target="_blank"
          rel="noreferrer"
          className="shrink-0 text-[12px] text-sky-700 underline"
        >
          Reports
        </a>
      </div>
      <details ref={rangeMenu} data-testid="panel-range">
        <summary className="cursor-pointer truncate text-[12px] text-slate-600 hover:text-ink">
          <span className="font-medium text-ink" data-testid="panel-range-label">
            {rangeLabel}
          </span>
          {account ? ` · days in ${account.timezone}` : ''}
        </summary>
        <div className="mt-1 rounded border border-slate-200 p-2">
          <DateRangePicker
            range={range}
            timeZones={timeZones}
            onApply={(picked) => {
              if (rangeMenu.current) rangeMenu.current.open = false;
              props.onRange(picked);
            }}
          />
        </div>
      </details>
    </div>
  );
}
