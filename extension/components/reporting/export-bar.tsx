import type { Level } from '../../../companion-server/src/contract/ads-manager';
import { ExtensionRequestError } from '../../lib/errors';
import { Button, Notice } from '../notice';
import { LEVEL_LABELS } from './levels';
import type { ReportRange } from './report-range';
import { type ExportRequest, useCsvExport } from './use-csv-export';

/**
 * CSV exports of the selected ad account: the level the table shows (totals, or one row per
 * day), and the account's own day-by-day figures. One at a time, with its progress and result.
 */
export function ExportBar(props: { advertiserId: string; level: Level; range: ReportRange }) {
  const csv = useCsvExport();
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
          disabled={csv.isPending}
          onClick={() => csv.mutate(request(props.level, 'total', levelName))}
        >
          Export CSV
        </Button>
        <Button
          testId="export-daily-csv"
          disabled={csv.isPending}
          onClick={() => csv.mutate(request(props.level, 'daily', `${levelName}, by day`))}
        >
          Export daily CSV
        </Button>
        <Button
          testId="export-account-daily-csv"
          disabled={csv.isPending}
          onClick={() => csv.mutate(request('advertiser', 'daily', 'ad account, by day'))}
        >
          Export account daily CSV
        </Button>
      </div>
      <div data-testid="export-status" aria-live="polite" className="text-right text-[12px]">
        {csv.isPending ? (
          <span className="text-slate-600">
            Preparing the CSV ({csv.variables.label})… a long range can take up to two minutes.
          </span>
        ) : csv.isError ? (
          <div className="text-left">
            <Notice tone="error" title={`The export (${csv.variables?.label}) failed`}>
              {csv.error instanceof ExtensionRequestError
                ? csv.error.detail.message
                : csv.error.message}{' '}
              Press the button again to retry.
            </Notice>
          </div>
        ) : csv.isSuccess ? (
          <span className="text-green-700">
            Downloaded {csv.data.fileName} ({csv.data.rows} row{csv.data.rows === 1 ? '' : 's'}).
          </span>
        ) : null}
      </div>
    </div>
  );
}
