import type { EditedField, FieldValue } from '../../../companion-server/src/contract/bulk-edits';
import { describeDayparting } from '../../../companion-server/src/contract/dayparting';
import { formatMoney } from '../../ads-manager/metrics-format';

/** Values of edited fields as a buyer reads them: money in the account's currency, status in words. */

export function formatFieldValue(
  field: EditedField,
  value: FieldValue | null,
  currency: string,
): string {
  if (value === null) return '–';
  if (field === 'operation_status') {
    if (value === 'ENABLE') return 'Active';
    if (value === 'DISABLE') return 'Paused';
    return String(value);
  }
  if (field === 'schedule_end_time' || field === 'schedule_start_time') {
    return `${String(value).slice(0, 16)} UTC`;
  }
  if (field === 'dayparting') return describeDayparting(String(value));
  return typeof value === 'number' ? formatMoney(value, currency) : String(value);
}

/** +25%, −10%, or a dash when there is no percentage (status, or nothing to compare with). */
export function formatChangePercent(percent: number | null): string {
  if (percent === null) return '–';
  const rounded = Math.abs(percent) >= 10 ? percent.toFixed(0) : percent.toFixed(1);
  if (Number(rounded) === 0) return '0%';
  return percent > 0 ? `+${rounded}%` : `−${rounded.slice(1)}%`;
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
      return 'end time (UTC)';
    case 'schedule_start_time':
      return 'start time (UTC)';
    case 'dayparting':
      return 'dayparting (account time)';
    case 'landing_page_url':
      return 'landing page';
    case 'ad_text':
      return 'ad text';
  }
}
