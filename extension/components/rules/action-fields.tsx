import type { RuleAction, RuleUntil } from '../../../companion-server/src/contract/rules';
import { CONTROL, Field, FieldError, NumberInput, OptionalNumberInput } from './form-controls';
import type { FieldErrors } from './rule-draft';
import { ACTION_LABELS } from './rule-labels';

type AmountAction = Extract<RuleAction, { kind: 'budget' | 'bid' }>;
type AmountChange = AmountAction['change'];

const CHANGE_LABELS: Record<AmountChange['type'], string> = {
  percent: 'by ± %',
  amount: 'by ± amount',
  set: 'set to',
};

/** The action a kind starts as, keeping the amount already typed between budget and bid. */
function actionOf(kind: RuleAction['kind'], current: RuleAction): RuleAction {
  if (kind === 'budget' || kind === 'bid') {
    if (current.kind === 'budget' || current.kind === 'bid') return { ...current, kind };
    return { kind, change: { type: 'percent', value: 20 }, floor: null, ceiling: null };
  }
  return { kind };
}

/**
 * What the rule does to a match — pause, turn on, change the budget or bid (by a percent,
 * by an amount or to a value, kept between a floor and a ceiling), or only notify — and
 * whether that is undone later ("until").
 */
export function ActionFields(props: {
  action: RuleAction;
  until: RuleUntil | null;
  onChange: (change: { action?: RuleAction; until?: RuleUntil | null }) => void;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { action, until, errors, readOnly } = props;
  const setAction = (next: RuleAction) => props.onChange({ action: next });
  const undoable = action.kind !== 'notify';

  return (
    <div className="space-y-[10px]">
      <div className="flex flex-wrap items-start gap-[6px]">
        <select
          aria-label="Action"
          data-testid="rule-action"
          disabled={readOnly}
          value={action.kind}
          onChange={(event) =>
            props.onChange({
              action: actionOf(event.target.value as RuleAction['kind'], action),
              ...(event.target.value === 'notify' ? { until: null } : {}),
            })
          }
          className={CONTROL}
        >
          {Object.entries(ACTION_LABELS).map(([kind, label]) => (
            <option key={kind} value={kind}>
              {label}
            </option>
          ))}
        </select>
        {action.kind === 'budget' || action.kind === 'bid' ? (
          <AmountFields action={action} onChange={setAction} errors={errors} readOnly={readOnly} />
        ) : null}
      </div>
      {action.kind === 'budget' || action.kind === 'bid' ? (
        <div className="flex flex-wrap gap-[10px]">
          <Field label="Never below" field="action.floor" error={errors['action.floor']}>
            <OptionalNumberInput
              label="Floor"
              placeholder="No floor"
              testId="action.floor"
              disabled={readOnly}
              value={action.floor}
              invalid={errors['action.floor'] !== undefined}
              onChange={(floor) => setAction({ ...action, floor })}
            />
          </Field>
          <Field label="Never above" field="action.ceiling" error={errors['action.ceiling']}>
            <OptionalNumberInput
              label="Ceiling"
              placeholder="No ceiling"
              testId="action.ceiling"
              disabled={readOnly}
              value={action.ceiling}
              invalid={errors['action.ceiling'] !== undefined}
              onChange={(ceiling) => setAction({ ...action, ceiling })}
            />
          </Field>
        </div>
      ) : null}
      {undoable ? (
        <Field label="Undo it" field="until" error={errors['until.hours'] ?? errors.until}>
          <div className="flex flex-wrap items-center gap-[6px]">
            <select
              aria-label="Undo it"
              data-testid="rule-until"
              disabled={readOnly}
              value={until?.kind ?? 'never'}
              onChange={(event) => {
                const kind = event.target.value;
                props.onChange({
                  until:
                    kind === 'midnight'
                      ? { kind: 'midnight' }
                      : kind === 'hours'
                        ? { kind: 'hours', hours: until?.kind === 'hours' ? until.hours : 24 }
                        : null,
                });
              }}
              className={CONTROL}
            >
              <option value="never">Never: the change stays</option>
              <option value="midnight">At the account’s next midnight</option>
              <option value="hours">After some hours</option>
            </select>
            {until?.kind === 'hours' ? (
              <span className="inline-flex items-center gap-[4px] text-[12px] text-slate-600">
                <NumberInput
                  label="Hours until undone"
                  testId="until.hours"
                  disabled={readOnly}
                  value={until.hours}
                  widthClass="w-[56px]"
                  invalid={errors['until.hours'] !== undefined}
                  onChange={(hours) => props.onChange({ until: { kind: 'hours', hours } })}
                />
                hours later
              </span>
            ) : null}
          </div>
        </Field>
      ) : null}
    </div>
  );
}

function AmountFields(props: {
  action: AmountAction;
  onChange: (action: RuleAction) => void;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { action, errors, readOnly } = props;
  const { change } = action;
  const error = errors['action.change.value'] ?? errors['action.change'];
  return (
    <span className="inline-flex flex-wrap items-start gap-[6px]">
      <select
        aria-label="How"
        data-testid="action.change.type"
        disabled={readOnly}
        value={change.type}
        onChange={(event) =>
          props.onChange({
            ...action,
            change: {
              type: event.target.value as AmountChange['type'],
              value: change.value,
            } as AmountChange,
          })
        }
        className={CONTROL}
      >
        {Object.entries(CHANGE_LABELS).map(([type, label]) => (
          <option key={type} value={type}>
            {label}
          </option>
        ))}
      </select>
      <span className="inline-flex items-center gap-[4px] text-[12px] text-slate-600">
        <span>
          <NumberInput
            label="Amount"
            testId="action.change.value"
            disabled={readOnly}
            value={change.value}
            widthClass="w-[80px]"
            invalid={error !== undefined}
            onChange={(value) =>
              props.onChange({ ...action, change: { ...change, value } as AmountChange })
            }
          />
          <FieldError message={error} field="action.change.value" />
        </span>
        {change.type === 'percent' ? '%' : 'in the account’s currency'}
      </span>
    </span>
  );
}
