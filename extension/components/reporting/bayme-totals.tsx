import type { BaymeValues } from '../../../companion-server/src/contract/ads-manager';
import { formatUnconverted } from '../../ads-manager/bayme-format';
import {
  changeOf,
  formatChange,
  formatCount,
  formatMoney,
  formatRatio,
} from '../../ads-manager/metrics-format';

/**
 * Bayme's own figures beside TikTok's totals: revenue from the shop's orders attributed to
 * the accounts' campaigns, the orders, and ROAS over TikTok's spend, each against the
 * previous period. Revenue with no rate to the currency is said apart, never added.
 */

type BaymeFigure = 'revenue' | 'orders' | 'roas';

const LABELS: Record<BaymeFigure, string> = {
  revenue: 'Bayme revenue',
  orders: 'Bayme orders',
  roas: 'Bayme ROAS',
};

const TONE_CLASSES = {
  better: 'text-green-700',
  worse: 'text-red-700',
  neutral: 'text-slate-500',
} as const;

function formatFigure(figure: BaymeFigure, value: number | null, currency: string): string {
  if (figure === 'revenue') return formatMoney(value, currency);
  if (figure === 'orders') return formatCount(value);
  return formatRatio(value);
}

function BaymeCard(props: {
  figure: BaymeFigure;
  current: number | null;
  previous: number | null;
  currency: string;
  /** A line under the figure (TikTok's ROAS beside Bayme's). */
  note?: string;
}) {
  const value = formatFigure(props.figure, props.current, props.currency);
  const previousLabel = formatFigure(props.figure, props.previous, props.currency);
  // More revenue, more orders and a higher ROAS are all better, as TikTok's ROAS is.
  const change = changeOf('roas', props.current, props.previous);
  return (
    <div
      className="rounded-lg border border-emerald-200 bg-emerald-50/40 px-3 py-2.5"
      data-testid="bayme-card"
      data-figure={props.figure}
    >
      <div className="text-[12px] font-medium text-emerald-800">{LABELS[props.figure]}</div>
      <div
        className={`mt-0.5 truncate leading-[27px] font-semibold tabular-nums text-ink ${value.length <= 12 ? 'text-[18px]' : 'text-[15px]'}`}
        title={value}
      >
        {value}
      </div>
      <div className="mt-0.5 flex flex-wrap gap-x-2 text-[12px]">
        <span
          data-testid="bayme-change"
          data-tone={change.tone}
          title={`Previous period: ${previousLabel}`}
          className={`tabular-nums ${TONE_CLASSES[change.tone]}`}
        >
          {formatChange(change)}
        </span>
        {props.note ? <span className="truncate text-slate-500">{props.note}</span> : null}
      </div>
      <div className="truncate text-[11px] text-slate-400" title={previousLabel}>
        before: {previousLabel}
      </div>
    </div>
  );
}

export function BaymeTotals(props: {
  current: BaymeValues;
  previous: BaymeValues | null;
  /** TikTok's ROAS of the same totals, for the comparison. */
  tiktokRoas: number | null;
  currency: string;
}) {
  const { current, previous, currency } = props;
  return (
    <div className="grid grid-cols-3 gap-2 xl:grid-cols-8" data-testid="bayme-totals">
      <BaymeCard
        figure="revenue"
        current={current.revenue}
        previous={previous?.revenue ?? null}
        currency={currency}
        note={current.refunds > 0 ? `refunds ${formatMoney(current.refunds, currency)}` : ''}
      />
      <BaymeCard
        figure="orders"
        current={current.orders}
        previous={previous?.orders ?? null}
        currency={currency}
      />
      <BaymeCard
        figure="roas"
        current={current.roas}
        previous={previous?.roas ?? null}
        currency={currency}
        note={`TikTok ${formatRatio(props.tiktokRoas)}`}
      />
      {current.unconverted.length > 0 ? (
        // Beside the cards on a wide screen (the row has room for five more), under them else.
        <p
          className="col-span-3 self-center text-[12px] text-amber-800 xl:col-span-5"
          data-testid="bayme-unconverted"
        >
          Not in Bayme revenue (no exchange rate to {currency} for their day):{' '}
          {formatUnconverted(current.unconverted)}.
        </p>
      ) : null}
    </div>
  );
}
