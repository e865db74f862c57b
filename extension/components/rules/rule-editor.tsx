import { useEffect, useMemo, useRef, useState } from 'react';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import type { RuleInput, RuleView } from '../../../companion-server/src/contract/rules';
import { PanelButton, PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { DeleteOrCancel } from './delete-or-cancel';
import { checkDraft, isDirty, previewInputOf, ruleInputOf } from './rule-draft';
import { RuleForm } from './rule-form';
import { RulePreview } from './rule-preview';
import { RuleRuns } from './rule-runs';
import { runOutcomeText } from './rule-status-text';
import { RuleSwitch } from './rule-switch';
import { ruleTimeZone } from './rule-time-zone';
import { RunLog } from './run-log';
import { NO_FILTERS, type RunLogFilters } from './run-log-query';
import { useDeleteRule, useRunRuleNow, useSaveRule, useToggleRule } from './use-rule-actions';

export type EditorSubject = { kind: 'new'; initial: RuleInput } | { kind: 'rule'; rule: RuleView };

type EditorTab = 'rule' | 'runs' | 'log';
const TAB_LABELS: Record<EditorTab, string> = { rule: 'Rule', runs: 'Recent runs', log: 'Run log' };

/**
 * One rule, new or saved: the form with its live preview beside it; for a saved rule also
 * its switch, Run now, Delete, its recent runs (with undo) and its run log. Nothing is
 * saved until Save, which the schema's problems block; a viewer reads it all.
 */
export function RuleEditor(props: {
  subject: EditorSubject;
  accounts: readonly AdAccountView[];
  canWrite: boolean;
  /** A new rule was created (a saved one stays open as it is). */
  onSaved?: (rule: RuleView) => void;
  onDeleted: () => void;
  onCancel: () => void;
}) {
  const { subject, canWrite } = props;
  const saved = subject.kind === 'rule' ? subject.rule : null;
  const template = subject.kind === 'new' ? subject.initial : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: by what `subject` holds (the saved rule or the template): `subject` itself is a new object each render.
  const savedInput = useMemo(
    () => (subject.kind === 'rule' ? ruleInputOf(subject.rule) : subject.initial),
    [saved, template],
  );
  const [draft, setDraft] = useState<RuleInput>(savedInput);
  // A saved rule changed elsewhere (a colleague, the side panel's switch) replaces a draft
  // with no changes of its own; one with changes is kept for its author to save or discard.
  const lastSaved = useRef(savedInput);
  useEffect(() => {
    setDraft((current) => (isDirty(current, lastSaved.current) ? current : savedInput));
    lastSaved.current = savedInput;
  }, [savedInput]);
  const [tab, setTab] = useState<EditorTab>('rule');
  const [logFilters, setLogFilters] = useState<RunLogFilters>(NO_FILTERS);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const check = useMemo(() => checkDraft(draft), [draft]);
  const previewInput = useMemo(() => previewInputOf(draft), [draft]);
  const dirty = subject.kind === 'new' || isDirty(draft, savedInput);
  const problems = Object.keys(check.errors).length;
  const timeZone = ruleTimeZone(draft.scope.advertiserIds, props.accounts);
  const readOnly = !canWrite;

  const save = useSaveRule();
  const remove = useDeleteRule();
  const runNow = useRunRuleNow();
  const toggle = useToggleRule();
  const error = save.error ?? remove.error ?? runNow.error ?? toggle.error;

  const onSave = () => {
    if (!check.ok) return;
    save.mutate(
      { ruleId: saved?.id ?? null, input: check.input },
      { onSuccess: (rule) => props.onSaved?.(rule) },
    );
  };

  return (
    <article className="space-y-[12px]" data-testid="rule-editor">
      <header className="space-y-[8px] rounded-[8px] border border-slate-200 bg-white p-[12px]">
        <div className="flex flex-wrap items-center gap-[10px]">
          {saved ? (
            <RuleSwitch
              on={saved.enabled}
              label={`${saved.name}: ${saved.enabled ? 'on' : 'off'}`}
              onToggle={() => toggle.mutate(saved)}
              readOnlyReason={canWrite ? null : 'Your role (viewer) can read rules only.'}
              busy={toggle.isPending}
              testId="editor-switch"
            />
          ) : null}
          {/* At least 200 px: on a narrow screen the buttons go under the name, not over it. */}
          <h2 className="min-w-[200px] flex-1 truncate text-[16px] font-bold" title={draft.name}>
            {saved ? saved.name : 'New rule'}
          </h2>
          {canWrite ? (
            <div className="flex flex-wrap items-center gap-[6px]">
              {saved ? (
                <PanelButton
                  testId="rule-run-now"
                  disabled={runNow.isPending || dirty}
                  onClick={() => runNow.mutate(saved)}
                >
                  {runNow.isPending ? 'Running…' : 'Run now'}
                </PanelButton>
              ) : null}
              <DeleteOrCancel
                testIdPrefix="rule"
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
                <PanelButton kind="link" testId="rule-discard" onClick={() => setDraft(savedInput)}>
                  Discard changes
                </PanelButton>
              ) : null}
              <PanelButton
                kind="primary"
                testId="rule-save"
                disabled={!check.ok || !dirty || save.isPending}
                onClick={onSave}
              >
                {save.isPending ? 'Saving…' : saved ? 'Save' : 'Create rule'}
              </PanelButton>
            </div>
          ) : null}
        </div>
        {canWrite && problems > 0 ? (
          <p className="text-[12px] text-red-700" data-testid="rule-problems">
            {problems === 1 ? 'One field needs' : `${problems} fields need`} fixing before the rule
            can be saved: see the messages in red.
          </p>
        ) : saved && dirty && canWrite ? (
          <p className="text-[12px] text-amber-800" data-testid="rule-unsaved">
            Unsaved changes: the rule runs as last saved until you save.
          </p>
        ) : null}
        {readOnly ? (
          <p className="text-[12px] text-slate-500" data-testid="rule-read-only">
            Read-only: your role (viewer) can read rules and their logs, not change them.
          </p>
        ) : null}
        {error ? (
          <PanelNote tone="error" testId="rule-error">
            {errorMessage(error)}
          </PanelNote>
        ) : null}
        {runNow.data ? (
          <PanelNote tone="info" testId="rule-run-result">
            Run {runNow.data.status === 'running' ? 'started' : 'finished'}:{' '}
            {runOutcomeText(draft, runNow.data)}.
          </PanelNote>
        ) : null}
        {saved ? (
          <div className="flex gap-[4px]" role="tablist" data-testid="editor-tabs">
            {(Object.keys(TAB_LABELS) as EditorTab[]).map((option) => (
              <button
                key={option}
                type="button"
                role="tab"
                aria-selected={tab === option}
                data-testid={`editor-tab-${option}`}
                onClick={() => setTab(option)}
                className={`rounded-[6px] px-[10px] py-[4px] text-[13px] ${tab === option ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}
              >
                {TAB_LABELS[option]}
              </button>
            ))}
          </div>
        ) : null}
      </header>
      {tab === 'runs' && saved ? (
        <RuleRuns
          rule={saved}
          timeZone={timeZone}
          canWrite={canWrite}
          onShowLog={(runId) => {
            setLogFilters({ ...NO_FILTERS, runId });
            setTab('log');
          }}
        />
      ) : tab === 'log' && saved ? (
        <RunLog
          ruleId={saved.id}
          filters={logFilters}
          onFilters={setLogFilters}
          timeZone={timeZone}
        />
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-[16px] xl:grid-cols-[minmax(0,11fr)_minmax(0,9fr)]">
          <RuleForm
            draft={draft}
            onChange={setDraft}
            errors={check.errors}
            accounts={props.accounts}
            timeZone={timeZone}
            readOnly={readOnly}
          />
          <div className="min-w-0 xl:sticky xl:top-[16px]">
            <RulePreview input={previewInput} timeZone={timeZone} />
          </div>
        </div>
      )}
    </article>
  );
}
