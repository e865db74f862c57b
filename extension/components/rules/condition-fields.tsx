import {
  COMPARISONS,
  type Comparison,
  type Condition,
  isWindowed,
  type Operand,
} from '../../../companion-server/src/contract/rules';
import { CONTROL, FieldError, NumberInput } from './form-controls';
import { MetricRefFields } from './metric-ref-fields';
import type { FieldErrors } from './rule-draft';
import { COMPARISON_LABELS } from './rule-labels';

/**
 * One condition: a metric over a window, compared with a number or with another metric
 * times a factor ("CPA last 3 days > 1.3 × CPA last 14 days"). `field` is its key in the
 * form's errors ("groups.0.conditions.1").
 */
export function ConditionFields(props: {
  condition: Condition;
  onChange: (condition: Condition) => void;
  onRemove: (() => void) | null;
  field: string;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { condition, field, errors, readOnly } = props;
  const set = (change: Partial<Condition>) => props.onChange({ ...condition, ...change });
  const { right } = condition;
  return (
    <div
      className="flex items-start gap-[4px] rounded-[6px] bg-slate-50 p-[6px]"
      data-testid="rule-condition"
    >
      {/* Two lines: what is measured, then what it is compared with; each wraps on its own. */}
      <div className="min-w-0 flex-1 space-y-[4px]">
        <div className="flex flex-wrap items-start gap-[4px]">
          <MetricRefFields
            value={condition.left}
            onChange={(left) => set({ left })}
            label="Metric"
            field={`${field}.left`}
            errors={errors}
            readOnly={readOnly}
          />
        </div>
        <div className="flex flex-wrap items-start gap-[4px]">
          <select
            aria-label="Comparison"
            data-testid={`${field}.comparison`}
            disabled={readOnly}
            value={condition.comparison}
            onChange={(event) => set({ comparison: event.target.value as Comparison })}
            className={`${CONTROL} w-[48px]`}
          >
            {COMPARISONS.map((comparison) => (
              <option key={comparison} value={comparison}>
                {COMPARISON_LABELS[comparison]}
              </option>
            ))}
          </select>
          <select
            aria-label="Compared with"
            data-testid={`${field}.right-kind`}
            disabled={readOnly}
            value={right.kind}
            onChange={(event) =>
              set({ right: operandOf(event.target.value as Operand['kind'], condition) })
            }
            className={CONTROL}
          >
            <option value="number">a number</option>
            <option value="metric">a metric ×</option>
          </select>
          {right.kind === 'number' ? (
            <NumberInput
              label="Value"
              testId={`${field}.right.value`}
              value={right.value}
              disabled={readOnly}
              widthClass="w-[88px]"
              invalid={errors[`${field}.right.value`] !== undefined}
              onChange={(value) => set({ right: { kind: 'number', value } })}
            />
          ) : (
            <>
              <span className="inline-flex items-center gap-[4px]">
                <NumberInput
                  label="Factor"
                  testId={`${field}.right.factor`}
                  value={right.factor}
                  disabled={readOnly}
                  widthClass="w-[56px]"
                  invalid={errors[`${field}.right.factor`] !== undefined}
                  onChange={(factor) => set({ right: { ...right, factor } })}
                />
                <span className="text-[13px] text-slate-500">×</span>
              </span>
              <MetricRefFields
                value={right.ref}
                onChange={(ref) => set({ right: { ...right, ref } })}
                label="Other metric"
                field={`${field}.right.ref`}
                errors={errors}
                readOnly={readOnly}
              />
            </>
          )}
          <FieldError message={errors[`${field}.right.value`]} field={`${field}.right.value`} />
          <FieldError message={errors[`${field}.right.factor`]} field={`${field}.right.factor`} />
        </div>
      </div>
      {props.onRemove && !readOnly ? (
        <button
          type="button"
          aria-label="Remove this condition"
          title="Remove this condition"
          data-testid="remove-condition"
          onClick={props.onRemove}
          className="shrink-0 px-[4px] text-[16px] leading-[24px] text-slate-400 hover:text-red-700"
        >
          ×
        </button>
      ) : null}
    </div>
  );
}

/**
 * The other side when the buyer switches: a number keeps nothing; another metric starts as
 * the same metric over the last 14 days, times 1 (the usual "worse than its own average").
 */
function operandOf(kind: Operand['kind'], condition: Condition): Operand {
  if (kind === 'number') {
    return { kind: 'number', value: condition.right.kind === 'number' ? condition.right.value : 0 };
  }
  if (condition.right.kind === 'metric') return condition.right;
  const { metric } = condition.left;
  return {
    kind: 'metric',
    ref: {
      metric,
      window: isWindowed(metric) ? { kind: 'last_days', days: 14, includeToday: false } : null,
    },
    factor: 1,
  };
}
