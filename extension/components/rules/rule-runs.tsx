import { useQuery } from '@tanstack/react-query';
import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type { RuleRun, RuleView } from '../../../companion-server/src/contract/rules';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { Chip, type ChipTone, PanelButton, PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { runOutcomeText } from './rule-status-text';
import { useUndoRuleRun } from './use-rule-actions';

const RECENT_RUNS_LIMIT = 20;
/** While a run is under way its counts move. */
const RUNNING_POLL_MS = 3_000;

const STATUS_TONES: Record<RuleRun['status'], ChipTone> = {
  running: 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'grey',
};
const TRIGGER_LABELS: Record<RuleRun['trigger'], string> = {
  schedule: 'scheduled',
  catch_up: 'catch-up after a restart',
  manual: 'run by hand',
  undo: 'undo',
};

/** A run whose changes can be undone: it changed something, through jobs, and is no undo. */
function canUndoRun(run: RuleRun): boolean {
  return (
    run.status !== 'running' &&
    run.acted > 0 &&
    run.jobIds.length > 0 &&
    run.trigger !== 'undo' &&
    run.undoneAt === null
  );
}

/**
 * The rule's recent runs, newest first: when (the account's time), why, what each did, and
 * "Undo this run" on those that changed something (buyers and admins), through the same
 * undo as a bulk edit. A run opens its entries in the run log.
 */
export function RuleRuns(props: {
  rule: RuleView;
  timeZone: string;
  canWrite: boolean;
  onShowLog: (runId: string) => void;
}) {
  const { rule } = props;
  const runs = useQuery({
    queryKey: queryKeys.listRuleRuns(rule.id, RECENT_RUNS_LIMIT),
    queryFn: () =>
      api('listRuleRuns', { params: { ruleId: rule.id }, query: { limit: RECENT_RUNS_LIMIT } }),
    refetchInterval: (query) =>
      query.state.data?.runs.some((run) => run.status === 'running') ? RUNNING_POLL_MS : false,
  });
  const undo = useUndoRuleRun(rule.scope.advertiserIds);

  return (
    <section className="space-y-[8px]" data-testid="rule-runs">
      {undo.error ? (
        <PanelNote tone="error" testId="undo-error">
          Could not undo the run: {errorMessage(undo.error)}
        </PanelNote>
      ) : null}
      {undo.data ? (
        <PanelNote tone="info" testId="undo-started">
          {undo.data.status === 'running'
            ? 'Undo started: it shows in the runs below as it puts things back.'
            : `Undo ${undo.data.status}: ${runOutcomeText(rule, undo.data)}.`}
        </PanelNote>
      ) : null}
      {runs.data ? (
        runs.data.runs.length === 0 ? (
          <p className="text-[12px] text-slate-600" data-testid="runs-empty">
            The rule has not run yet.
          </p>
        ) : (
          <ul className="space-y-[6px]" data-testid="runs-list">
            {runs.data.runs.map((run) => (
              <li
                key={run.runId}
                className="rounded-[6px] border border-slate-200 bg-white px-[10px] py-[8px] text-[12px]"
                data-testid="run-line"
                data-run-id={run.runId}
              >
                <div className="flex flex-wrap items-center gap-x-[8px] gap-y-[2px]">
                  <Chip tone={STATUS_TONES[run.status]}>{run.status}</Chip>
                  <span className="font-medium text-ink">
                    {formatAccountDateTime(run.startedAt, props.timeZone)}
                  </span>
                  <span className="text-slate-500">{TRIGGER_LABELS[run.trigger]}</span>
                </div>
                <p className="mt-[2px] text-slate-800" data-testid="run-outcome">
                  {runOutcomeText(rule, run)}
                </p>
                <p className="text-[11px] text-slate-500">
                  {run.evaluated.toLocaleString('en-US')} evaluated · {run.matched} matched ·{' '}
                  {run.acted} acted
                  {run.needsApproval > 0 ? ` · ${run.needsApproval} await approval` : ''}
                  {run.undoneAt
                    ? ` · undone ${formatAccountDateTime(run.undoneAt, props.timeZone)}`
                    : run.undoAt
                      ? ` · undone by itself at ${formatAccountDateTime(run.undoAt, props.timeZone)}`
                      : ''}
                </p>
                <div className="mt-[4px] flex flex-wrap gap-[8px]">
                  <PanelButton
                    kind="link"
                    testId="run-show-log"
                    onClick={() => props.onShowLog(run.runId)}
                  >
                    Its log
                  </PanelButton>
                  {props.canWrite && canUndoRun(run) ? (
                    <PanelButton
                      kind="link"
                      testId="run-undo"
                      disabled={undo.isPending}
                      onClick={() => undo.mutate(run.runId)}
                    >
                      {undo.isPending && undo.variables === run.runId
                        ? 'Undoing…'
                        : 'Undo this run'}
                    </PanelButton>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )
      ) : runs.error ? (
        <PanelNote tone="error" testId="runs-error">
          Could not load the runs: {errorMessage(runs.error)}
        </PanelNote>
      ) : (
        <p className="text-[12px] text-slate-500">Loading the runs…</p>
      )}
    </section>
  );
}
