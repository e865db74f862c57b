import { useQuery } from '@tanstack/react-query';
import { currencyRule, isSupportedCurrency } from '../../../companion-server/src/contract/currency';
import {
  RULE_TEMPLATES,
  templateCurrency,
} from '../../../companion-server/src/contract/rule-templates';
import type { RuleInput } from '../../../companion-server/src/contract/rules';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelNote } from '../bulk-edit/controls';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { blankRule } from './rule-draft';

/**
 * Where a new rule starts: one of the templates (stop-loss, scale winners, revive, a daily
 * budget schedule), built for the chosen accounts with their amounts in the accounts'
 * currency, or a rule from scratch. Either way it starts off; the buyer adjusts it, previews
 * it and turns it on. The templates wait for the accounts (the page's own query, shared):
 * built before, their amounts would be left empty for nothing.
 */
export function TemplatePicker(props: {
  advertiserIds: string[];
  onPick: (draft: RuleInput) => void;
}) {
  const accounts = useQuery({
    queryKey: queryKeys.listAdAccounts(),
    queryFn: () => api('listAdAccounts'),
  });
  const card =
    'flex h-full w-full flex-col items-start gap-[4px] rounded-[8px] border border-slate-200 bg-white p-[12px] text-left hover:border-sky-400 hover:bg-sky-50';
  if (accounts.isPending) {
    return (
      <section className="space-y-[8px]" data-testid="template-picker">
        <h2 className="text-[15px] font-bold">Start a rule</h2>
        <p className="text-[13px] text-slate-500">Loading the ad accounts and their currencies…</p>
      </section>
    );
  }
  const currency = templateCurrency(props.advertiserIds, accounts.data?.adAccounts ?? []);
  const known = currency !== null && isSupportedCurrency(currency);
  return (
    <section className="space-y-[8px]" data-testid="template-picker">
      <h2 className="text-[15px] font-bold">Start a rule</h2>
      {known && currency !== 'USD' ? (
        <p className="text-[12px] text-slate-600" data-testid="template-currency">
          Amounts in {currency}: the templates’ USD amounts × {currencyRule(currency).ratio}, the
          ratio TikTok scales its own budget limits by for {currency}. Check them against your
          targets.
        </p>
      ) : known ? null : (
        <PanelNote tone="info" testId="template-currency">
          {accounts.error
            ? `Could not load the ad accounts (${errorMessage(accounts.error)}), so their currency is not known and the templates’ amounts are left empty: fill them in, in the account’s currency.`
            : props.advertiserIds.length === 0
              ? 'No ad account is chosen yet, so the templates’ amounts are left empty: choose the accounts in the form and fill the amounts in their currency.'
              : currency === null
                ? 'These ad accounts use different currencies (or one is not known), so the templates’ amounts are left empty: fill them in, in each account’s own currency.'
                : `TikTok’s budget table has no ratio for ${currency}, so the templates’ amounts are left empty: fill them in, in ${currency}.`}
        </PanelNote>
      )}
      <ul className="grid gap-[8px] sm:grid-cols-2">
        {RULE_TEMPLATES.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              data-testid={`template-${template.id}`}
              onClick={() =>
                props.onPick(template.build({ advertiserIds: props.advertiserIds, currency }))
              }
              className={card}
            >
              <span className="text-[13px] font-semibold text-ink">{template.name}</span>
              <span className="text-[12px] leading-[17px] text-slate-600">
                {template.description(known ? currency : null)}
              </span>
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            data-testid="template-blank"
            onClick={() => props.onPick(blankRule(props.advertiserIds))}
            className={card}
          >
            <span className="text-[13px] font-semibold text-ink">From scratch</span>
            <span className="text-[12px] leading-[17px] text-slate-600">
              One condition and a pause, to change into anything the form allows.
            </span>
          </button>
        </li>
      </ul>
    </section>
  );
}
