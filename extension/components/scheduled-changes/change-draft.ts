import {
  formatAccountDateTime,
  labelAccountWallTime,
} from '../../../companion-server/src/contract/account-time';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { BulkOperation, Guardrails } from '../../../companion-server/src/contract/bulk-edits';
import {
  type ScheduledChangeInput,
  ScheduledChangeInputSchema,
  type ScheduledOperation,
} from '../../../companion-server/src/contract/scheduled-changes';
import { parseIsoDate, zonedTimeToInstant } from '../../../companion-server/src/lib/time-zone';
import { buildOperation, initialDraft, type OperationDraft } from '../bulk-edit/operation-draft';

/**
 * A scheduled change being written: the form's values (the operation as the bulk-edit form
 * holds it, dates and times as their inputs give them), how they become the contract's
 * ScheduledChangeInput, and the check of that input with the contract's own schema, each
 * problem under its field. The server checks it all again.
 */

export interface WhenDraft {
  kind: 'once' | 'weekly';
  /** "YYYY-MM-DD" (a once change). */
  date: string;
  /** "HH:MM". */
  time: string;
  /** 0 Sunday … 6 Saturday (a weekly change). */
  days: number[];
}

/**
 * The put-back: for a once change at a date and time, for a weekly one at a time that day.
 * Its date is empty until it is first switched on, when it takes the change's own.
 */
export interface RevertDraft {
  on: boolean;
  date: string;
  time: string;
}

export interface ChangeDraft {
  name: string;
  enabled: boolean;
  advertiserId: string;
  level: Level;
  entityIds: string[];
  operation: OperationDraft;
  when: WhenDraft;
  revert: RevertDraft;
}

/** Problems by field: the issue's path joined with dots ("when.at", "revert.at"). */
export type FieldErrors = Readonly<Record<string, string>>;

export type ChangeCheck =
  | { ok: true; input: ScheduledChangeInput; errors: FieldErrors }
  | { ok: false; input: null; errors: FieldErrors };

/** What the check needs to know beyond the draft: the account, the guardrail, the clock. */
export interface CheckContext {
  currency: string | null;
  timeZone: string | null;
  guardrails: Guardrails | null;
  /** The slot ("2026-12-07T18:00") the saved change last fired for: it may lie in the past. */
  firedSlot: string | null;
  now: number;
}

/**
 * A change from scratch: on, ad groups' budgets set, once today at 18:00 in the account's
 * zone, not put back. It fails the schema until it is named and has items, as it should.
 */
export function blankChangeDraft(advertiserId: string, today: string): ChangeDraft {
  return {
    name: '',
    enabled: true,
    advertiserId,
    level: 'adgroup',
    entityIds: [],
    operation: initialDraft('adgroup'),
    when: { kind: 'once', date: today, time: '18:00', days: [1, 2, 3, 4, 5] },
    revert: { on: false, date: '', time: '23:00' },
  };
}

/** A saved change back in the form's terms. */
export function draftOf(change: ScheduledChangeInput): ChangeDraft {
  const { when, revert } = change;
  const date = when.kind === 'once' ? when.at.slice(0, 10) : '';
  return {
    name: change.name,
    enabled: change.enabled,
    advertiserId: change.advertiserId,
    level: change.level,
    entityIds: [...change.entityIds],
    operation: operationDraftOf(change.operation, change.level),
    when:
      when.kind === 'once'
        ? { kind: 'once', date, time: when.at.slice(11, 16), days: [1, 2, 3, 4, 5] }
        : { kind: 'weekly', date, time: when.at, days: [...when.days] },
    revert: !revert
      ? { on: false, date: '', time: '23:00' }
      : revert.kind === 'once'
        ? { on: true, date: revert.at.slice(0, 10), time: revert.at.slice(11, 16) }
        : { on: true, date, time: revert.at },
  };
}

/** The bulk-edit form's values for an operation: the amount unsigned, the sign a direction. */
export function operationDraftOf(operation: ScheduledOperation, level: Level): OperationDraft {
  const draft = initialDraft(level);
  if (operation.kind === 'status') return { ...draft, kind: 'status', status: operation.status };
  if (operation.kind !== 'budget' && operation.kind !== 'bid') return draft;
  const { type, value } = operation.change;
  return {
    ...draft,
    kind: operation.kind,
    mode: type,
    direction: value < 0 ? 'lower' : 'raise',
    value: String(Math.abs(value)),
  };
}

/** The input the draft stands for, with the operation built from it (null: not buildable). */
function inputOf(draft: ChangeDraft, operation: BulkOperation | null) {
  const { when, revert } = draft;
  return {
    name: draft.name,
    enabled: draft.enabled,
    advertiserId: draft.advertiserId,
    level: draft.level,
    // Pasted lists repeat ids; the change names each once.
    entityIds: [...new Set(draft.entityIds)],
    operation,
    when:
      when.kind === 'once'
        ? { kind: 'once' as const, at: `${when.date} ${when.time}` }
        : {
            kind: 'weekly' as const,
            days: [...when.days].sort((a, b) => a - b),
            at: when.time,
          },
    revert: !revert.on
      ? null
      : when.kind === 'once'
        ? { kind: 'once' as const, at: `${revert.date} ${revert.time}` }
        : { kind: 'same_day' as const, at: revert.time },
  };
}

/** The operation the draft's fields make for its level, or why they make none. */
export function draftOperation(
  draft: ChangeDraft,
  context: Pick<CheckContext, 'currency' | 'guardrails'>,
): { ok: true; operation: BulkOperation } | { ok: false; error: string } {
  const built = buildOperation(
    draft.operation,
    draft.level,
    context.currency ? { currency: context.currency, guardrails: context.guardrails } : undefined,
  );
  if (!built.ok) return built;
  const beyond = beyondGuardrail(built.operation, context.guardrails);
  return beyond ? { ok: false, error: beyond } : built;
}

/**
 * A percentage beyond the guardrail would need an admin's approval for every item, and a
 * firing does not wait for one: it would change nothing, every time.
 */
function beyondGuardrail(operation: BulkOperation, guardrails: Guardrails | null): string | null {
  if (!guardrails || (operation.kind !== 'budget' && operation.kind !== 'bid')) return null;
  const { change } = operation;
  if (change.type !== 'percent' || Math.abs(change.value) <= guardrails.maxChangePercent) {
    return null;
  }
  return `Bayme's limit is ±${guardrails.maxChangePercent}% per change, and a scheduled change does not wait for an admin's approval: ${change.value > 0 ? 'raise' : 'lower'} by ${guardrails.maxChangePercent}% or less.`;
}

/**
 * The contract schema's verdict on the draft, each problem under its field, plus what the
 * form can tell without the server: the operation's own problems (as the bulk-edit form
 * words them) and a one-off time already past on the account's clock.
 */
export function checkChangeDraft(draft: ChangeDraft, context: CheckContext): ChangeCheck {
  const errors: Record<string, string> = {};
  const operation = draftOperation(draft, context);
  if (!operation.ok) errors.operation = operation.error;
  // A stand-in that fits every level, so that the rest is still checked while the operation
  // is being typed.
  const candidate = inputOf(
    draft,
    operation.ok ? operation.operation : { kind: 'status', status: 'DISABLE' },
  );
  const parsed = ScheduledChangeInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldKey(issue.path);
      if (errors[key] !== undefined) continue;
      const last = issue.path.at(-1);
      const item = typeof last === 'number' ? candidate.entityIds[last] : undefined;
      errors[key] =
        key === 'advertiserId' && draft.advertiserId === ''
          ? 'Choose the ad account.'
          : key === 'entityIds' && item !== undefined
            ? `“${item}”: ${issue.message}`
            : issue.message;
    }
  }
  const passed = errors['when.at'] === undefined ? pastTimeProblem(draft, context) : null;
  if (passed) errors['when.at'] = passed;
  if (parsed.success && Object.keys(errors).length === 0) {
    return { ok: true, input: parsed.data, errors };
  }
  return { ok: false, input: null, errors };
}

/**
 * A one-off switched on must fire in the future (the server refuses it otherwise), unless
 * it already fired at that time: a saved change that did its work can still be renamed.
 */
function pastTimeProblem(draft: ChangeDraft, context: CheckContext): string | null {
  const { when } = draft;
  const zone = context.timeZone;
  if (!draft.enabled || when.kind !== 'once' || !zone || !parseIsoDate(when.date)) return null;
  if (context.firedSlot === `${when.date}T${when.time}`) return null;
  const [hour, minute] = when.time.split(':').map(Number);
  const at = zonedTimeToInstant(when.date, zone, hour ?? 0, minute ?? 0);
  if (at > context.now) return null;
  return `${labelAccountWallTime(`${when.date} ${when.time}`, zone)} has passed (it is ${formatAccountDateTime(context.now, zone)} in the ad account’s time zone): choose a time in the future.`;
}

/** A list's item is shown under the list: "entityIds.3" under "entityIds". */
function fieldKey(path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  if (parts.length > 0 && /^\d+$/.test(parts.at(-1) ?? '')) parts.pop();
  return parts.join('.');
}

/**
 * Whether the draft differs from what was saved. A draft whose operation cannot be built
 * yet differs (something was typed).
 */
export function isChangeDirty(
  draft: ChangeDraft,
  saved: ScheduledChangeInput,
  context: Pick<CheckContext, 'currency' | 'guardrails'>,
): boolean {
  const operation = draftOperation(draft, context);
  if (!operation.ok) return true;
  return !sameValue(inputOf(draft, operation.operation), inputOfSaved(saved));
}

/** A saved change's input fields, without the server's own (id, version, who, when). */
export function inputOfSaved(change: ScheduledChangeInput): ScheduledChangeInput {
  const { name, enabled, advertiserId, level, entityIds, operation, when, revert } = change;
  return { name, enabled, advertiserId, level, entityIds, operation, when, revert };
}

/** Whether two drafts hold the same values (whatever the order of their keys). */
export function sameDraft(a: ChangeDraft, b: ChangeDraft): boolean {
  return sameValue(a, b);
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
