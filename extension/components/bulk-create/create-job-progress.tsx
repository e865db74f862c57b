import type { CreateJob, CreateJobRow } from '../../../companion-server/src/contract/bulk-create';
import { Chip, type ChipTone } from '../bulk-edit/controls';
import { JobPaceLine } from '../job-pace-line';
import { ProgressBar } from '../progress-bar';
import { ENTITY_TYPE_LABELS, jobCountsLine } from './create-summary';

type RowState = CreateJobRow['state'];

const STATE_LABELS: Record<RowState, string> = {
  pending: 'Waiting',
  in_flight: 'Sending',
  created: 'Created',
  failed: 'Failed',
  skipped: 'Skipped',
};
const STATE_TONES: Record<RowState, ChipTone> = {
  pending: 'grey',
  in_flight: 'blue',
  created: 'green',
  failed: 'red',
  skipped: 'grey',
};

/** Why a row ended as it did (TikTok's own words for a refusal). */
function rowMessage(row: CreateJobRow): string | null {
  switch (row.state) {
    case 'failed':
      return row.message ?? 'TikTok refused it without saying why.';
    case 'skipped':
      return row.message ?? 'Not sent: its parent could not be created.';
    default:
      return row.message;
  }
}

/** A creation job's progress while it runs (in dependency order), then each row's outcome. */
export function CreateJobProgress(props: { job: CreateJob; pollError: string | null }) {
  const { job } = props;
  const { counts } = job;
  const processed = counts.total - counts.remaining;
  const troubled = counts.failed + counts.skipped > 0;
  return (
    <div className="space-y-[8px]" data-testid="create-job" data-status={job.status}>
      <p className="text-[12px] font-semibold text-slate-700" data-testid="create-job-status">
        {job.status === 'running'
          ? 'Creating… campaigns first, then ad groups, then ads.'
          : job.status === 'stopped'
            ? 'Stopped'
            : 'Finished'}
      </p>
      <ProgressBar
        label="Entities processed"
        done={processed}
        total={counts.total}
        unit="entities"
        testId="create-progress"
        warn={troubled}
      />
      <p className="text-[12px] text-slate-600 tabular-nums" data-testid="create-job-counts">
        {jobCountsLine(counts)}
      </p>
      {job.status === 'running' ? <JobPaceLine pace={job.pace} unit="entities" /> : null}
      {job.statusMessage ? (
        <p
          className={`text-[12px] ${job.pace?.heldBy ? 'text-slate-700' : 'text-red-800'}`}
          data-testid="create-job-message"
        >
          {job.statusMessage}
        </p>
      ) : null}
      {props.pollError && job.status === 'running' ? (
        <p className="text-[12px] text-amber-900" data-testid="create-job-poll-error">
          Could not check on the job just now ({props.pollError}); it goes on at the server.
        </p>
      ) : null}
      <table className="w-full border-collapse text-[12px]">
        <tbody>
          {job.rows.map((row) => {
            const message = rowMessage(row);
            return (
              <tr
                key={row.row}
                className="border-b border-slate-100 align-top"
                data-testid="create-job-row"
                data-row={row.row}
                data-state={row.state}
              >
                <td className="py-[4px] pr-[6px] tabular-nums text-slate-500">{row.row}</td>
                <td className="max-w-[220px] py-[4px] pr-[6px]">
                  <div className="truncate font-medium">
                    <span className="font-normal text-slate-500">
                      {ENTITY_TYPE_LABELS[row.type]}:{' '}
                    </span>
                    {row.name}
                  </div>
                  {row.entityId ? (
                    <div
                      className="font-mono text-[10px] text-slate-500"
                      data-testid="create-job-entity-id"
                    >
                      {row.entityId}
                    </div>
                  ) : null}
                  {message ? (
                    <div
                      className="mt-[2px] text-[11px] leading-[15px] text-slate-700"
                      data-testid="create-job-row-message"
                    >
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
