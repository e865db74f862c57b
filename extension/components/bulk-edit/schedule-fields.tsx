import { useId } from 'react';
import type { ScheduleDraft } from './operation-draft';

const INPUT =
  'mt-[2px] block w-full rounded-[4px] border border-slate-300 px-[6px] py-[4px] text-[13px] font-normal';
const LABEL = 'block text-[12px] font-semibold text-slate-700';

/**
 * The end-time inputs for ad groups: move each end by whole days, or set one end for all,
 * in the ad account's time zone. The preview shows every old → new end with its verdict.
 */
export function ScheduleFields(props: {
  schedule: ScheduleDraft;
  onChange: (change: Partial<ScheduleDraft>) => void;
}) {
  const { schedule, onChange } = props;
  const id = useId();
  return (
    <div className="space-y-[8px]">
      <fieldset className="flex gap-[12px] text-[13px]">
        <legend className="sr-only">How</legend>
        {(['shift_end', 'set_end'] as const).map((mode) => (
          <label key={mode} className="flex items-center gap-[4px]">
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid={`bulk-schedule-${mode}`}
              checked={schedule.mode === mode}
              onChange={() => onChange({ mode })}
            />
            {mode === 'shift_end' ? 'Move by days' : 'Set the end'}
          </label>
        ))}
      </fieldset>
      {schedule.mode === 'shift_end' ? (
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
          New end (ad account's time zone)
          <input
            type="datetime-local"
            data-testid="bulk-schedule-end"
            value={schedule.endTime}
            onChange={(event) => onChange({ endTime: event.target.value })}
            className={INPUT}
          />
        </label>
      )}
    </div>
  );
}
