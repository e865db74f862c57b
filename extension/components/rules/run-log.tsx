import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { EVALUATION_OUTCOMES } from '../../../companion-server/src/contract/rules';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelButton, PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { EvaluationTable } from './evaluation-table';
import { CONTROL } from './form-controls';
import { OUTCOME_LABELS } from './rule-labels';
import { type RunLogFilters, runLogQuery } from './run-log-query';
import { useDebouncedValue } from './use-debounced-value';

/** Typing an id asks once the typing pauses. */
const ID_DEBOUNCE_MS = 300;

/**
 * A rule's run log, newest first: for every item of every run, the values it used, each
 * condition's text and result, the outcome and its reason, at the account's time. Filtered
 * by item id, outcome, acted-on only or one run; older entries page in on demand.
 */
export function RunLog(props: {
  ruleId: string;
  filters: RunLogFilters;
  onFilters: (filters: RunLogFilters) => void;
  timeZone: string;
}) {
  const { filters } = props;
  const entityId = useDebouncedValue(filters.entityId, ID_DEBOUNCE_MS);
  const built = runLogQuery(props.ruleId, { ...filters, entityId });
  const query = built.query;
  const log = useInfiniteQuery({
    queryKey: query ? queryKeys.searchEvaluations(query) : ['rules', 'log', 'none'],
    queryFn: ({ pageParam }) =>
      api('searchEvaluations', {
        query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
    initialPageParam: null as string | null,
    // The server says where the page ended: entries of the same millisecond are never
    // skipped or shown twice, as they were when pages were cut by time.
    getNextPageParam: (page) => page.nextCursor,
    enabled: query !== null,
  });
  const evaluations = useMemo(
    () => log.data?.pages.flatMap((page) => page.evaluations) ?? [],
    [log.data],
  );
  const set = (change: Partial<RunLogFilters>) => props.onFilters({ ...filters, ...change });

  return (
    <section className="space-y-[8px]" data-testid="run-log">
      <div className="flex flex-wrap items-center gap-[8px]" data-testid="run-log-filters">
        <input
          aria-label="Item id"
          placeholder="Item id"
          data-testid="run-log-entity"
          value={filters.entityId}
          onChange={(event) => set({ entityId: event.target.value })}
          className={`${CONTROL} w-[190px] font-mono text-[12px]`}
        />
        <select
          aria-label="Outcome"
          data-testid="run-log-outcome"
          value={filters.outcome ?? ''}
          onChange={(event) =>
            set({
              outcome:
                EVALUATION_OUTCOMES.find((outcome) => outcome === event.target.value) ?? null,
            })
          }
          className={CONTROL}
        >
          <option value="">Any outcome</option>
          {EVALUATION_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {OUTCOME_LABELS[outcome]}
            </option>
          ))}
        </select>
        <label className="flex items-center gap-[4px] text-[12px] text-slate-700">
          <input
            type="checkbox"
            data-testid="run-log-acted"
            checked={filters.actedOnly}
            onChange={(event) => set({ actedOnly: event.target.checked })}
          />
          Acted on only
        </label>
        {filters.runId ? (
          <span className="inline-flex items-center gap-[4px] rounded-full bg-sky-100 px-[8px] py-[1px] text-[11px] text-sky-900">
            One run
            <button
              type="button"
              aria-label="Show every run"
              data-testid="run-log-all-runs"
              onClick={() => set({ runId: null })}
              className="font-bold"
            >
              ×
            </button>
          </span>
        ) : null}
      </div>
      {built.problem ? (
        <p className="text-[12px] text-red-700" data-testid="run-log-problem">
          {built.problem}
        </p>
      ) : log.error ? (
        <PanelNote tone="error" testId="run-log-error">
          Could not load the run log: {errorMessage(log.error)}
        </PanelNote>
      ) : log.isPending ? (
        <p className="text-[12px] text-slate-500">Loading the run log…</p>
      ) : evaluations.length === 0 ? (
        <p className="text-[12px] text-slate-600" data-testid="run-log-empty">
          Nothing in the log matches.
        </p>
      ) : (
        <>
          <EvaluationTable
            evaluations={evaluations}
            timeZone={props.timeZone}
            resetKey={JSON.stringify(query)}
            testId="run-log-table"
          />
          <div className="flex items-center gap-[8px] text-[12px] text-slate-500">
            <span data-testid="run-log-count">
              {evaluations.length.toLocaleString('en-US')} entries, newest first · times in{' '}
              {props.timeZone}
            </span>
            {log.hasNextPage ? (
              <PanelButton
                kind="link"
                testId="run-log-older"
                disabled={log.isFetchingNextPage}
                onClick={() => void log.fetchNextPage()}
              >
                {log.isFetchingNextPage ? 'Loading…' : 'Older entries'}
              </PanelButton>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
