import { LEVELS, type Level } from '../../../companion-server/src/contract/ads-manager';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import {
  MAX_RULE_ENTITIES,
  type NameFilter,
  type RuleScope,
} from '../../../companion-server/src/contract/rules';
import { LEVEL_LABELS } from '../reporting/levels';
import { CONTROL, Field, FieldError, IdListInput, SMALL_LABEL } from './form-controls';
import type { FieldErrors } from './rule-draft';

const NAME_FILTERS: Record<NameFilter['type'], string> = {
  contains: 'contains',
  not_contains: 'does not contain',
  regex: 'matches the pattern',
};

const STATUS_CHOICES = {
  any: { label: 'Any status', statuses: null },
  active: { label: 'Active only', statuses: ['ENABLE'] },
  paused: { label: 'Paused only', statuses: ['DISABLE'] },
} as const satisfies Record<string, { label: string; statuses: RuleScope['statuses'] }>;
type StatusChoice = keyof typeof STATUS_CHOICES;

function statusChoice(statuses: RuleScope['statuses']): StatusChoice {
  if (!statuses || statuses.length === 2) return 'any';
  return statuses[0] === 'DISABLE' ? 'paused' : 'active';
}

/**
 * What the rule looks at: its ad accounts (those connected, plus any the rule already
 * names), one level, and the filters that narrow it — name, status, parent campaigns,
 * explicit ids. Every filter set must hold.
 */
export function ScopeFields(props: {
  scope: RuleScope;
  onChange: (scope: RuleScope) => void;
  accounts: readonly AdAccountView[];
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { scope, errors, readOnly } = props;
  const set = (change: Partial<RuleScope>) => props.onChange({ ...scope, ...change });
  const known = new Set(props.accounts.map((account) => account.advertiserId));
  const listed = [
    ...props.accounts.map((account) => ({ id: account.advertiserId, name: account.name })),
    ...scope.advertiserIds.filter((id) => !known.has(id)).map((id) => ({ id, name: id })),
  ];
  const toggleAccount = (id: string) =>
    set({
      advertiserIds: scope.advertiserIds.includes(id)
        ? scope.advertiserIds.filter((other) => other !== id)
        : [...scope.advertiserIds, id],
    });
  const name = scope.name;

  return (
    <div className="space-y-[10px]">
      <div>
        <span className={SMALL_LABEL}>Ad accounts</span>
        <div
          className="mt-[2px] flex max-h-[132px] flex-wrap gap-x-[12px] gap-y-[4px] overflow-y-auto"
          data-testid="rule-accounts"
        >
          {listed.map((account) => (
            <label key={account.id} className="flex min-w-0 items-center gap-[4px] text-[13px]">
              <input
                type="checkbox"
                checked={scope.advertiserIds.includes(account.id)}
                disabled={readOnly}
                onChange={() => toggleAccount(account.id)}
              />
              <span className="truncate" title={account.id}>
                {account.name}
              </span>
            </label>
          ))}
        </div>
        <FieldError message={errors['scope.advertiserIds']} field="scope.advertiserIds" />
      </div>
      <div className="flex flex-wrap gap-[10px]">
        <Field label="Level" field="scope.level" error={errors['scope.level']}>
          <select
            aria-label="Level"
            data-testid="rule-level"
            disabled={readOnly}
            value={scope.level}
            onChange={(event) => set({ level: event.target.value as Level })}
            className={CONTROL}
          >
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {LEVEL_LABELS[level]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Status" field="scope.statuses" error={errors['scope.statuses']}>
          <select
            aria-label="Status"
            data-testid="rule-statuses"
            disabled={readOnly}
            value={statusChoice(scope.statuses)}
            onChange={(event) => {
              const { statuses } = STATUS_CHOICES[event.target.value as StatusChoice];
              set({ statuses: statuses ? [...statuses] : null });
            }}
            className={CONTROL}
          >
            {Object.entries(STATUS_CHOICES).map(([value, choice]) => (
              <option key={value} value={value}>
                {choice.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field
        label="Name"
        field="scope.name.value"
        error={errors['scope.name.value'] ?? errors['scope.name']}
      >
        <div className="flex flex-wrap gap-[6px]">
          <select
            aria-label="Name filter"
            data-testid="rule-name-filter"
            disabled={readOnly}
            value={name?.type ?? 'any'}
            onChange={(event) =>
              set({
                name:
                  event.target.value === 'any'
                    ? null
                    : {
                        type: event.target.value as NameFilter['type'],
                        value: name?.value ?? '',
                      },
              })
            }
            className={CONTROL}
          >
            <option value="any">Any name</option>
            {Object.entries(NAME_FILTERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {name ? (
            <input
              aria-label="Name filter text"
              data-testid="rule-name-filter-value"
              disabled={readOnly}
              value={name.value}
              placeholder={name.type === 'regex' ? '^US-.*prospecting' : 'text in the name'}
              onChange={(event) => set({ name: { ...name, value: event.target.value } })}
              className={`${CONTROL} min-w-[140px] flex-1 ${name.type === 'regex' ? 'font-mono' : ''}`}
            />
          ) : null}
        </div>
      </Field>
      <div className="grid gap-[10px] sm:grid-cols-2">
        <Field
          label="Only in these campaigns (ids)"
          field="scope.campaignIds"
          error={errors['scope.campaignIds']}
        >
          <IdListInput
            label="Campaign ids"
            placeholder="Any campaign"
            testId="rule-campaign-ids"
            disabled={readOnly}
            value={scope.campaignIds}
            invalid={errors['scope.campaignIds'] !== undefined}
            onChange={(campaignIds) => set({ campaignIds })}
          />
        </Field>
        <Field
          label={`Only these ${LEVEL_LABELS[scope.level].toLowerCase()} (ids)`}
          field="scope.entityIds"
          error={errors['scope.entityIds']}
        >
          <IdListInput
            label="Entity ids"
            placeholder={`Any, up to ${MAX_RULE_ENTITIES.toLocaleString('en-US')}`}
            testId="rule-entity-ids"
            disabled={readOnly}
            value={scope.entityIds}
            invalid={errors['scope.entityIds'] !== undefined}
            onChange={(entityIds) => set({ entityIds })}
          />
        </Field>
      </div>
    </div>
  );
}
