import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { formatAccountClock } from '../../../companion-server/src/contract/account-time';
import type { EvaluationOutcome, RuleInput } from '../../../companion-server/src/contract/rules';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { type EvaluationLine, EvaluationTable } from './evaluation-table';
import { OUTCOME_LABELS } from './rule-labels';
import { useDebouncedValue } from './use-debounced-value';

/** A pause in typing this long asks the server again; keystrokes in between do not. */
export const PREVIEW_DEBOUNCE_MS = 600;

/** "120 items: 3 would act · 110 no match · 7 not enough data", most frequent first. */
function previewSummary(evaluations: readonly EvaluationLine[]): string {
  const counts = new Map<EvaluationOutcome, number>();
  for (const line of evaluations) counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1);
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([outcome, count]) => `${count.toLocaleString('en-US')} ${OUTCOME_LABELS[outcome]}`);
  const total = evaluations.length.toLocaleString('en-US');
  return `${total} item${evaluations.length === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(' · ')}` : ''}`;
}

/**
 * The live preview: the rule as written, evaluated now by the server against TikTok's
 * figures with no write — for every item in scope, its values, the conditions it met and
 * what would happen. It follows the form once typing pauses; while the form has problems
 * it keeps the last answer and says why it is not updated.
 */
export function RulePreview(props: {
  /** The draft as the preview sends it; null while it does not pass the schema. */
  input: RuleInput | null;
  timeZone: string;
}) {
  const settled = useDebouncedValue(props.input, PREVIEW_DEBOUNCE_MS);
  const [matchesOnly, setMatchesOnly] = useState(false);
  const preview = useQuery({
    queryKey: settled ? queryKeys.previewRule(settled) : ['rulePreview'],
    queryFn: () => api('previewRule', { body: settled }),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    // TikTok's figures move in minutes: the same draft is not asked again within one.
    staleTime: 60_000,
  });
  const evaluations = preview.data?.evaluations;
  const shown = useMemo(
    () => (matchesOnly ? (evaluations ?? []).filter((line) => line.matched) : (evaluations ?? [])),
    [evaluations, matchesOnly],
  );

  return (
    <section className="space-y-[8px]" data-testid="rule-preview">
      <header className="flex flex-wrap items-baseline justify-between gap-x-[8px]">
        <h3 className="text-[14px] font-bold">Preview</h3>
        <span className="text-[11px] text-slate-500" data-testid="preview-state">
          {props.input === null
            ? 'Fix the form’s problems to update the preview.'
            : preview.isFetching || settled !== props.input
              ? 'Updating…'
              : preview.data
                ? `Evaluated ${formatAccountClock(preview.data.evaluatedAt, props.timeZone)} · nothing was changed at TikTok`
                : ''}
        </span>
      </header>
      {preview.error ? (
        <PanelNote tone="error" testId="preview-error">
          Could not preview the rule: {errorMessage(preview.error)}
        </PanelNote>
      ) : null}
      {preview.data ? (
        <>
          {preview.data.problems.map((problem) => (
            <PanelNote key={problem.advertiserId} tone="warning" testId="preview-problem">
              Ad account {problem.advertiserId} could not be read: {problem.message}
            </PanelNote>
          ))}
          {preview.data.truncated ? (
            <PanelNote tone="info" testId="preview-truncated">
              More items are in scope than a rule covers: those beyond the limit were left out.
              Narrow the scope.
            </PanelNote>
          ) : null}
          <div className="flex flex-wrap items-center justify-between gap-[8px]">
            <p className="text-[12px] font-medium text-slate-700" data-testid="preview-summary">
              {previewSummary(preview.data.evaluations)}
            </p>
            <label className="flex items-center gap-[4px] text-[12px] text-slate-600">
              <input
                type="checkbox"
                data-testid="preview-matches-only"
                checked={matchesOnly}
                onChange={(event) => setMatchesOnly(event.target.checked)}
              />
              Matches only
            </label>
          </div>
          {shown.length > 0 ? (
            <EvaluationTable
              evaluations={shown}
              timeZone={null}
              resetKey={String(matchesOnly)}
              testId="preview-table"
            />
          ) : (
            <p className="text-[12px] text-slate-600" data-testid="preview-empty">
              {matchesOnly ? 'No item matches the conditions now.' : 'No item is in scope.'}
            </p>
          )}
        </>
      ) : settled !== null && !preview.error ? (
        <p className="text-[12px] text-slate-500">Evaluating the rule against TikTok’s figures…</p>
      ) : null}
    </section>
  );
}
