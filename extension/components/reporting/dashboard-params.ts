import { isIsoDate } from '../../../companion-server/src/lib/time-zone';
import type { ReportRange } from './report-range';

/**
 * The dashboard's address: `?advertiserIds=a,b&start=YYYY-MM-DD&end=YYYY-MM-DD`, so a view
 * can be bookmarked or shared. Anything missing or malformed falls back to the defaults
 * (every connected ad account, the last 7 complete days).
 */
export interface DashboardParams {
  advertiserIds: string[] | null;
  range: ReportRange | null;
}

export function parseDashboardParams(search: string): DashboardParams {
  const query = new URLSearchParams(search);
  const ids = (query.get('advertiserIds') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => /^\d{1,20}$/.test(id));
  const start = query.get('start') ?? '';
  const end = query.get('end') ?? '';
  const range = isIsoDate(start) && isIsoDate(end) && start <= end ? { start, end } : null;
  return { advertiserIds: ids.length > 0 ? [...new Set(ids)] : null, range };
}

export function dashboardSearch(advertiserIds: string[], range: ReportRange): string {
  const query = new URLSearchParams({
    advertiserIds: advertiserIds.join(','),
    start: range.start,
    end: range.end,
  });
  // Commas in the id list stay readable: ids are digits only.
  return `?${query.toString().replaceAll('%2C', ',')}`;
}
