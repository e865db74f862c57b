import type { z } from 'zod';
import { findPatternProblem } from '../../../companion-server/src/contract/bulk-edits';
import {
  DEFAULT_RULE_INTERVAL_MINUTES,
  type Rule,
  type RuleInput,
  RuleInputSchema,
} from '../../../companion-server/src/contract/rules';

/**
 * A rule being written: the contract's RuleInput as the form holds it, and its check with
 * the contract's own schema. A number box left empty or half-typed holds NaN, so the draft
 * keeps RuleInput's shape and the schema says what is wrong with it, in the form's words.
 */

/** Problems by field: the issue's path joined with dots ("groups.0.conditions.1.right.factor"). */
export type FieldErrors = Readonly<Record<string, string>>;

export type DraftCheck =
  | { ok: true; input: RuleInput; errors: FieldErrors }
  | { ok: false; input: null; errors: FieldErrors };

/**
 * A rule from scratch on these accounts, off until the buyer turns it on: something that
 * passes the schema (pause active ad groups that spent more than 50 today), to change.
 */
export function blankRule(advertiserIds: string[]): RuleInput {
  return {
    name: '',
    enabled: false,
    scope: {
      advertiserIds,
      level: 'adgroup',
      name: null,
      statuses: ['ENABLE'],
      campaignIds: null,
      entityIds: null,
    },
    groups: [
      {
        conditions: [
          {
            left: { metric: 'spend', window: { kind: 'today' } },
            comparison: 'gt',
            right: { kind: 'number', value: 50 },
          },
        ],
      },
    ],
    minimumData: null,
    action: { kind: 'pause' },
    until: null,
    schedule: {
      every: { kind: 'minutes', minutes: DEFAULT_RULE_INTERVAL_MINUTES },
      days: null,
      hours: null,
    },
    cooldownHours: 24,
    maxActionsPerRun: 50,
    notify: { onAction: false, onApprovalNeeded: true, onFailure: true, webhookUrl: null },
  };
}

/** What a saved rule was written as: the server's own fields (id, who, when) left out. */
export function ruleInputOf(rule: Rule): RuleInput {
  const { name, enabled, scope, groups, minimumData, action, until, schedule } = rule;
  const { cooldownHours, maxActionsPerRun, notify } = rule;
  return {
    name,
    enabled,
    scope,
    groups,
    minimumData,
    action,
    until,
    schedule,
    cooldownHours,
    maxActionsPerRun,
    notify,
  };
}

/**
 * The schema's verdict on the draft, each problem under its field. The schema's own
 * messages stay; those it leaves to zod ("Too small: expected number to be >=0") are said
 * plainly here. A pattern the server's find-and-replace check refuses is refused here too.
 */
export function checkDraft(draft: RuleInput): DraftCheck {
  const errors: Record<string, string> = {};
  const parsed = RuleInputSchema.safeParse(draft, { error: plainMessage });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldKey(issue.path);
      // The first problem of a field is the one to fix first.
      if (errors[key] === undefined) errors[key] = withListItem(issue, draft);
    }
  }
  if (draft.scope.name?.type === 'regex' && draft.scope.name.value !== '') {
    const problem = findPatternProblem(draft.scope.name.value);
    if (problem && errors['scope.name.value'] === undefined) errors['scope.name.value'] = problem;
  }
  if (parsed.success && Object.keys(errors).length === 0) {
    return { ok: true, input: parsed.data, errors };
  }
  return { ok: false, input: null, errors };
}

/**
 * What the live preview evaluates: the draft without what cannot change its verdicts (its
 * name, switch and notifications), so that a rule is previewed before it is named, and
 * typing its name asks nothing of the server. Null while the rest does not pass the schema.
 */
export function previewInputOf(draft: RuleInput): RuleInput | null {
  const check = checkDraft({
    ...draft,
    name: 'Preview',
    enabled: false,
    notify: { onAction: false, onApprovalNeeded: false, onFailure: false, webhookUrl: null },
  });
  return check.input;
}

/**
 * The key a problem is shown under. A list of ids or days is one field: "scope.entityIds.3"
 * is shown under "scope.entityIds" (withListItem names the item).
 */
function fieldKey(path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  if (parts.length > 0 && /^\d+$/.test(parts.at(-1) ?? '')) parts.pop();
  return parts.join('.');
}

/** A list item's problem says which item: “12x4”: Expected an id made of digits. */
function withListItem(issue: z.core.$ZodIssue, draft: RuleInput): string {
  const last = issue.path.at(-1);
  if (typeof last !== 'number') return issue.message;
  let value: unknown = draft;
  for (const part of issue.path) {
    value = value !== null && typeof value === 'object' ? Reflect.get(value, part) : undefined;
  }
  return typeof value === 'string' ? `“${value}”: ${issue.message}` : issue.message;
}

/** zod's own wording in plain words; undefined keeps the schema's message. */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number') return 'Enter a number.';
      if (issue.expected === 'int') return 'Enter a whole number.';
      return 'Fill this in.';
    case 'too_small': {
      const { origin, minimum } = issue;
      if (origin === 'array' || origin === 'set') {
        return Number(minimum) <= 1 ? 'Pick at least one.' : `Pick at least ${minimum}.`;
      }
      if (origin === 'string') {
        return Number(minimum) <= 1 ? 'Fill this in.' : `At least ${minimum} characters.`;
      }
      return issue.inclusive === false ? `More than ${minimum}.` : `At least ${minimum}.`;
    }
    case 'too_big': {
      const { origin, maximum } = issue;
      if (origin === 'array' || origin === 'set') return `At most ${maximum}.`;
      if (origin === 'string') return `At most ${maximum} characters.`;
      return issue.inclusive === false ? `Less than ${maximum}.` : `At most ${maximum}.`;
    }
    case 'invalid_format':
      if (issue.format === 'url') return 'A web address starting with https:// or http://.';
      return undefined;
    default:
      return undefined;
  }
}

/** Ids as typed: one per line, or separated by commas or spaces. Null for none. */
export function parseIdList(text: string): string[] | null {
  const ids = text.split(/[\s,;]+/).filter((id) => id !== '');
  return ids.length > 0 ? ids : null;
}

export function formatIdList(ids: readonly string[] | null): string {
  return (ids ?? []).join('\n');
}

/** Whether the draft differs from what was saved (whatever the order of its keys). */
export function isDirty(draft: RuleInput, saved: RuleInput): boolean {
  return !sameValue(draft, saved);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameValue(item, b[index]))
    );
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => sameValue(Reflect.get(a, key), Reflect.get(b, key)));
}
