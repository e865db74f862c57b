import {
  formatAccountClock,
  formatAccountDateTime,
} from '../../companion-server/src/contract/account-time';
import type { EntityMetrics, LevelMetrics } from '../../companion-server/src/contract/ads-manager';
import type { RecentRuleAction } from '../../companion-server/src/contract/rules';
import { BaymeCardSection } from './bayme-card-section';
import {
  changeOf,
  formatChange,
  formatMetric,
  METRIC_LABELS,
  type MetricKey,
} from './metrics-format';

const TONE_CLASS = {
  better: 'text-green-700',
  worse: 'text-red-700',
  neutral: 'text-slate-500',
} as const;

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
  /** What automated rules did to this entity lately, newest first. */
  ruleActions?: readonly RecentRuleAction[];
}) {
  const { metrics } = props;
  // In the account's time zone and labelled, like every time the toolkit shows.
  const fetched = formatAccountClock(metrics.fetchedAt, metrics.timezone);
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
      {props.row ? <BaymeCardSection row={props.row} metrics={metrics} /> : null}
      {props.ruleActions?.length ? (
        <ul className="mt-[6px] space-y-[2px] text-[11px] leading-snug" data-testid="card-rules">
          {props.ruleActions.slice(0, 3).map((action) => (
            <li key={`${action.ruleId}|${action.at}`}>
              ⚑ Rule “{action.ruleName}”{' '}
              {action.outcome === 'needs_approval' ? 'wants to change' : 'changed'}{' '}
              {action.change
                ? `${action.change.field} ${action.change.before} → ${action.change.after}`
                : 'it'}{' '}
              · {formatAccountDateTime(action.at, metrics.timezone)}
              {action.outcome === 'needs_approval' ? ' (waits for an admin)' : ''}
            </li>
          ))}
        </ul>
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
