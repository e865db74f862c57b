import { findPatternProblem } from '../contract/bulk-edits';
import {
  type Condition,
  MAX_RULE_ENTITIES,
  type MetricRef,
  type RuleInput,
  type RuleScope,
} from '../contract/rules';
import { timesOfDay } from './rule-schedule';

/**
 * Which entities a rule looks at, and what is wrong with a rule beyond its shape: the checks
 * zod cannot make because they join two parts of the rule (the level and the action, the
 * schedule and its hours), each worded so that a buyer knows what to change.
 */

export interface ScopeEntity {
  id: string;
  name: string;
  status: 'ENABLE' | 'DISABLE' | 'DELETE';
  /** The campaign it belongs to; a campaign's own id for a campaign. */
  campaignId: string | null;
}

/**
 * The entities that pass every filter the scope sets, deleted ones never, at most
 * MAX_RULE_ENTITIES of them in id order, so that the same ones are kept from run to run.
 * A name pattern the safe subset refuses matches nothing (ruleProblems keeps such a rule
 * from being saved; an old one must not run over every entity). The entities come back as
 * given, with whatever else the caller knows about them.
 */
export function entitiesInScope<Entity extends ScopeEntity>(
  scope: RuleScope,
  entities: readonly Entity[],
): { inScope: Entity[]; truncated: boolean } {
  const statuses = scope.statuses ? new Set<string>(scope.statuses) : null;
  const campaignIds = scope.campaignIds ? new Set(scope.campaignIds) : null;
  const entityIds = scope.entityIds ? new Set(scope.entityIds) : null;
  const nameMatches = nameMatcher(scope.name);
  const matching = entities.filter(
    (entity) =>
      entity.status !== 'DELETE' &&
      (statuses === null || statuses.has(entity.status)) &&
      (campaignIds === null ||
        (entity.campaignId !== null && campaignIds.has(entity.campaignId))) &&
      (entityIds === null || entityIds.has(entity.id)) &&
      nameMatches(entity.name),
  );
  matching.sort((a, b) => compareIds(a.id, b.id));
  return {
    inScope: matching.slice(0, MAX_RULE_ENTITIES),
    truncated: matching.length > MAX_RULE_ENTITIES,
  };
}

function nameMatcher(filter: RuleScope['name']): (name: string) => boolean {
  if (!filter) return () => true;
  switch (filter.type) {
    case 'contains': {
      const part = filter.value.toLowerCase();
      return (name) => name.toLowerCase().includes(part);
    }
    case 'not_contains': {
      const part = filter.value.toLowerCase();
      return (name) => !name.toLowerCase().includes(part);
    }
    case 'regex': {
      if (findPatternProblem(filter.value) !== null) return () => false;
      const pattern = new RegExp(filter.value, 'iu');
      return (name) => pattern.test(name);
    }
  }
}

/** TikTok ids are digit strings beyond 2^53: ordered by length, then digit by digit. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface RuleProblem {
  /** Where, as zod would say it: "action", "groups.0.conditions.1.left.metric". */
  path: string;
  message: string;
}

export function ruleProblems(input: RuleInput): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const { scope, action } = input;
  const add = (path: string, message: string) => problems.push({ path, message });

  if (action.kind === 'bid' && scope.level !== 'adgroup') {
    add('action', 'Only ad groups have bids: choose the ad group level, or another action.');
  }
  if (action.kind === 'budget' && scope.level === 'ad') {
    add('action', 'Ads have no budget: choose the campaign or ad group level, or another action.');
  }
  if ((action.kind === 'budget' || action.kind === 'bid') && action.change.type === 'set') {
    const { value } = action.change;
    if (action.ceiling !== null && value > action.ceiling) {
      add(
        'action.change.value',
        `The new amount (${value}) is above the ceiling (${action.ceiling}): lower it, or raise the ceiling.`,
      );
    }
    if (action.floor !== null && value < action.floor) {
      add(
        'action.change.value',
        `The new amount (${value}) is below the floor (${action.floor}): raise it, or lower the floor.`,
      );
    }
  }
  if (scope.statuses?.length === 1) {
    const [only] = scope.statuses;
    if (action.kind === 'pause' && only === 'DISABLE') {
      add(
        'scope.statuses',
        'The rule pauses, but only looks at paused items: it could never act. Include active items.',
      );
    }
    if (action.kind === 'enable' && only === 'ENABLE') {
      add(
        'scope.statuses',
        'The rule enables, but only looks at active items: it could never act. Include paused items.',
      );
    }
  }

  if (scope.name?.type === 'regex') {
    const problem = findPatternProblem(scope.name.value);
    if (problem) add('scope.name.value', problem);
  }

  if (scope.level === 'ad') {
    input.groups.forEach((group, g) => {
      group.conditions.forEach((condition, c) => {
        for (const [side, ref] of sidesOf(condition)) {
          if (ref.metric === 'budget' || ref.metric === 'budget_used') {
            add(
              `groups.${g}.conditions.${c}.${side}.metric`,
              'Ads have no budget: Budget and Budget used apply to campaigns and ad groups only.',
            );
          }
        }
      });
    });
  }

  if (input.minimumData && input.minimumData.atLeast <= 0) {
    add(
      'minimumData.atLeast',
      'A minimum of 0 lets every item through: set a minimum above 0, or remove the guard.',
    );
  }

  if (input.until && action.kind === 'notify') {
    add(
      'until',
      'A notify-only rule changes nothing, so there is nothing to undo: remove “until”.',
    );
  }

  const { schedule } = input;
  if (schedule.hours && timesOfDay(schedule).length === 0) {
    const hours = `${hourText(schedule.hours.from)}–${hourText(schedule.hours.to)}`;
    const when =
      schedule.every.kind === 'daily'
        ? `at ${schedule.every.at}`
        : schedule.every.kind === 'hourly'
          ? 'every hour'
          : `every ${schedule.every.minutes} minutes from midnight`;
    add(
      'schedule.hours',
      `The rule runs ${when}, never within its hours (${hours}): it would never run. Change the time or the hours.`,
    );
  }

  return problems;
}

function sidesOf(condition: Condition): Array<['left' | 'right.ref', MetricRef]> {
  return condition.right.kind === 'metric'
    ? [
        ['left', condition.left],
        ['right.ref', condition.right.ref],
      ]
    : [['left', condition.left]];
}

function hourText(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
