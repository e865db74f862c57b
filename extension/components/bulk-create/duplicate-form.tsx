import { type FormEvent, useState } from 'react';
import { PanelButton, PanelNote } from '../bulk-edit/controls';
import {
  buildDuplicateRequest,
  type DuplicateDraft,
  type DuplicateLevel,
  MAX_DUPLICATES,
} from './duplicate-draft';
import type { DuplicateRequest } from './use-create-plan';

/**
 * How to copy the ticked campaigns or ad groups: a suffix for the copies' names, a budget
 * for all of them (or each original's), and whether they start paused (the default).
 */
export function DuplicateForm(props: {
  level: DuplicateLevel;
  entityIds: string[];
  currency: string;
  draft: DuplicateDraft;
  onDraftChange: (draft: DuplicateDraft) => void;
  onPreview: (request: DuplicateRequest) => void;
  pending: boolean;
  serverError: string | null;
}) {
  const { draft } = props;
  // Complaints about the input wait for the first Preview, not the first keystroke.
  const [attempted, setAttempted] = useState(false);
  const result = buildDuplicateRequest(draft, props.level, props.entityIds);
  const tooMany = props.entityIds.length > MAX_DUPLICATES;
  const update = (change: Partial<DuplicateDraft>) => props.onDraftChange({ ...draft, ...change });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (result.ok) props.onPreview(result.request);
  };

  return (
    <form className="space-y-[10px]" data-testid="duplicate-form" onSubmit={submit} noValidate>
      <label className="block text-[12px] font-semibold text-slate-700">
        Name suffix
        <input
          data-testid="duplicate-suffix"
          autoComplete="off"
          value={draft.nameSuffix}
          onChange={(event) => update({ nameSuffix: event.target.value })}
          className="mt-[2px] block w-full rounded-[4px] border border-slate-300 px-[6px] py-[4px] text-[13px] font-normal"
        />
      </label>
      <label className="block text-[12px] font-semibold text-slate-700">
        New budget ({props.currency}, optional)
        <input
          data-testid="duplicate-budget"
          inputMode="decimal"
          autoComplete="off"
          placeholder="Same as each original"
          value={draft.budget}
          onChange={(event) => update({ budget: event.target.value })}
          className="mt-[2px] block w-full rounded-[4px] border border-slate-300 px-[6px] py-[4px] text-[13px] font-normal"
        />
      </label>
      <label className="flex items-center gap-[6px] text-[13px]">
        <input
          type="checkbox"
          data-testid="duplicate-paused"
          checked={draft.paused}
          onChange={(event) => update({ paused: event.target.checked })}
        />
        Create paused
      </label>
      {(attempted || tooMany) && !result.ok ? (
        <PanelNote tone="error" testId="duplicate-form-error">
          {result.error}
        </PanelNote>
      ) : null}
      {props.serverError ? (
        <PanelNote tone="error" testId="create-error">
          {props.serverError}
        </PanelNote>
      ) : null}
      <PanelButton
        type="submit"
        kind="primary"
        testId="duplicate-preview"
        disabled={props.pending || tooMany || props.entityIds.length === 0}
      >
        {props.pending ? 'Previewing…' : 'Preview'}
      </PanelButton>
    </form>
  );
}
