import { type UseQueryResult, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { AdAccountList } from '../../components/ad-account-list';
import { Button, Notice } from '../../components/notice';
import { SignInForm } from '../../components/sign-in-form';
import { ExtensionRequestError } from '../../lib/errors';
import { api, authorize, getStatus } from '../../lib/messaging';
import { ACCOUNTS_CHANGED, type ExtensionStatus } from '../../lib/protocol';
import { queryKeys } from '../../lib/query-keys';
import { isNewerVersion } from '../../lib/versions';
import { updateAdvice } from './update-advice';

const MODE_LABEL = { emulator: 'Emulator', sandbox: 'Sandbox', production: 'Production' } as const;

function errorDetail(error: unknown) {
  return error instanceof ExtensionRequestError
    ? error.detail
    : { kind: 'server' as const, message: String(error) };
}

/** What the server answers a build older than the minimum it accepts (extension-version-check.ts). */
const EXTENSION_OUTDATED_STATUS = 426;

/** How Chrome installed this copy (see update-advice.ts); null while unknown. */
function useInstallType(): string | null {
  const self = useQuery({
    queryKey: queryKeys.installType(),
    queryFn: async () => (await browser.management.getSelf()).installType,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return self.data ?? null;
}

function openOptions() {
  void browser.runtime.openOptionsPage();
}

/** The popup: server status, sign-in, authorizing TikTok, and the connected ad accounts. */
export function Popup() {
  const status = useQuery({ queryKey: queryKeys.status(), queryFn: getStatus });
  return (
    <div className="w-[380px] space-y-3 bg-white p-4 text-ink">
      <header className="flex items-center justify-between">
        <h1 className="text-[15px] font-bold">Bayme Ads Toolkit</h1>
        {status.data?.reachable ? (
          <span
            data-testid="mode"
            className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ${status.data.mode === 'production' ? 'bg-rose-100 text-rose-800' : 'bg-slate-100 text-slate-700'}`}
          >
            {status.data.mode ? MODE_LABEL[status.data.mode] : ''}
          </span>
        ) : null}
      </header>
      <ServerState status={status} />
    </div>
  );
}

function ServerState({ status }: { status: UseQueryResult<ExtensionStatus> }) {
  if (status.isPending)
    return <p className="text-[13px] text-slate-500">Checking the companion server…</p>;
  if (status.isError) {
    return (
      <Notice tone="error" title="The extension is not working">
        {errorDetail(status.error).message}
      </Notice>
    );
  }
  const { data } = status;
  if (!data.hasPermission) {
    return (
      <Notice tone="warning" title="Chrome needs your permission" testId="no-permission">
        <p>
          The extension may not reach {data.serverUrl} yet. Open the options and save the server
          address to allow it.
        </p>
        <div className="mt-2">
          <Button onClick={openOptions}>Open options</Button>
        </div>
      </Notice>
    );
  }
  if (!data.reachable) {
    return (
      <Notice tone="error" title="Companion server unreachable" testId="unreachable">
        <p>
          No answer from <span className="font-mono">{data.serverUrl}</span>. Check that you are on
          Bayme's network, or ask an admin whether the server is running.
        </p>
        <div className="mt-2 flex gap-2">
          <Button onClick={() => void status.refetch()}>Try again</Button>
          <Button onClick={openOptions}>Server address…</Button>
        </div>
      </Notice>
    );
  }
  if (!data.signedIn) return <SignInForm onSignedIn={() => void status.refetch()} />;
  return (
    <SignedIn
      serverUrl={data.serverUrl}
      serverVersion={data.serverVersion}
      onSignedOut={() => void status.refetch()}
    />
  );
}

function SignedIn(props: {
  serverUrl: string;
  serverVersion: string | null;
  onSignedOut: () => void;
}) {
  const queryClient = useQueryClient();
  const installType = useInstallType();
  const me = useQuery({ queryKey: queryKeys.me(), queryFn: () => api('me') });
  const accounts = useQuery({
    queryKey: queryKeys.listAdAccounts(),
    queryFn: () => api('listAdAccounts'),
    enabled: me.isSuccess,
  });
  const connections = useQuery({
    queryKey: queryKeys.listConnections(),
    queryFn: () => api('listConnections'),
    enabled: me.isSuccess,
  });
  const latest = useQuery({
    queryKey: queryKeys.latestExtension(),
    queryFn: () => api('latestExtension'),
    enabled: me.isSuccess,
  });
  const [attemptId, setAttemptId] = useState<string | null>(null);
  const [disconnecting, setDisconnecting] = useState<string | null>(null);

  const refreshAccounts = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.listAdAccounts() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.listConnections() });
  }, [queryClient]);

  // The background says so when TikTok sent the browser back to the server.
  useEffect(() => {
    const listener = (message: unknown) => {
      if (
        typeof message === 'object' &&
        message !== null &&
        (message as { type?: unknown }).type === ACCOUNTS_CHANGED
      ) {
        refreshAccounts();
      }
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [refreshAccounts]);

  const start = useMutation({
    mutationFn: authorize,
    onSuccess: (data) => setAttemptId(data.attemptId),
  });
  const attempt = useQuery({
    queryKey: queryKeys.oauthAttempt(attemptId ?? ''),
    queryFn: () => api('oauthAttempt', { params: { attemptId: attemptId ?? '' } }),
    enabled: attemptId !== null,
    refetchInterval: (query) =>
      query.state.data?.status === 'pending' || !query.state.data ? 1_500 : false,
  });
  useEffect(() => {
    if (attempt.data?.status === 'connected') refreshAccounts();
  }, [attempt.data?.status, refreshAccounts]);

  const disconnect = useMutation({
    mutationFn: (connectionId: string) => api('disconnect', { params: { connectionId } }),
    onMutate: (connectionId) => setDisconnecting(connectionId),
    onSettled: () => {
      setDisconnecting(null);
      refreshAccounts();
    },
  });

  if (me.isPending) return <p className="text-[13px] text-slate-500">Signing in…</p>;
  if (me.isError) {
    const detail = errorDetail(me.error);
    if (detail.kind === 'key-rejected')
      return <SignInForm reason={detail.message} onSignedIn={() => void me.refetch()} />;
    if (detail.status === EXTENSION_OUTDATED_STATUS) {
      return (
        <Notice tone="error" title="Update the extension" testId="update-required">
          <p>{detail.message}</p>
          <p className="mt-1">
            <a
              className="underline"
              href={`${props.serverUrl}/install`}
              target="_blank"
              rel="noreferrer"
            >
              Open the install page
            </a>
          </p>
        </Notice>
      );
    }
    return (
      <Notice tone="error" title="Could not load your account">
        {detail.message}
      </Notice>
    );
  }
  const { staff } = me.data;
  const canAuthorize = staff.role !== 'viewer';
  const installed = browser.runtime.getManifest().version;
  const available = latest.data?.version;

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between text-[13px]" data-testid="signed-in">
        <span>
          <span className="font-semibold">{staff.name}</span>{' '}
          <span className="text-slate-500">· {staff.role}</span>
        </span>
        <button
          type="button"
          className="text-[12px] text-slate-500 underline"
          onClick={openOptions}
        >
          Options
        </button>
      </div>

      {available && isNewerVersion(available, installed) ? (
        <Notice
          tone="info"
          title={`Update available: version ${available}`}
          testId="update-available"
        >
          <p>You have {installed}.</p>
          <p className="mt-1">{updateAdvice(installType)}</p>
          <p className="mt-1">
            <a
              className="underline"
              href={latest.data?.installPageUrl}
              target="_blank"
              rel="noreferrer"
            >
              Open the install page
            </a>
          </p>
        </Notice>
      ) : null}

      {canAuthorize ? (
        <div className="space-y-2">
          <Button
            kind="primary"
            onClick={() => start.mutate()}
            disabled={start.isPending}
            testId="authorize"
          >
            {start.isPending ? 'Opening TikTok…' : 'Authorize TikTok'}
          </Button>
          {start.isError ? (
            <Notice tone="error" title="Could not start the authorization">
              {errorDetail(start.error).message}
            </Notice>
          ) : null}
          <AttemptNotice
            status={attempt.data?.status}
            reason={attempt.data?.reason ?? null}
            count={attempt.data?.advertiserIds.length ?? 0}
          />
        </div>
      ) : (
        <p className="text-[12px] text-slate-500">
          Viewers can see connected accounts; a buyer or admin connects new ones.
        </p>
      )}

      <SidePanelButton />

      <section className="space-y-2">
        <h2 className="text-[13px] font-semibold text-slate-700">Connected ad accounts</h2>
        {accounts.isError ? (
          <Notice tone="error" title="Could not load the ad accounts">
            {errorDetail(accounts.error).message}
          </Notice>
        ) : accounts.isPending ? (
          <p className="text-[13px] text-slate-500">Loading…</p>
        ) : (
          <AdAccountList
            accounts={accounts.data.adAccounts}
            connections={connections.data?.connections ?? []}
            canAuthorize={canAuthorize}
            isAdmin={staff.role === 'admin'}
            onReauthorize={() => start.mutate()}
            onDisconnect={(connectionId) => disconnect.mutate(connectionId)}
            disconnecting={disconnecting}
          />
        )}
        {disconnect.isError ? (
          <Notice tone="error" title="Could not disconnect">
            {errorDetail(disconnect.error).message}
          </Notice>
        ) : null}
      </section>

      <footer className="text-[11px] text-slate-400">
        Extension {installed}
        {props.serverVersion ? ` · server ${props.serverVersion}` : ''}
      </footer>
    </div>
  );
}

function AttemptNotice(props: {
  status: string | undefined;
  reason: string | null;
  count: number;
}) {
  if (!props.status) return null;
  if (props.status === 'pending') {
    return (
      <Notice tone="info" title="Waiting for TikTok…" testId="attempt-pending">
        Finish in the TikTok tab that opened; this list updates by itself.
      </Notice>
    );
  }
  if (props.status === 'connected') {
    return (
      <Notice
        tone="success"
        title={`Connected ${props.count} ad account${props.count === 1 ? '' : 's'}`}
        testId="attempt-connected"
      />
    );
  }
  return (
    <Notice
      tone="error"
      title={
        props.status === 'expired'
          ? 'The authorization link expired'
          : 'The authorization did not complete'
      }
      testId="attempt-failed"
    >
      {props.reason ?? 'Press Authorize TikTok to try again.'}
    </Notice>
  );
}

/**
 * Opens the side panel (entities of the current Ads Manager view). Chrome only opens it
 * within the click's user gesture, so the window is looked up beforehand.
 */
function SidePanelButton() {
  const [windowId, setWindowId] = useState<number | null>(null);
  useEffect(() => {
    void browser.windows.getCurrent().then((window) => setWindowId(window.id ?? null));
  }, []);
  if (windowId === null) return null;
  return (
    <Button onClick={() => void browser.sidePanel.open({ windowId })} testId="open-side-panel">
      Open side panel
    </Button>
  );
}
