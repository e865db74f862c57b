import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type { BaymeOverview } from '../../../companion-server/src/contract/reporting';
import { formatCount, formatMoney } from '../../ads-manager/metrics-format';

/**
 * The shop's orders over the range that name no TikTok ad, on a line of their own: they are
 * in no account's figures (Bayme does not guess which ad led to them), and each currency is
 * said on its own. With when the newest order reached the server, so staff know how fresh
 * Bayme's figures are.
 */
export function UnattributedOrders(props: { bayme: BaymeOverview }) {
  const { unattributed, unattributedTimeZone, latestOrderAt } = props.bayme;
  const orders = (n: number) => `${formatCount(n)} order${n === 1 ? '' : 's'}`;
  return (
    <section
      className="flex flex-wrap items-baseline gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white px-3 py-2 text-[13px]"
      data-testid="unattributed-orders"
    >
      <h2 className="font-semibold text-ink">Orders no TikTok ad is named for</h2>
      {unattributed.length === 0 ? (
        <span className="text-slate-600" data-testid="unattributed-none">
          None in this range.
        </span>
      ) : (
        <ul className="flex flex-wrap gap-x-4">
          {unattributed.map((line) => (
            <li
              key={line.currency}
              data-testid="unattributed-line"
              data-currency={line.currency}
              className="tabular-nums"
            >
              <span className="font-semibold">{formatMoney(line.revenue, line.currency)}</span> ·{' '}
              {orders(line.orders)}
              {line.tiktokClicks > 0
                ? ` (${formatCount(line.tiktokClicks)} from a TikTok click without the ad’s ids)`
                : ''}
            </li>
          ))}
        </ul>
      )}
      <span className="text-[12px] text-slate-500">
        Not in any account’s figures · days in {unattributedTimeZone}
      </span>
      <span className="ml-auto text-[12px] text-slate-500" data-testid="latest-order">
        {latestOrderAt
          ? `Latest order received ${formatAccountDateTime(latestOrderAt, unattributedTimeZone)}`
          : 'No order received yet'}
      </span>
    </section>
  );
}
