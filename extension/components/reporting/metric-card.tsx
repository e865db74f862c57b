import { formatMetric, METRIC_LABELS, type MetricKey } from '../../ads-manager/metrics-format';
import { MetricChange } from './metric-change';

/**
 * The headline's size: eight cards share a laptop's width (about 118 px of text each at
 * 1366 px), where "$3,474,912.34" at full size would be cut. Long figures get a smaller
 * size rather than losing digits.
 */
function headlineSize(value: string): string {
  if (value.length <= 9) return 'text-[18px]';
  return value.length <= 12 ? 'text-[15px]' : 'text-[13px]';
}

export function MetricCard(props: {
  metric: MetricKey;
  current: number | null;
  previous: number | null;
  currency: string;
}) {
  const value = formatMetric(props.metric, props.current, props.currency);
  const previousLabel = formatMetric(props.metric, props.previous, props.currency);
  return (
    <div
      className="rounded-lg border border-slate-200 bg-white px-3 py-2.5"
      data-testid="metric-card"
      data-metric={props.metric}
    >
      <div className="text-[12px] font-medium text-slate-500">{METRIC_LABELS[props.metric]}</div>
      <div
        className={`mt-0.5 truncate leading-[27px] font-semibold tabular-nums text-ink ${headlineSize(value)}`}
        title={value}
      >
        {value}
      </div>
      <div className="mt-0.5 text-[12px]">
        <MetricChange
          metric={props.metric}
          current={props.current}
          previous={props.previous}
          previousLabel={previousLabel}
        />
      </div>
      <div className="truncate text-[11px] text-slate-400" title={previousLabel}>
        before: {previousLabel}
      </div>
    </div>
  );
}
