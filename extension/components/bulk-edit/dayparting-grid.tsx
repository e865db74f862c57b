import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import {
  ALL_HOURS,
  DAYPARTING_LENGTH,
  DAYS,
  describeDayparting,
  SLOTS_PER_DAY,
  slotTime,
} from '../../../companion-server/src/contract/dayparting';

/**
 * A week × half-hour grid (7 × 48) for TikTok's dayparting, small enough for a 360 px side
 * panel: drag across cells to switch them on or off (the first cell decides which), click a
 * day to switch it whole, or use a preset. From the keyboard it is one stop: arrows move,
 * Space or Enter switches the cell (each cell is a toggle button, pressed when it delivers). Hours are the ad account's, as TikTok reads the grid.
 */

const NONE = '0'.repeat(DAYPARTING_LENGTH);
/** Monday to Friday, 09:00–18:00. */
const OFFICE_HOURS = `${'0'.repeat(18)}${'1'.repeat(18)}${'0'.repeat(12)}`
  .repeat(5)
  .padEnd(DAYPARTING_LENGTH, '0');
const PRESETS = [
  { id: 'all', label: 'All hours', grid: ALL_HOURS },
  { id: 'office', label: 'Weekdays 09–18', grid: OFFICE_HOURS },
  { id: 'clear', label: 'Clear', grid: NONE },
] as const;
const HOUR_MARKS = [0, 6, 12, 18];
/** Each half hour's start, "00:00" to "23:30": the columns, and their keys. */
const SLOT_TIMES = Array.from({ length: SLOTS_PER_DAY }, (_, slot) => slotTime(slot));

function withCell(grid: string, index: number, on: boolean): string {
  return `${grid.slice(0, index)}${on ? '1' : '0'}${grid.slice(index + 1)}`;
}

export function DaypartingGrid(props: { value: string; onChange: (grid: string) => void }) {
  const { value, onChange } = props;
  const [focus, setFocus] = useState(0);
  /** While the pointer is down: what the dragged cells become. */
  const painting = useRef<boolean | null>(null);
  const cells = useRef<Array<HTMLButtonElement | null>>([]);
  // The latest grid for a drag's later cells, which fire before React re-renders.
  const latest = useRef(value);
  latest.current = value;

  useEffect(() => {
    const stop = () => {
      painting.current = null;
    };
    window.addEventListener('pointerup', stop);
    window.addEventListener('pointercancel', stop);
    return () => {
      window.removeEventListener('pointerup', stop);
      window.removeEventListener('pointercancel', stop);
    };
  }, []);

  const paint = (index: number) => {
    if (painting.current === null) return;
    const next = withCell(latest.current, index, painting.current);
    latest.current = next;
    onChange(next);
  };

  const move = (event: KeyboardEvent, index: number) => {
    const day = Math.floor(index / SLOTS_PER_DAY);
    const slot = index % SLOTS_PER_DAY;
    const to: Record<string, number> = {
      ArrowLeft: day * SLOTS_PER_DAY + Math.max(0, slot - 1),
      ArrowRight: day * SLOTS_PER_DAY + Math.min(SLOTS_PER_DAY - 1, slot + 1),
      ArrowUp: Math.max(0, day - 1) * SLOTS_PER_DAY + slot,
      ArrowDown: Math.min(DAYS.length - 1, day + 1) * SLOTS_PER_DAY + slot,
      Home: day * SLOTS_PER_DAY,
      End: day * SLOTS_PER_DAY + SLOTS_PER_DAY - 1,
    };
    if (event.key === ' ' || event.key === 'Enter') {
      event.preventDefault();
      onChange(withCell(value, index, value[index] !== '1'));
      return;
    }
    const target = to[event.key];
    if (target === undefined) return;
    event.preventDefault();
    setFocus(target);
    cells.current[target]?.focus();
  };

  const toggleDay = (day: number) => {
    const from = day * SLOTS_PER_DAY;
    const whole = value.slice(from, from + SLOTS_PER_DAY);
    const on = whole.includes('0');
    onChange(
      `${value.slice(0, from)}${(on ? '1' : '0').repeat(SLOTS_PER_DAY)}${value.slice(from + SLOTS_PER_DAY)}`,
    );
  };

  const empty = !value.includes('1');
  return (
    <div className="space-y-[6px]" data-testid="bulk-daypart">
      <div className="flex flex-wrap gap-[4px]">
        {PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            data-testid={`bulk-daypart-preset-${preset.id}`}
            onClick={() => onChange(preset.grid)}
            className="rounded-[4px] bg-slate-100 px-[8px] py-[2px] text-[11px] font-medium text-slate-700 hover:bg-slate-200"
          >
            {preset.label}
          </button>
        ))}
      </div>
      <table
        aria-label="Delivery hours, Monday to Sunday, half an hour per cell"
        data-testid="bulk-daypart-grid"
        className="w-full table-fixed border-collapse touch-none select-none"
      >
        <colgroup>
          <col className="w-[26px]" />
          {SLOT_TIMES.map((time) => (
            <col key={time} />
          ))}
        </colgroup>
        <thead aria-hidden="true">
          <tr>
            <th />
            {HOUR_MARKS.map((hour) => (
              <th
                key={hour}
                colSpan={12}
                className="h-[12px] p-0 text-left text-[9px] leading-[12px] font-normal text-slate-500"
              >
                {String(hour).padStart(2, '0')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DAYS.map((day, d) => (
            <tr key={day}>
              <th scope="row" className="p-0 text-left">
                <button
                  type="button"
                  data-testid={`bulk-daypart-day-${day}`}
                  aria-label={`${day}: switch the whole day`}
                  onClick={() => toggleDay(d)}
                  className="text-[10px] leading-[14px] font-medium text-slate-600 hover:text-slate-900"
                >
                  {day}
                </button>
              </th>
              {SLOT_TIMES.map((time, slot) => {
                const index = d * SLOTS_PER_DAY + slot;
                const on = value[index] === '1';
                const edge =
                  slot % 12 === 0 ? 'border-l-slate-400' : slot % 2 === 0 ? 'border-l-white' : '';
                return (
                  <td
                    key={time}
                    className={`h-[14px] p-0 border-b border-b-white ${edge} ${slot % 2 === 0 ? 'border-l' : ''}`}
                  >
                    <button
                      type="button"
                      ref={(element) => {
                        cells.current[index] = element;
                      }}
                      tabIndex={index === focus ? 0 : -1}
                      aria-pressed={on}
                      aria-label={`${day} ${time}–${slotTime(slot + 1)}`}
                      data-testid="bulk-daypart-cell"
                      data-index={index}
                      onPointerDown={(event) => {
                        event.preventDefault();
                        setFocus(index);
                        painting.current = !on;
                        paint(index);
                      }}
                      onPointerEnter={() => paint(index)}
                      onKeyDown={(event) => move(event, index)}
                      className={`block h-[14px] w-full ${on ? 'bg-brand' : 'bg-slate-200'} focus:outline focus:outline-[2px] focus:outline-ink`}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p
        className={`text-[11px] leading-[15px] ${empty ? 'text-red-800' : 'text-slate-600'}`}
        data-testid="bulk-daypart-summary"
      >
        {empty
          ? 'No hour chosen: TikTok would read an empty grid as every hour. Choose at least one.'
          : describeDayparting(value)}
      </p>
    </div>
  );
}
