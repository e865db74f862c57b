import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import type { ScheduledChangeView } from '../../../companion-server/src/contract/scheduled-changes';
import { zonedDate } from '../../../companion-server/src/lib/time-zone';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelButton, PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { DeleteOrCancel } from '../rules/delete-or-cancel';
import { RuleSwitch } from '../rules/rule-switch';
import { useNow } from '../rules/use-now';
import {
  type ChangeDraft,
  checkChangeDraft,
  draftOf,
  draftOperation,
  type FieldErrors,
  isChangeDirty,
  sameDraft,
} from './change-draft';
import { ChangeForm } from './change-form';
import { changeText } from './change-text';
import { FiringHistory } from './firing-history';
import { useDeleteChange, useSaveChange, useToggleChange } from './use-change-actions';

export type ChangeSubject =
  | { kind: 'new'; initial: ChangeDraft }
  | { kind: 'change'; change: ScheduledChangeView };

type EditorTab = 'change' | 'firings';
const TAB_LABELS: Record<EditorTab, string> = { change: 'Change', firings: 'Firings' };
const READ_ONLY = 'Your role (viewer) can read scheduled changes only.';

/** The server names the field it refuses ("Invalid scheduled change: when.at: …"). */
const SERVER_FIELD = /^Invalid scheduled change: ([A-Za-z.]+): ([\s\S]+)$/;

/**
 * One scheduled change, new or saved: its form; for a saved one also its switch, Delete and
 * its firings. Nothing is saved until Save, which the schema's problems block; a problem the
 * server finds with a field (a time that has passed) is shown under that field until it is
 * edited. A viewer reads it all.
 */
export function ChangeEditor(props: {
  subject: ChangeSubject;
  accounts: readonly AdAccountView[];
  canWrite: boolean;
  /** A new change was created (a saved one stays open as it is). */
  onSaved?: (change: ScheduledChangeView) => void;
  onDeleted: () => void;
  onCancel: () => void;
}) {
  const { subject, canWrite, accounts } = props;
  const saved = subject.kind === 'change' ? subject.change : null;
  const initial = subject.kind === 'new' ? subject.initial : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: by what `subject` holds (the saved change or the blank draft): `subject` itself is a new object each render.
  const savedDraft = useMemo(
    () => (subject.kind === 'change' ? draftOf(subject.change) : subject.initial),
    [saved, initial],
  );
  const [draft, setDraft] = useState<ChangeDraft>(savedDraft);
  const guardrailsQuery = useQuery({
    queryKey: queryKeys.getGuardrails(),
    queryFn: () => api('getGuardrails'),
    staleTime: 300_000,
  });
  const guardrails = guardrailsQuery.data ?? null;
  const account = accounts.find((a) => a.advertiserId === draft.advertiserId);
  const currency = account?.currency ?? null;
  const timeZone =
    account?.timezone ?? (saved?.advertiserId === draft.advertiserId ? saved.timezone : null);
  const now = useNow();
  const today = zonedDate(now, timeZone ?? 'UTC');
  const context = {
    currency,
    timeZone,
    guardrails,
    firedSlot: saved?.lastFiring?.slot ?? null,
    now,
  };
  const check = checkChangeDraft(draft, context);
  const dirty = saved === null || isChangeDirty(draft, saved, context);

  // A saved change changed elsewhere (a colleague, the list's switch) replaces a draft with
  // no changes of its own; one with changes is kept for its author to save or discard.
  const lastSaved = useRef(savedDraft);
  useEffect(() => {
    setDraft((current) => (sameDraft(current, lastSaved.current) ? savedDraft : current));
    lastSaved.current = savedDraft;
  }, [savedDraft]);

  const [tab, setTab] = useState<EditorTab>('change');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [serverProblem, setServerProblem] = useState<{
    draft: ChangeDraft;
    field: string;
    message: string;
  } | null>(null);
  const save = useSaveChange();
  const remove = useDeleteChange();
  const toggle = useToggleChange();
  const fieldProblem = serverProblem?.draft === draft ? serverProblem : null;
  const errors: FieldErrors = fieldProblem
    ? { ...check.errors, [fieldProblem.field]: fieldProblem.message }
    : check.errors;
  const problems = Object.keys(errors).length;
  // A refusal shown under its field is not said again above, nor once that field is edited.
  const error = (serverProblem ? null : save.error) ?? remove.error ?? toggle.error;
  const operation = draftOperation(draft, context);
  const summary =
    operation.ok && currency
      ? changeText(
          {
            level: draft.level,
            entityIds: [...new Set(draft.entityIds)],
            operation: operation.operation,
          },
          currency,
        )
      : null;
  const readOnly = !canWrite;

  const onSave = () => {
    if (!check.ok || fieldProblem) return;
    const sent = draft;
    save.mutate(
      { changeId: saved?.id ?? null, input: check.input },
      {
        onSuccess: (change) => {
          setServerProblem(null);
          props.onSaved?.(change);
        },
        onError: (failure) => {
          const match = SERVER_FIELD.exec(errorMessage(failure));
          setServerProblem(
            match?.[1] && match[2] ? { draft: sent, field: match[1], message: match[2] } : null,
          );
        },
      },
    );
  };

  return (
    <article className="space-y-[12px]" data-testid="change-editor">
      <header className="space-y-[8px] rounded-[8px] border border-slate-200 bg-white p-[12px]">
        <div className="flex flex-wrap items-center gap-[10px]">
          {saved ? (
            <RuleSwitch
              on={saved.enabled}
              label={`${saved.name}: ${saved.enabled ? 'on' : 'off'}`}
              onToggle={() => toggle.mutate(saved)}
              readOnlyReason={canWrite ? null : READ_ONLY}
              busy={toggle.isPending}
              testId="change-editor-switch"
            />
          ) : null}
          {/* At least 200 px: on a narrow screen the buttons go under the name, not over it. */}
          <h2 className="min-w-[200px] flex-1 truncate text-[16px] font-bold" title={draft.name}>
            {saved ? saved.name : 'New scheduled change'}
          </h2>
          {canWrite ? (
            <div className="flex flex-wrap items-center gap-[6px]">
              <DeleteOrCancel
                testIdPrefix="change"
                saved={saved !== null}
                confirming={confirmingDelete}
                onConfirming={setConfirmingDelete}
                deleting={remove.isPending}
                onDelete={() => {
                  if (saved) remove.mutate(saved.id, { onSuccess: () => props.onDeleted() });
                }}
                onCancel={props.onCancel}
              />
              {saved && dirty ? (
                <PanelButton
                  kind="link"
                  testId="change-discard"
                  onClick={() => setDraft(savedDraft)}
                >
                  Discard changes
                </PanelButton>
              ) : null}
              <PanelButton
                kind="primary"
                testId="change-save"
                disabled={!check.ok || fieldProblem !== null || !dirty || save.isPending}
                onClick={onSave}
              >
                {save.isPending ? 'Saving…' : saved ? 'Save' : 'Create change'}
              </PanelButton>
            </div>
          ) : null}
        </div>
        {saved ? <NextTimes change={saved} /> : null}
        {canWrite && problems > 0 ? (
          <p className="text-[12px] text-red-700" data-testid="change-problems">
            {problems === 1 ? 'One field needs' : `${problems} fields need`} fixing before the
            change can be saved: see the messages in red.
          </p>
        ) : saved && dirty && canWrite ? (
          <p className="text-[12px] text-amber-800" data-testid="change-unsaved">
            Unsaved changes: the change fires as last saved until you save.
          </p>
        ) : null}
        {readOnly ? (
          <p className="text-[12px] text-slate-500" data-testid="change-read-only">
            Read-only: your role (viewer) can read scheduled changes and their firings, not change
            them.
          </p>
        ) : null}
        {saved && confirmingDelete && saved.nextRevert ? (
          <PanelNote tone="info" testId="change-delete-note">
            Deleted, it fires no more; the put-back already waiting ({saved.nextRevert.label}) still
            happens.
          </PanelNote>
        ) : null}
        {error ? (
          <PanelNote tone="error" testId="change-error">
            {errorMessage(error)}
          </PanelNote>
        ) : null}
        {saved ? (
          <div className="flex gap-[4px]" role="tablist" data-testid="change-tabs">
            {(Object.keys(TAB_LABELS) as EditorTab[]).map((option) => (
              <button
                key={option}
                type="button"
                role="tab"
                aria-selected={tab === option}
                data-testid={`change-tab-${option}`}
                onClick={() => setTab(option)}
                className={`rounded-[6px] px-[10px] py-[4px] text-[13px] ${tab === option ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}
              >
                {TAB_LABELS[option]}
              </button>
            ))}
          </div>
        ) : null}
      </header>
      {tab === 'firings' && saved ? (
        <FiringHistory
          change={saved}
          timeZone={saved.timezone ?? timeZone ?? 'UTC'}
          currency={currency}
        />
      ) : (
        <ChangeForm
          draft={draft}
          onChange={setDraft}
          errors={errors}
          accounts={accounts}
          guardrails={guardrails}
          currency={currency}
          timeZone={timeZone}
          today={today}
          now={now}
          operationSummary={summary}
          readOnly={readOnly}
        />
      )}
    </article>
  );
}

/** When the saved change fires next and puts back next, as the server labels them. */
function NextTimes(props: { change: ScheduledChangeView }) {
  const { change } = props;
  return (
    <p className="text-[12px] text-slate-600" data-testid="change-next">
      {change.nextFiring
        ? `Next firing ${change.nextFiring.label}`
        : change.enabled
          ? 'No firing to come'
          : 'Off: no firing to come'}
      {change.nextRevert ? ` · put back ${change.nextRevert.label}` : ''}
    </p>
  );
}
