import { z } from 'zod';
import {
  addDays,
  compareDates,
  inclusiveDayCount,
  isIsoDate,
  zonedDate,
} from '../../src/lib/time-zone';
import { REPORT_WINDOW_DAYS } from '../api/report-query';
import type { Advertiser } from '../state/model';
import { MAX_PAGE_LIMIT } from './contract';

/**
 * Query parameters of the replica's pages and of its list API. Ads Manager itself ignores
 * parameters it does not know (it adds many: `relative_time`, `sort_state`, filters…), so the
 * schemas do too; what they do read must be well formed.
 */

const Digits = z
  .string({ error: (issue) => (issue.input === undefined ? 'Required.' : 'Expected a string.') })
  .regex(/^\d{1,20}$/, { error: 'Expected a numeric id (a string of digits).' });
const IsoDate = z.string().refine(isIsoDate, { error: 'Expected a date as YYYY-MM-DD.' });

const RangeShape = {
  aadvid: Digits,
  st: IsoDate.optional(),
  et: IsoDate.optional(),
};

export const PageQuerySchema = z.object({
  ...RangeShape,
  variant: z.enum(['unmappable']).optional(),
  /** Comma-separated layout flags, checked by parseLayout (layout.ts) for a precise message. */
  layout: z.string().optional(),
});

const PositiveInt = (max?: number) => {
  const base = z.coerce.number().int().min(1);
  return max === undefined ? base : base.max(max, { error: `Must be at most ${max}.` });
};

export const ListQuerySchema = z.object({
  ...RangeShape,
  page: PositiveInt().default(1),
  limit: PositiveInt(MAX_PAGE_LIMIT).default(20),
  /** Drill-down filters: the ad groups of a campaign, the ads of a campaign or an ad group. */
  campaign_id: Digits.optional(),
  adgroup_id: Digits.optional(),
});

export type DateRange = { st: string; et: string };

/** The last 7 days ending today in the account's time zone (Ads Manager's default). */
export function defaultRange(advertiser: Advertiser, now: number): DateRange {
  const today = zonedDate(now, advertiser.timezone);
  return { st: addDays(today, -6), et: today };
}

/**
 * The range a request asks for, or the default when it names neither end; an error message
 * when it is unusable. One end alone completes with the other end of the default.
 */
export function resolveRange(
  advertiser: Advertiser,
  now: number,
  query: { st?: string | undefined; et?: string | undefined },
): DateRange | string {
  const fallback = defaultRange(advertiser, now);
  const st = query.st ?? fallback.st;
  const et = query.et ?? fallback.et;
  if (compareDates(st, et) > 0) return `The start date ${st} is after the end date ${et}.`;
  const days = inclusiveDayCount(st, et);
  if (days > REPORT_WINDOW_DAYS.none) {
    return `The range covers ${days} days; Ads Manager shows at most ${REPORT_WINDOW_DAYS.none}.`;
  }
  return { st, et };
}
