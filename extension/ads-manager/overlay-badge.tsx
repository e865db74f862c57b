import type { EntityMetrics, LevelMetrics } from '../../companion-server/src/contract/ads-manager';
import {
  changeOf,
  formatChange,
  formatMetric,
  formatMetricCompact,
  METRIC_BADGE_LABELS,
  METRIC_LABELS,
  type MetricKey,
} from './metrics-format';

const TONE_CLASS = {
  better: 'text-green-700',
  worse: 'text-red-700',
  neutral: 'text-slate-500',
} as const;

/** A range as a badge can say it in a few characters: "Nov 29 – Dec 5". */
export function rangeLabel(range: { start: string; end: string }): string {
  const day = (iso: string) =>
    new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
  return range.start === range.end ? day(range.start) : `${day(range.start)} – ${day(range.end)}`;
}

/** Metrics a compact badge has room for: the buyer's first choices that have a value. */
const BADGE_METRICS = 2;

/**
 * The compact badge on a row: the first metrics the buyer chose in the options (ROAS is
 * skipped where the account reports no purchase value). When the page does not say which
 * range it shows, the badge says which one it uses.
 */
export function CompactBadge(props: {
  row: EntityMetrics | null;
  metrics: LevelMetrics;
  shown: MetricKey[];
  range: { start: string; end: string } | null;
}) {
  const rangeNote = props.range ? (
    <span className="text-slate-500" data-testid="badge-range">
      {' · '}
      {rangeLabel(props.range)}
    </span>
  ) : null;
  if (!props.row) {
    return <span className="whitespace-nowrap text-slate-500">No delivery{rangeNote}</span>;
  }
  const { current } = props.row;
  const keys = props.shown
    .filter((key) => key !== 'roas' || current.roas !== null)
    .slice(0, BADGE_METRICS);
  return (
    <span className="whitespace-nowrap" data-metrics={keys.join(',')}>
      {keys.map((key, index) => (
        <span key={key} className={index === 0 ? 'font-semibold' : 'text-slate-600'}>
          {index > 0 ? ' · ' : ''}
          {METRIC_BADGE_LABELS[key] ? `${METRIC_BADGE_LABELS[key]} ` : ''}
          {formatMetricCompact(key, current[key], props.metrics.currency)}
        </span>
      ))}
      {rangeNote}
    </span>
  );
}

/**
 * The full set, with the change against the previous period of equal length. The previous
 * period is fetched when the card first opens, so its column may still be coming.
 */
export function ExpandedCard(props: {
  row: EntityMetrics | null;
  metrics: LevelMetrics;
  shown: MetricKey[];
  comparison: 'loading' | 'ready' | 'unavailable';
  /** Where the range came from: the page's address, its own requests, or the default. */
  rangeSource: 'address' | 'page' | 'default';
}) {
  const { metrics } = props;
  const fetched = new Date(metrics.fetchedAt).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <div className="w-[290px] rounded-md border border-slate-200 bg-white p-[10px] text-[12px] text-slate-900 shadow-lg">
      <div className="mb-[6px] truncate text-[12px] font-semibold">
        {props.row?.name ?? 'No delivery in this range'}
      </div>
      {props.row ? (
        <table className="w-full">
          <tbody>
            {props.shown.map((key) => {
              const current = props.row?.current[key] ?? null;
              const change = changeOf(key, current, props.row?.previous?.[key] ?? null);
              return (
                <tr key={key} data-metric={key}>
                  <td className="py-[1px] text-slate-600">{METRIC_LABELS[key]}</td>
                  <td className="py-[1px] text-right font-medium tabular-nums">
                    {formatMetric(key, current, metrics.currency)}
                  </td>
                  <td
                    className={`w-[56px] py-[1px] text-right tabular-nums ${TONE_CLASS[props.comparison === 'ready' ? change.tone : 'neutral']}`}
                  >
                    {props.comparison === 'ready' ? formatChange(change) : '…'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <p className="mt-[6px] text-[11px] leading-snug text-slate-500">
        {metrics.range.start} – {metrics.range.end} ({metrics.timezone})
        {props.rangeSource === 'default'
          ? ' (your default range: the page does not say which range it shows)'
          : ''}
        ,{' '}
        {props.comparison === 'ready'
          ? 'vs'
          : props.comparison === 'loading'
            ? 'comparing with'
            : 'no comparison available with'}{' '}
        {metrics.previousRange.start} – {metrics.previousRange.end}. Fetched {fetched}.
        {metrics.includesToday ? " Today's figures are incomplete and still growing." : ''}
        {!metrics.reportsPurchaseValue
          ? ' This account reports no purchase value, so no ROAS.'
          : ''}
      </p>
    </div>
  );
}
