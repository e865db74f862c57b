import { addDays, compareDates, type IsoDate, isIsoDate } from '../lib/time-zone';

export interface DateRange {
  startDate: IsoDate;
  endDate: IsoDate;
}

/**
 * Longest range TikTok's synchronous report accepts per request, in days counting both ends:
 * 30 with `stat_time_day`, 1 with `stat_time_hour`, 365 with no time dimension. Whether
 * TikTok counts "30 days" inclusively is not documented; counting both ends is the safe side.
 */
export const REPORT_WINDOW_DAYS = { day: 30, hour: 1, none: 365 } as const;

/** Cut an inclusive date range into consecutive windows of at most `maxDays` days. */
export function splitDateRange(range: DateRange, maxDays: number): DateRange[] {
  const { startDate, endDate } = range;
  if (!isIsoDate(startDate) || !isIsoDate(endDate)) {
    throw new RangeError(`Dates must be YYYY-MM-DD: ${startDate} .. ${endDate}`);
  }
  if (compareDates(startDate, endDate) > 0) {
    throw new RangeError(`The range ends (${endDate}) before it starts (${startDate}).`);
  }
  const windows: DateRange[] = [];
  for (let start = startDate; compareDates(start, endDate) <= 0; start = addDays(start, maxDays)) {
    const end = addDays(start, maxDays - 1);
    windows.push({ startDate: start, endDate: compareDates(end, endDate) > 0 ? endDate : end });
  }
  return windows;
}
