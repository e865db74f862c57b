import type { DuplicateRequest } from './use-create-plan';

/** The duplicate form as typed, kept by its panel so going back from the preview finds it. */
export interface DuplicateDraft {
  nameSuffix: string;
  /** A new budget for every copy, as typed; empty keeps each original's budget. */
  budget: string;
  paused: boolean;
}

export type DuplicateLevel = DuplicateRequest['level'];

/** The contract's limits on a duplication: ids per request, and the suffix's length. */
export const MAX_DUPLICATES = 50;
const MAX_SUFFIX_LENGTH = 40;
const NUMBER = /^\d+(\.\d+)?$|^\.\d+$/;

export const INITIAL_DUPLICATE_DRAFT: DuplicateDraft = {
  nameSuffix: ' (copy)',
  budget: '',
  paused: true,
};

/** The request the draft asks for, or what is wrong with it. */
export function buildDuplicateRequest(
  draft: DuplicateDraft,
  level: DuplicateLevel,
  entityIds: string[],
): { ok: true; request: DuplicateRequest } | { ok: false; error: string } {
  if (entityIds.length > MAX_DUPLICATES) {
    return {
      ok: false,
      error: `At most ${MAX_DUPLICATES} can be copied at once: you selected ${entityIds.length}. Untick some and try again.`,
    };
  }
  if (draft.nameSuffix.trim() === '') {
    return {
      ok: false,
      error:
        'Add a name suffix, such as " (copy)", so the copies can be told from their originals.',
    };
  }
  if (draft.nameSuffix.length > MAX_SUFFIX_LENGTH) {
    return { ok: false, error: `Keep the name suffix to ${MAX_SUFFIX_LENGTH} characters.` };
  }
  let budget: number | null = null;
  const typed = draft.budget.trim();
  if (typed !== '') {
    if (!NUMBER.test(typed)) {
      return {
        ok: false,
        error: /\d,\d/.test(typed)
          ? 'Enter the budget with a dot for decimals and no thousands separators, like 1250.50.'
          : `“${typed}” is not an amount. Enter a budget like 50.00, or leave it empty to keep each original's budget.`,
      };
    }
    budget = Number(typed);
    if (budget === 0) {
      return {
        ok: false,
        error: "The budget must be greater than 0; leave it empty to keep each original's budget.",
      };
    }
  }
  return {
    ok: true,
    request: {
      level,
      entityIds,
      nameSuffix: draft.nameSuffix,
      budget,
      status: draft.paused ? 'DISABLE' : 'ENABLE',
    },
  };
}
