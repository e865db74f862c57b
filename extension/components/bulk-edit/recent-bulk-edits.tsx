import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type { Job } from '../../../companion-server/src/contract/bulk-edits';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import type { SelectedRow } from './bulk-edit-panel';
import { Chip, type ChipTone, PanelNote } from './controls';
import { countsLine, retryableCount } from './job-progress';
import { countOf, planTitle } from './plan-summary';
import { StaffBulkEditPanel } from './staff-bulk-edit-panel';
import { useAccountTimeZone } from './use-account-time-zone';
import { errorMessage } from './use-bulk-edit';

/** A job as the list of recent ones has it: without its rows. */
export type JobSummary = Omit<Job, 'rows'>;

export const RECENT_JOBS_LIMIT = 20;
/** While a listed job runs, its counts move; finished ones are asked again on focus only. */
export const RECENT_JOBS_POLL_MS = 2_000;

const STATUS_LABELS: Record<JobSummary['status'], string> = {
  running: 'Running',
  finished: 'Finished',
  stopped: 'Stopped',
};
const STATUS_TONES: Record<JobSummary['status'], ChipTone> = {
  running: 'blue',
  finished: 'green',
  stopped: 'red',
};

const NO_ROWS: SelectedRow[] = [];

/**
 * The ad account's recent bulk edits, newest first, to come back to a job after the bulk
 * panel was closed: opening one shows it in the bulk panel, with its rows, Retry and Undo;
 * closing that panel comes back to the list.
 */
export function RecentBulkEdits(props: {
  advertiserId: string;
  /** After every job that stopped running: the host refreshes its figures and entities. */
  onChanged: () => void;
}) {
  const [opened, setOpened] = useState<JobSummary | null>(null);
  if (opened) {
    return (
      <StaffBulkEditPanel
        key={opened.jobId}
        advertiserId={props.advertiserId}
        level={opened.level}
        selected={NO_ROWS}
        currency={opened.currency}
        initialJobId={opened.jobId}
        onChanged={props.onChanged}
        onClose={() => setOpened(null)}
      />
    );
  }
  return <RecentJobList advertiserId={props.advertiserId} onOpen={setOpened} />;
}

function RecentJobList(props: { advertiserId: string; onOpen: (job: JobSummary) => void }) {
  // Until the account's time zone is known, times are shown in UTC, labelled so.
  const timezone = useAccountTimeZone(props.advertiserId) ?? 'UTC';
  const recent = useQuery({
    queryKey: queryKeys.listJobs(props.advertiserId),
    queryFn: () =>
      api('listJobs', { query: { advertiserId: props.advertiserId, limit: RECENT_JOBS_LIMIT } }),
    refetchInterval: (query) =>
      query.state.data?.jobs.some((job) => job.status === 'running') ? RECENT_JOBS_POLL_MS : false,
    // Jobs also start elsewhere (the page's drawer, a colleague): look again on coming back.
    refetchOnWindowFocus: true,
  });

  return (
    <section className="space-y-[10px] text-[13px] leading-[18px] text-ink">
      <header>
        <h2 className="text-[15px] font-bold">Recent bulk edits</h2>
        <p className="text-[11px] text-slate-500">
          Newest first. Open one to see its rows, retry what failed or undo it.
        </p>
      </header>
      {recent.data ? (
        recent.data.jobs.length === 0 ? (
          <p className="text-[12px] text-slate-600" data-testid="recent-jobs-empty">
            No bulk edits yet for this ad account.
          </p>
        ) : (
          <ul className="space-y-[6px]" data-testid="recent-jobs">
            {recent.data.jobs.map((job) => (
              <li key={job.jobId}>
                <RecentJob job={job} timezone={timezone} onOpen={() => props.onOpen(job)} />
              </li>
            ))}
          </ul>
        )
      ) : recent.error ? (
        <PanelNote tone="error" testId="recent-jobs-error">
          Could not load the recent bulk edits: {errorMessage(recent.error)}
        </PanelNote>
      ) : (
        <p className="text-[12px] text-slate-500">Loading the recent bulk edits…</p>
      )}
    </section>
  );
}

function RecentJob({
  job,
  timezone,
  onOpen,
}: {
  job: JobSummary;
  timezone: string;
  onOpen: () => void;
}) {
  // A finished job with rows left to retry is worth a second look.
  const tone =
    job.status === 'finished' && retryableCount(job) > 0 ? 'amber' : STATUS_TONES[job.status];
  return (
    <button
      type="button"
      data-testid="recent-job"
      data-job-id={job.jobId}
      data-status={job.status}
      onClick={onOpen}
      className="block w-full rounded-[6px] border border-slate-200 px-[10px] py-[8px] text-left hover:border-slate-300 hover:bg-slate-50"
    >
      <span className="flex items-start justify-between gap-[8px]">
        <span className="min-w-0 truncate font-semibold">{planTitle(job, timezone)}</span>
        <Chip tone={tone}>{STATUS_LABELS[job.status]}</Chip>
      </span>
      <span className="block text-[11px] text-slate-500">
        <time dateTime={job.createdAt}>{formatAccountDateTime(job.createdAt, timezone)}</time> ·{' '}
        {countOf(job.level, job.counts.total)}
      </span>
      <span
        className="block text-[12px] text-slate-600 tabular-nums"
        data-testid="recent-job-counts"
      >
        {countsLine(job.counts)}
      </span>
    </button>
  );
}
