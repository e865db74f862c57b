import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import type { RuleView } from '../../../companion-server/src/contract/rules';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { CONTROL } from './form-controls';
import { RecentActionLine } from './recent-action-line';
import { RECENT_ACTIONS_LIMIT, recentActionsQuery } from './recent-actions-query';
import { rulesPageUrl } from './rules-address';
import { useDebouncedValue } from './use-debounced-value';

/** Rules run every few minutes: the list looks again as often as the rules' list does. */
const RECENT_ACTIONS_POLL_MS = 60_000;
/** Typing an id asks once the typing pauses. */
const ID_DEBOUNCE_MS = 300;

/**
 * The side panel's run log: the latest things rules did or asked for (done, awaiting an
 * admin, failed, notified) in the followed ad account or in all, newest first, each at the
 * account's time with the zone named, its rule (a link to the rule's page and its full
 * log), the item, the change in the account's currency and the reason. An item's id typed
 * in full narrows it to that item.
 */
export function RecentActions(props: {
  /** Null: every account's actions. */
  advertiserId: string | null;
  accounts: readonly AdAccountView[];
  /** The rules listed beside it, for their names; undefined while they load. */
  rules: readonly RuleView[] | undefined;
}) {
  const [entityIdText, setEntityIdText] = useState('');
  const entityId = useDebouncedValue(entityIdText, ID_DEBOUNCE_MS);
  const built = recentActionsQuery(props.advertiserId, entityId);
  // The problem shows as soon as a wrong character is typed, not once the typing pauses.
  const typingProblem = recentActionsQuery(props.advertiserId, entityIdText).problem;
  const query = built.query;
  const log = useQuery({
    queryKey: query ? queryKeys.searchEvaluations(query) : ['rules', 'log', 'none'],
    queryFn: () => api('searchEvaluations', { query: { ...query } }),
    enabled: query !== null,
    refetchInterval: RECENT_ACTIONS_POLL_MS,
  });
  const account = (id: string) => props.accounts.find((a) => a.advertiserId === id);
  const ruleOf = (ruleId: string) => props.rules?.find((rule) => rule.id === ruleId);
  const searched = query?.entityId ?? null;
  const evaluations = log.data?.evaluations ?? [];

  return (
    <section
      className="space-y-[6px]"
      aria-labelledby="recent-actions-title"
      data-testid="recent-actions"
    >
      <div className="flex items-center gap-[6px]">
        <h2 id="recent-actions-title" className="min-w-0 flex-1 text-[13px] font-bold">
          Recent actions
        </h2>
        {/* 190 px: a whole 19-digit id beside the box's own clear button. */}
        <input
          type="search"
          aria-label="Item id"
          placeholder="Item id"
          inputMode="numeric"
          autoComplete="off"
          data-testid="recent-actions-entity"
          value={entityIdText}
          onChange={(event) => setEntityIdText(event.target.value)}
          className={`${CONTROL} w-[190px] shrink-0 font-mono text-[12px]`}
        />
      </div>
      {(typingProblem ?? built.problem) ? (
        <p className="text-[12px] text-red-700" data-testid="recent-actions-problem">
          {typingProblem ?? built.problem}
        </p>
      ) : log.error ? (
        <PanelNote tone="error" testId="recent-actions-error">
          Could not load what the rules did: {errorMessage(log.error)}
        </PanelNote>
      ) : log.isPending ? (
        <p className="text-[12px] text-slate-500">Loading what the rules did…</p>
      ) : evaluations.length === 0 ? (
        <p className="text-[12px] text-slate-600" data-testid="recent-actions-empty">
          {searched
            ? `No rule has acted on item ${searched}${props.advertiserId ? ' in this ad account' : ''}.`
            : props.advertiserId
              ? 'No rule has acted in this ad account yet.'
              : 'No rule has acted yet.'}
        </p>
      ) : (
        <>
          <ul className="space-y-[4px]" data-testid="recent-actions-list">
            {evaluations.map((evaluation) => {
              const rule = ruleOf(evaluation.ruleId);
              // While the rules load their names are not known; a rule not among them
              // was deleted since, and has no page to open.
              const deleted = props.rules !== undefined && rule === undefined;
              return (
                <li key={`${evaluation.runId}|${evaluation.entityId}`}>
                  <RecentActionLine
                    evaluation={evaluation}
                    account={account(evaluation.advertiserId)}
                    showAccount={props.advertiserId === null}
                    ruleName={rule?.name ?? (deleted ? 'A deleted rule' : 'A rule')}
                    ruleHref={
                      deleted
                        ? null
                        : rulesPageUrl({
                            advertiserId: props.advertiserId,
                            ruleId: evaluation.ruleId,
                          })
                    }
                  />
                </li>
              );
            })}
          </ul>
          <p className="text-[11px] text-slate-500" data-testid="recent-actions-note">
            {evaluations.length >= RECENT_ACTIONS_LIMIT
              ? `The latest ${RECENT_ACTIONS_LIMIT}. `
              : ''}
            A rule’s full log, with every item each run looked at, is on its page: open it by the
            rule’s name.
          </p>
        </>
      )}
    </section>
  );
}
