import { TIKTOK_LIMITS } from './fewest-calls';

/**
 * The fewest Marketing API calls the field updates of a bulk edit can cost under TikTok's own
 * rules, whatever an implementation does (fewest-calls.ts does the same for budgets, bids and
 * statuses, whose limits it states): the reads a preview needs to say what will happen to
 * each row, and the writes, each at the largest batch or page TikTok's endpoints take.
 *
 * - Ad names, landing pages and text go through ad/update/, whose body is an ad group's
 *   list of ads (at most 20): one write per ad group with a change carries all of its ads.
 *   Since a list update may drop the ads it leaves out (the safer reading), the preview must
 *   know every ad of those groups: its reads cover the selected ads and their groups' ads
 *   (both by id filter, 100 a call), or every ad of the account (1,000 a page).
 * - Ad groups' start times and dayparting go through adgroup/update/, one ad group a call:
 *   TikTok has no batch endpoint for them. A dayparting copy reads its source too, unless
 *   the source is one of the rows.
 *
 * Deliberately not counted, as there: reading again before writing (the server's guard
 * against changes made meanwhile, which for ad/update/ is a read of each group right before
 * its call), the account's currency and time zone, and retries.
 */

/** ad/update/'s largest list: creatives per call, and ads an ad group can hold. */
export const CREATIVES_PER_UPDATE = 20;

export type FieldEdit = 'ad_update' | 'adgroup_update';

export interface FieldEditFacts {
  edit: FieldEdit;
  /** Rows selected: the ids the preview must read. */
  selected: number;
  /** Entities of the level in the account, deleted ones included. */
  levelTotal: number;
  /** Rows whose value TikTok must change. */
  changes: number;
  /** For ad edits: the distinct ad groups of the selected ads, and of the changed ones. */
  adGroups?: number;
  changedAdGroups?: number;
  /** For a dayparting copy whose source is not among the rows: one more ad group to read. */
  readsSource?: boolean;
}

export interface CallCount {
  path: string;
  calls: number;
  why: string;
}

export interface FewestCalls {
  reads: CallCount[];
  writes: CallCount[];
  total: number;
}

const groups = (count: number, size: number) => Math.ceil(count / size);

export function fewestFieldEditCalls(facts: FieldEditFacts): FewestCalls {
  const reads: CallCount[] = [];
  const writes: CallCount[] = [];
  if (facts.edit === 'ad_update') {
    const adGroups = facts.adGroups ?? 0;
    const byIds =
      groups(facts.selected, TIKTOK_LIMITS.idsPerFilter) +
      groups(adGroups, TIKTOK_LIMITS.idsPerFilter);
    const whole = groups(facts.levelTotal, TIKTOK_LIMITS.pageSize);
    reads.push(
      byIds <= whole
        ? {
            path: 'ad/get/',
            calls: byIds,
            why: `${facts.selected} ads by id, then every ad of their ${adGroups} ad groups, 100 ids a call`,
          }
        : {
            path: 'ad/get/',
            calls: whole,
            why: `all ${facts.levelTotal} ads of the account, 1,000 a page`,
          },
    );
    const changed = facts.changedAdGroups ?? 0;
    writes.push({
      path: 'ad/update/',
      calls: changed,
      why: `${facts.changes} ads in ${changed} ad groups, one call per ad group (its whole list, at most ${CREATIVES_PER_UPDATE})`,
    });
  } else {
    const byIds = groups(facts.selected + (facts.readsSource ? 1 : 0), TIKTOK_LIMITS.idsPerFilter);
    const whole = groups(facts.levelTotal, TIKTOK_LIMITS.pageSize);
    reads.push(
      byIds <= whole
        ? {
            path: 'adgroup/get/',
            calls: byIds,
            why: `${facts.selected} ad groups${facts.readsSource ? ' and the one copied from' : ''} by id, 100 a call`,
          }
        : {
            path: 'adgroup/get/',
            calls: whole,
            why: `all ${facts.levelTotal} ad groups of the account, 1,000 a page`,
          },
    );
    writes.push({
      path: 'adgroup/update/',
      calls: facts.changes,
      why: `${facts.changes} ad groups, one a call: no batch endpoint for schedules or dayparting`,
    });
  }
  const total = [...reads, ...writes].reduce((sum, count) => sum + count.calls, 0);
  return { reads, writes, total };
}
