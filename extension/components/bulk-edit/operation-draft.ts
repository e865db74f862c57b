import type { Level } from '../../../companion-server/src/contract/ads-manager';
import {
  type BulkOperation,
  type NameChange,
  RequestedBulkOperationSchema,
  type ScheduleChange,
} from '../../../companion-server/src/contract/bulk-edits';

/**
 * What the buyer has typed into the operation form, and how it becomes the operation the
 * server plans. The input is always a positive number; the raise/lower toggle gives the sign.
 * The operation is then checked with the contract's schema for requested operations, the one
 * the server applies to a preview request, so that the buyer reads its reason (an amount or
 * percentage out of bounds) in the drawer instead of sending a request the server refuses.
 * The server still validates it: this only spares the round trip.
 */

export type OperationKind = BulkOperation['kind'];
export type ChangeMode = 'set' | 'percent' | 'amount';
export type Direction = 'raise' | 'lower';
export type RenameMode = NameChange['type'];

/** The rename inputs, kept apart so that switching between modes loses nothing typed. */
export interface RenameDraft {
  mode: RenameMode;
  find: string;
  replace: string;
  regex: boolean;
  ignoreCase: boolean;
  prefix: string;
  suffix: string;
  template: string;
}

export interface OperationDraft {
  kind: OperationKind;
  mode: ChangeMode;
  direction: Direction;
  /** As typed. */
  value: string;
  status: 'ENABLE' | 'DISABLE';
  rename: RenameDraft;
  schedule: ScheduleDraft;
}

/** The end-time inputs: shift by days (later or earlier) or set a local date and time. */
export interface ScheduleDraft {
  mode: 'shift_end' | 'set_end';
  direction: 'later' | 'earlier';
  /** As typed. */
  days: string;
  /** From a datetime-local input: "YYYY-MM-DDTHH:MM" in the ad account's time zone. */
  endTime: string;
}

/** A fresh form: the level's first kind of change (budgets where there are any). */
export function initialDraft(level: Level): OperationDraft {
  return {
    kind: kindsFor(level)[0] ?? 'status',
    mode: 'set',
    direction: 'raise',
    value: '',
    status: 'DISABLE',
    rename: {
      mode: 'replace',
      find: '',
      replace: '',
      regex: false,
      ignoreCase: false,
      prefix: '',
      suffix: '',
      template: '{name}',
    },
    schedule: { mode: 'shift_end', direction: 'later', days: '', endTime: '' },
  };
}

/**
 * Budgets belong to campaigns and ad groups, bids to ad groups; every level has a status.
 * Campaigns and ad groups can be renamed (the server does not rename ads yet).
 */
export function kindsFor(level: Level): OperationKind[] {
  switch (level) {
    case 'campaign':
      return ['budget', 'status', 'name'];
    case 'adgroup':
      return ['budget', 'bid', 'status', 'name', 'schedule'];
    case 'ad':
      return ['status'];
  }
}

/** Bids can be set or changed by a percentage, not by an amount. */
export function modesFor(kind: OperationKind): ChangeMode[] {
  if (kind === 'budget') return ['set', 'percent', 'amount'];
  if (kind === 'bid') return ['set', 'percent'];
  return [];
}

export type DraftResult = { ok: true; operation: BulkOperation } | { ok: false; error: string };

const NUMBER = /^\d+(\.\d+)?$|^\.\d+$/;

function parsePositive(raw: string, mode: ChangeMode): number | string {
  const text = mode === 'percent' ? raw.trim().replace(/\s*%$/, '') : raw.trim();
  const what = mode === 'percent' ? 'a percentage' : 'an amount';
  if (text === '') return `Enter ${what}.`;
  if (text.startsWith('-') || text.startsWith('+')) {
    return 'Enter the number without a sign: choose Raise or Lower for the direction.';
  }
  if (!NUMBER.test(text)) {
    return /\d,\d/.test(text)
      ? 'Enter a number with a dot for decimals and no thousands separators, like 1250.50.'
      : `“${raw.trim()}” is not a number. Enter ${what}, like ${mode === 'percent' ? '15' : '25.50'}.`;
  }
  const value = Number(text);
  // Hundreds of digits: beyond any bound, but Infinity would only get zod's generic message.
  if (!Number.isFinite(value)) return `“${raw.trim()}” is too large for ${what}.`;
  if (value === 0) {
    return mode === 'set' ? 'The amount must be greater than 0.' : 'A change of 0 changes nothing.';
  }
  return value;
}

export function buildOperation(draft: OperationDraft, level: Level): DraftResult {
  if (!kindsFor(level).includes(draft.kind)) {
    return {
      ok: false,
      error:
        draft.kind === 'bid'
          ? 'Bids belong to ad groups.'
          : draft.kind === 'name'
            ? 'Ads cannot be renamed in bulk yet.'
            : draft.kind === 'schedule'
              ? 'Schedules belong to ad groups.'
              : 'Ads have no budget: only pause and enable apply to ads.',
    };
  }
  let operation: BulkOperation;
  if (draft.kind === 'status') {
    operation = { kind: 'status', status: draft.status };
  } else if (draft.kind === 'name') {
    operation = { kind: 'name', change: nameChange(draft.rename) };
  } else if (draft.kind === 'schedule') {
    const change = scheduleChange(draft.schedule);
    if (typeof change === 'string') return { ok: false, error: change };
    operation = { kind: 'schedule', change };
  } else {
    if (!modesFor(draft.kind).includes(draft.mode)) {
      return { ok: false, error: 'Bids can be set, or raised or lowered by a percentage.' };
    }
    const parsed = parsePositive(draft.value, draft.mode);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    const signed = draft.mode !== 'set' && draft.direction === 'lower' ? -parsed : parsed;
    if (draft.kind === 'bid') {
      operation =
        draft.mode === 'set'
          ? { kind: 'bid', change: { type: 'set', value: signed } }
          : { kind: 'bid', change: { type: 'percent', value: signed } };
    } else {
      operation = { kind: 'budget', change: { type: draft.mode, value: signed } };
    }
  }
  // The bounds (largest amount, smallest step, ±percent) are the contract's, not repeated here.
  const checked = RequestedBulkOperationSchema.safeParse(operation);
  if (!checked.success) {
    return { ok: false, error: checked.error.issues[0]?.message ?? 'This change is not valid.' };
  }
  return { ok: true, operation: checked.data };
}

function nameChange(rename: RenameDraft): NameChange {
  switch (rename.mode) {
    case 'replace':
      return {
        type: 'replace',
        find: rename.find,
        replace: rename.replace,
        regex: rename.regex,
        ignoreCase: rename.ignoreCase,
      };
    case 'prefix':
      return { type: 'prefix', text: rename.prefix };
    case 'suffix':
      return { type: 'suffix', text: rename.suffix };
    case 'template':
      return { type: 'template', template: rename.template };
  }
}

function scheduleChange(schedule: ScheduleDraft): ScheduleChange | string {
  if (schedule.mode === 'set_end') {
    if (schedule.endTime === '') return 'Choose the new end date and time.';
    return { type: 'set_end', endTime: schedule.endTime.replace('T', ' ').slice(0, 16) };
  }
  const text = schedule.days.trim();
  if (text === '') return 'Enter a number of days.';
  if (!/^\d+$/.test(text)) return `“${text}” is not a whole number of days.`;
  const days = Number(text);
  return { type: 'shift_end', days: schedule.direction === 'earlier' ? -days : days };
}
