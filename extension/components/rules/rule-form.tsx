import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import type { RuleInput } from '../../../companion-server/src/contract/rules';
import { ActionFields } from './action-fields';
import { ConditionGroups } from './condition-groups';
import { CONTROL, Field, FormSection } from './form-controls';
import { LimitsFields } from './limits-fields';
import { MinimumDataFields } from './minimum-data-fields';
import { NotifyFields } from './notify-fields';
import type { FieldErrors } from './rule-draft';
import { ScheduleFields } from './schedule-fields';
import { ScopeFields } from './scope-fields';

/**
 * The whole rule as a form: name, scope, conditions with the minimum-data guard, action and
 * its undo, schedule, limits and notifications. Each field shows the contract schema's
 * problem with it underneath; a viewer sees the same form, read-only.
 */
export function RuleForm(props: {
  draft: RuleInput;
  onChange: (draft: RuleInput) => void;
  errors: FieldErrors;
  accounts: readonly AdAccountView[];
  /** The zone the schedule runs in: the first ad account's. */
  timeZone: string;
  readOnly: boolean;
}) {
  const { draft, errors, readOnly } = props;
  const set = (change: Partial<RuleInput>) => props.onChange({ ...draft, ...change });

  return (
    <div className="space-y-[12px]" data-testid="rule-form">
      <div className="flex flex-wrap items-end gap-x-[12px] gap-y-[4px]">
        <Field label="Name" field="name" error={errors.name} className="min-w-[200px] flex-1">
          <input
            aria-label="Rule name"
            data-testid="rule-name-input"
            disabled={readOnly}
            value={draft.name}
            placeholder="Stop-loss: spend without conversions"
            onChange={(event) => set({ name: event.target.value })}
            className={`${CONTROL} w-full ${errors.name ? 'border-red-400' : ''}`}
          />
        </Field>
        <label className="flex items-center gap-[6px] pb-[5px] text-[13px]">
          <input
            type="checkbox"
            data-testid="rule-enabled"
            disabled={readOnly}
            checked={draft.enabled}
            onChange={(event) => set({ enabled: event.target.checked })}
          />
          On (runs on its schedule)
        </label>
      </div>
      <FormSection title="What it looks at">
        <ScopeFields
          scope={draft.scope}
          onChange={(scope) => set({ scope })}
          accounts={props.accounts}
          errors={errors}
          readOnly={readOnly}
        />
      </FormSection>
      <FormSection
        title="When it matches"
        hint="All conditions of a group must hold; any one group is enough. Days are the account’s."
      >
        <ConditionGroups
          groups={draft.groups}
          onChange={(groups) => set({ groups })}
          errors={errors}
          readOnly={readOnly}
        />
        <MinimumDataFields
          value={draft.minimumData}
          onChange={(minimumData) => set({ minimumData })}
          errors={errors}
          readOnly={readOnly}
        />
      </FormSection>
      <FormSection
        title="What it does"
        hint="Through the same checks as a bulk edit: TikTok’s limits, Bayme’s guardrails and approvals."
      >
        <ActionFields
          action={draft.action}
          until={draft.until}
          onChange={(change) => set(change)}
          errors={errors}
          readOnly={readOnly}
        />
      </FormSection>
      <FormSection title="When it runs">
        <ScheduleFields
          schedule={draft.schedule}
          onChange={(schedule) => set({ schedule })}
          timeZone={props.timeZone}
          errors={errors}
          readOnly={readOnly}
        />
      </FormSection>
      <FormSection title="Limits and notifications">
        <LimitsFields
          cooldownHours={draft.cooldownHours}
          maxActionsPerRun={draft.maxActionsPerRun}
          onChange={(change) => set(change)}
          errors={errors}
          readOnly={readOnly}
        />
        <NotifyFields
          notify={draft.notify}
          onChange={(notify) => set({ notify })}
          errors={errors}
          readOnly={readOnly}
        />
      </FormSection>
    </div>
  );
}
