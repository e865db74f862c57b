import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { Notice } from '../notice';
import { rulesPageUrl } from '../rules/rules-address';
import { AccountPicker } from './account-picker';
import { AccountProblems } from './account-problems';
import { AccountReport } from './account-report';
import { shortDay } from './chart-scale';
import { CurrencyTotalsList } from './currency-totals';
import { dashboardSearch, parseDashboardParams } from './dashboard-params';
import { DateRangePicker } from './date-range-picker';
import { includesToday, quickRange, type ReportRange } from './report-range';
import { UnattributedOrders } from './unattributed-orders';

/**
 * The reporting dashboard: totals of the chosen ad accounts over a range (grouped by
 * currency), compared with the previous period, and one account in detail; Bayme's own
 * figures from the shop's orders beside TikTok's where the server takes orders, with the
 * orders no TikTok ad is named for on a line of their own. The address
 * (`?advertiserIds=&start=&end=`) holds the view, so it can be bookmarked or shared.
 */

/** The overview route takes at most this many ad accounts at once. */
const MAX_ACCOUNTS = 50;

const messageOf = (error: Error) =>
  error instanceof ExtensionRequestError ? error.detail.message : error.message;

/** The chosen accounts, in the connected order; every connected one while none was chosen. */
function selectionOf(picked: string[] | null, connected: AdAccountView[]): string[] {
  const ids = connected.map((account) => account.advertiserId);
  if (picked === null) return ids.slice(0, MAX_ACCOUNTS);
  const chosen = new Set(picked);
  return ids.filter((id) => chosen.has(id));
}

export function Dashboard() {
  const initial = useMemo(() => parseDashboardParams(location.search), []);
  const [picked, setPicked] = useState<string[] | null>(initial.advertiserIds);
  const [chosenRange, setChosenRange] = useState<ReportRange | null>(initial.range);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [level, setLevel] = useState<Level>('campaign');

  const accounts = useQuery({
    queryKey: queryKeys.listAdAccounts(),
    queryFn: () => api('listAdAccounts'),
  });
  const connected = accounts.data?.adAccounts;
  const selectedIds = useMemo(
    () => (connected ? selectionOf(picked, connected) : []),
    [picked, connected],
  );
  const timeZones = (connected ?? [])
    .filter((account) => selectedIds.includes(account.advertiserId))
    .map((account) => account.timezone);
  const range = chosenRange ?? (connected ? quickRange('last_7_days', timeZones) : null);
  const idList = selectedIds.join(',');

  // The address follows the view, so that reloading or sharing it shows the same.
  const search = connected && range ? dashboardSearch(selectedIds, range) : null;
  useEffect(() => {
    if (search !== null && location.search !== search) history.replaceState(null, '', search);
  }, [search]);

  const overview = useQuery({
    queryKey: queryKeys.reportOverview(idList, range),
    queryFn: () =>
      api('reportOverview', {
        query: { advertiserIds: idList, start: range?.start, end: range?.end },
      }),
    enabled: range !== null && selectedIds.length > 0 && selectedIds.length <= MAX_ACCOUNTS,
    placeholderData: keepPreviousData,
  });

  const notConnected = (initial.advertiserIds ?? []).filter(
    (id) => connected && !connected.some((account) => account.advertiserId === id),
  );

  return (
    <main className="mx-auto max-w-[1240px] space-y-5 p-6 text-ink" data-testid="dashboard">
      <header className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
          <h1 className="text-[18px] font-bold">Bayme Ads Toolkit — Reporting</h1>
          <a
            href={rulesPageUrl({
              advertiserId: selectedIds.length === 1 ? (selectedIds[0] ?? null) : null,
              ruleId: null,
            })}
            className="text-[13px] text-sky-700 underline"
            data-testid="dashboard-to-rules"
          >
            Rules
          </a>
          {overview.data ? (
            <span className="ml-auto text-[12px] text-slate-500" data-testid="fetched-at">
              {overview.isFetching ? 'Updating… · ' : ''}
              Figures read{' '}
              {formatAccountDateTime(
                overview.data.fetchedAt,
                // The accounts' own zone when they share one; else UTC, and the label says so.
                new Set(timeZones).size === 1 ? (timeZones[0] as string) : 'UTC',
              )}
            </span>
          ) : null}
        </div>
        {connected && range ? (
          <div className="flex flex-wrap items-start gap-4">
            <AccountPicker accounts={connected} selected={selectedIds} onChange={setPicked} />
            <DateRangePicker range={range} timeZones={timeZones} onApply={setChosenRange} />
          </div>
        ) : null}
      </header>

      {notConnected.length > 0 ? (
        <Notice tone="info" title="Some ad accounts in the address are not connected">
          Left out: {notConnected.join(', ')}. Connect them from the extension’s popup to report on
          them here.
        </Notice>
      ) : null}

      {accounts.isError ? (
        <Notice tone="error" title="Could not load the ad accounts">
          {messageOf(accounts.error)}
        </Notice>
      ) : !connected || !range ? (
        <p className="text-[13px] text-slate-500">Loading the ad accounts…</p>
      ) : connected.length === 0 ? (
        <Notice tone="info" title="No TikTok ad account is connected yet">
          Connect ad accounts from the extension’s popup (Authorize TikTok), then reload this page.
        </Notice>
      ) : selectedIds.length === 0 ? (
        <Notice tone="info" title="No ad account selected">
          Pick at least one ad account above.
        </Notice>
      ) : selectedIds.length > MAX_ACCOUNTS ? (
        <Notice tone="warning" title={`At most ${MAX_ACCOUNTS} ad accounts at once`}>
          {selectedIds.length} are selected: clear some in the list above.
        </Notice>
      ) : overview.isError ? (
        <Notice tone="error" title="Could not load the report">
          {messageOf(overview.error)}
        </Notice>
      ) : !overview.data ? (
        <p className="text-[13px] text-slate-500" data-testid="overview-loading">
          Reading the figures from TikTok…
        </p>
      ) : (
        <>
          <section className="space-y-3">
            <p className="text-[13px] text-slate-600" data-testid="range-summary">
              <span className="font-semibold text-ink">
                {shortDay(overview.data.range.start)} – {shortDay(overview.data.range.end)},{' '}
                {overview.data.range.end.slice(0, 4)}
              </span>{' '}
              compared with {shortDay(overview.data.previousRange.start)} –{' '}
              {shortDay(overview.data.previousRange.end)}
              {includesToday(overview.data.range, timeZones)
                ? ' · the range includes today: its figures are still growing'
                : ''}
            </p>
            <AccountProblems accounts={overview.data.accounts} />
            <CurrencyTotalsList
              groups={overview.data.byCurrency}
              accounts={overview.data.accounts}
            />
            {overview.data.bayme ? <UnattributedOrders bayme={overview.data.bayme} /> : null}
          </section>
          {overview.data.accounts.length > 0 ? (
            <FocusedAccount
              accounts={overview.data.accounts}
              focusId={focusId}
              onPick={setFocusId}
              range={overview.data.range}
              level={level}
              onLevelChange={setLevel}
            />
          ) : null}
        </>
      )}
    </main>
  );
}

/** The account shown in detail: the one picked, else the first whose figures could be read. */
function FocusedAccount(
  props: Omit<Parameters<typeof AccountReport>[0], 'account'> & { focusId: string | null },
) {
  const { focusId, ...rest } = props;
  const account =
    props.accounts.find((a) => a.advertiserId === focusId) ??
    props.accounts.find((a) => a.problem === null) ??
    props.accounts[0];
  return account ? <AccountReport {...rest} account={account} /> : null;
}
