import { useId } from 'react';
import { INPUT, LABEL } from './field-styles';
import type { ScheduleDraft } from './operation-draft';

const MODES: Array<{ mode: ScheduleDraft['mode']; label: string }> = [
  { mode: 'shift_end', label: 'Move the end' },
  { mode: 'set_end', label: 'Set the end' },
  { mode: 'shift_start', label: 'Move the start' },
  { mode: 'set_start', label: 'Set the start' },
];

/**
 * The schedule inputs for ad groups: move each end or start by whole days, or set one for
 * all, in the ad account's time zone. TikTok freezes a start that has passed; the preview
 * shows every old → new time with its verdict.
 */
export function ScheduleFields(props: {
  /** The account's time zone, named in the label; null while unknown. */
  timezone?: string | null;
  schedule: ScheduleDraft;
  onChange: (change: Partial<ScheduleDraft>) => void;
}) {
  const { schedule, onChange } = props;
  const id = useId();
  const shifts = schedule.mode === 'shift_end' || schedule.mode === 'shift_start';
  const which = schedule.mode.endsWith('start') ? 'start' : 'end';
  return (
    <div className="space-y-[8px]">
      <fieldset className="grid grid-cols-2 gap-x-[12px] gap-y-[2px] text-[13px]">
        <legend className="sr-only">How</legend>
        {MODES.map(({ mode, label }) => (
          <label key={mode} className="flex items-center gap-[4px]">
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid={`bulk-schedule-${mode}`}
              checked={schedule.mode === mode}
              onChange={() => onChange({ mode })}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {shifts ? (
        <>
          <fieldset className="flex gap-[4px]">
            <legend className="sr-only">Direction</legend>
            {(['later', 'earlier'] as const).map((direction) => (
              <button
                key={direction}
                type="button"
                aria-pressed={schedule.direction === direction}
                data-testid={`bulk-schedule-${direction}`}
                onClick={() => onChange({ direction })}
                className={`rounded-[4px] px-[10px] py-[4px] text-[12px] font-medium ${schedule.direction === direction ? 'bg-ink text-white' : 'bg-slate-100 text-slate-700'}`}
              >
                {direction === 'later' ? 'Later' : 'Earlier'}
              </button>
            ))}
          </fieldset>
          <label className={LABEL}>
            Days
            <input
              data-testid="bulk-schedule-days"
              inputMode="numeric"
              autoComplete="off"
              value={schedule.days}
              onChange={(event) => onChange({ days: event.target.value })}
              placeholder="7"
              className={INPUT}
            />
          </label>
        </>
      ) : (
        <label className={LABEL}>
          New {which} (ad account's time zone{props.timezone ? `, ${props.timezone}` : ''})
          <input
            type="datetime-local"
            data-testid={`bulk-schedule-${which}`}
            value={which === 'end' ? schedule.endTime : schedule.startTime}
            onChange={(event) =>
              onChange(
                which === 'end'
                  ? { endTime: event.target.value }
                  : { startTime: event.target.value },
              )
            }
            className={INPUT}
          />
        </label>
      )}
      {which === 'start' ? (
        <p className="text-[11px] text-slate-500" data-testid="bulk-schedule-start-note">
          TikTok moves a start only while the ad group has not started.
        </p>
      ) : null}
    </div>
  );
}
