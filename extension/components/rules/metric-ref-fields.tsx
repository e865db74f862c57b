import {
  isWindowed,
  type MetricRef,
  RULE_METRICS,
  type RuleMetric,
  type RuleWindow,
} from '../../../companion-server/src/contract/rules';
import { CONTROL, FieldError, NumberInput } from './form-controls';
import type { FieldErrors } from './rule-draft';
import {
  RULE_METRIC_LABELS,
  WINDOW_CHOICE_LABELS,
  type WindowChoice,
  windowChoice,
  windowOf,
} from './rule-labels';

/**
 * A window of the account's days: today so far, yesterday, the last N days (to yesterday or
 * with today), lifetime. `field` is its key in the form's errors ("minimumData.window").
 */
export function WindowSelect(props: {
  window: RuleWindow;
  onChange: (window: RuleWindow) => void;
  label: string;
  field: string;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { window, field, errors } = props;
  const daysError = errors[`${field}.days`];
  return (
    <span className="inline-flex flex-wrap items-center gap-[4px]">
      <select
        aria-label={props.label}
        data-testid={`${field}-kind`}
        disabled={props.readOnly}
        value={windowChoice(window)}
        onChange={(event) => props.onChange(windowOf(event.target.value as WindowChoice, window))}
        className={CONTROL}
      >
        {Object.entries(WINDOW_CHOICE_LABELS).map(([choice, label]) => (
          <option key={choice} value={choice}>
            {label}
          </option>
        ))}
      </select>
      {window.kind === 'last_days' ? (
        <span className="inline-flex items-center gap-[4px] text-[12px] text-slate-600">
          N =
          <NumberInput
            label={`${props.label}: days`}
            testId={`${field}-days`}
            value={window.days}
            disabled={props.readOnly}
            widthClass="w-[48px]"
            invalid={daysError !== undefined}
            onChange={(days) => props.onChange({ ...window, days })}
          />
        </span>
      ) : null}
      <FieldError message={daysError ?? errors[field]} field={field} />
    </span>
  );
}

/** A metric, and its window when it takes one (budget, age and last change take none). */
export function MetricRefFields(props: {
  value: MetricRef;
  onChange: (value: MetricRef) => void;
  label: string;
  field: string;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { value, field } = props;
  const chooseMetric = (metric: RuleMetric) =>
    props.onChange({
      metric,
      window: isWindowed(metric) ? (value.window ?? { kind: 'today' }) : null,
    });
  return (
    <span className="inline-flex min-w-0 flex-wrap items-center gap-[4px]">
      <select
        aria-label={`${props.label}: metric`}
        data-testid={`${field}-metric`}
        disabled={props.readOnly}
        value={value.metric}
        onChange={(event) => chooseMetric(event.target.value as RuleMetric)}
        className={CONTROL}
      >
        {RULE_METRICS.map((metric) => (
          <option key={metric} value={metric}>
            {RULE_METRIC_LABELS[metric]}
          </option>
        ))}
      </select>
      {value.window ? (
        <WindowSelect
          window={value.window}
          onChange={(window) => props.onChange({ ...value, window })}
          label={`${props.label}: window`}
          field={`${field}.window`}
          errors={props.errors}
          readOnly={props.readOnly}
        />
      ) : (
        <FieldError message={props.errors[`${field}.window`]} field={`${field}.window`} />
      )}
      <FieldError message={props.errors[`${field}.metric`]} field={`${field}.metric`} />
    </span>
  );
}
