import type { Level } from '../../../companion-server/src/contract/ads-manager';
import {
  type BulkOperation,
  type DaypartingChange,
  type Guardrails,
  type LandingUrlChange,
  type NameChange,
  RequestedBulkOperationSchema,
  type ScheduleChange,
  type TextReplace,
} from '../../../companion-server/src/contract/bulk-edits';
import { isSupportedCurrency } from '../../../companion-server/src/contract/currency';
import { ALL_HOURS } from '../../../companion-server/src/contract/dayparting';
import { operationBoundsProblem } from '../../../companion-server/src/contract/operation-bounds';

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

/** Find and replace, in names or in ads' text. */
export interface FindReplaceDraft {
  find: string;
  replace: string;
  regex: boolean;
  ignoreCase: boolean;
}

/** The rename inputs, kept apart so that switching between modes loses nothing typed. */
export interface RenameDraft extends FindReplaceDraft {
  mode: RenameMode;
  prefix: string;
  suffix: string;
  template: string;
}

/** One query parameter as typed: its name and value (TikTok's macros allowed). */
export interface ParamDraft {
  key: string;
  value: string;
}

/** The landing-page inputs: one URL, a part replaced, or query parameters set. */
export interface LandingUrlDraft {
  mode: LandingUrlChange['type'];
  url: string;
  find: string;
  replace: string;
  params: ParamDraft[];
}

/** The dayparting inputs: a grid drawn in the editor, or an ad group to copy from. */
export interface DaypartingDraft {
  mode: DaypartingChange['type'];
  /** 336 characters of 0 and 1, as the grid editor draws them. */
  grid: string;
  /** As typed or picked. */
  fromAdgroupId: string;
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
  landingUrl: LandingUrlDraft;
  adText: FindReplaceDraft;
  dayparting: DaypartingDraft;
}

/**
 * The schedule inputs: the end or the start, shifted by days (later or earlier) or set to
 * a local date and time.
 */
export interface ScheduleDraft {
  mode: ScheduleChange['type'];
  direction: 'later' | 'earlier';
  /** As typed. */
  days: string;
  /** From a datetime-local input: "YYYY-MM-DDTHH:MM" in the ad account's time zone. */
  endTime: string;
  startTime: string;
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
    schedule: { mode: 'shift_end', direction: 'later', days: '', endTime: '', startTime: '' },
    landingUrl: {
      mode: 'params',
      url: '',
      find: '',
      replace: '',
      params: [{ key: '', value: '' }],
    },
    adText: { find: '', replace: '', regex: false, ignoreCase: false },
    dayparting: { mode: 'set', grid: ALL_HOURS, fromAdgroupId: '' },
  };
}

/**
 * Budgets belong to campaigns and ad groups, bids, schedules and dayparting to ad groups,
 * landing pages and text to ads; every level has a status and a name.
 */
export function kindsFor(level: Level): OperationKind[] {
  switch (level) {
    case 'campaign':
      return ['budget', 'status', 'name'];
    case 'adgroup':
      return ['budget', 'bid', 'status', 'name', 'schedule', 'dayparting'];
    case 'ad':
      return ['status', 'name', 'landing_url', 'ad_text'];
  }
}

/** Why a kind of change does not apply to a level. */
const NOT_FOR_LEVEL: Record<OperationKind, string> = {
  budget: 'Ads have no budget: pause, enable or rename them, or edit their landing page or text.',
  bid: 'Bids belong to ad groups.',
  status: 'Every level has a status.',
  name: 'Every level has a name.',
  schedule: 'Schedules belong to ad groups.',
  dayparting: 'Dayparting belongs to ad groups.',
  landing_url: 'Landing pages belong to ads.',
  ad_text: 'Ad text belongs to ads.',
};

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

/** What the form knows of the ad account, to refuse what the server would refuse for it. */
export interface DraftAccount {
  currency: string;
  guardrails?: Guardrails | null;
}

export function buildOperation(
  draft: OperationDraft,
  level: Level,
  account?: DraftAccount,
): DraftResult {
  if (!kindsFor(level).includes(draft.kind)) {
    return { ok: false, error: NOT_FOR_LEVEL[draft.kind] };
  }
  let operation: BulkOperation;
  if (draft.kind === 'status') {
    operation = { kind: 'status', status: draft.status };
  } else if (draft.kind === 'name') {
    operation = { kind: 'name', change: nameChange(draft.rename) };
  } else if (draft.kind === 'ad_text') {
    operation = { kind: 'ad_text', change: textReplace(draft.adText) };
  } else if (draft.kind === 'landing_url') {
    const change = landingUrlChange(draft.landingUrl);
    if (typeof change === 'string') return { ok: false, error: change };
    operation = { kind: 'landing_url', change };
  } else if (draft.kind === 'dayparting') {
    const change = daypartingChange(draft.dayparting);
    if (typeof change === 'string') return { ok: false, error: change };
    operation = { kind: 'dayparting', change };
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
  // The bounds (largest amount, smallest step, ±percent) are the contract's, not repeated
  // here: the account's currency first, in its money, then those of every currency.
  if (account && isSupportedCurrency(account.currency)) {
    const problem = operationBoundsProblem(operation, account.currency);
    if (problem) return { ok: false, error: problem.message };
  }
  const checked = RequestedBulkOperationSchema.safeParse(operation);
  if (!checked.success) {
    return { ok: false, error: checked.error.issues[0]?.message ?? 'This change is not valid.' };
  }
  const beyond = beyondBlockingGuardrail(checked.data, account?.guardrails ?? null);
  return beyond ? { ok: false, error: beyond } : { ok: true, operation: checked.data };
}

/**
 * A percentage beyond a guardrail that blocks (rather than asks an admin) would block every
 * row: said here, with the limit, instead of in a preview of nothing but refusals.
 */
function beyondBlockingGuardrail(
  operation: BulkOperation,
  guardrails: Guardrails | null,
): string | null {
  if (guardrails?.overLimit !== 'block') return null;
  if (operation.kind !== 'budget' && operation.kind !== 'bid') return null;
  if (operation.change.type !== 'percent') return null;
  const { value } = operation.change;
  if (Math.abs(value) <= guardrails.maxChangePercent) return null;
  return `Bayme's limit is ±${guardrails.maxChangePercent}% per edit: ${value > 0 ? 'raise' : 'lower'} by ${guardrails.maxChangePercent}% or less.`;
}

function textReplace(draft: FindReplaceDraft): TextReplace {
  return {
    type: 'replace',
    find: draft.find,
    replace: draft.replace,
    regex: draft.regex,
    ignoreCase: draft.ignoreCase,
  };
}

function nameChange(rename: RenameDraft): NameChange {
  switch (rename.mode) {
    case 'replace':
      return textReplace(rename);
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
  if (schedule.mode === 'set_start') {
    if (schedule.startTime === '') return 'Choose the new start date and time.';
    return { type: 'set_start', startTime: schedule.startTime.replace('T', ' ').slice(0, 16) };
  }
  const text = schedule.days.trim();
  if (text === '') return 'Enter a number of days.';
  if (!/^\d+$/.test(text)) return `“${text}” is not a whole number of days.`;
  const days = Number(text);
  return { type: schedule.mode, days: schedule.direction === 'earlier' ? -days : days };
}

function landingUrlChange(draft: LandingUrlDraft): LandingUrlChange | string {
  switch (draft.mode) {
    case 'set':
      return { type: 'set', url: draft.url };
    case 'replace':
      return { type: 'replace', find: draft.find, replace: draft.replace };
    case 'params': {
      // Rows left empty are a spare line of the form, not a parameter.
      const params = draft.params
        .map((param) => ({ key: param.key.trim(), value: param.value.trim() }))
        .filter((param) => param.key !== '' || param.value !== '');
      if (params.some((param) => param.key === '')) return 'Name every parameter you give a value.';
      return { type: 'params', params };
    }
  }
}

function daypartingChange(draft: DaypartingDraft): DaypartingChange | string {
  if (draft.mode === 'set') return { type: 'set', dayparting: draft.grid };
  const id = draft.fromAdgroupId.trim();
  if (!/^\d+$/.test(id)) return 'Enter the id of the ad group to copy from (digits only).';
  return { type: 'copy', fromAdgroupId: id };
}
