import type { MinimumData } from '../../../companion-server/src/contract/rules';
import { CONTROL, FieldError, NumberInput } from './form-controls';
import { WindowSelect } from './metric-ref-fields';
import type { FieldErrors } from './rule-draft';
import { RULE_METRIC_LABELS } from './rule-labels';

const GUARD_METRICS: MinimumData['metric'][] = ['impressions', 'clicks', 'spend', 'conversions'];

/**
 * The minimum-data guard: an item with less than this over the window is not judged at all,
 * so that a thin day does not pause a good ad.
 */
export function MinimumDataFields(props: {
  value: MinimumData | null;
  onChange: (value: MinimumData | null) => void;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { value, errors, readOnly } = props;
  return (
    <div className="space-y-[4px]">
      <label className="flex items-center gap-[6px] text-[13px]">
        <input
          type="checkbox"
          data-testid="minimum-data-on"
          disabled={readOnly}
          checked={value !== null}
          onChange={(event) =>
            props.onChange(
              event.target.checked
                ? { metric: 'impressions', window: { kind: 'today' }, atLeast: 1_000 }
                : null,
            )
          }
        />
        Only judge items with enough data
      </label>
      {value ? (
        <div className="flex flex-wrap items-center gap-[6px] pl-[20px] text-[12px] text-slate-600">
          at least
          <span>
            <NumberInput
              label="At least"
              testId="minimumData.atLeast"
              disabled={readOnly}
              value={value.atLeast}
              widthClass="w-[80px]"
              invalid={errors['minimumData.atLeast'] !== undefined}
              onChange={(atLeast) => props.onChange({ ...value, atLeast })}
            />
            <FieldError message={errors['minimumData.atLeast']} field="minimumData.atLeast" />
          </span>
          <select
            aria-label="Of"
            data-testid="minimumData.metric"
            disabled={readOnly}
            value={value.metric}
            onChange={(event) =>
              props.onChange({ ...value, metric: event.target.value as MinimumData['metric'] })
            }
            className={CONTROL}
          >
            {GUARD_METRICS.map((metric) => (
              <option key={metric} value={metric}>
                {RULE_METRIC_LABELS[metric].toLowerCase()}
              </option>
            ))}
          </select>
          <WindowSelect
            window={value.window}
            onChange={(window) => props.onChange({ ...value, window })}
            label="Over"
            field="minimumData.window"
            errors={errors}
            readOnly={readOnly}
          />
        </div>
      ) : null}
    </div>
  );
}
