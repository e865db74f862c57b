import type { RuleInput } from '../../../companion-server/src/contract/rules';
import { Field, NumberInput } from './form-controls';
import type { FieldErrors } from './rule-draft';

/** How often the rule may act: a cool-down per item, and a cap on actions per run. */
export function LimitsFields(props: {
  cooldownHours: number;
  maxActionsPerRun: number;
  onChange: (change: Partial<Pick<RuleInput, 'cooldownHours' | 'maxActionsPerRun'>>) => void;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { errors, readOnly } = props;
  return (
    <div className="flex flex-wrap gap-[16px]">
      <Field label="Cool-down per item" field="cooldownHours" error={errors.cooldownHours}>
        <span className="inline-flex items-center gap-[4px] text-[12px] text-slate-600">
          <NumberInput
            label="Cool-down in hours"
            testId="cooldownHours"
            disabled={readOnly}
            value={props.cooldownHours}
            widthClass="w-[64px]"
            invalid={errors.cooldownHours !== undefined}
            onChange={(cooldownHours) => props.onChange({ cooldownHours })}
          />
          hours before acting on it again
        </span>
      </Field>
      <Field label="At most" field="maxActionsPerRun" error={errors.maxActionsPerRun}>
        <span className="inline-flex items-center gap-[4px] text-[12px] text-slate-600">
          <NumberInput
            label="Actions per run at most"
            testId="maxActionsPerRun"
            disabled={readOnly}
            value={props.maxActionsPerRun}
            widthClass="w-[64px]"
            invalid={errors.maxActionsPerRun !== undefined}
            onChange={(maxActionsPerRun) => props.onChange({ maxActionsPerRun })}
          />
          actions per run (the rest wait)
        </span>
      </Field>
    </div>
  );
}
