import { formatMetric, METRIC_LABELS, type MetricKey } from '../../ads-manager/metrics-format';
import { MetricChange } from './metric-change';

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
        className="mt-0.5 truncate text-[18px] font-semibold tabular-nums text-ink"
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
