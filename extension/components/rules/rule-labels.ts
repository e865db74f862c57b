import type {
  Comparison,
  EvaluationOutcome,
  RuleAction,
  RuleMetric,
  RuleSchedule,
  RuleWindow,
} from '../../../companion-server/src/contract/rules';
import type { ChipTone } from '../bulk-edit/controls';

/** Rules in a buyer's words: metrics, windows, comparisons, actions, schedules, outcomes. */

export const RULE_METRIC_LABELS: Record<RuleMetric, string> = {
  spend: 'Spend',
  impressions: 'Impressions',
  clicks: 'Clicks',
  ctr: 'CTR',
  cpc: 'CPC',
  cpm: 'CPM',
  conversions: 'Conversions',
  cpa: 'CPA',
  roas: 'ROAS',
  frequency: 'Frequency',
  budget_used: 'Budget used (%)',
  bayme_revenue: 'Bayme revenue',
  bayme_roas: 'Bayme ROAS',
  budget: 'Budget',
  days_since_created: 'Days since created',
  hours_since_change: 'Hours since change',
};

export const COMPARISON_LABELS: Record<Comparison, string> = {
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

/** The window as a select names it; `last_days` splits in two by whether today counts. */
export type WindowChoice = 'today' | 'yesterday' | 'last_days' | 'last_days_today' | 'lifetime';

export const WINDOW_CHOICE_LABELS: Record<WindowChoice, string> = {
  today: 'today so far',
  yesterday: 'yesterday',
  last_days: 'last N full days',
  last_days_today: 'last N days + today',
  lifetime: 'lifetime',
};

export function windowChoice(window: RuleWindow): WindowChoice {
  if (window.kind === 'last_days') return window.includeToday ? 'last_days_today' : 'last_days';
  return window.kind;
}

/** The window a choice makes, keeping the number of days already typed. */
export function windowOf(choice: WindowChoice, current: RuleWindow | null): RuleWindow {
  const days = current?.kind === 'last_days' ? current.days : 7;
  if (choice === 'last_days') return { kind: 'last_days', days, includeToday: false };
  if (choice === 'last_days_today') return { kind: 'last_days', days, includeToday: true };
  return { kind: choice };
}

export const ACTION_LABELS: Record<RuleAction['kind'], string> = {
  pause: 'Pause',
  enable: 'Turn on',
  budget: 'Change the budget',
  bid: 'Change the bid',
  notify: 'Only notify',
};

/** What an action did to n entities, for "3 paused". */
export function actedText(action: RuleAction, count: number): string {
  switch (action.kind) {
    case 'pause':
      return `${count} paused`;
    case 'enable':
      return `${count} turned on`;
    case 'budget':
      return `${count} budget${count === 1 ? '' : 's'} changed`;
    case 'bid':
      return `${count} bid${count === 1 ? '' : 's'} changed`;
    case 'notify':
      return `${count} notified`;
  }
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const WEEK_DAYS = DAY_NAMES.map((name, day) => ({ day, name }));

/** "Every 15 min, Mon–Fri, 08:00–20:00" in the account's time. */
export function scheduleText(schedule: RuleSchedule): string {
  const { every } = schedule;
  const parts = [
    every.kind === 'minutes'
      ? `Every ${every.minutes} min`
      : every.kind === 'hourly'
        ? 'Hourly'
        : `Daily at ${every.at}`,
  ];
  if (schedule.days) {
    parts.push(
      [...schedule.days]
        .sort((a, b) => a - b)
        .map((day) => DAY_NAMES[day])
        .join(' '),
    );
  }
  if (schedule.hours) {
    const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
    parts.push(`${hour(schedule.hours.from)}–${hour(schedule.hours.to)}`);
  }
  return parts.join(', ');
}

/** The fields a rule changes, as the run log names them. */
const CHANGED_FIELD_LABELS: Record<string, string> = {
  operation_status: 'Status',
  budget: 'Budget',
  bid_price: 'Bid',
  conversion_bid_price: 'Conversion bid',
};

export function changedFieldLabel(field: string): string {
  return CHANGED_FIELD_LABELS[field] ?? field;
}

export const OUTCOME_LABELS: Record<EvaluationOutcome, string> = {
  pending: 'Sent, pending',
  no_match: 'No match',
  not_enough_data: 'Not enough data',
  no_data: 'No data',
  cooldown: 'Cool-down',
  cap_reached: 'Cap reached',
  already: 'Already so',
  blocked: 'Blocked',
  needs_approval: 'Needs approval',
  done: 'Done',
  failed: 'Failed',
  notified: 'Notified',
  would_act: 'Would act',
  rule_changed: 'Rule changed',
};

export const OUTCOME_TONES: Record<EvaluationOutcome, ChipTone> = {
  pending: 'blue',
  no_match: 'grey',
  not_enough_data: 'grey',
  no_data: 'grey',
  cooldown: 'grey',
  cap_reached: 'amber',
  already: 'grey',
  blocked: 'red',
  needs_approval: 'amber',
  done: 'green',
  failed: 'red',
  notified: 'blue',
  would_act: 'blue',
  rule_changed: 'grey',
};
