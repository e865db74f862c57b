import type { Level } from '../../../companion-server/src/contract/ads-manager';
import {
  type BulkOperation,
  RequestedBulkOperationSchema,
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

export interface OperationDraft {
  kind: OperationKind;
  mode: ChangeMode;
  direction: Direction;
  /** As typed. */
  value: string;
  status: 'ENABLE' | 'DISABLE';
}

/** A fresh form: the level's first kind of change (budgets where there are any). */
export function initialDraft(level: Level): OperationDraft {
  return {
    kind: kindsFor(level)[0] ?? 'status',
    mode: 'set',
    direction: 'raise',
    value: '',
    status: 'DISABLE',
  };
}

/** Budgets belong to campaigns and ad groups, bids to ad groups; every level has a status. */
export function kindsFor(level: Level): OperationKind[] {
  switch (level) {
    case 'campaign':
      return ['budget', 'status'];
    case 'adgroup':
      return ['budget', 'bid', 'status'];
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
          : 'Ads have no budget: only pause and enable apply to ads.',
    };
  }
  let operation: BulkOperation;
  if (draft.kind === 'status') {
    operation = { kind: 'status', status: draft.status };
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
