import {
  type Change,
  changeOf,
  formatChange,
  type MetricKey,
} from '../../ads-manager/metrics-format';

const TONE_CLASSES: Record<Change['tone'], string> = {
  better: 'text-green-700',
  worse: 'text-red-700',
  neutral: 'text-slate-500',
};

/** A figure's change against the previous period: ▲/▼ and percent, green when better. */
export function MetricChange(props: {
  metric: MetricKey;
  current: number | null;
  previous: number | null;
  /** Says what it compares with, for a screen reader and a hover. */
  previousLabel: string;
}) {
  const change = changeOf(props.metric, props.current, props.previous);
  return (
    <span
      data-testid="metric-change"
      data-tone={change.tone}
      title={`Previous period: ${props.previousLabel}`}
      className={`tabular-nums ${TONE_CLASSES[change.tone]}`}
    >
      {formatChange(change)}
    </span>
  );
}
