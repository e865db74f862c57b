import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { Guardrails } from '../../../companion-server/src/contract/bulk-edits';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import { initialDraft } from '../bulk-edit/operation-draft';
import { LEVEL_LABELS } from '../reporting/levels';
import { CONTROL, Field, FormSection } from '../rules/form-controls';
import type { ChangeDraft, FieldErrors } from './change-draft';
import { EntityPicker } from './entity-picker';
import { OperationFields, scheduledKindsFor } from './operation-fields';
import { TimingFields } from './timing-fields';

/** Budgets, bids and statuses are timed on campaigns and ad groups. */
const CHANGE_LEVELS: readonly Level[] = ['campaign', 'adgroup'];

/**
 * The whole scheduled change as a form: name and switch, ad account and level, the items,
 * what it does, when it fires and when it is put back. Each field shows the contract
 * schema's problem with it underneath; a viewer sees the same form, read-only.
 */
export function ChangeForm(props: {
  draft: ChangeDraft;
  onChange: (draft: ChangeDraft) => void;
  errors: FieldErrors;
  accounts: readonly AdAccountView[];
  guardrails: Guardrails | null;
  /** The chosen account's currency and zone; null while it is not known. */
  currency: string | null;
  timeZone: string | null;
  today: string;
  now: number;
  operationSummary: string | null;
  readOnly: boolean;
}) {
  const { draft, errors, readOnly } = props;
  const set = (change: Partial<ChangeDraft>) => props.onChange({ ...draft, ...change });
  const levels = CHANGE_LEVELS.includes(draft.level)
    ? CHANGE_LEVELS
    : [...CHANGE_LEVELS, draft.level];
  const knownAccount = props.accounts.some((a) => a.advertiserId === draft.advertiserId);
  const chooseLevel = (level: Level) =>
    set({
      level,
      // Ids of one level mean nothing at another.
      entityIds: [],
      operation: (scheduledKindsFor(level) as readonly string[]).includes(draft.operation.kind)
        ? draft.operation
        : { ...initialDraft(level), kind: scheduledKindsFor(level)[0] ?? 'status' },
    });

  return (
    <div className="space-y-[12px]" data-testid="change-form">
      <div className="flex flex-wrap items-start gap-x-[12px] gap-y-[4px]">
        <Field label="Name" field="name" error={errors.name} className="min-w-[200px] flex-1">
          <input
            aria-label="Name of the change"
            data-testid="change-name-input"
            disabled={readOnly}
            value={draft.name}
            placeholder="Evening budgets: $50 from 18:00 to 23:00"
            onChange={(event) => set({ name: event.target.value })}
            className={`${CONTROL} w-full ${errors.name ? 'border-red-400' : ''}`}
          />
        </Field>
        {/* Level with the name's box (under its label), whether or not a message is under it. */}
        <label className="flex items-center gap-[6px] text-[13px] sm:pt-[24px]">
          <input
            type="checkbox"
            data-testid="change-enabled"
            disabled={readOnly}
            checked={draft.enabled}
            onChange={(event) => set({ enabled: event.target.checked })}
          />
          On (fires at its times)
        </label>
      </div>
      <FormSection title="What it changes">
        <div className="flex flex-wrap gap-[10px]">
          <Field
            label="Ad account"
            field="advertiserId"
            error={errors.advertiserId}
            className="min-w-[180px] flex-1 sm:flex-none"
          >
            <select
              aria-label="Ad account"
              data-testid="change-account"
              disabled={readOnly}
              value={draft.advertiserId}
              onChange={(event) => set({ advertiserId: event.target.value, entityIds: [] })}
              className={`${CONTROL} w-full sm:w-auto sm:max-w-[280px]`}
            >
              <option value="">Choose…</option>
              {draft.advertiserId && !knownAccount ? (
                <option value={draft.advertiserId}>{draft.advertiserId}</option>
              ) : null}
              {props.accounts.map((account) => (
                <option key={account.advertiserId} value={account.advertiserId}>
                  {account.name} ({account.currency})
                </option>
              ))}
            </select>
          </Field>
          <Field label="Level" field="level" error={errors.level}>
            <select
              aria-label="Level"
              data-testid="change-level"
              disabled={readOnly}
              value={draft.level}
              onChange={(event) => chooseLevel(event.target.value as Level)}
              className={CONTROL}
            >
              {levels.map((level) => (
                <option key={level} value={level}>
                  {LEVEL_LABELS[level]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <EntityPicker
          advertiserId={draft.advertiserId}
          level={draft.level}
          currency={props.currency}
          value={draft.entityIds}
          onChange={(entityIds) => set({ entityIds })}
          error={errors.entityIds}
          readOnly={readOnly}
        />
      </FormSection>
      <FormSection
        title="What it does"
        hint="Each firing is a bulk edit like any other: TikTok’s limits, Bayme’s guardrails, the journal and the audit log."
      >
        <OperationFields
          level={draft.level}
          currency={props.currency}
          draft={draft.operation}
          onChange={(operation) => set({ operation })}
          guardrails={props.guardrails}
          error={errors.operation}
          summary={props.operationSummary}
          readOnly={readOnly}
        />
      </FormSection>
      <FormSection title="When" hint="On the ad account’s clock, whatever your own.">
        <TimingFields
          when={draft.when}
          revert={draft.revert}
          onChange={(change) => set(change)}
          timeZone={props.timeZone}
          today={props.today}
          now={props.now}
          errors={errors}
          readOnly={readOnly}
        />
      </FormSection>
    </div>
  );
}
