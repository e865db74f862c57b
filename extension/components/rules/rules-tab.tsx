import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { RecentActions } from './recent-actions';
import { RuleLine } from './rule-line';
import { ruleTimeZone } from './rule-time-zone';
import { rulesPageUrl } from './rules-address';
import { RulesPausedNote } from './rules-paused-note';
import { useNow } from './use-now';
import { useToggleRule } from './use-rule-actions';
import { canWriteRules, useStaffRole } from './use-staff-role';

/** Rules run every few minutes: the list looks again this often while it is shown. */
const RULES_TAB_POLL_MS = 60_000;

const ALL = 'all';

/**
 * The side panel's Rules tab: the rules of an ad account, or of all, each with its switch
 * (buyers and admins; viewers read), how its last run went and when it runs next; the
 * admin's global pause; what the rules did lately (recent-actions.tsx); and the way to the
 * rules page, where rules are written.
 */
export function RulesTab(props: {
  /** The account whose rules are shown first; null: every account's. */
  advertiserId: string | null;
}) {
  const [chosen, setChosen] = useState<string>(props.advertiserId ?? ALL);
  const advertiserId = chosen === ALL ? null : chosen;
  const role = useStaffRole();
  const now = useNow();
  const accounts = useQuery({
    queryKey: queryKeys.listAdAccounts(),
    queryFn: () => api('listAdAccounts'),
    staleTime: 300_000,
  });
  const rules = useQuery({
    queryKey: queryKeys.listRules(advertiserId),
    queryFn: () => api('listRules', { query: advertiserId ? { advertiserId } : {} }),
    refetchInterval: RULES_TAB_POLL_MS,
  });
  const toggle = useToggleRule();
  const writable = canWriteRules(role);
  const readOnlyReason = writable
    ? null
    : role === 'viewer'
      ? 'Your role (viewer) can read rules but not switch them.'
      : 'Checking your role…';
  const adAccounts = accounts.data?.adAccounts ?? [];
  const panelZone = ruleTimeZone(advertiserId ? [advertiserId] : [], adAccounts);

  return (
    <section className="flex min-h-0 flex-1 flex-col gap-[8px] text-ink" data-testid="rules-tab">
      <div className="flex items-center gap-[6px]">
        <select
          aria-label="Whose rules"
          data-testid="rules-account"
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
          className="min-w-0 flex-1 truncate rounded border border-slate-300 bg-white px-1 py-1 text-[12px]"
        >
          <option value={ALL}>All ad accounts</option>
          {chosen !== ALL && !adAccounts.some((a) => a.advertiserId === chosen) ? (
            <option value={chosen}>{chosen}</option>
          ) : null}
          {adAccounts.map((account) => (
            <option key={account.advertiserId} value={account.advertiserId}>
              {account.name}
            </option>
          ))}
        </select>
        <a
          href={rulesPageUrl({ advertiserId, ruleId: null })}
          target="_blank"
          rel="noreferrer"
          data-testid="open-rules-page"
          className="shrink-0 rounded bg-ink px-2 py-1 text-[12px] font-medium whitespace-nowrap text-white hover:bg-slate-700"
        >
          Open rules page
        </a>
      </div>
      {rules.data ? <RulesPausedNote settings={rules.data.settings} timeZone={panelZone} /> : null}
      {role === 'viewer' ? (
        <p className="text-[11px] text-slate-500" data-testid="rules-read-only">
          You can read rules and their logs; your role (viewer) cannot change them.
        </p>
      ) : null}
      {toggle.error ? (
        <PanelNote tone="error" testId="rules-toggle-error">
          Could not switch the rule: {errorMessage(toggle.error)}
        </PanelNote>
      ) : null}
      {/* One scroll for the rules and what they did: two boxes scrolling apart in 720 px
          would each show a few lines. */}
      <div className="min-h-0 flex-1 space-y-[12px] overflow-y-auto" data-testid="rules-tab-body">
        {rules.data ? (
          rules.data.rules.length === 0 ? (
            <p className="text-[12px] text-slate-600" data-testid="rules-empty">
              {advertiserId ? 'No rules for this ad account yet.' : 'No rules yet.'}{' '}
              {writable ? 'Create one from a template on the rules page.' : ''}
            </p>
          ) : (
            <ul className="space-y-[6px]" data-testid="rules-list">
              {rules.data.rules.map((rule) => (
                <li key={rule.id}>
                  <RuleLine
                    rule={rule}
                    timeZone={ruleTimeZone(rule.scope.advertiserIds, adAccounts)}
                    pausedByAdmin={rules.data.settings.paused}
                    now={now}
                    readOnlyReason={readOnlyReason}
                    onToggle={() => toggle.mutate(rule)}
                    toggling={toggle.isPending && toggle.variables?.id === rule.id}
                    open={{ href: rulesPageUrl({ advertiserId, ruleId: rule.id }) }}
                  />
                </li>
              ))}
            </ul>
          )
        ) : rules.error ? (
          <PanelNote tone="error" testId="rules-error">
            Could not load the rules: {errorMessage(rules.error)}
          </PanelNote>
        ) : (
          <p className="text-[12px] text-slate-500">Loading the rules…</p>
        )}
        <RecentActions
          advertiserId={advertiserId}
          accounts={adAccounts}
          rules={rules.data?.rules}
        />
      </div>
    </section>
  );
}
