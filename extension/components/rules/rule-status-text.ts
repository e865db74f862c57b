import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type { RuleRun, RuleView } from '../../../companion-server/src/contract/rules';
import { actedText } from './rule-labels';

/**
 * A rule's state in a few words, for a list line: how its last run went ("3 paused · 2 min
 * ago", "failed: TikTok refused the token", "never run") and when it runs next, in the ad
 * account's time zone with the zone's name.
 */

/** "just now", "2 min ago", "3 h ago", "2 days ago". */
export function timeAgo(when: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(when)) / 60_000);
  if (Number.isNaN(minutes)) return when;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** What a finished run did, without its time: "3 paused, 1 awaits approval". */
export function runOutcomeText(rule: Pick<RuleView, 'action'>, run: RuleRun): string {
  if (run.status === 'running') return 'running now';
  if (run.status === 'failed') return `failed: ${run.message ?? 'no reason given'}`;
  if (run.status === 'skipped') return `skipped: ${run.message ?? 'no reason given'}`;
  const parts: string[] = [];
  // An undo puts back what an earlier run did, whatever the rule's action.
  if (run.acted > 0) {
    parts.push(
      run.trigger === 'undo' ? `${run.acted} put back` : actedText(rule.action, run.acted),
    );
  }
  if (run.needsApproval > 0) parts.push(`${run.needsApproval} await approval`);
  if (parts.length > 0) return parts.join(', ');
  if (run.matched > 0) return `${run.matched} matched, none acted on`;
  return `no match among ${run.evaluated.toLocaleString('en-US')}`;
}

export function lastRunText(rule: Pick<RuleView, 'action' | 'lastRun'>, now: number): string {
  const run = rule.lastRun;
  if (!run) return 'never run';
  if (run.status === 'running') return `running now · started ${timeAgo(run.startedAt, now)}`;
  return `${runOutcomeText(rule, run)} · ${timeAgo(run.finishedAt ?? run.startedAt, now)}`;
}

/** Whether the last run's line should read as a problem. */
export function lastRunFailed(rule: Pick<RuleView, 'lastRun'>): boolean {
  return rule.lastRun?.status === 'failed';
}

/** "Next run 2026-12-06 10:15 PST", "Off", "Paused by admin", "Not scheduled". */
export function nextRunText(
  rule: Pick<RuleView, 'enabled' | 'nextRunAt'>,
  timeZone: string,
  pausedByAdmin: boolean,
): string {
  if (!rule.enabled) return 'Off';
  if (pausedByAdmin) return 'Waits: all rules are paused';
  if (!rule.nextRunAt) return 'Not scheduled';
  return `Next run ${formatAccountDateTime(rule.nextRunAt, timeZone)}`;
}
