import { resolveMetricsRange } from '../ads-manager/metrics-service';
import type { AdAccountView } from '../contract/connections';
import type { ExportQuery } from '../contract/reporting';
import { zonedDate } from '../lib/time-zone';
import type { DateRange } from '../marketing-api/date-windows';
import {
  DATA_LEVEL_OF,
  type DataLevel,
  type ReportRow,
  reportWindows,
} from '../marketing-api/reports';
import { exportHeader } from './export-csv';
import { type Figures, figuresOf, REPORT_METRICS } from './report-figures';

/**
 * What an export asks TikTok for and writes, decided once before any call, so that both
 * paths (synchronous pages, report tasks) fetch and write the same thing.
 */

export interface ExportPlan {
  account: AdAccountView;
  query: ExportQuery;
  range: { start: string; end: string };
  /** What TikTok is asked for, whichever path (synchronous pages or report tasks). */
  report: { dataLevel: DataLevel; dimensions: string[]; metrics: string[] };
  /** The range in the date windows TikTok allows per report. */
  windows: DateRange[];
  header: string[];
  /** Whether Bayme's columns are written (the server took orders when the export was planned). */
  bayme: boolean;
  fileName: string;
}

export interface ExportRow {
  id: string;
  name: string | null;
  date: string;
  figures: Figures;
}

/** Check an export request's range in the account's time zone, and name its file and columns. */
export function planExport(
  account: AdAccountView,
  query: ExportQuery,
  now: Date,
  withBayme = false,
): ExportPlan {
  const { advertiserId } = account;
  const today = zonedDate(now.getTime(), account.timezone);
  const { range } = resolveMetricsRange(
    { start: query.start, end: query.end },
    today,
    account.timezone,
  );
  const daily = query.breakdown === 'daily';
  const level = query.level;
  const dimensions = daily ? [`${level}_id`, 'stat_time_day'] : [`${level}_id`];
  return {
    account,
    query,
    range,
    report: {
      dataLevel: DATA_LEVEL_OF[level],
      dimensions,
      metrics: level === 'advertiser' ? [...REPORT_METRICS] : [...REPORT_METRICS, `${level}_name`],
    },
    // Each window TikTok allows is fetched on its own (a truncated one can then be split).
    windows: reportWindows({
      dimensions,
      range: { startDate: range.start, endDate: range.end },
    }).filter((window) => window !== 'lifetime'),
    header: exportHeader(query, account.currency, withBayme),
    bayme: withBayme,
    fileName: `${advertiserId}-${query.level}-${query.breakdown}-${range.start}_${range.end}.csv`,
  };
}

export function exportRowOf(level: ExportQuery['level'], row: ReportRow): ExportRow {
  const name = row.metrics[`${level}_name`] ?? row.dimensions[`${level}_name`];
  return {
    id: row.dimensions[`${level}_id`] ?? '',
    name: name === undefined || name === null || name === '-' ? null : name,
    date: (row.dimensions.stat_time_day ?? '').slice(0, 10),
    figures: figuresOf(row.metrics),
  };
}
