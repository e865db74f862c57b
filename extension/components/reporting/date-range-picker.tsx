import { type FormEvent, useEffect, useState } from 'react';
import { QUICK_RANGES, quickRange, type ReportRange, rangeProblem } from './report-range';

/**
 * From/To with Apply, and quick picks. The days are the ad accounts' own calendar days, which
 * the note under the picker says, naming the zones involved.
 */
export function DateRangePicker(props: {
  range: ReportRange;
  timeZones: string[];
  onApply: (range: ReportRange) => void;
}) {
  const [draft, setDraft] = useState(props.range);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setDraft(props.range);
    setProblem(null);
  }, [props.range]);

  const apply = (range: ReportRange) => {
    const found = rangeProblem(range, props.timeZones);
    setProblem(found);
    if (!found) props.onApply(range);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const zones = [...new Set(props.timeZones)];

  return (
    <div className="space-y-1">
      <form onSubmit={submit} className="flex flex-wrap items-center gap-2 text-[13px]">
        <label className="flex items-center gap-1.5 text-slate-700">
          From
          <input
            type="date"
            data-testid="range-start"
            value={draft.start}
            onChange={(event) => setDraft({ ...draft, start: event.target.value })}
            className="rounded-md border border-slate-300 px-2 py-1 tabular-nums"
          />
        </label>
        <label className="flex items-center gap-1.5 text-slate-700">
          To
          <input
            type="date"
            data-testid="range-end"
            value={draft.end}
            onChange={(event) => setDraft({ ...draft, end: event.target.value })}
            className="rounded-md border border-slate-300 px-2 py-1 tabular-nums"
          />
        </label>
        <button
          type="submit"
          data-testid="range-apply"
          className="rounded-md bg-ink px-3 py-1.5 font-medium text-white hover:bg-slate-700"
        >
          Apply
        </button>
        <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden="true" />
        {QUICK_RANGES.map((quick) => (
          <button
            key={quick.id}
            type="button"
            data-testid={`range-quick-${quick.id}`}
            onClick={() => apply(quickRange(quick.id, props.timeZones))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-slate-700 hover:bg-slate-50"
          >
            {quick.label}
          </button>
        ))}
      </form>
      {problem ? (
        <p role="alert" className="text-[12px] text-red-700" data-testid="range-problem">
          {problem}
        </p>
      ) : null}
      <p className="text-[12px] text-slate-500">
        Dates are calendar days in each ad account’s own time zone
        {zones.length > 0 ? ` (${zones.join(', ')})` : ''}
        {zones.length > 1 ? '; quick picks count from the zone furthest behind.' : '.'}
      </p>
    </div>
  );
}
