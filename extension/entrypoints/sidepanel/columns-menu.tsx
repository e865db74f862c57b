import { useEffect, useRef } from 'react';
import { METRIC_LABELS, type MetricKey } from '../../ads-manager/metrics-format';
import { OVERLAY_METRICS } from '../../lib/preferences';
import { toggleMetric } from './columns';

/**
 * "Columns": which metrics the list shows, the same choice as the Ads Manager badges (saved
 * for both). Says how many of them the panel's width holds, and that widening it shows more.
 */
export function ColumnsMenu(props: {
  chosen: MetricKey[];
  shown: number;
  onChange: (metrics: MetricKey[]) => void;
}) {
  const menu = useRef<HTMLDetailsElement>(null);
  // Closes on a click elsewhere or Escape, as a select would.
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !details.contains(event.target as Node)
      )
        details.open = false;
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const hidden = props.chosen.length - props.shown;
  return (
    <details ref={menu} className="relative shrink-0" data-testid="columns-menu">
      <summary className="cursor-pointer list-none rounded border border-slate-300 bg-white px-2 py-1 text-[12px] whitespace-nowrap text-slate-700 hover:bg-slate-50">
        Columns ▾
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-[210px] rounded-md border border-slate-200 bg-white p-2 text-[12px] shadow-lg">
        <p className="mb-1 text-slate-500">Shown here and on the Ads Manager badges</p>
        <ul>
          {OVERLAY_METRICS.map((metric) => {
            const checked = props.chosen.includes(metric);
            return (
              <li key={metric}>
                <label className="flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 hover:bg-slate-50">
                  <input
                    type="checkbox"
                    data-testid="column-option"
                    value={metric}
                    checked={checked}
                    disabled={checked && props.chosen.length === 1}
                    onChange={() => props.onChange(toggleMetric(props.chosen, metric))}
                  />
                  {METRIC_LABELS[metric]}
                </label>
              </li>
            );
          })}
        </ul>
        {hidden > 0 ? (
          <p
            className="mt-1 border-t border-slate-100 pt-1 text-slate-500"
            data-testid="columns-hidden"
          >
            {props.shown} of {props.chosen.length} fit this width: widen the panel, or untick some,
            to see the others.
          </p>
        ) : null}
      </div>
    </details>
  );
}
