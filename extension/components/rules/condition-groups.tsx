import {
  type Condition,
  type ConditionGroup,
  MAX_CONDITION_GROUPS,
  MAX_CONDITIONS_PER_GROUP,
} from '../../../companion-server/src/contract/rules';
import { ConditionFields } from './condition-fields';
import { FieldError } from './form-controls';
import type { FieldErrors } from './rule-draft';

const NEW_CONDITION: Condition = {
  left: { metric: 'cpa', window: { kind: 'last_days', days: 3, includeToday: false } },
  comparison: 'gt',
  right: { kind: 'number', value: 0 },
};

const ADD = 'text-[12px] font-medium text-sky-700 underline hover:text-sky-900';

/**
 * The rule's conditions: groups of up to five that must all hold (AND), any group being
 * enough (OR), up to five groups.
 */
export function ConditionGroups(props: {
  groups: ConditionGroup[];
  onChange: (groups: ConditionGroup[]) => void;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { groups, errors, readOnly } = props;
  const setGroup = (index: number, group: ConditionGroup | null) =>
    props.onChange(
      group === null
        ? groups.filter((_, other) => other !== index)
        : groups.map((old, other) => (other === index ? group : old)),
    );

  return (
    <div className="space-y-[6px]" data-testid="rule-groups">
      {groups.map((group, index) => {
        const field = `groups.${index}`;
        const setCondition = (at: number, condition: Condition | null) =>
          setGroup(index, {
            conditions:
              condition === null
                ? group.conditions.filter((_, other) => other !== at)
                : group.conditions.map((old, other) => (other === at ? condition : old)),
          });
        return (
          // Groups have no id of their own; the form only adds and removes at known places.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above.
          <div key={index} className="space-y-[6px]">
            {index > 0 ? (
              <p className="flex items-center gap-[8px] text-[11px] font-bold text-slate-500">
                <span className="h-px flex-1 bg-slate-200" />
                OR
                <span className="h-px flex-1 bg-slate-200" />
              </p>
            ) : null}
            <div
              className="space-y-[4px] rounded-[6px] border border-slate-200 p-[6px]"
              data-testid="rule-group"
            >
              {groups.length > 1 || group.conditions.length > 1 ? (
                <div className="flex items-center justify-between text-[11px] text-slate-500">
                  <span>
                    {groups.length > 1 ? `Group ${index + 1}` : ''}
                    {groups.length > 1 && group.conditions.length > 1 ? ': ' : ''}
                    {group.conditions.length > 1 ? 'all of these must hold' : ''}
                  </span>
                  {groups.length > 1 && !readOnly ? (
                    <button
                      type="button"
                      data-testid="remove-group"
                      onClick={() => setGroup(index, null)}
                      className="text-slate-500 underline hover:text-red-700"
                    >
                      Remove group
                    </button>
                  ) : null}
                </div>
              ) : null}
              {group.conditions.map((condition, at) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id either.
                <div key={at} className="space-y-[4px]">
                  {at > 0 ? <p className="text-[11px] font-bold text-slate-500">AND</p> : null}
                  <ConditionFields
                    condition={condition}
                    onChange={(changed) => setCondition(at, changed)}
                    onRemove={group.conditions.length > 1 ? () => setCondition(at, null) : null}
                    field={`${field}.conditions.${at}`}
                    errors={errors}
                    readOnly={readOnly}
                  />
                </div>
              ))}
              <FieldError message={errors[`${field}.conditions`]} field={`${field}.conditions`} />
              {!readOnly && group.conditions.length < MAX_CONDITIONS_PER_GROUP ? (
                <button
                  type="button"
                  data-testid="add-condition"
                  onClick={() =>
                    setGroup(index, { conditions: [...group.conditions, NEW_CONDITION] })
                  }
                  className={ADD}
                >
                  + AND condition
                </button>
              ) : null}
            </div>
          </div>
        );
      })}
      <FieldError message={errors.groups} field="groups" />
      {!readOnly && groups.length < MAX_CONDITION_GROUPS ? (
        <button
          type="button"
          data-testid="add-group"
          onClick={() => props.onChange([...groups, { conditions: [NEW_CONDITION] }])}
          className={ADD}
        >
          + OR group
        </button>
      ) : null}
    </div>
  );
}
