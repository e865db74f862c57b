import type { BlockReason, PlanRow } from '../contract/bulk-edits';
import { EMOJI, MAX_AD_TEXT_LENGTH, tikTokTextLength } from './ad-text-rules';
import type { EntitySnapshot } from './entity-snapshots';
import {
  landingUrlProblem,
  newLandingUrl,
  TIKTOK_URL_MACROS,
  unknownMacros,
} from './landing-url-change';
import { replaceText } from './name-change';
import type { RowTarget } from './planner';

/**
 * The landing-page and ad-text rows of a plan: each ad's new value, checked against TikTok's
 * rules for that field. What every ad edit shares (review, the ad group sent whole) is
 * checked after, by ad-update-planner.ts.
 */

type RowBase = Pick<PlanRow, 'entityId' | 'name' | 'field' | 'budgetMode' | 'before'>;

function row(
  base: RowBase,
  before: string | null,
  after: string | null,
  verdict: PlanRow['verdict'],
  reasonCode: BlockReason | null = null,
  reason: string | null = null,
): PlanRow {
  return { ...base, before, after, changePercent: null, verdict, reasonCode, reason };
}

export function planLandingUrl(base: RowBase, target: RowTarget, entity: EntitySnapshot): PlanRow {
  const before = entity.ad?.landingPageUrl ?? null;
  let after: string;
  if (target.kind === 'fixed') {
    if (typeof target.value !== 'string') throw new Error('A landing page target needs a string.');
    after = target.value;
  } else {
    if (target.operation.kind !== 'landing_url') throw new Error('Not a landing page operation.');
    const { change } = target.operation;
    if (before === null && change.type !== 'set') {
      return row(
        base,
        before,
        null,
        'blocked',
        'url_invalid',
        'Has no landing page to change (it leads to an instant page or an app): set one in Ads Manager.',
      );
    }
    after = newLandingUrl(change, before ?? '');
  }
  if (after === before)
    return row(base, before, after, 'unchanged', null, 'Already has this landing page.');
  const problem = landingUrlProblem(after);
  if (problem) return row(base, before, after, 'blocked', 'url_invalid', problem);
  const unknown = unknownMacros(before ?? '', after);
  return {
    ...row(base, before, after, 'ok'),
    warning:
      unknown.length > 0
        ? `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not TikTok macro${unknown.length === 1 ? '' : 's'} and would reach the shop as typed (TikTok's: ${TIKTOK_URL_MACROS.join(' ')}).`
        : null,
  };
}

export function planAdText(base: RowBase, target: RowTarget, entity: EntitySnapshot): PlanRow {
  const before = entity.ad?.adText ?? null;
  if (before === null) {
    return row(
      base,
      before,
      null,
      'blocked',
      'not_supported',
      'Has no ad text of its own (a Spark ad shows its post’s caption): edit it on TikTok.',
    );
  }
  let after: string;
  if (target.kind === 'fixed') {
    if (typeof target.value !== 'string') throw new Error('An ad text target needs a string.');
    after = target.value;
  } else {
    if (target.operation.kind !== 'ad_text') throw new Error('Not an ad text operation.');
    after = replaceText(target.operation.change, before);
  }
  if (after === before)
    return row(base, before, after, 'unchanged', null, 'Already has this text.');
  if (after.trim() === '') {
    return row(
      base,
      before,
      after,
      'blocked',
      'text_refused',
      'The new text is empty: TikTok requires 1 to 100 characters.',
    );
  }
  const length = tikTokTextLength(after);
  if (length > MAX_AD_TEXT_LENGTH) {
    return row(
      base,
      before,
      after,
      'blocked',
      'text_too_long',
      `The new text counts ${length} characters (Chinese and Japanese count twice): TikTok allows at most ${MAX_AD_TEXT_LENGTH}.`,
    );
  }
  if (EMOJI.test(after)) {
    return row(
      base,
      before,
      after,
      'blocked',
      'text_refused',
      'TikTok does not accept emoji in ad text.',
    );
  }
  return row(base, before, after, 'ok');
}
