import { METRIC_KEYS } from '../../../companion-server/src/contract/ads-manager';
import type {
  AccountOverview,
  CurrencyTotals,
} from '../../../companion-server/src/contract/reporting';
import { BaymeTotals } from './bayme-totals';
import { MetricCard } from './metric-card';

/**
 * The totals of the selected ad accounts, one group per currency: amounts in different
 * currencies are never added together, so there is deliberately no grand total. Where the
 * server takes orders, Bayme's own figures for the group follow TikTok's.
 */
export function CurrencyTotalsList(props: {
  groups: CurrencyTotals[];
  accounts: AccountOverview[];
}) {
  if (props.groups.length === 0) {
    return (
      <p className="text-[13px] text-slate-600" data-testid="no-totals">
        No totals for this range: none of the selected ad accounts could be read.
      </p>
    );
  }
  return (
    <div className="space-y-4">
      {props.groups.length > 1 ? (
        <p className="text-[12px] text-slate-600">
          The selected ad accounts report in {props.groups.length} currencies. Each currency has its
          own totals: amounts in different currencies are not added together.
        </p>
      ) : null}
      {props.groups.map((group) => (
        <CurrencyGroup key={group.currency} group={group} accounts={props.accounts} />
      ))}
    </div>
  );
}

function CurrencyGroup(props: { group: CurrencyTotals; accounts: AccountOverview[] }) {
  const { group } = props;
  const count = group.advertiserIds.length;
  const names = group.advertiserIds.map(
    (id) => props.accounts.find((account) => account.advertiserId === id)?.name ?? id,
  );
  return (
    <section data-testid="currency-group" data-currency={group.currency} className="space-y-2">
      <header className="flex flex-wrap items-baseline gap-x-3">
        <h2 className="text-[15px] font-semibold text-ink">
          {group.currency} · {count} ad account{count === 1 ? '' : 's'}
        </h2>
        <span className="truncate text-[12px] text-slate-500">{names.join(', ')}</span>
      </header>
      <div className="grid grid-cols-4 gap-2 xl:grid-cols-8">
        {METRIC_KEYS.map((metric) => (
          <MetricCard
            key={metric}
            metric={metric}
            current={group.totals[metric]}
            previous={group.previousTotals?.[metric] ?? null}
            currency={group.currency}
          />
        ))}
      </div>
      {group.bayme ? (
        <BaymeTotals
          current={group.bayme}
          previous={group.previousBayme ?? null}
          tiktokRoas={group.totals.roas}
          currency={group.currency}
        />
      ) : null}
    </section>
  );
}
