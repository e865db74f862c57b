import { formatTikTokTime } from '../../../companion-server/src/contract/account-time';
import type { EditedField, FieldValue } from '../../../companion-server/src/contract/bulk-edits';
import { formatMoney } from '../../../companion-server/src/contract/currency';
import { describeDayparting } from '../../../companion-server/src/contract/dayparting';

/**
 * Values of edited fields as a buyer reads them: money in the account's currency, times in
 * its time zone with the zone's name (TikTok gives them in UTC), status in words.
 */

export function formatFieldValue(
  field: EditedField,
  value: FieldValue | null,
  account: { currency: string; timezone: string },
): string {
  if (value === null) return '–';
  if (field === 'operation_status') {
    if (value === 'ENABLE') return 'Active';
    if (value === 'DISABLE') return 'Paused';
    return String(value);
  }
  if (field === 'schedule_end_time' || field === 'schedule_start_time') {
    return formatTikTokTime(String(value), account.timezone);
  }
  if (field === 'dayparting') return describeDayparting(String(value));
  return typeof value === 'number' ? formatMoney(value, account.currency) : String(value);
}

const COMPACT_PERCENT = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

/**
 * +25%, −10%, or a dash when there is no percentage (status, or nothing to compare with).
 * Setting $20 to $9,999,999 is +49,999,895%: from ten thousand on, K and M keep it short
 * (+50M%).
 */
export function formatChangePercent(percent: number | null): string {
  if (percent === null) return '–';
  const size = Math.abs(percent);
  const rounded =
    size >= 10_000 ? COMPACT_PERCENT.format(size) : size >= 10 ? size.toFixed(0) : size.toFixed(1);
  if (Number(rounded) === 0) return '0%';
  return percent > 0 ? `+${rounded}%` : `−${rounded}%`;
}

const BUDGET_MODES: Record<string, string> = {
  BUDGET_MODE_DAY: 'daily',
  BUDGET_MODE_DYNAMIC_DAILY_BUDGET: 'daily',
  BUDGET_MODE_TOTAL: 'lifetime',
  BUDGET_MODE_INFINITE: 'no limit',
};

/** What a row's field is, in a few words: "daily budget", "conversion bid", "status". */
export function fieldLabel(field: EditedField, budgetMode: string | null = null): string {
  switch (field) {
    case 'budget': {
      const mode = budgetMode ? BUDGET_MODES[budgetMode] : undefined;
      return mode ? `${mode} budget` : 'budget';
    }
    case 'operation_status':
      return 'status';
    case 'bid_price':
      return 'bid';
    case 'conversion_bid_price':
      return 'conversion bid';
    case 'name':
      return 'name';
    case 'schedule_end_time':
      return 'end time';
    case 'schedule_start_time':
      return 'start time';
    case 'dayparting':
      return 'dayparting (account time)';
    case 'landing_page_url':
      return 'landing page';
    case 'ad_text':
      return 'ad text';
  }
}
