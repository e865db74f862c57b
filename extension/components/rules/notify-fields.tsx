import type { RuleNotify } from '../../../companion-server/src/contract/rules';
import { CONTROL, Field } from './form-controls';
import type { FieldErrors } from './rule-draft';

const EVENTS: { key: keyof Omit<RuleNotify, 'webhookUrl'>; label: string }[] = [
  { key: 'onAction', label: 'when it acts' },
  { key: 'onApprovalNeeded', label: 'when an action waits for an admin' },
  { key: 'onFailure', label: 'when a run fails' },
];

/** Which events go to the webhook: the rule's own, or the server's when it has none. */
export function NotifyFields(props: {
  notify: RuleNotify;
  onChange: (notify: RuleNotify) => void;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { notify, errors, readOnly } = props;
  return (
    <div className="space-y-[8px]">
      <div className="flex flex-wrap gap-x-[14px] gap-y-[4px]">
        {EVENTS.map(({ key, label }) => (
          <label key={key} className="flex items-center gap-[4px] text-[13px]">
            <input
              type="checkbox"
              data-testid={`notify.${key}`}
              disabled={readOnly}
              checked={notify[key]}
              onChange={(event) => props.onChange({ ...notify, [key]: event.target.checked })}
            />
            {label}
          </label>
        ))}
      </div>
      <Field label="Webhook" field="notify.webhookUrl" error={errors['notify.webhookUrl']}>
        <input
          type="url"
          aria-label="Webhook address"
          data-testid="notify.webhookUrl"
          disabled={readOnly}
          placeholder="The server’s webhook (leave empty)"
          value={notify.webhookUrl ?? ''}
          onChange={(event) =>
            props.onChange({
              ...notify,
              webhookUrl: event.target.value.trim() === '' ? null : event.target.value.trim(),
            })
          }
          className={`${CONTROL} w-full ${errors['notify.webhookUrl'] ? 'border-red-400' : ''}`}
        />
      </Field>
    </div>
  );
}
