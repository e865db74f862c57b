import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import {
  EditedFieldSchema,
  type FieldValue,
} from '../../../companion-server/src/contract/bulk-edits';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import type { Evaluation } from '../../../companion-server/src/contract/rules';
import { Chip } from '../bulk-edit/controls';
import { formatFieldValue } from '../bulk-edit/field-values';
import { changedFieldLabel, OUTCOME_LABELS, OUTCOME_TONES } from './rule-labels';

type AccountTerms = Pick<AdAccountView, 'currency' | 'timezone'>;

/** XXX, ISO's "no currency", while the account is not known: ¤50.00 rather than a guess. */
const UNKNOWN_ACCOUNT: AccountTerms = { currency: 'XXX', timezone: 'UTC' };

/** "Budget: $40.00 → $50.00", "Status: Active → Paused": money in the account's currency. */
export function recentChangeText(
  change: NonNullable<Evaluation['change']>,
  account: AccountTerms | undefined,
): string {
  const field = EditedFieldSchema.safeParse(change.field);
  const shown = (value: FieldValue | null) =>
    field.success
      ? formatFieldValue(field.data, value, account ?? UNKNOWN_ACCOUNT)
      : String(value ?? '–');
  return `${changedFieldLabel(change.field)}: ${shown(change.before)} → ${shown(change.after)}`;
}

/**
 * One thing a rule did (or asked for) to an item: when, in the account's zone and named;
 * the outcome; the rule, which opens the rule's page and its full log; the item's name and
 * id; the change before → after; the reason in a sentence. Names are cut to the side
 * panel's width with the whole text as the tooltip; the reason and the change wrap.
 */
export function RecentActionLine(props: {
  evaluation: Evaluation;
  account: AdAccountView | undefined;
  /** The account's name beside the time, when the list is every account's. */
  showAccount: boolean;
  ruleName: string;
  /** The rule's page; null: the rule has been deleted since. */
  ruleHref: string | null;
}) {
  const { evaluation, account, ruleName } = props;
  const name = evaluation.entityName ?? '(no name)';
  return (
    <div
      className="space-y-[1px] rounded-[6px] border border-slate-200 bg-white px-[10px] py-[6px] text-[12px] leading-[16px]"
      data-testid="recent-action"
      data-entity-id={evaluation.entityId}
      data-outcome={evaluation.outcome}
    >
      <div className="flex items-center gap-[6px]">
        <span className="shrink-0" data-testid="recent-action-outcome">
          <Chip tone={OUTCOME_TONES[evaluation.outcome]}>{OUTCOME_LABELS[evaluation.outcome]}</Chip>
        </span>
        <span
          className="min-w-0 flex-1 truncate text-right text-[11px] text-slate-500"
          data-testid="recent-action-time"
        >
          {props.showAccount && account ? `${account.name} · ` : ''}
          {formatAccountDateTime(evaluation.evaluatedAt, account?.timezone ?? 'UTC')}
        </span>
      </div>
      {props.ruleHref ? (
        <a
          href={props.ruleHref}
          target="_blank"
          rel="noreferrer"
          title={`${ruleName}: open the rule and its full log`}
          className="block truncate font-semibold text-sky-800 hover:underline"
          data-testid="recent-action-rule"
        >
          {ruleName}
        </a>
      ) : (
        <p className="truncate font-semibold text-slate-600" data-testid="recent-action-rule">
          {ruleName}
        </p>
      )}
      <p className="truncate text-ink" title={name} data-testid="recent-action-entity">
        {name}
      </p>
      <p className="truncate font-mono text-[11px] text-slate-500" data-testid="recent-action-id">
        {evaluation.entityId}
      </p>
      {evaluation.change ? (
        <p className="break-words text-slate-800" data-testid="recent-action-change">
          {recentChangeText(evaluation.change, account)}
        </p>
      ) : null}
      <p className="break-words text-slate-600" data-testid="recent-action-reason">
        {evaluation.reason}
      </p>
    </div>
  );
}
