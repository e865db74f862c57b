import type { JobPace } from '../../companion-server/src/contract/job-pace';

/**
 * A running job's pace. Why it is slow, when something holds it, is the job's status message
 * (shown in a neutral colour then: every TikTok call of the company shares one budget, so a
 * job waiting its turn is normal, not a fault).
 */
export function JobPaceLine(props: { pace: JobPace | null | undefined; unit: string }) {
  const perMinute = props.pace?.rowsPerMinute;
  if (perMinute === null || perMinute === undefined) return null;
  return (
    <p
      className="text-[12px] text-slate-600 tabular-nums"
      data-testid="job-pace"
      data-held-by={props.pace?.heldBy ?? ''}
    >
      About {Math.round(perMinute).toLocaleString('en-US')} {props.unit} a minute.
    </p>
  );
}
