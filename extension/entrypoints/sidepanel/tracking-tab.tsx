import { useQuery } from '@tanstack/react-query';
import type { AdLackingTracking } from '../../../companion-server/src/contract/orders-settings';
import { Chip, PanelNote } from '../../components/bulk-edit/controls';
import { errorMessage } from '../../components/bulk-edit/use-bulk-edit';
import { api } from '../../lib/messaging';
import { trackingKeys } from '../../lib/query-keys';

/**
 * The side panel's Tracking tab: the ad account's ads whose landing page lacks any of the
 * tracking template's parameters (orders from their clicks cannot name the ad), active ones
 * first, each with the parameters it lacks; and how to add them (a bulk edit of landing
 * URLs). The check lists the account's ads at TikTok, so it runs when the tab is opened and
 * on demand, not in the background.
 */
export function TrackingTab(props: { advertiserId: string; accountName: string | null }) {
  const check = useQuery({
    queryKey: trackingKeys.trackingCheck(props.advertiserId),
    queryFn: () => api('trackingCheck', { params: { advertiserId: props.advertiserId } }),
    staleTime: 60_000,
  });
  const data = check.data;

  return (
    <section
      className="flex min-h-0 flex-1 flex-col gap-[8px] text-[12px] text-ink"
      data-testid="tracking-tab"
    >
      <div className="flex items-center gap-[6px]">
        <p className="min-w-0 flex-1 truncate font-semibold" title={props.accountName ?? undefined}>
          Tracking parameters · {props.accountName ?? props.advertiserId}
        </p>
        <button
          type="button"
          data-testid="tracking-refresh"
          disabled={check.isFetching}
          onClick={() => void check.refetch()}
          className="shrink-0 rounded border border-slate-300 px-2 py-0.5 text-[12px] hover:bg-slate-50 disabled:text-slate-400"
        >
          {check.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {check.isError ? (
        <PanelNote tone="error" testId="tracking-error">
          Could not check the ads’ landing pages: {errorMessage(check.error)}
        </PanelNote>
      ) : !data ? (
        <p className="text-slate-500" data-testid="tracking-loading">
          Reading the ad account’s ads…
        </p>
      ) : (
        <>
          <p className="break-all text-slate-600" data-testid="tracking-template">
            Template: <code className="text-[11px] text-slate-800">{data.trackingTemplate}</code>
          </p>
          {data.lacking === 0 ? (
            <PanelNote tone="info" testId="tracking-all-good">
              All {data.adsChecked} ads’ landing pages carry the template’s parameters: orders from
              their clicks name the ad they came from.
            </PanelNote>
          ) : (
            <>
              <PanelNote tone="warning" testId="tracking-summary">
                <p className="font-semibold">
                  {data.lacking} of {data.adsChecked} ads lack tracking parameters
                  {data.lackingActive > 0 ? ` (${data.lackingActive} active)` : ''}.
                </p>
                <p className="mt-[2px]" data-testid="tracking-hint">
                  Orders from their clicks cannot be attributed to them. A bulk edit of landing URLs
                  adds the parameters and keeps the rest of each URL: on the Lists tab, at the Ads
                  level, tick the ads, then Edit in bulk → Landing page → Add or replace parameters,
                  with the template’s names and values above.
                </p>
              </PanelNote>
              {data.ads.length < data.lacking ? (
                <p className="text-slate-500">
                  Showing the first {data.ads.length}, active ones first.
                </p>
              ) : null}
              <ul
                className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto"
                data-testid="tracking-list"
              >
                {data.ads.map((ad) => (
                  <LackingAd key={ad.adId} ad={ad} />
                ))}
              </ul>
            </>
          )}
          {data.withoutLandingUrl > 0 ? (
            <p className="text-slate-500" data-testid="tracking-without-url">
              {data.withoutLandingUrl} {data.withoutLandingUrl === 1 ? 'ad has' : 'ads have'} no
              landing page (nothing to add parameters to).
            </p>
          ) : null}
          <p className="text-[11px] text-slate-500">
            Checked {new Date(data.checkedAt).toLocaleTimeString()}.
          </p>
        </>
      )}
    </section>
  );
}

function LackingAd(props: { ad: AdLackingTracking }) {
  const { ad } = props;
  return (
    <li className="py-[6px]" data-testid="tracking-ad" data-ad-id={ad.adId}>
      <div className="flex items-center gap-[6px]">
        <span className="min-w-0 flex-1 truncate font-medium" title={ad.adName}>
          {ad.adName}
        </span>
        <Chip tone={ad.operationStatus === 'ENABLE' ? 'green' : 'grey'}>
          {ad.operationStatus === 'ENABLE' ? 'Active' : 'Paused'}
        </Chip>
      </div>
      <p className="truncate text-[11px] text-slate-500" title={ad.landingUrl}>
        {ad.landingUrl}
      </p>
      <p className="mt-[2px] flex flex-wrap items-center gap-[4px]" data-testid="tracking-missing">
        <span className="text-[11px] text-slate-600">Lacks</span>
        {ad.missing.map((name) => (
          <code key={name} className="rounded bg-amber-50 px-[4px] text-[11px] text-amber-900">
            {name}
          </code>
        ))}
      </p>
    </li>
  );
}
