import { type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { LayoutHintsState } from '../../../companion-server/src/contract/page-layout';
import { BUILTIN_HINTS_VERSION } from '../../ads-manager/layout-hints';
import { Button, Notice } from '../../components/notice';
import { SignInForm } from '../../components/sign-in-form';
import { ExtensionRequestError } from '../../lib/errors';
import { api, getStatus, sendLayoutSample, signOut } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import {
  DATE_RANGES,
  DEFAULT_SERVER_URL,
  getPreferences,
  getServerUrl,
  OVERLAY_METRICS,
  type Preferences,
  parseServerUrl,
  setPreferences,
  setServerUrl,
} from '../../lib/settings';

const DATE_RANGE_LABELS: Record<(typeof DATE_RANGES)[number], string> = {
  today: 'Today (incomplete until tomorrow)',
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_14_days: 'Last 14 days',
  last_30_days: 'Last 30 days',
};

const METRIC_LABELS: Record<(typeof OVERLAY_METRICS)[number], string> = {
  spend: 'Spend',
  impressions: 'Impressions',
  clicks: 'Clicks',
  ctr: 'CTR',
  cpc: 'CPC',
  conversions: 'Conversions',
  cpa: 'CPA',
  roas: 'ROAS',
};

export function Options() {
  return (
    <main className="mx-auto max-w-2xl space-y-6 p-8 text-ink">
      <h1 className="text-xl font-bold">Bayme Ads Toolkit — Options</h1>
      <ServerSection />
      <PreferencesSection />
      <LayoutSection />
    </main>
  );
}

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <h2 className="text-[15px] font-semibold">{props.title}</h2>
      {props.children}
    </section>
  );
}

function ServerSection() {
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: queryKeys.serverUrl(), queryFn: getServerUrl });
  const status = useQuery({ queryKey: queryKeys.status(), queryFn: getStatus });
  const [draft, setDraft] = useState('');
  useEffect(() => {
    if (current.data) setDraft(current.data);
  }, [current.data]);

  const save = useMutation({
    mutationFn: async (address: string) => {
      const origin = parseServerUrl(address);
      if (!origin)
        throw new Error('Enter the server address, e.g. https://ads-tools.bayme.internal');
      // Chrome asks the staff member; it must happen in the click, before anything awaits.
      const granted = await browser.permissions.request({ origins: [`${origin}/*`] });
      if (!granted)
        throw new Error(
          `Without access to ${origin} the extension cannot reach the companion server.`,
        );
      return setServerUrl(origin);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries();
    },
  });
  const out = useMutation({
    mutationFn: signOut,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.status() }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };

  return (
    <Section title="Companion server">
      <form onSubmit={submit} className="space-y-2">
        <label htmlFor="server-url" className="block text-[13px] text-slate-700">
          Address of Bayme's companion server (default {DEFAULT_SERVER_URL})
        </label>
        <div className="flex gap-2">
          <input
            id="server-url"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            className="flex-1 rounded-md border border-slate-300 px-2 py-1.5 font-mono text-[13px]"
          />
          <Button type="submit" kind="primary" disabled={save.isPending} testId="save-server">
            Save
          </Button>
        </div>
        <p className="text-[12px] text-slate-500">
          Chrome will ask to let the extension reach this address: every request to TikTok goes
          through that server, which holds the tokens.
        </p>
      </form>
      {save.isError ? (
        <Notice tone="error" title="Not saved">
          {save.error.message}
        </Notice>
      ) : null}
      {save.isSuccess ? <Notice tone="success" title={`Using ${save.data}`} /> : null}
      {status.data ? (
        <p className="text-[13px]" data-testid="server-status">
          {status.data.reachable
            ? `Connected to ${status.data.serverUrl} (${status.data.mode} mode, server ${status.data.serverVersion}).`
            : `No answer from ${status.data.serverUrl}.`}
        </p>
      ) : null}
      <div className="flex items-center gap-3 border-t border-slate-100 pt-3">
        <span className="text-[13px] text-slate-700">
          {status.data?.signedIn ? 'Signed in with a staff key.' : 'Not signed in.'}
        </span>
        {status.data?.signedIn ? (
          <Button onClick={() => out.mutate()} testId="sign-out">
            Sign out
          </Button>
        ) : null}
      </div>
      {/* Where Ads Manager's "Sign in" leads when Chrome cannot open the popup. */}
      {status.data && !status.data.signedIn && status.data.reachable ? (
        <SignInForm onSignedIn={() => void queryClient.invalidateQueries()} />
      ) : null}
    </Section>
  );
}

function PreferencesSection() {
  const queryClient = useQueryClient();
  const preferences = useQuery({ queryKey: queryKeys.preferences(), queryFn: getPreferences });
  // What the buyer chose, shown at once (in the same event, so a ticked box never springs
  // back while storage is written); dropped if saving fails, to show what is stored.
  const [chosen, setChosen] = useState<Preferences | null>(null);
  const save = useMutation({
    mutationFn: setPreferences,
    onError: () => setChosen(null),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.preferences() }),
  });
  if (!preferences.data) return null;
  const value = chosen ?? preferences.data;
  const update = (change: Partial<Preferences>) => {
    const next = { ...value, ...change };
    setChosen(next);
    save.mutate(next);
  };

  return (
    <Section title="Ads Manager overlays">
      <label className="block text-[13px] text-slate-700" htmlFor="date-range">
        Default date range when the page shows none
      </label>
      <select
        id="date-range"
        value={value.defaultDateRange}
        onChange={(event) =>
          update({ defaultDateRange: event.target.value as Preferences['defaultDateRange'] })
        }
        className="rounded-md border border-slate-300 px-2 py-1.5 text-[13px]"
      >
        {DATE_RANGES.map((range) => (
          <option key={range} value={range}>
            {DATE_RANGE_LABELS[range]}
          </option>
        ))}
      </select>
      <fieldset className="space-y-1">
        <legend className="text-[13px] text-slate-700">Metrics in the overlays</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {OVERLAY_METRICS.map((metric) => {
            const checked = value.overlayMetrics.includes(metric);
            const last = checked && value.overlayMetrics.length === 1;
            return (
              <label key={metric} className="flex items-center gap-1.5 text-[13px]">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={last}
                  onChange={() =>
                    update({
                      overlayMetrics: checked
                        ? value.overlayMetrics.filter((m) => m !== metric)
                        : OVERLAY_METRICS.filter(
                            (m) => m === metric || value.overlayMetrics.includes(m),
                          ),
                    })
                  }
                />
                {METRIC_LABELS[metric]}
              </label>
            );
          })}
          <label className="flex items-center gap-1.5 text-[13px]">
            <input
              type="checkbox"
              data-testid="option-bayme-roas"
              checked={value.baymeRoas ?? false}
              onChange={() => update({ baymeRoas: !value.baymeRoas })}
            />
            Bayme ROAS (the shop's orders, beside TikTok's ROAS)
          </label>
        </div>
      </fieldset>
      {save.isSuccess ? <p className="text-[12px] text-green-700">Saved.</p> : null}
    </Section>
  );
}

function errorMessage(error: Error): string {
  return error instanceof ExtensionRequestError ? error.detail.message : error.message;
}

/**
 * Which selector hints the Ads Manager overlays use (the companion server's document, or the
 * list built into this version), and for admins a way to send a sample of the page's layout
 * from an open Ads Manager tab, for the maintainer to turn into a test fixture.
 */
function LayoutSection() {
  const status = useQuery({ queryKey: queryKeys.status(), queryFn: getStatus });
  const signedIn = status.data?.signedIn === true && status.data.reachable;
  const hints = useQuery({
    queryKey: queryKeys.getLayoutHints(),
    queryFn: () => api('getLayoutHints'),
    enabled: signedIn,
  });
  const me = useQuery({ queryKey: queryKeys.me(), queryFn: () => api('me'), enabled: signedIn });
  const sample = useMutation({ mutationFn: sendLayoutSample });
  if (!status.data) return null;

  return (
    <Section title="Ads Manager layout">
      <p className="text-[13px]" data-testid="layout-hints-version">
        <HintsInUse signedIn={signedIn} hints={hints} />
      </p>
      <p className="text-[12px] text-slate-500">
        Hints are the selectors the overlays try first to find Ads Manager's table and rows. Admins
        can update them on the companion server without a new extension.
      </p>
      {me.data?.staff.role === 'admin' ? (
        <div className="space-y-2 border-t border-slate-100 pt-3">
          <p className="text-[13px] text-slate-700">
            When the overlays cannot read Ads Manager's table, send a sample of its layout from an
            open campaign, ad group or ad list: ids and names are replaced before it leaves the
            browser.
          </p>
          <Button
            onClick={() => sample.mutate()}
            disabled={sample.isPending}
            testId="send-layout-sample"
          >
            {sample.isPending ? 'Sending…' : 'Send a layout sample'}
          </Button>
          {sample.isPending ? (
            <Notice tone="info" title="Sending a layout sample" testId="layout-sample-progress">
              Capturing the Ads Manager tab and uploading the sample…
            </Notice>
          ) : null}
          {sample.isSuccess ? (
            <Notice tone="success" title="Sample sent" testId="layout-sample-sent">
              Sample {sample.data.sampleId} sent. Admins can download it from the companion server.
            </Notice>
          ) : null}
          {sample.isError ? (
            <Notice tone="error" title="No sample sent" testId="layout-sample-error">
              {errorMessage(sample.error)}
            </Notice>
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}

function HintsInUse(props: { signedIn: boolean; hints: UseQueryResult<LayoutHintsState> }) {
  const builtIn = <strong>built in ({BUILTIN_HINTS_VERSION})</strong>;
  if (!props.signedIn)
    return <>Hints in use: {builtIn}. Sign in to use the companion server's hints.</>;
  const { hints } = props;
  if (hints.isPending) return <>Checking the companion server's hints…</>;
  if (hints.isError) {
    return (
      <>
        Hints in use: {builtIn}. The companion server's hints could not be checked:{' '}
        {errorMessage(hints.error)}
      </>
    );
  }
  const served = hints.data.hints;
  if (!served) return <>Hints in use: {builtIn}. No admin has set hints on the server.</>;
  return (
    <>
      Hints in use: <strong>{served.version}</strong>, the companion server's document
      {hints.data.updatedBy ? `, set by ${hints.data.updatedBy}` : ''} (updated{' '}
      {served.updatedAt.slice(0, 10)}).
    </>
  );
}
