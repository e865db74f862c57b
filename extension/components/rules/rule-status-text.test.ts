import { describe, expect, it } from 'vitest';
import type { RuleAction } from '../../../companion-server/src/contract/rules';
import { ruleRun } from '../../../test/fixtures/extension/rules-fixtures';
import { lastRunText, nextRunText, runOutcomeText, timeAgo } from './rule-status-text';

const NOW = Date.parse('2026-12-06T18:15:00.000Z');
const at = (minutesBefore: number) => new Date(NOW - minutesBefore * 60_000).toISOString();
const pause: RuleAction = { kind: 'pause' };
const budget: RuleAction = {
  kind: 'budget',
  change: { type: 'percent', value: 20 },
  floor: null,
  ceiling: null,
};

describe('a rule’s state in a few words', () => {
  it('says how long ago, in the largest whole unit', () => {
    expect(timeAgo(at(0.5), NOW)).toBe('just now');
    expect(timeAgo(at(2), NOW)).toBe('2 min ago');
    expect(timeAgo(at(59), NOW)).toBe('59 min ago');
    expect(timeAgo(at(61), NOW)).toBe('1 h ago');
    expect(timeAgo(at(60 * 24), NOW)).toBe('1 day ago');
    expect(timeAgo(at(60 * 24 * 3), NOW)).toBe('3 days ago');
  });

  it('says what the last run did, or why it did nothing', () => {
    const finished = { finishedAt: at(2) };
    expect(lastRunText({ action: pause, lastRun: null }, NOW)).toBe('never run');
    expect(lastRunText({ action: pause, lastRun: ruleRun(finished) }, NOW)).toBe(
      '3 paused · 2 min ago',
    );
    expect(
      lastRunText(
        { action: budget, lastRun: ruleRun({ ...finished, acted: 1, needsApproval: 2 }) },
        NOW,
      ),
    ).toBe('1 budget changed, 2 await approval · 2 min ago');
    expect(
      lastRunText(
        {
          action: pause,
          lastRun: ruleRun({ ...finished, status: 'failed', message: 'TikTok refused the token' }),
        },
        NOW,
      ),
    ).toBe('failed: TikTok refused the token · 2 min ago');
    expect(
      lastRunText(
        { action: pause, lastRun: ruleRun({ ...finished, acted: 0, matched: 0, evaluated: 1200 }) },
        NOW,
      ),
    ).toBe('no match among 1,200 · 2 min ago');
    expect(
      lastRunText({ action: pause, lastRun: ruleRun({ ...finished, acted: 0, matched: 4 }) }, NOW),
    ).toBe('4 matched, none acted on · 2 min ago');
    expect(
      lastRunText(
        {
          action: pause,
          lastRun: ruleRun({ status: 'running', startedAt: at(1), finishedAt: null }),
        },
        NOW,
      ),
    ).toBe('running now · started 1 min ago');
  });

  it('says an undo put things back, whatever the rule does', () => {
    expect(runOutcomeText({ action: pause }, ruleRun({ trigger: 'undo', acted: 3 }))).toBe(
      '3 put back',
    );
  });

  it('gives the next run in the account’s time zone with its name, or why there is none', () => {
    const rule = { enabled: true, nextRunAt: '2026-12-06T18:30:00.000Z' };
    expect(nextRunText(rule, 'America/Los_Angeles', false)).toBe('Next run 2026-12-06 10:30 PST');
    expect(nextRunText(rule, 'Asia/Tokyo', false)).toBe('Next run 2026-12-07 03:30 GMT+9');
    expect(nextRunText({ ...rule, enabled: false }, 'UTC', false)).toBe('Off');
    expect(nextRunText(rule, 'UTC', true)).toBe('Waits: all rules are paused');
    expect(nextRunText({ ...rule, nextRunAt: null }, 'UTC', false)).toBe('Not scheduled');
  });
});
