import { labelAccountWallTime } from '../../../companion-server/src/contract/account-time';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type {
  BulkOperation,
  LandingUrlChange,
  NameChange,
  Plan,
  Verdict,
} from '../../../companion-server/src/contract/bulk-edits';
import { formatMoney } from '../../../companion-server/src/contract/currency';
import { describeDayparting } from '../../../companion-server/src/contract/dayparting';

/** What a plan will do, in numbers and words, for the preview's header and its Apply button. */

/** Rows the job will change: ok and adjusted, and those beyond the guardrail once approved. */
export function applicableCount(plan: Plan): number {
  const { ok, adjusted, needsApproval } = plan.summary;
  return ok + adjusted + (plan.approvedBy ? needsApproval : 0);
}

/** Rows beyond the guardrail still waiting for an admin (skipped if applied as is). */
export function awaitingApproval(plan: Plan): number {
  return plan.approvedBy ? 0 : plan.summary.needsApproval;
}

/** "8 will change · 1 rounded · 2 need approval · 1 blocked", leaving out the zeros. */
export function summaryLine(plan: Plan): string {
  const { adjusted, unchanged, blocked } = plan.summary;
  const pending = awaitingApproval(plan);
  const parts = [`${applicableCount(plan)} will change`];
  if (adjusted > 0) parts.push(`${adjusted} rounded`);
  if (pending > 0) parts.push(`${pending} ${pending === 1 ? 'needs' : 'need'} approval`);
  if (unchanged > 0) parts.push(`${unchanged} already set`);
  if (blocked > 0) parts.push(`${blocked} blocked`);
  return parts.join(' · ');
}

export const VERDICT_LABELS: Record<Verdict, string> = {
  ok: 'OK',
  adjusted: 'Adjusted',
  unchanged: 'Unchanged',
  needs_approval: 'Needs approval',
  blocked: 'Blocked',
};

const LEVEL_NOUNS: Record<Level, [string, string]> = {
  campaign: ['campaign', 'campaigns'],
  adgroup: ['ad group', 'ad groups'],
  ad: ['ad', 'ads'],
};

/** "1 campaign", "12 ad groups". */
export function countOf(level: Level, count: number): string {
  const [one, many] = LEVEL_NOUNS[level];
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function signed(value: number, text: string): string {
  return `${value > 0 ? 'raise' : 'lower'} by ${text}`;
}

/**
 * "Budget: raise by 10%", "Bid: set to $1.20", "End time: set to 2026-12-24 23:59 PST".
 * Times set are typed in the account's time zone: labelled with its name when known.
 */
export function describeOperation(
  operation: BulkOperation,
  currency: string,
  timezone: string | null = null,
): string {
  const local = (time: string) =>
    timezone ? labelAccountWallTime(time, timezone) : `${time} (account time)`;
  if (operation.kind === 'status') {
    return operation.status === 'DISABLE' ? 'Status: pause' : 'Status: enable';
  }
  if (operation.kind === 'name') return describeRename(operation.change);
  if (operation.kind === 'landing_url') return describeLandingUrl(operation.change);
  if (operation.kind === 'ad_text') {
    const { change } = operation;
    return `Ad text: replace ${change.regex ? 'pattern ' : ''}“${change.find}” with “${change.replace}”`;
  }
  if (operation.kind === 'schedule') {
    const { change } = operation;
    if (change.type === 'set_end') return `End time: set to ${local(change.endTime)}`;
    if (change.type === 'set_start') return `Start time: set to ${local(change.startTime)}`;
    const label = change.type === 'shift_end' ? 'End time' : 'Start time';
    const days = Math.abs(change.days);
    return `${label}: ${change.days > 0 ? 'later' : 'earlier'} by ${days} day${days === 1 ? '' : 's'}`;
  }
  if (operation.kind === 'dayparting') {
    const { change } = operation;
    return change.type === 'copy'
      ? `Dayparting: copy from ad group ${change.fromAdgroupId}`
      : `Dayparting: ${describeDayparting(change.dayparting)}`;
  }
  const { change } = operation;
  const label = operation.kind === 'budget' ? 'Budget' : 'Bid';
  switch (change.type) {
    case 'set':
      return `${label}: set to ${formatMoney(change.value, currency)}`;
    case 'percent':
      return `${label}: ${signed(change.value, `${Math.abs(change.value)}%`)}`;
    case 'amount':
      return `${label}: ${signed(change.value, formatMoney(Math.abs(change.value), currency))}`;
  }
}

/** "Landing page: set to https://…", "Landing page: set utm_source, utm_campaign". */
function describeLandingUrl(change: LandingUrlChange): string {
  switch (change.type) {
    case 'set':
      return `Landing page: set to ${change.url}`;
    case 'replace':
      return `Landing page: replace “${change.find}” with “${change.replace}”`;
    case 'params':
      return `Landing page: set ${change.params.map((p) => p.key).join(', ')}`;
  }
}

/** "Rename: replace “Q3” with “Q4”", "Rename: add prefix “EU ”", "Rename: {name} {date}". */
function describeRename(change: NameChange): string {
  switch (change.type) {
    case 'replace':
      return `Rename: replace ${change.regex ? 'pattern ' : ''}“${change.find}” with “${change.replace}”`;
    case 'prefix':
      return `Rename: add prefix “${change.text}”`;
    case 'suffix':
      return `Rename: add suffix “${change.text}”`;
    case 'template':
      return `Rename: ${change.template}`;
  }
}

/**
 * The title of a plan's preview, or of the job that applied it (they share these fields):
 * the buyer's edit, or what an undo or a retry does.
 */
export function planTitle(
  plan: Pick<Plan, 'purpose' | 'operation' | 'currency'>,
  timezone: string | null = null,
): string {
  switch (plan.purpose.kind) {
    case 'undo':
      return 'Undo: restore previous values';
    case 'retry':
      return 'Retry failed rows';
    case 'edit':
      return plan.operation
        ? describeOperation(plan.operation, plan.currency, timezone)
        : 'Preview';
    case 'rule':
      return `Rule “${plan.purpose.ruleName}”`;
    case 'schedule':
      return plan.purpose.revertOf
        ? `Scheduled change “${plan.purpose.changeName}”: put back`
        : `Scheduled change “${plan.purpose.changeName}”`;
  }
}
