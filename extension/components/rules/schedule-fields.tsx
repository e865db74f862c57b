import {
  DEFAULT_RULE_INTERVAL_MINUTES,
  MIN_RULE_INTERVAL_MINUTES,
  type RuleSchedule,
} from '../../../companion-server/src/contract/rules';
import { CONTROL, Field, FieldError, NumberInput } from './form-controls';
import type { FieldErrors } from './rule-draft';
import { WEEK_DAYS } from './rule-labels';

type Every = RuleSchedule['every'];

const HOURS = Array.from({ length: 25 }, (_, hour) => hour);
const hourText = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * When the rule runs, in its first ad account's time zone (named beside it): every N
 * minutes (never under 5), hourly, or daily at a time; on some days of the week only; and
 * between some hours only.
 */
export function ScheduleFields(props: {
  schedule: RuleSchedule;
  onChange: (schedule: RuleSchedule) => void;
  timeZone: string;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { schedule, errors, readOnly } = props;
  const set = (change: Partial<RuleSchedule>) => props.onChange({ ...schedule, ...change });
  const { every } = schedule;
  const chooseEvery = (kind: Every['kind']) =>
    set({
      every:
        kind === 'minutes'
          ? { kind, minutes: DEFAULT_RULE_INTERVAL_MINUTES }
          : kind === 'daily'
            ? { kind, at: '07:00' }
            : { kind },
    });
  const days = schedule.days;
  const toggleDay = (day: number) => {
    const current = days ?? WEEK_DAYS.map((entry) => entry.day);
    const next = current.includes(day)
      ? current.filter((other) => other !== day)
      : [...current, day].sort((a, b) => a - b);
    // Every day ticked is "every day" (null), which the schema keeps apart from a choice.
    set({ days: next.length === WEEK_DAYS.length ? null : next });
  };
  const everyError = errors['schedule.every.minutes'] ?? errors['schedule.every.at'];

  return (
    <div className="space-y-[10px]">
      <div>
        <div className="flex flex-wrap items-center gap-[6px]">
          <select
            aria-label="How often"
            data-testid="schedule.every.kind"
            disabled={readOnly}
            value={every.kind}
            onChange={(event) => chooseEvery(event.target.value as Every['kind'])}
            className={CONTROL}
          >
            <option value="minutes">Every N minutes</option>
            <option value="hourly">Hourly</option>
            <option value="daily">Daily at</option>
          </select>
          {every.kind === 'minutes' ? (
            <span className="inline-flex items-center gap-[4px] text-[12px] text-slate-600">
              every
              <NumberInput
                label="Minutes between runs"
                testId="schedule.every.minutes"
                disabled={readOnly}
                value={every.minutes}
                widthClass="w-[56px]"
                invalid={everyError !== undefined}
                onChange={(minutes) => set({ every: { kind: 'minutes', minutes } })}
              />
              minutes (at least {MIN_RULE_INTERVAL_MINUTES})
            </span>
          ) : every.kind === 'daily' ? (
            <input
              type="time"
              aria-label="Time of day"
              data-testid="schedule.every.at"
              disabled={readOnly}
              value={every.at}
              onChange={(event) => set({ every: { kind: 'daily', at: event.target.value } })}
              className={CONTROL}
            />
          ) : null}
          <span className="text-[12px] text-slate-500" data-testid="schedule-zone">
            times in {props.timeZone}
          </span>
        </div>
        <FieldError message={everyError} field="schedule.every" />
      </div>
      <Field label="On" field="schedule.days" error={errors['schedule.days']}>
        <div className="flex flex-wrap gap-[4px]" data-testid="schedule-days">
          {WEEK_DAYS.map(({ day, name }) => {
            const on = days === null || days.includes(day);
            return (
              <button
                key={day}
                type="button"
                aria-pressed={on}
                disabled={readOnly}
                onClick={() => toggleDay(day)}
                className={`w-[40px] rounded-[4px] border py-[2px] text-[12px] ${on ? 'border-sky-600 bg-sky-50 text-sky-900' : 'border-slate-300 text-slate-500'}`}
              >
                {name}
              </button>
            );
          })}
        </div>
      </Field>
      <Field
        label="Between"
        field="schedule.hours"
        error={
          errors['schedule.hours'] ?? errors['schedule.hours.from'] ?? errors['schedule.hours.to']
        }
      >
        <div className="flex flex-wrap items-center gap-[6px] text-[12px] text-slate-600">
          <label className="inline-flex items-center gap-[4px]">
            <input
              type="checkbox"
              data-testid="schedule-hours-on"
              disabled={readOnly}
              checked={schedule.hours !== null}
              onChange={(event) =>
                set({ hours: event.target.checked ? { from: 8, to: 20 } : null })
              }
            />
            only between
          </label>
          {schedule.hours ? (
            <>
              <HourSelect
                label="From"
                value={schedule.hours.from}
                hours={HOURS.slice(0, 24)}
                readOnly={readOnly}
                onChange={(from) => set({ hours: { from, to: schedule.hours?.to ?? 24 } })}
              />
              and
              <HourSelect
                label="To"
                value={schedule.hours.to}
                hours={HOURS.slice(1)}
                readOnly={readOnly}
                onChange={(to) => set({ hours: { from: schedule.hours?.from ?? 0, to } })}
              />
            </>
          ) : (
            <span>(all day)</span>
          )}
        </div>
      </Field>
    </div>
  );
}

function HourSelect(props: {
  label: string;
  value: number;
  hours: number[];
  readOnly: boolean;
  onChange: (hour: number) => void;
}) {
  return (
    <select
      aria-label={props.label}
      disabled={props.readOnly}
      value={props.value}
      onChange={(event) => props.onChange(Number(event.target.value))}
      className={CONTROL}
    >
      {props.hours.map((hour) => (
        <option key={hour} value={hour}>
          {hourText(hour)}
        </option>
      ))}
    </select>
  );
}
