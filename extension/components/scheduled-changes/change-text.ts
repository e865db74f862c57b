import {
  formatAccountDateTime,
  labelAccountWallTime,
  zoneLabel,
} from '../../../companion-server/src/contract/account-time';
import type {
  Firing,
  FiringCounts,
  ScheduledChangeInput,
  ScheduledRevert,
  ScheduledWhen,
} from '../../../companion-server/src/contract/scheduled-changes';
import type { ChipTone } from '../bulk-edit/controls';
import { countOf, describeOperation } from '../bulk-edit/plan-summary';
import { WEEK_DAYS } from '../rules/rule-labels';

/**
 * Scheduled changes in a buyer's words: what a change does (money in the account's
 * currency, as the bulk-edit preview writes it), when it fires and is put back (the
 * account's clock, with the zone's name), and what each firing did.
 */

/** "Budget: set to $50.00 · 3 ad groups". */
export function changeText(
  change: Pick<ScheduledChangeInput, 'operation' | 'level' | 'entityIds'>,
  currency: string,
): string {
  return `${describeOperation(change.operation, currency)} · ${countOf(change.level, change.entityIds.length)}`;
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/** "Every day", "Every weekday", "Sat and Sun", "Mon, Wed, Fri". */
export function daysText(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'Every day';
  if (sorted.join() === WEEKDAYS.join()) return 'Every weekday';
  if (sorted.join() === '0,6') return 'Sat and Sun';
  return sorted.map((day) => WEEK_DAYS[day]?.name ?? String(day)).join(', ');
}

/**
 * "Once, 2026-12-07 18:00 PST"; "Every weekday at 07:00 PST". A weekly time is labelled
 * with the zone's name now: the nearest firing, which the server's view labels exactly.
 */
export function whenText(when: ScheduledWhen, timeZone: string, now: number): string {
  if (when.kind === 'once') return `Once, ${labelAccountWallTime(when.at, timeZone)}`;
  return `${daysText(when.days)} at ${when.at} ${zoneLabel(now, timeZone)}`;
}

/** "put back 2026-12-07 23:00 PST", "put back at 23:00 PST the same day", "not put back". */
export function revertText(revert: ScheduledRevert | null, timeZone: string, now: number): string {
  if (!revert) return 'not put back';
  if (revert.kind === 'once') return `put back ${labelAccountWallTime(revert.at, timeZone)}`;
  return `put back at ${revert.at} ${zoneLabel(now, timeZone)} the same day`;
}

export const FIRING_STATUS_LABELS: Record<Firing['status'], string> = {
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  missed: 'Missed',
};
export const FIRING_STATUS_TONES: Record<Firing['status'], ChipTone> = {
  running: 'blue',
  done: 'green',
  failed: 'red',
  missed: 'amber',
};

type RevertStatus = NonNullable<Firing['revertStatus']>;
export const REVERT_STATUS_LABELS: Record<RevertStatus, string> = {
  waiting: 'Put-back waiting',
  running: 'Putting back',
  done: 'Put back',
  failed: 'Put-back failed',
  cancelled: 'Put-back cancelled',
};
export const REVERT_STATUS_TONES: Record<RevertStatus, ChipTone> = {
  waiting: 'blue',
  running: 'blue',
  done: 'green',
  failed: 'red',
  cancelled: 'grey',
};

/**
 * "3 changed · 1 already so · 2 beyond the guardrail, not changed", leaving out the zeros; a
 * firing does not wait for an admin, so what needs approval was not changed.
 */
export function countsText(counts: FiringCounts): string {
  const parts: string[] = [];
  if (counts.changed > 0) parts.push(`${counts.changed} changed`);
  if (counts.unchanged > 0) parts.push(`${counts.unchanged} already so`);
  if (counts.needsApproval > 0) {
    parts.push(`${counts.needsApproval} beyond the guardrail, not changed`);
  }
  if (counts.blocked > 0) parts.push(`${counts.blocked} blocked`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  return parts.length > 0 ? parts.join(' · ') : 'nothing to change';
}

/** What a firing did, in a line: its counts once its job has finished. */
export function firingOutcomeText(firing: Firing): string {
  switch (firing.status) {
    case 'running':
      return 'Applying the change…';
    case 'done':
      return firing.counts ? capitalized(countsText(firing.counts)) : 'Done.';
    case 'failed':
      return firing.counts
        ? `Failed: ${countsText(firing.counts)}`
        : 'Failed: nothing was changed.';
    case 'missed':
      return 'Not done: its time passed while it could not fire.';
  }
}

/** The slot a firing was for ("2026-12-07T18:00", the account's clock), with the zone's name. */
export function firingSlotText(firing: Firing, timeZone: string): string {
  return labelAccountWallTime(firing.slot.replace('T', ' '), timeZone);
}

/** "at 2026-12-07 23:00 PST": when the put-back happened, or is to happen. */
export function revertTimeText(firing: Firing, timeZone: string): string | null {
  const at = firing.revertedAt ?? firing.revertAt;
  return at ? `at ${formatAccountDateTime(at, timeZone)}` : null;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
