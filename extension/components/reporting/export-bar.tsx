import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { ExportJob } from '../../../companion-server/src/contract/reporting';
import { Button, Notice } from '../notice';
import { ProgressBar } from '../progress-bar';
import { LEVEL_LABELS } from './levels';
import type { ReportRange } from './report-range';
import { type ExportRequest, useCsvExport } from './use-csv-export';

/**
 * CSV exports of the selected ad account: the level the table shows (totals, or one row per
 * day), and the account's own day-by-day figures. One at a time, with its progress (TikTok's
 * report tasks, when the server prepares the file with them) and result.
 */
export function ExportBar(props: { advertiserId: string; level: Level; range: ReportRange }) {
  const csv = useCsvExport();
  const { state } = csv;
  const busy = state.phase === 'busy';
  const levelName = LEVEL_LABELS[props.level].toLowerCase();
  const request = (
    level: ExportRequest['query']['level'],
    breakdown: 'total' | 'daily',
    label: string,
  ): ExportRequest => ({
    advertiserId: props.advertiserId,
    query: { level, start: props.range.start, end: props.range.end, breakdown },
    label,
  });
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          testId="export-csv"
          disabled={busy}
          onClick={() => csv.start(request(props.level, 'total', levelName))}
        >
          Export CSV
        </Button>
        <Button
          testId="export-daily-csv"
          disabled={busy}
          onClick={() => csv.start(request(props.level, 'daily', `${levelName}, by day`))}
        >
          Export daily CSV
        </Button>
        <Button
          testId="export-account-daily-csv"
          disabled={busy}
          onClick={() => csv.start(request('advertiser', 'daily', 'ad account, by day'))}
        >
          Export account daily CSV
        </Button>
      </div>
      <div data-testid="export-status" aria-live="polite" className="text-right text-[12px]">
        {state.phase === 'busy' ? (
          <ExportProgress job={state.job} label={state.label} pollError={state.pollError} />
        ) : state.phase === 'failed' ? (
          <div className="text-left">
            <Notice tone="error" title={`The export (${state.label}) failed`}>
              {state.message} Press the button again to retry.
            </Notice>
          </div>
        ) : state.phase === 'done' ? (
          <>
            <span className="text-green-700">
              Downloaded {state.result.fileName} ({state.result.rows} row
              {state.result.rows === 1 ? '' : 's'}).
            </span>
            {state.result.message ? (
              <span className="block text-slate-600"> {state.result.message}</span>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}

/** What the export under way is doing: starting, TikTok's report tasks one by one, downloading. */
function ExportProgress(props: { job: ExportJob | null; label: string; pollError: string | null }) {
  const { job, label } = props;
  // The job goes on at the server: a failed question about it is asked again.
  const pollNote = props.pollError ? (
    <span className="block text-amber-700" data-testid="export-poll-error">
      Could not check on the export ({props.pollError}); asking again.
    </span>
  ) : null;
  if (job?.status === 'preparing') {
    const { done, total } = job.progress;
    return (
      <div className="ml-auto w-80 space-y-1 text-slate-600">
        <span className="block whitespace-nowrap">
          Preparing export with TikTok report tasks… {done} of {total}
        </span>
        <ProgressBar
          label={`Export progress (${label})`}
          done={done}
          total={total}
          unit="report tasks"
          testId="export-progress"
          thin
        />
        <span className="block text-[11px] text-slate-500">
          TikTok builds this CSV ({label}) in parts; each takes seconds to minutes.
        </span>
        {job.message ? <span className="block">{job.message}</span> : null}
        {pollNote}
      </div>
    );
  }
  return (
    <span className="text-slate-600">
      {job?.mode === 'async'
        ? `Downloading the prepared CSV (${label})…`
        : `Preparing the CSV (${label})… a long range can take up to two minutes.`}
      {job?.message ? <span className="block">{job.message}</span> : null}
    </span>
  );
}
