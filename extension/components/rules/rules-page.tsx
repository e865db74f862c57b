import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { RuleInput } from '../../../companion-server/src/contract/rules';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelButton, PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { PageViewSwitch } from '../scheduled-changes/page-view-switch';
import { ScheduledChangesView } from '../scheduled-changes/scheduled-changes-view';
import { RuleEditor } from './rule-editor';
import { RuleLine } from './rule-line';
import { ruleTimeZone } from './rule-time-zone';
import { parseRulesAddress, type RulesPageView, rulesSearch } from './rules-address';
import { RulesPauseSwitch } from './rules-pause-switch';
import { RulesPausedNote } from './rules-paused-note';
import { TemplatePicker } from './template-picker';
import { useNow } from './use-now';
import { useToggleRule } from './use-rule-actions';
import { canWriteRules, useStaffRole } from './use-staff-role';
import { WebhookDeliveries } from './webhook-deliveries';

/** What the editor side shows: where a new rule starts, a new rule, or a saved one. */
type Selection =
  | { kind: 'start' }
  | { kind: 'new'; initial: RuleInput; started: number }
  | { kind: 'rule'; ruleId: string };

const ALL = 'all';

/**
 * The rules page: the rules (of one ad account or all) with their switches and last runs,
 * and the chosen rule's editor with its live preview, runs and log; new rules from a
 * template or from scratch. The header switches to the scheduled changes (changes at a
 * time, scheduled-changes/), which share the account chosen. The address holds the view,
 * the account and the rule or change (`?view=&advertiserId=&ruleId=&changeId=`). Admins
 * also get the switch that pauses every rule and scheduled change. Narrower than a laptop,
 * the list and the editor take turns.
 */
export function RulesPage() {
  const initial = useMemo(() => parseRulesAddress(location.search), []);
  const [view, setView] = useState<RulesPageView>(initial.view);
  const [advertiserId, setAdvertiserId] = useState<string | null>(initial.advertiserId);
  const [changeId, setChangeId] = useState<string | null>(initial.changeId);
  // Each view stays mounted once shown, hidden while the other shows: a rule or a change
  // being written survives a look at the other view.
  const [schedulesShown, setSchedulesShown] = useState(initial.view === 'schedules');
  const showView = (next: RulesPageView) => {
    setView(next);
    if (next === 'schedules') setSchedulesShown(true);
  };
  const [selection, setSelection] = useState<Selection>(
    initial.ruleId ? { kind: 'rule', ruleId: initial.ruleId } : { kind: 'start' },
  );
  const ruleId = selection.kind === 'rule' ? selection.ruleId : null;
  useEffect(() => {
    const search = rulesSearch(
      view === 'rules'
        ? { view, advertiserId, ruleId }
        : { view, advertiserId, ruleId: null, changeId },
    );
    if (location.search !== search) history.replaceState(null, '', search || location.pathname);
  }, [view, advertiserId, ruleId, changeId]);

  const role = useStaffRole();
  const canWrite = canWriteRules(role);
  const now = useNow();
  const accounts = useQuery({
    queryKey: queryKeys.listAdAccounts(),
    queryFn: () => api('listAdAccounts'),
  });
  const adAccounts = accounts.data?.adAccounts ?? [];
  const rules = useQuery({
    queryKey: queryKeys.listRules(advertiserId),
    queryFn: () => api('listRules', { query: advertiserId ? { advertiserId } : {} }),
  });
  const rule = useQuery({
    queryKey: queryKeys.getRule(ruleId ?? ''),
    queryFn: () => api('getRule', { params: { ruleId: ruleId ?? '' } }),
    enabled: ruleId !== null,
  });
  const toggle = useToggleRule();
  const settings = rules.data?.settings;
  const pageZone = ruleTimeZone(advertiserId ? [advertiserId] : [], adAccounts);
  const newRuleAccounts = advertiserId
    ? [advertiserId]
    : adAccounts.length === 1
      ? adAccounts.map((account) => account.advertiserId)
      : [];
  const editing = selection.kind !== 'start';

  return (
    <main
      className="mx-auto max-w-[1440px] space-y-[16px] p-[12px] text-ink sm:p-[24px]"
      data-testid="rules-page"
    >
      <header className="flex flex-wrap items-center gap-x-[16px] gap-y-[8px] rounded-[8px] border border-slate-200 bg-white px-[16px] py-[12px]">
        <h1 className="text-[18px] font-bold">Bayme Ads Toolkit — Rules</h1>
        <PageViewSwitch view={view} onView={showView} />
        <a
          href={`${location.origin}/dashboard.html`}
          className="text-[13px] text-sky-700 underline"
          data-testid="rules-to-dashboard"
        >
          Reports
        </a>
        <span className="flex-1" />
        {role === 'admin' && settings ? <RulesPauseSwitch settings={settings} /> : null}
      </header>
      {schedulesShown ? (
        <div hidden={view !== 'schedules'}>
          <ScheduledChangesView
            advertiserId={advertiserId}
            onAdvertiserId={setAdvertiserId}
            changeId={changeId}
            onChangeId={setChangeId}
            accounts={adAccounts}
            role={role}
          />
        </div>
      ) : null}
      {view === 'rules' && settings ? (
        <RulesPausedNote settings={settings} timeZone={pageZone} />
      ) : null}

      <div
        hidden={view !== 'rules'}
        className="grid grid-cols-[minmax(0,1fr)] items-start gap-[16px] lg:grid-cols-[280px_minmax(0,1fr)]"
      >
        <aside
          className={`space-y-[8px] ${editing ? 'hidden lg:block' : ''}`}
          data-testid="rules-aside"
        >
          <div className="flex items-center gap-[6px]">
            <select
              aria-label="Whose rules"
              data-testid="rules-page-account"
              value={advertiserId ?? ALL}
              onChange={(event) =>
                setAdvertiserId(event.target.value === ALL ? null : event.target.value)
              }
              className="min-w-0 flex-1 rounded-[4px] border border-slate-300 bg-white px-[6px] py-[4px] text-[13px]"
            >
              <option value={ALL}>All ad accounts</option>
              {advertiserId && !adAccounts.some((a) => a.advertiserId === advertiserId) ? (
                <option value={advertiserId}>{advertiserId}</option>
              ) : null}
              {adAccounts.map((account) => (
                <option key={account.advertiserId} value={account.advertiserId}>
                  {account.name}
                </option>
              ))}
            </select>
            {canWrite ? (
              <PanelButton
                kind="primary"
                testId="new-rule"
                onClick={() => setSelection({ kind: 'start' })}
              >
                New rule
              </PanelButton>
            ) : null}
          </div>
          {toggle.error ? (
            <PanelNote tone="error">
              Could not switch the rule: {errorMessage(toggle.error)}
            </PanelNote>
          ) : null}
          {rules.data ? (
            rules.data.rules.length === 0 ? (
              <p className="text-[13px] text-slate-600" data-testid="rules-page-empty">
                No rules {advertiserId ? 'for this ad account ' : ''}yet.
              </p>
            ) : (
              <ul className="space-y-[6px]" data-testid="rules-page-list">
                {rules.data.rules.map((line) => (
                  <li key={line.id}>
                    <RuleLine
                      rule={line}
                      timeZone={ruleTimeZone(line.scope.advertiserIds, adAccounts)}
                      pausedByAdmin={rules.data.settings.paused}
                      now={now}
                      readOnlyReason={canWrite ? null : 'Your role (viewer) can read rules only.'}
                      onToggle={() => toggle.mutate(line)}
                      toggling={toggle.isPending && toggle.variables?.id === line.id}
                      open={{
                        onOpen: () => setSelection({ kind: 'rule', ruleId: line.id }),
                        selected: line.id === ruleId,
                      }}
                    />
                  </li>
                ))}
              </ul>
            )
          ) : rules.error ? (
            <PanelNote tone="error" testId="rules-page-error">
              Could not load the rules: {errorMessage(rules.error)}
            </PanelNote>
          ) : (
            <p className="text-[13px] text-slate-500">Loading the rules…</p>
          )}
          {role === 'admin' ? <WebhookDeliveries /> : null}
        </aside>

        <div className="min-w-0 space-y-[8px]">
          {editing ? (
            <button
              type="button"
              onClick={() => setSelection({ kind: 'start' })}
              className="text-[13px] text-sky-700 underline lg:hidden"
              data-testid="back-to-rules"
            >
              ← All rules
            </button>
          ) : null}
          {selection.kind === 'start' ? (
            canWrite ? (
              <TemplatePicker
                advertiserIds={newRuleAccounts}
                onPick={(draft) =>
                  setSelection({ kind: 'new', initial: draft, started: Date.now() })
                }
              />
            ) : (
              <PanelNote tone="info" testId="rules-pick">
                Pick a rule to read it, its runs and its log.
                {role === 'viewer' ? ' Your role (viewer) cannot create or change rules.' : ''}
              </PanelNote>
            )
          ) : selection.kind === 'new' ? (
            <RuleEditor
              key={`new-${selection.started}`}
              subject={{ kind: 'new', initial: selection.initial }}
              accounts={adAccounts}
              canWrite={canWrite}
              onSaved={(saved) => setSelection({ kind: 'rule', ruleId: saved.id })}
              onDeleted={() => setSelection({ kind: 'start' })}
              onCancel={() => setSelection({ kind: 'start' })}
            />
          ) : rule.data ? (
            <RuleEditor
              key={rule.data.id}
              subject={{ kind: 'rule', rule: rule.data }}
              accounts={adAccounts}
              canWrite={canWrite}
              onDeleted={() => setSelection({ kind: 'start' })}
              onCancel={() => setSelection({ kind: 'start' })}
            />
          ) : rule.error ? (
            <PanelNote tone="error" testId="rule-load-error">
              Could not load the rule: {errorMessage(rule.error)}
            </PanelNote>
          ) : (
            <p className="text-[13px] text-slate-500">Loading the rule…</p>
          )}
        </div>
      </div>
    </main>
  );
}
