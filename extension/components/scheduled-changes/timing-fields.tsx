import { useId } from 'react';
import {
  labelAccountWallTime,
  zoneLabel,
} from '../../../companion-server/src/contract/account-time';
import { CONTROL, FieldError, SMALL_LABEL } from '../rules/form-controls';
import { WEEK_DAYS } from '../rules/rule-labels';
import type { FieldErrors, RevertDraft, WhenDraft } from './change-draft';

/**
 * When the change fires (once at a date and time, or on chosen weekdays at a time) and when
 * its values are put back (a date and time for a one-off, a time the same day for a weekly
 * change). Every time is the ad account's clock, and says so: the zone's name beside each
 * input, and the time as the server will read it ("2026-12-07 18:00 PST").
 */
export function TimingFields(props: {
  when: WhenDraft;
  revert: RevertDraft;
  onChange: (change: { when?: WhenDraft; revert?: RevertDraft }) => void;
  /** The ad account's zone; null until the account is chosen and known. */
  timeZone: string | null;
  /** The account's today, for a one-off that had no date yet. */
  today: string;
  now: number;
  errors: FieldErrors;
  readOnly: boolean;
}) {
  const { when, revert, errors, readOnly, timeZone } = props;
  const id = useId();
  const setWhen = (change: Partial<WhenDraft>) => props.onChange({ when: { ...when, ...change } });
  const setRevert = (change: Partial<RevertDraft>) =>
    props.onChange({ revert: { ...revert, ...change } });
  const zone = timeZone ? zoneLabel(props.now, timeZone) : null;
  const toggleDay = (day: number) =>
    setWhen({
      days: when.days.includes(day)
        ? when.days.filter((other) => other !== day)
        : [...when.days, day].sort((a, b) => a - b),
    });
  const whenError = errors['when.at'] ?? errors.when;

  return (
    <div className="space-y-[12px]">
      <div className="space-y-[6px]">
        <div
          className="flex flex-wrap gap-x-[14px] gap-y-[4px]"
          role="radiogroup"
          aria-label="How often"
        >
          {(['once', 'weekly'] as const).map((kind) => (
            <label key={kind} className="flex items-center gap-[4px] text-[13px]">
              <input
                type="radio"
                name={`${id}-when`}
                data-testid={`when-kind-${kind}`}
                disabled={readOnly}
                checked={when.kind === kind}
                onChange={() => setWhen({ kind, date: when.date === '' ? props.today : when.date })}
              />
              {kind === 'once' ? 'Once' : 'Every week'}
            </label>
          ))}
        </div>
        {when.kind === 'weekly' ? (
          <div>
            <span className={`block ${SMALL_LABEL}`}>On</span>
            <div className="mt-[2px] flex flex-wrap gap-[4px]" data-testid="when-days">
              {WEEK_DAYS.map(({ day, name }) => {
                const on = when.days.includes(day);
                return (
                  <button
                    key={day}
                    type="button"
                    aria-pressed={on}
                    data-testid={`when-day-${day}`}
                    disabled={readOnly}
                    onClick={() => toggleDay(day)}
                    className={`w-[40px] rounded-[4px] border py-[2px] text-[12px] ${on ? 'border-sky-600 bg-sky-50 text-sky-900' : 'border-slate-300 text-slate-500'}`}
                  >
                    {name}
                  </button>
                );
              })}
            </div>
            <FieldError message={errors['when.days']} field="when.days" />
          </div>
        ) : null}
        <div className="flex flex-wrap items-center gap-[6px] text-[12px] text-slate-600">
          {when.kind === 'once' ? (
            <input
              type="date"
              aria-label="Date of the change"
              data-testid="when-date"
              disabled={readOnly}
              value={when.date}
              onChange={(event) => setWhen({ date: event.target.value })}
              className={`${CONTROL} ${whenError ? 'border-red-400' : ''}`}
            />
          ) : null}
          <span>at</span>
          <input
            type="time"
            aria-label="Time of the change"
            data-testid="when-time"
            disabled={readOnly}
            value={when.time}
            onChange={(event) => setWhen({ time: event.target.value })}
            className={`${CONTROL} ${whenError ? 'border-red-400' : ''}`}
          />
          <ZoneNote zone={zone} timeZone={timeZone} testId="when-zone" />
        </div>
        {when.kind === 'once' && timeZone && !whenError && when.date && when.time ? (
          <p className="text-[11px] text-slate-500" data-testid="when-label">
            Fires {labelAccountWallTime(`${when.date} ${when.time}`, timeZone)}
          </p>
        ) : null}
        <FieldError message={whenError} field="when.at" />
      </div>

      <div className="space-y-[6px] border-t border-slate-100 pt-[10px]">
        <span className={`block ${SMALL_LABEL}`}>Put the values back</span>
        <div
          className="flex flex-wrap gap-x-[14px] gap-y-[4px]"
          role="radiogroup"
          aria-label="Put back"
        >
          <label className="flex items-center gap-[4px] text-[13px]">
            <input
              type="radio"
              name={`${id}-revert`}
              data-testid="revert-none"
              disabled={readOnly}
              checked={!revert.on}
              onChange={() => setRevert({ on: false })}
            />
            Never
          </label>
          <label className="flex items-center gap-[4px] text-[13px]">
            <input
              type="radio"
              name={`${id}-revert`}
              data-testid="revert-later"
              disabled={readOnly}
              checked={revert.on}
              onChange={() =>
                setRevert({ on: true, date: revert.date === '' ? when.date : revert.date })
              }
            />
            {when.kind === 'once' ? 'At a date and time' : 'The same day, at a time'}
          </label>
        </div>
        {revert.on ? (
          <div className="flex flex-wrap items-center gap-[6px] text-[12px] text-slate-600">
            {when.kind === 'once' ? (
              <input
                type="date"
                aria-label="Date of the put-back"
                data-testid="revert-date"
                disabled={readOnly}
                value={revert.date}
                onChange={(event) => setRevert({ date: event.target.value })}
                className={`${CONTROL} ${errors['revert.at'] ? 'border-red-400' : ''}`}
              />
            ) : null}
            <span>at</span>
            <input
              type="time"
              aria-label="Time of the put-back"
              data-testid="revert-time"
              disabled={readOnly}
              value={revert.time}
              onChange={(event) => setRevert({ time: event.target.value })}
              className={`${CONTROL} ${errors['revert.at'] ? 'border-red-400' : ''}`}
            />
            <ZoneNote zone={zone} timeZone={timeZone} testId="revert-zone" />
          </div>
        ) : null}
        <FieldError message={errors['revert.at'] ?? errors.revert} field="revert.at" />
        <p className="text-[11px] text-slate-500">
          Only what a firing changed is put back, and not what someone changed again since.
        </p>
      </div>
    </div>
  );
}

/** "PST · America/Los_Angeles": the zone's name now, and the zone itself. */
function ZoneNote(props: { zone: string | null; timeZone: string | null; testId: string }) {
  return (
    <span className="text-[12px] text-slate-500" data-testid={props.testId}>
      {props.timeZone
        ? `${props.zone} · ${props.timeZone}`
        : 'in the ad account’s time zone (choose the account)'}
    </span>
  );
}
