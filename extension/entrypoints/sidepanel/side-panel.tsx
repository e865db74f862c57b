import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { MetricKey } from '../../ads-manager/metrics-format';
import { Notice } from '../../components/notice';
import type { ReportRange } from '../../components/reporting/report-range';
import { RulesTab } from '../../components/rules/rules-tab';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { EntitiesView } from './entities-view';
import { type PanelTab, PanelTabs } from './panel-tabs';
import { contextInAddress, type OwnChoice, panelView } from './panel-view';
import { TrackingTab } from './tracking-tab';
import { useFollowedTab } from './use-followed-tab';
import { usePreferences } from './use-preferences';
import { ViewPicker } from './view-picker';

/**
 * The side panel: an ad account's entities at a level over a range, with the figures of the
 * overlays, bulk edits, bulk creation and recent bulk edits. It follows the Ads Manager tab
 * whose overlay reported its view, until the buyer unpins it; without one (opened from the
 * toolbar, or unpinned) the buyer picks the account, level and range here. It works
 * whatever Ads Manager's page does.
 * `?advertiserId=&level=&start=&end=` in its URL gives the view to start with (the page's
 * notice opens the panel so, pinned to what the page shows).
 * Its Rules tab lists the automated rules of the followed tab's account (all accounts' when
 * the panel stands on its own); its Tracking tab, the shown account's ads whose landing page
 * lacks the tracking parameters. The lists stay mounted behind both, with their work.
 */
export function SidePanel() {
  const inAddress = useMemo(() => contextInAddress(location.search), []);
  const { followed, checking } = useFollowedTab();
  const { preferences, save } = usePreferences();
  const accounts = useQuery({
    queryKey: queryKeys.listAdAccounts(),
    queryFn: () => api('listAdAccounts'),
  });
  const [following, setFollowing] = useState(inAddress === null);
  const [own, setOwn] = useState<OwnChoice>(
    inAddress
      ? {
          advertiserId: inAddress.advertiserId,
          level: inAddress.level,
          range: { start: inAddress.start, end: inAddress.end },
        }
      : { advertiserId: null, level: 'campaign', range: null },
  );
  const view = panelView({
    following,
    followed,
    own,
    accounts: accounts.data?.adAccounts,
    defaultDateRange: preferences?.defaultDateRange,
  });
  // The buyer's own choice mirrors the followed tab's view, and the level the list shows
  // (which may differ from the page's): unpinning, or the tab closing, keeps that view.
  const followedView = view?.source === 'tab' ? view.context : null;
  useEffect(() => {
    if (!followedView) return;
    const { advertiserId, level, start, end } = followedView;
    setOwn({ advertiserId, level, range: { start, end } });
  }, [followedView]);
  const onLevelChange = useCallback(
    (level: Level) =>
      setOwn((current) => (current.level === level ? current : { ...current, level })),
    [],
  );
  const choose = (change: Partial<OwnChoice>) => {
    setOwn({ ...own, ...change });
    setFollowing(false);
  };
  const chooseMetrics = (overlayMetrics: MetricKey[]) => save({ overlayMetrics });
  const [tab, setTab] = useState<PanelTab>('lists');
  const rulesAccount = view?.source === 'tab' ? view.context.advertiserId : null;

  return (
    <main className="flex h-screen flex-col gap-2 bg-white p-3 text-ink">
      <div className="flex items-center gap-2">
        <h1 className="min-w-0 flex-1 truncate text-[14px] font-bold">Bayme Ads Toolkit</h1>
        {view && !checking ? <PanelTabs tab={tab} onTab={setTab} /> : null}
      </div>
      {checking ? (
        <p className="text-[13px] text-slate-500">Looking at the current tab…</p>
      ) : view ? (
        <>
          {tab === 'rules' ? (
            <RulesTab key={rulesAccount ?? 'all'} advertiserId={rulesAccount} />
          ) : null}
          {tab === 'tracking' ? (
            <TrackingTab
              key={view.context.advertiserId}
              advertiserId={view.context.advertiserId}
              accountName={
                accounts.data?.adAccounts.find(
                  (account) => account.advertiserId === view.context.advertiserId,
                )?.name ?? null
              }
            />
          ) : null}
          <div className={tab === 'lists' ? 'contents' : 'hidden'}>
            <ViewPicker
              view={view}
              accounts={accounts.data?.adAccounts ?? []}
              followed={followed}
              onAccount={(advertiserId) => choose({ advertiserId })}
              onRange={(range: ReportRange) => choose({ range })}
              onUnpin={() => choose({})}
              onFollow={() => setFollowing(true)}
            />
            <EntitiesView
              key={`${view.context.advertiserId}|${view.context.start}|${view.context.end}`}
              context={view.context}
              chosenMetrics={preferences?.overlayMetrics}
              onChooseMetrics={chooseMetrics}
              onLevelChange={onLevelChange}
            />
          </div>
        </>
      ) : accounts.isError ? (
        <Notice tone="error" title="Could not load the ad accounts">
          {accounts.error instanceof ExtensionRequestError
            ? accounts.error.detail.message
            : accounts.error.message}
        </Notice>
      ) : accounts.data?.adAccounts.length === 0 ? (
        <Notice tone="info" title="No TikTok ad account is connected yet">
          Connect ad accounts from the extension’s popup (Authorize TikTok), or open an Ads Manager
          campaign, ad group or ad list to see it here.
        </Notice>
      ) : (
        <p className="text-[13px] text-slate-500" data-testid="view-loading">
          Loading the ad accounts…
        </p>
      )}
    </main>
  );
}
