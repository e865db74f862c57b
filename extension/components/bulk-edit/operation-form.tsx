import { type FormEvent, useId, useState } from 'react';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import {
  type BulkOperation,
  type Guardrails,
  MAX_BULK_ROWS,
} from '../../../companion-server/src/contract/bulk-edits';
import { currencyDigits } from '../../../companion-server/src/contract/currency';
import { PanelButton, PanelNote } from './controls';
import { DaypartingFields } from './dayparting-fields';
import { FindReplaceFields } from './find-replace-fields';
import { LandingUrlFields } from './landing-url-fields';
import {
  buildOperation,
  type ChangeMode,
  kindsFor,
  modesFor,
  type OperationDraft,
  type OperationKind,
} from './operation-draft';
import { RenameFields } from './rename-fields';
import { ScheduleFields } from './schedule-fields';

const KIND_LABELS: Record<OperationKind, string> = {
  budget: 'Budget',
  bid: 'Bid',
  status: 'Status',
  name: 'Rename',
  schedule: 'Schedule',
  landing_url: 'Landing page',
  ad_text: 'Ad text',
  dayparting: 'Dayparting',
};
const MODE_LABELS: Record<ChangeMode, string> = {
  set: 'Set to',
  percent: 'Raise or lower by %',
  amount: 'Raise or lower by amount',
};

/**
 * The operation a buyer wants on the selected rows. Controlled by the panel, so going back
 * from the preview finds the form as it was left. Bad input is refused here with a reason;
 * what the server refuses (`serverError`) is shown as the server says it.
 */
export function OperationForm(props: {
  level: Level;
  currency: string;
  /** The account's time zone, named beside the times to type; null while unknown. */
  timezone?: string | null;
  selectedCount: number;
  /** The selected rows, offered as ad groups to copy dayparting from. */
  selected?: ReadonlyArray<{ id: string; name: string | null }>;
  draft: OperationDraft;
  onDraftChange: (draft: OperationDraft) => void;
  onPreview: (operation: BulkOperation) => void;
  pending: boolean;
  serverError: string | null;
  guardrails: Guardrails | null;
}) {
  const { draft, level } = props;
  const id = useId();
  // Complaints about the value wait for the first Preview, not the first keystroke.
  const [attempted, setAttempted] = useState(false);
  const result = buildOperation(draft, level, {
    currency: props.currency,
    guardrails: props.guardrails,
  });
  const tooMany = props.selectedCount > MAX_BULK_ROWS;
  const update = (change: Partial<OperationDraft>) => props.onDraftChange({ ...draft, ...change });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (result.ok && !tooMany && props.selectedCount > 0) props.onPreview(result.operation);
  };

  const kinds = kindsFor(level);
  const modes = modesFor(draft.kind);
  const valueLabel =
    draft.mode === 'percent'
      ? 'Percent'
      : draft.mode === 'set'
        ? `New amount (${props.currency})`
        : `Amount (${props.currency})`;

  return (
    <form className="space-y-[12px]" data-testid="bulk-form" onSubmit={submit} noValidate>
      <fieldset className="space-y-[4px]">
        <legend className="mb-[4px] text-[12px] font-semibold text-slate-700">
          What to change
        </legend>
        <div className="flex flex-wrap gap-x-[12px] gap-y-[2px]">
          {kinds.map((kind) => (
            <label key={kind} className="flex items-center gap-[4px] text-[13px]">
              <input
                type="radio"
                name={`${id}-kind`}
                data-testid={`bulk-kind-${kind}`}
                checked={draft.kind === kind}
                onChange={() =>
                  update({
                    kind,
                    mode: modesFor(kind).includes(draft.mode) ? draft.mode : 'set',
                  })
                }
              />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </div>
      </fieldset>

      {draft.kind === 'landing_url' ? (
        <LandingUrlFields
          draft={draft.landingUrl}
          onChange={(landingUrl) => update({ landingUrl: { ...draft.landingUrl, ...landingUrl } })}
        />
      ) : draft.kind === 'ad_text' ? (
        <div className="space-y-[8px]">
          <FindReplaceFields
            draft={draft.adText}
            onChange={(adText) => update({ adText: { ...draft.adText, ...adText } })}
            testIds="bulk-text"
          />
          <p className="text-[11px] text-slate-500">
            TikTok takes 1 to 100 characters (Chinese and Japanese count twice), without emoji.
          </p>
        </div>
      ) : draft.kind === 'dayparting' ? (
        <DaypartingFields
          draft={draft.dayparting}
          onChange={(dayparting) => update({ dayparting: { ...draft.dayparting, ...dayparting } })}
          candidates={props.selected ?? []}
        />
      ) : draft.kind === 'schedule' ? (
        <ScheduleFields
          timezone={props.timezone ?? null}
          schedule={draft.schedule}
          onChange={(schedule) => update({ schedule: { ...draft.schedule, ...schedule } })}
        />
      ) : draft.kind === 'name' ? (
        <RenameFields
          rename={draft.rename}
          onChange={(rename) => update({ rename: { ...draft.rename, ...rename } })}
        />
      ) : draft.kind === 'status' ? (
        <fieldset>
          <legend className="mb-[4px] text-[12px] font-semibold text-slate-700">New status</legend>
          <div className="flex gap-[12px]">
            {(['DISABLE', 'ENABLE'] as const).map((status) => (
              <label key={status} className="flex items-center gap-[4px] text-[13px]">
                <input
                  type="radio"
                  name={`${id}-status`}
                  data-testid={`bulk-status-${status}`}
                  checked={draft.status === status}
                  onChange={() => update({ status })}
                />
                {status === 'DISABLE' ? 'Pause' : 'Enable'}
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <div className="space-y-[8px]">
          <label className="block text-[12px] font-semibold text-slate-700">
            How
            <select
              data-testid="bulk-mode"
              value={draft.mode}
              onChange={(event) => update({ mode: event.target.value as ChangeMode })}
              className="mt-[2px] block w-full rounded-[4px] border border-slate-300 bg-white px-[6px] py-[4px] text-[13px] font-normal"
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
                  data-testid={`bulk-direction-${direction}`}
                  onClick={() => update({ direction })}
                  className={`rounded-[4px] px-[10px] py-[4px] text-[12px] font-medium ${draft.direction === direction ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700'}`}
                >
                  {direction === 'raise' ? 'Raise' : 'Lower'}
                </button>
              ))}
            </fieldset>
          )}
          <label className="block text-[12px] font-semibold text-slate-700">
            {valueLabel}
            <input
              data-testid="bulk-value"
              inputMode="decimal"
              autoComplete="off"
              value={draft.value}
              onChange={(event) => update({ value: event.target.value })}
              placeholder={
                draft.mode === 'percent'
                  ? '10'
                  : currencyDigits(props.currency) === 0
                    ? '5000'
                    : '50.00'
              }
              className="mt-[2px] block w-full rounded-[4px] border border-slate-300 px-[6px] py-[4px] text-[13px] font-normal"
            />
          </label>
          {props.guardrails && props.guardrails.maxChangePercent < 1_000 ? (
            <p className="text-[11px] text-slate-500" data-testid="bulk-guardrail">
              Changes beyond ±{props.guardrails.maxChangePercent}% of a current value{' '}
              {props.guardrails.overLimit === 'approval'
                ? "need an admin's approval."
                : 'are not allowed.'}
            </p>
          ) : null}
        </div>
      )}

      {draft.kind === 'landing_url' || draft.kind === 'ad_text' ? (
        <PanelNote tone="warning" testId="bulk-review-note">
          An edited ad goes back to TikTok's review and does not deliver until approved (usually
          within 24 hours). Ads in review cannot be edited.
        </PanelNote>
      ) : null}
      {attempted && !result.ok ? (
        <PanelNote tone="error" testId="bulk-form-error">
          {result.error}
        </PanelNote>
      ) : null}
      {tooMany ? (
        <PanelNote tone="error" testId="bulk-form-error">
          At most {MAX_BULK_ROWS.toLocaleString('en-US')} rows per edit: you selected{' '}
          {props.selectedCount.toLocaleString('en-US')}. Untick some and try again.
        </PanelNote>
      ) : null}
      {props.serverError ? (
        <PanelNote tone="error" testId="bulk-error">
          {props.serverError}
        </PanelNote>
      ) : null}
      <PanelButton
        type="submit"
        kind="primary"
        testId="bulk-preview-submit"
        disabled={props.pending || tooMany || props.selectedCount === 0}
      >
        {props.pending ? 'Previewing…' : 'Preview'}
      </PanelButton>
    </form>
  );
}
