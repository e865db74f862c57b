import { useState } from 'react';
import type { DailyPoint } from '../../../companion-server/src/contract/reporting';
import { formatCount, formatMoney, formatRatio } from '../../ads-manager/metrics-format';
import { labelledDays, longDay, niceScale, shortDay } from './chart-scale';

/**
 * Daily spend (bars, left axis) and conversions (line, right axis) of one ad account, drawn
 * by hand in SVG, with Bayme's revenue (dashed line, left axis: money like spend) where the
 * server takes orders. The drawing has a fixed coordinate system and scales to the page's
 * width.
 */

const WIDTH = 1120;
const HEIGHT = 280;
const MARGIN = { top: 14, right: 64, bottom: 36, left: 76 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const SPEND_COLOR = '#93c5fd';
const SPEND_HOVER_COLOR = '#3b82f6';
const CONVERSIONS_COLOR = '#fe2c55';
const BAYME_COLOR = '#059669';

/** The line's path, broken where a day has no figure. */
function linePath(points: Array<{ x: number; y: number } | null>): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (!point) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${point.x.toFixed(1)},${point.y.toFixed(1)} `;
    drawing = true;
  }
  return path.trim();
}

export function DailyChart(props: { points: DailyPoint[]; currency: string }) {
  const [hovered, setHovered] = useState<number | null>(null);
  const { points, currency } = props;
  if (points.length === 0) {
    return (
      <p className="text-[13px] text-slate-600" data-testid="daily-chart">
        No days in this range.
      </p>
    );
  }
  const withBayme = points.some((p) => p.bayme);
  // Spend and Bayme revenue share the money axis, so it spans both.
  const spendScale = niceScale(
    Math.max(0, ...points.map((p) => Math.max(p.spend ?? 0, p.bayme?.revenue ?? 0))),
  );
  const conversionScale = niceScale(Math.max(0, ...points.map((p) => p.conversions ?? 0)));
  const band = PLOT_WIDTH / points.length;
  const barWidth = Math.min(44, Math.max(1, band * 0.62));
  const center = (i: number) => MARGIN.left + band * (i + 0.5);
  const yOf = (value: number, top: number) => MARGIN.top + PLOT_HEIGHT * (1 - value / top);
  const bottom = MARGIN.top + PLOT_HEIGHT;
  const conversionPoints = points.map((p, i) =>
    p.conversions === null ? null : { x: center(i), y: yOf(p.conversions, conversionScale.top) },
  );
  // Refunds can outweigh a day's sales; the axis starts at zero, so such a day sits on it.
  const baymePoints = points.map((p, i) =>
    p.bayme ? { x: center(i), y: yOf(Math.max(0, p.bayme.revenue), spendScale.top) } : null,
  );
  const delivered = points.some((p) => (p.spend ?? 0) > 0 || (p.conversions ?? 0) > 0);
  const active = hovered === null ? null : (points[hovered] ?? null);

  return (
    <figure className="space-y-1" data-testid="daily-chart">
      <figcaption className="flex items-center gap-4 text-[12px] text-slate-600">
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-3 w-3 rounded-sm" style={{ background: SPEND_COLOR }} />
          Spend ({currency}, left axis)
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-0.5 w-4" style={{ background: CONVERSIONS_COLOR }} />
          Conversions (right axis)
        </span>
        {withBayme ? (
          <span className="flex items-center gap-1.5" data-testid="chart-bayme-legend">
            <span
              className="inline-block h-0 w-4 border-t-2 border-dashed"
              style={{ borderColor: BAYME_COLOR }}
            />
            Bayme revenue ({currency}, left axis)
          </span>
        ) : null}
        {delivered ? null : <span className="text-slate-500">No delivery in this range.</span>}
      </figcaption>
      <div className="relative">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="block h-auto w-full"
          role="img"
          aria-label={`Daily spend${withBayme ? ', Bayme revenue' : ''} and conversions, ${points[0]?.date} to ${points.at(-1)?.date}`}
          onMouseLeave={() => setHovered(null)}
        >
          {spendScale.ticks.map((tick, i) => {
            const y = yOf(tick, spendScale.top);
            return (
              <g key={tick} className="text-[11px]">
                <line
                  x1={MARGIN.left}
                  x2={WIDTH - MARGIN.right}
                  y1={y}
                  y2={y}
                  stroke={i === 0 ? '#94a3b8' : '#e2e8f0'}
                />
                <text x={MARGIN.left - 8} y={y} dy="0.32em" textAnchor="end" fill="#475569">
                  {formatMoney(tick, currency, true)}
                </text>
                <text
                  x={WIDTH - MARGIN.right + 8}
                  y={y}
                  dy="0.32em"
                  textAnchor="start"
                  fill="#475569"
                >
                  {formatCount(conversionScale.ticks[i] ?? 0, true)}
                </text>
              </g>
            );
          })}
          <text
            transform={`translate(14 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)`}
            textAnchor="middle"
            className="text-[11px]"
            fill="#475569"
          >
            Spend ({currency})
          </text>
          <text
            transform={`translate(${WIDTH - 10} ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(90)`}
            textAnchor="middle"
            className="text-[11px]"
            fill="#475569"
          >
            Conversions
          </text>
          {hovered === null ? null : (
            <rect
              x={MARGIN.left + band * hovered}
              y={MARGIN.top}
              width={band}
              height={PLOT_HEIGHT}
              fill="#f1f5f9"
            />
          )}
          {points.map((point, i) =>
            point.spend === null || point.spend <= 0 ? null : (
              <rect
                key={point.date}
                data-testid="chart-bar"
                x={center(i) - barWidth / 2}
                y={yOf(point.spend, spendScale.top)}
                width={barWidth}
                height={bottom - yOf(point.spend, spendScale.top)}
                fill={i === hovered ? SPEND_HOVER_COLOR : SPEND_COLOR}
                rx={Math.min(3, barWidth / 4)}
              />
            ),
          )}
          <path
            d={linePath(conversionPoints)}
            fill="none"
            stroke={CONVERSIONS_COLOR}
            strokeWidth={2}
            strokeLinejoin="round"
          />
          {withBayme ? (
            <path
              data-testid="chart-bayme-line"
              d={linePath(baymePoints)}
              fill="none"
              stroke={BAYME_COLOR}
              strokeWidth={2}
              strokeDasharray="6 4"
              strokeLinejoin="round"
            />
          ) : null}
          {points.length <= 62
            ? conversionPoints.map((point, i) =>
                point ? (
                  <circle
                    key={points[i]?.date}
                    cx={point.x}
                    cy={point.y}
                    r={i === hovered ? 4.5 : 3}
                    fill="white"
                    stroke={CONVERSIONS_COLOR}
                    strokeWidth={2}
                  />
                ) : null,
              )
            : null}
          {labelledDays(points.length).map((i) => (
            <g key={points[i]?.date} className="text-[11px]">
              <line x1={center(i)} x2={center(i)} y1={bottom} y2={bottom + 4} stroke="#94a3b8" />
              <text x={center(i)} y={bottom + 18} textAnchor="middle" fill="#475569">
                {shortDay(points[i]?.date ?? '')}
              </text>
            </g>
          ))}
          {points.map((point, i) => (
            // biome-ignore lint/a11y/noStaticElementInteractions: hovering only repeats figures the table and the CSV exports give to everyone.
            <rect
              key={point.date}
              data-testid="chart-hover-zone"
              x={MARGIN.left + band * i}
              y={MARGIN.top}
              width={band}
              height={PLOT_HEIGHT}
              fill="transparent"
              onMouseEnter={() => setHovered(i)}
            />
          ))}
        </svg>
        {active && hovered !== null ? (
          <ChartTooltip
            point={active}
            currency={currency}
            leftPercent={(center(hovered) / WIDTH) * 100}
            flip={center(hovered) > WIDTH / 2}
          />
        ) : null}
      </div>
    </figure>
  );
}

function ChartTooltip(props: {
  point: DailyPoint;
  currency: string;
  leftPercent: number;
  /** Right half of the chart: show the tooltip on the point's left. */
  flip: boolean;
}) {
  const { point, currency } = props;
  return (
    <div
      data-testid="chart-tooltip"
      className="pointer-events-none absolute top-2 z-10 min-w-[170px] rounded-md border border-slate-200 bg-white px-3 py-2 text-[12px] shadow-md"
      style={{
        left: `${props.leftPercent}%`,
        transform: props.flip ? 'translateX(calc(-100% - 14px))' : 'translateX(14px)',
      }}
    >
      <div className="mb-1 font-semibold text-ink">{longDay(point.date)}</div>
      <TooltipLine label="Spend" value={formatMoney(point.spend, currency)} />
      <TooltipLine label="Conversions" value={formatCount(point.conversions)} />
      <TooltipLine label="CPA" value={formatMoney(point.cpa, currency)} />
      <TooltipLine label="Clicks" value={formatCount(point.clicks)} />
      {point.bayme ? (
        <>
          <TooltipLine label="Bayme revenue" value={formatMoney(point.bayme.revenue, currency)} />
          <TooltipLine label="Bayme orders" value={formatCount(point.bayme.orders)} />
          <TooltipLine label="Bayme ROAS" value={formatRatio(point.bayme.roas)} />
        </>
      ) : null}
    </div>
  );
}

function TooltipLine(props: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4">
      <span className="text-slate-500">{props.label}</span>
      <span className="tabular-nums text-ink">{props.value}</span>
    </div>
  );
}
