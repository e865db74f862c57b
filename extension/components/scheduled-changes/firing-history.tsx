import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type {
  Firing,
  ScheduledChangeView,
} from '../../../companion-server/src/contract/scheduled-changes';
import { api } from '../../lib/messaging';
import { queryKeys, scheduledChangeKeys } from '../../lib/query-keys';
import { Chip, PanelButton, PanelNote } from '../bulk-edit/controls';
import { StaffBulkEditPanel } from '../bulk-edit/staff-bulk-edit-panel';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import {
  FIRING_STATUS_LABELS,
  FIRING_STATUS_TONES,
  firingOutcomeText,
  firingSlotText,
  REVERT_STATUS_LABELS,
  REVERT_STATUS_TONES,
  revertTimeText,
} from './change-text';

const FIRINGS_LIMIT = 50;
/** While a firing or its put-back runs, its counts and status move. */
const RUNNING_POLL_MS = 3_000;

function isMoving(firing: Firing): boolean {
  return firing.status === 'running' || firing.revertStatus === 'running';
}

/**
 * A change's firings, newest first: the time it was for (the account's clock), what it did
 * in words and counts, its job, and its put-back with its own status and job. A job opens
 * in the bulk-edit panel, with its rows, as a bulk edit's does.
 */
export function FiringHistory(props: {
  change: ScheduledChangeView;
  /** The account's zone (the server's view says it); UTC while unknown, which labels say. */
  timeZone: string;
  /** The account's; null while unknown, when a job cannot be opened (its id still shows). */
  currency: string | null;
}) {
  const { change, timeZone, currency } = props;
  const client = useQueryClient();
  const [openJob, setOpenJob] = useState<string | null>(null);
  const firings = useQuery({
    queryKey: scheduledChangeKeys.listFirings(change.id, FIRINGS_LIMIT),
    queryFn: () =>
      api('listFirings', { params: { changeId: change.id }, query: { limit: FIRINGS_LIMIT } }),
    refetchInterval: (query) =>
      query.state.data?.firings.some(isMoving) ? RUNNING_POLL_MS : false,
  });

  if (openJob && currency) {
    return (
      // The bulk-edit panel is made for a drawer's width: kept to it here.
      <section className="max-w-[560px] rounded-[8px] border border-slate-200 bg-white p-[12px]">
        <StaffBulkEditPanel
          key={openJob}
          advertiserId={change.advertiserId}
          level={change.level}
          selected={[]}
          currency={currency}
          initialJobId={openJob}
          onChanged={() => {
            for (const queryKey of [
              ...queryKeys.changedByJobs(change.advertiserId),
              ...queryKeys.changedByRules(),
            ]) {
              void client.invalidateQueries({ queryKey });
            }
          }}
          onClose={() => setOpenJob(null)}
        />
      </section>
    );
  }

  return (
    <section className="space-y-[8px]" data-testid="firing-history">
      {firings.data ? (
        firings.data.firings.length === 0 ? (
          <p className="text-[12px] text-slate-600" data-testid="firings-empty">
            The change has not fired yet.
          </p>
        ) : (
          <ul className="space-y-[6px]" data-testid="firings-list">
            {firings.data.firings.map((firing) => (
              <li key={firing.firingId}>
                <FiringLine
                  firing={firing}
                  timeZone={timeZone}
                  onOpenJob={currency ? setOpenJob : null}
                />
              </li>
            ))}
          </ul>
        )
      ) : firings.error ? (
        <PanelNote tone="error" testId="firings-error">
          Could not load the firings: {errorMessage(firings.error)}
        </PanelNote>
      ) : (
        <p className="text-[12px] text-slate-500">Loading the firings…</p>
      )}
    </section>
  );
}

function FiringLine(props: {
  firing: Firing;
  timeZone: string;
  onOpenJob: ((jobId: string) => void) | null;
}) {
  const { firing, timeZone } = props;
  const revertTime = revertTimeText(firing, timeZone);
  return (
    <div
      className="space-y-[3px] rounded-[6px] border border-slate-200 bg-white px-[10px] py-[8px] text-[12px]"
      data-testid="firing-line"
      data-firing-id={firing.firingId}
    >
      <div className="flex flex-wrap items-center gap-x-[8px] gap-y-[2px]">
        <Chip tone={FIRING_STATUS_TONES[firing.status]}>{FIRING_STATUS_LABELS[firing.status]}</Chip>
        <span className="font-medium text-ink" data-testid="firing-slot">
          {firingSlotText(firing, timeZone)}
        </span>
        {firing.status === 'missed' ? null : (
          <span className="text-slate-500">
            {firing.trigger === 'catch_up'
              ? `late: ran ${formatAccountDateTime(firing.startedAt, timeZone)}`
              : 'on time'}
          </span>
        )}
      </div>
      {/* A missed firing's message says all its outcome would, and why. */}
      {firing.status === 'missed' && firing.message ? null : (
        <p className="text-slate-800" data-testid="firing-outcome">
          {firingOutcomeText(firing)}
        </p>
      )}
      {firing.message ? (
        <p className="text-slate-600" data-testid="firing-message">
          {firing.message}
        </p>
      ) : null}
      <JobLink jobId={firing.jobId} label="Job" onOpen={props.onOpenJob} testId="firing-job" />
      {firing.revertStatus ? (
        <div
          className="mt-[4px] space-y-[2px] border-t border-slate-100 pt-[4px]"
          data-testid="firing-revert"
          data-revert-status={firing.revertStatus}
        >
          <div className="flex flex-wrap items-center gap-x-[8px] gap-y-[2px]">
            <Chip tone={REVERT_STATUS_TONES[firing.revertStatus]}>
              {REVERT_STATUS_LABELS[firing.revertStatus]}
            </Chip>
            {revertTime && firing.revertStatus !== 'cancelled' ? (
              <span className="text-slate-700" data-testid="firing-revert-time">
                {revertTime}
              </span>
            ) : null}
          </div>
          {firing.revertMessage ? (
            <p className="text-slate-600" data-testid="firing-revert-message">
              {firing.revertMessage}
            </p>
          ) : null}
          <JobLink
            jobId={firing.revertJobId}
            label="Put-back job"
            onOpen={props.onOpenJob}
            testId="firing-revert-job"
          />
        </div>
      ) : null}
    </div>
  );
}

/** The job's id (to quote, or find in the audit log) and a way to open it. */
function JobLink(props: {
  jobId: string | null;
  label: string;
  onOpen: ((jobId: string) => void) | null;
  testId: string;
}) {
  const { jobId, onOpen } = props;
  if (!jobId) return null;
  return (
    <p className="flex flex-wrap items-center gap-x-[8px] text-[11px] text-slate-500">
      <span>
        {props.label}{' '}
        <span className="select-all font-mono text-slate-700" data-testid={`${props.testId}-id`}>
          {jobId}
        </span>
      </span>
      {onOpen ? (
        <PanelButton kind="link" testId={props.testId} onClick={() => onOpen(jobId)}>
          <span className="text-[12px]">Open the job</span>
        </PanelButton>
      ) : null}
    </p>
  );
}
