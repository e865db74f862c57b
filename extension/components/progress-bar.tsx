/**
 * A job's progress as a bar that assistive technology reads as "N of M": bulk edits, bulk
 * creates, exports. Amber when something went wrong along the way.
 */
export function ProgressBar(props: {
  label: string;
  done: number;
  total: number;
  /** What is counted, e.g. "rows": read out as "3 of 10 rows". */
  unit: string;
  testId: string;
  warn?: boolean;
  thin?: boolean;
}) {
  const { done, total } = props;
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  return (
    <div
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-valuetext={`${done} of ${total} ${props.unit}`}
      data-testid={props.testId}
      className={`w-full overflow-hidden rounded-full ${props.thin ? 'h-[6px] bg-slate-200' : 'h-[8px] bg-slate-100'}`}
    >
      <div
        className={`h-full ${props.warn ? 'bg-amber-500' : 'bg-green-600'}`}
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
