import { formatAccountDateTime } from '../../companion-server/src/contract/account-time';
import type { EntityMetrics, LevelMetrics } from '../../companion-server/src/contract/ads-manager';
import { formatGap, formatUnconverted, purchaseValueGap } from './bayme-format';
import { formatCount, formatMoney, formatRatio } from './metrics-format';

/**
 * The card's part about Bayme's own orders for the row: the shop's revenue, orders and ROAS
 * over the card's range, TikTok's purchase value (its ROAS × spend) and how far Bayme's
 * revenue is from it, revenue that could not
 * be converted (said apart), and when the latest order reached Bayme (in the account's zone,
 * labelled), since an order takes a webhook's time to show. Nothing when the server takes
 * no orders.
 */
export function BaymeCardSection(props: { row: EntityMetrics; metrics: LevelMetrics }) {
  const { row, metrics } = props;
  const bayme = row.bayme;
  if (!metrics.bayme || !bayme) return null;
  const { latestOrderAt } = metrics.bayme;
  const tiktokValue =
    row.current.roas !== null && row.current.spend !== null
      ? row.current.roas * row.current.spend
      : null;
  // Label, value and (for TikTok's value) the gap, in the columns of TikTok's figures above.
  const lines: Array<[key: string, label: string, value: string, gap?: string]> = [
    ['revenue', 'Revenue', formatMoney(bayme.revenue, metrics.currency)],
    ['orders', 'Orders', formatCount(bayme.orders)],
    ['roas', 'ROAS', formatRatio(bayme.roas)],
  ];
  if (bayme.refunds > 0) {
    lines.push(['refunds', 'Refunds (taken out)', formatMoney(bayme.refunds, metrics.currency)]);
  }
  if (tiktokValue !== null) {
    lines.push([
      'gap',
      "TikTok's value",
      formatMoney(tiktokValue, metrics.currency),
      formatGap(purchaseValueGap(row)),
    ]);
  }
  return (
    <div className="mt-[6px] border-t border-slate-100 pt-[4px]" data-testid="card-bayme">
      <div className="text-[11px] font-semibold text-slate-700">Bayme (shop orders)</div>
      <table className="w-full">
        <tbody>
          {lines.map(([key, label, value, gap]) => (
            <tr key={key} data-bayme={key}>
              <td className="py-[1px] text-slate-600">{label}</td>
              <td className="py-[1px] text-right font-medium tabular-nums">{value}</td>
              <td className="w-[56px] py-[1px] text-right text-slate-500 tabular-nums">
                {gap ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bayme.unconverted.length > 0 ? (
        <p className="text-[11px] leading-snug text-amber-800" data-testid="card-bayme-unconverted">
          Not converted (no rate for its day), not in the revenue:{' '}
          {formatUnconverted(bayme.unconverted)}
        </p>
      ) : null}
      <p className="text-[11px] leading-snug text-slate-500" data-testid="card-bayme-latest">
        {latestOrderAt
          ? `Latest order received ${formatAccountDateTime(latestOrderAt, metrics.timezone)}`
          : 'No order received yet'}
      </p>
    </div>
  );
}
