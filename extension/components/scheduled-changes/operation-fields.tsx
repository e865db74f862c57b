import { useId } from 'react';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { Guardrails } from '../../../companion-server/src/contract/bulk-edits';
import { currencyDigits } from '../../../companion-server/src/contract/currency';
import {
  SCHEDULED_OPERATION_KINDS,
  type ScheduledOperationKind,
} from '../../../companion-server/src/contract/scheduled-changes';
import {
  type ChangeMode,
  kindsFor,
  modesFor,
  type OperationDraft,
} from '../bulk-edit/operation-draft';
import { CONTROL, FieldError, SMALL_LABEL } from '../rules/form-controls';

const KIND_LABELS: Record<ScheduledOperationKind, string> = {
  budget: 'Budget',
  bid: 'Bid',
  status: 'Pause or enable',
};
const MODE_LABELS: Record<ChangeMode, string> = {
  set: 'Set to',
  percent: 'Raise or lower by %',
  amount: 'Raise or lower by an amount',
};

/** The kinds of change a scheduled change makes at a level (ad groups: all three). */
export function scheduledKindsFor(level: Level): ScheduledOperationKind[] {
  const kinds: readonly string[] = kindsFor(level);
  return SCHEDULED_OPERATION_KINDS.filter((kind) => kinds.includes(kind));
}

/**
 * What a scheduled change does: a budget or a bid set or moved, or a pause or an enable.
 * The values are the bulk-edit form's (operation-draft.ts), and so is their check; the
 * bulk-edit form itself offers renames, schedules and more, and submits to a preview, so
 * only its draft is shared. A change beyond Bayme's guardrail is said to change nothing: a
 * firing does not wait for an admin.
 */
export function OperationFields(props: {
  level: Level;
  /** The ad account's; null while it is not known. */
  currency: string | null;
  draft: OperationDraft;
  onChange: (draft: OperationDraft) => void;
  guardrails: Guardrails | null;
  error: string | undefined;
  /** What the change does in words, once it is valid. */
  summary: string | null;
  readOnly: boolean;
}) {
  const { draft, readOnly } = props;
  const id = useId();
  const set = (change: Partial<OperationDraft>) => props.onChange({ ...draft, ...change });
  const modes = modesFor(draft.kind);
  const currency = props.currency ?? '';
  const valueLabel =
    draft.mode === 'percent'
      ? 'Percent'
      : draft.mode === 'set'
        ? `New amount${currency ? ` (${currency})` : ''}`
        : `Amount${currency ? ` (${currency})` : ''}`;

  return (
    <div className="space-y-[8px]" data-testid="change-operation">
      <div
        className="flex flex-wrap gap-x-[14px] gap-y-[4px]"
        role="radiogroup"
        aria-label="What to change"
      >
        {scheduledKindsFor(props.level).map((kind) => (
          <label key={kind} className="flex items-center gap-[4px] text-[13px]">
            <input
              type="radio"
              name={`${id}-kind`}
              data-testid={`change-kind-${kind}`}
              disabled={readOnly}
              checked={draft.kind === kind}
              onChange={() =>
                set({ kind, mode: modesFor(kind).includes(draft.mode) ? draft.mode : 'set' })
              }
            />
            {KIND_LABELS[kind]}
          </label>
        ))}
      </div>
      {draft.kind === 'status' ? (
        <div className="flex gap-[14px]" role="radiogroup" aria-label="New status">
          {(['DISABLE', 'ENABLE'] as const).map((status) => (
            <label key={status} className="flex items-center gap-[4px] text-[13px]">
              <input
                type="radio"
                name={`${id}-status`}
                data-testid={`change-status-${status}`}
                disabled={readOnly}
                checked={draft.status === status}
                onChange={() => set({ status })}
              />
              {status === 'DISABLE' ? 'Pause' : 'Enable'}
            </label>
          ))}
        </div>
      ) : (
        <div className="flex flex-wrap items-end gap-[8px]">
          <label className={`block ${SMALL_LABEL}`}>
            How
            <select
              data-testid="change-mode"
              disabled={readOnly}
              value={draft.mode}
              onChange={(event) => set({ mode: event.target.value as ChangeMode })}
              className={`${CONTROL} mt-[2px] block font-normal`}
            >
              {modes.map((mode) => (
                <option key={mode} value={mode}>
                  {MODE_LABELS[mode]}
                </option>
              ))}
            </select>
          </label>
          {draft.mode === 'set' ? null : (
            <fieldset className="flex gap-[4px]">
              <legend className="sr-only">Direction</legend>
              {(['raise', 'lower'] as const).map((direction) => (
                <button
                  key={direction}
                  type="button"
                  aria-pressed={draft.direction === direction}
                  data-testid={`change-direction-${direction}`}
                  disabled={readOnly}
                  onClick={() => set({ direction })}
                  className={`rounded-[4px] px-[10px] py-[5px] text-[12px] font-medium ${draft.direction === direction ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700'}`}
                >
                  {direction === 'raise' ? 'Raise' : 'Lower'}
                </button>
              ))}
            </fieldset>
          )}
          <label className={`block ${SMALL_LABEL}`}>
            {valueLabel}
            <input
              data-testid="change-value"
              inputMode="decimal"
              autoComplete="off"
              disabled={readOnly}
              value={draft.value}
              aria-invalid={props.error ? true : undefined}
              onChange={(event) => set({ value: event.target.value })}
              placeholder={
                draft.mode === 'percent' ? '20' : currencyDigits(currency) === 0 ? '5000' : '50.00'
              }
              className={`${CONTROL} mt-[2px] block w-[120px] font-normal tabular-nums ${props.error ? 'border-red-400' : ''}`}
            />
          </label>
        </div>
      )}
      <FieldError message={props.error} field="operation" />
      {props.summary ? (
        <p className="text-[12px] text-slate-700" data-testid="change-operation-summary">
          {props.summary}
        </p>
      ) : null}
      {props.guardrails && draft.kind !== 'status' ? (
        <p className="text-[11px] text-slate-500" data-testid="change-guardrail">
          Changes beyond ±{props.guardrails.maxChangePercent}% of a current value are not made by a
          scheduled change: it does not wait for an admin’s approval.
        </p>
      ) : null}
    </div>
  );
}
