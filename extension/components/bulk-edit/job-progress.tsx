import type { Job, JobRow, RowState } from '../../../companion-server/src/contract/bulk-edits';
import { JobPaceLine } from '../job-pace-line';
import { ProgressBar } from '../progress-bar';
import { Chip, type ChipTone } from './controls';
import { fieldLabel, formatFieldValue } from './field-values';

const STATE_LABELS: Record<RowState, string> = {
  pending: 'Waiting',
  in_flight: 'Sending',
  done: 'Done',
  failed: 'Failed',
  conflict: 'Conflict',
  skipped: 'Skipped',
  unknown: 'Unknown',
};
const STATE_TONES: Record<RowState, ChipTone> = {
  pending: 'grey',
  in_flight: 'blue',
  done: 'green',
  failed: 'red',
  conflict: 'amber',
  skipped: 'grey',
  unknown: 'amber',
};

/** Rows a retry would send again: refused by TikTok, or with no known outcome. */
export function retryableCount(job: Pick<Job, 'counts'>): number {
  return job.counts.failed + job.counts.unknown;
}

/** "12 done · 1 failed · 0 remaining", with the rarer outcomes only when there are some. */
export function countsLine(counts: Job['counts']): string {
  const parts = [`${counts.done} done`, `${counts.failed} failed`];
  if (counts.unknown > 0) parts.push(`${counts.unknown} unknown`);
  if (counts.conflict > 0) parts.push(`${counts.conflict} left alone`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  parts.push(`${counts.remaining} remaining`);
  return parts.join(' · ');
}

/** Why a row ended as it did, in a sentence (TikTok's own message for refusals). */
function rowMessage(row: JobRow): string | null {
  switch (row.state) {
    case 'conflict':
      return 'Changed by someone else since the preview — left alone.';
    case 'unknown':
      return (
        row.message ??
        'The server stopped while sending this change and cannot tell whether TikTok applied it. Check it in Ads Manager, or retry.'
      );
    case 'failed':
      return row.message ?? 'TikTok refused the change without saying why.';
    default:
      return row.message;
  }
}

/** A job's progress while it runs, then each row's outcome. */
export function JobProgress(props: {
  job: Job;
  names: ReadonlyMap<string, string | null>;
  /** The account's time zone, for schedule times. */
  timezone: string;
}) {
  const { job } = props;
  const account = { currency: job.currency, timezone: props.timezone };
  const { counts } = job;
  const finished = counts.total - counts.remaining;
  const failed = retryableCount(job);

  return (
    <div className="space-y-[8px]" data-testid="bulk-job" data-status={job.status}>
      <p className="text-[12px] font-semibold text-slate-700" data-testid="bulk-job-status">
        {job.status === 'running'
          ? job.resumedAt
            ? 'Applying (resumed after a server restart)…'
            : 'Applying…'
          : job.status === 'stopped'
            ? 'Stopped'
            : 'Finished'}
      </p>
      <ProgressBar
        label="Rows processed"
        done={finished}
        total={counts.total}
        unit="rows"
        testId="bulk-progress"
        warn={failed > 0}
      />
      <p className="text-[12px] text-slate-600 tabular-nums" data-testid="bulk-counts">
        {countsLine(counts)}
      </p>
      {job.status === 'running' ? <JobPaceLine pace={job.pace} unit="rows" /> : null}
      {job.statusMessage ? (
        <p
          className={`text-[12px] ${job.pace?.heldBy ? 'text-slate-700' : 'text-red-800'}`}
          data-testid="bulk-job-message"
        >
          {job.statusMessage}
        </p>
      ) : null}
      {/* Fixed layout, as the preview's: no name or amount pushes the state out of sight. */}
      <table className="w-full table-fixed border-collapse text-[12px]" data-testid="bulk-job-rows">
        <colgroup>
          <col />
          <col className="w-[84px]" />
        </colgroup>
        <tbody>
          {job.rows.map((row) => {
            const message = rowMessage(row);
            const name = row.name ?? props.names.get(row.entityId) ?? row.entityId;
            const before = formatFieldValue(row.field, row.before, account);
            const after = `→ ${formatFieldValue(row.field, row.after, account)}`;
            return (
              <tr
                key={`${row.entityId}|${row.field}`}
                className="border-b border-slate-100 align-top"
                data-testid="bulk-job-row"
                data-entity-id={row.entityId}
                data-state={row.state}
              >
                <td className="py-[4px] pr-[6px]">
                  <div className="truncate font-medium" title={name}>
                    {name}
                  </div>
                  <div className="truncate text-[10px] text-slate-500">
                    <span className="font-mono">{row.entityId}</span> ·{' '}
                    {fieldLabel(row.field, row.budgetMode)}
                  </div>
                  <div className="truncate text-slate-600 tabular-nums" title={before}>
                    {before}
                  </div>
                  <div className="truncate tabular-nums" title={after}>
                    {after}
                  </div>
                  {message ? (
                    <div className="mt-[2px] text-[11px] leading-[15px] text-slate-700 [overflow-wrap:anywhere]">
                      {message}
                    </div>
                  ) : null}
                </td>
                <td className="py-[4px]">
                  <Chip tone={STATE_TONES[row.state]}>{STATE_LABELS[row.state]}</Chip>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
