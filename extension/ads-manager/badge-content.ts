import type { EntityMetrics, LevelMetrics } from '../../companion-server/src/contract/ads-manager';
import {
  formatMetricCompact,
  formatRatio,
  METRIC_BADGE_LABELS,
  type MetricKey,
} from './metrics-format';

/**
 * What a compact badge on a row says: the first metrics the buyer chose in the options (ROAS
 * is skipped where the account reports no purchase value), Bayme ROAS beside TikTok's when the
 * buyer asked for it, and, when the page does not say which range it shows, the range the
 * badge uses. Kept as plain data and written into the
 * badge without React: badges appear on every frame in which a row scrolls into view, and a
 * React render for each of those frames cost the page more than the whole table read.
 */

/** TikTok metrics a compact badge has room for: the buyer's first choices that have a value. */
const BADGE_METRICS = 2;

/** What a badge can show: TikTok's figures, and Bayme ROAS (the shop's revenue ÷ spend). */
export type BadgeMetric = MetricKey | 'bayme_roas';

export interface BadgePart {
  text: string;
  /** How it reads: the lead metric bold, the others and "No delivery" quieter (overlay.css). */
  tone: 'lead' | 'rest' | 'quiet';
}

export interface BadgeContent {
  /** The metrics shown (`data-metrics`), or null for a row without delivery. */
  metrics: string[] | null;
  parts: BadgePart[];
  /** "Nov 29 – Dec 5" when the badge must say its range. */
  range: string | null;
  /**
   * The same badge with one figure, for a row with room for that but not for the whole badge
   * (badge-placement.ts), where a dot would otherwise say only "hover me": Bayme ROAS when the
   * badge shows it (the one figure no column of the page can show), else the buyer's first
   * choice. The rule mark and the range stay. Null when the badge has one figure or none.
   */
  short: BadgeContent | null;
}

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

/** Marks an entity an automated rule acted on lately (the card says which rule and what). */
const RULE_MARK: BadgePart = { text: '⚑ ', tone: 'quiet' };

export function badgeContent(
  row: EntityMetrics | null,
  metrics: LevelMetrics,
  shown: readonly BadgeMetric[],
  range: { start: string; end: string } | null,
  ruleActed = false,
): BadgeContent {
  const rangeText = range ? rangeLabel(range) : null;
  const mark = ruleActed ? [RULE_MARK] : [];
  if (!row) {
    return {
      metrics: null,
      parts: [...mark, { text: 'No delivery', tone: 'quiet' }],
      range: rangeText,
      short: null,
    };
  }
  const { current } = row;
  const tiktok = shown.filter(
    (key): key is MetricKey => key !== 'bayme_roas' && (key !== 'roas' || current.roas !== null),
  );
  // Without orders taken (bayme null) or spend (roas null) there is no Bayme ROAS to show.
  const bayme = shown.includes('bayme_roas') ? (row.bayme?.roas ?? null) : null;
  // Bayme ROAS takes the second place, beside TikTok's ROAS when the buyer shows that (else
  // beside their first choice): a third figure would not fit beside most names.
  const partner = tiktok.includes('roas') ? 'roas' : tiktok[0];
  const keys: BadgeMetric[] =
    bayme === null ? tiktok.slice(0, BADGE_METRICS) : [...(partner ? [partner] : []), 'bayme_roas'];
  const figure = (key: BadgeMetric) =>
    key === 'bayme_roas'
      ? `Bayme ${formatRatio(bayme)}`
      : `${METRIC_BADGE_LABELS[key] ? `${METRIC_BADGE_LABELS[key]} ` : ''}${formatMetricCompact(key, current[key], metrics.currency)}`;
  const one = bayme === null ? keys[0] : 'bayme_roas';
  return {
    metrics: keys,
    parts: [
      ...mark,
      ...keys.map(
        (key, index): BadgePart => ({
          text: `${index > 0 ? ' · ' : ''}${figure(key)}`,
          tone: index === 0 ? 'lead' : 'rest',
        }),
      ),
    ],
    range: rangeText,
    short:
      keys.length > 1 && one
        ? {
            metrics: [one],
            parts: [...mark, { text: figure(one), tone: 'lead' }],
            range: rangeText,
            short: null,
          }
        : null,
  };
}

/** The badge's text, for telling whether a badge must be written (and measured) again. */
export function badgeText(content: BadgeContent): string {
  return `${content.parts.map((part) => part.text).join('')}${content.range ? ` · ${content.range}` : ''}`;
}

/**
 * Writes the content into a badge element (built with the DOM, never with HTML strings). A
 * badge element is reused for the row entering the view as another leaves it (badge-layer.ts):
 * given the content it holds, when that has the same parts in the same tones, only the texts
 * are written, so that the browser has no new element to style.
 */
export function writeBadgeContent(
  element: HTMLElement,
  content: BadgeContent,
  holds: BadgeContent | null = null,
): void {
  const texts = partTexts(content);
  const line = element.firstChild;
  if (holds && line && sameParts(holds, content)) {
    texts.forEach((text, i) => {
      const node = line.childNodes[i]?.firstChild;
      if (node instanceof Text && node.data !== text) node.data = text;
    });
    return;
  }
  // The classes are overlay.css's plain badge rules, not Tailwind utilities (badge-layer.ts).
  // The line is hidden when the row has room for a dot only (badge-placement.ts).
  const fresh = document.createElement('span');
  fresh.className = 'bayme-badge-line';
  if (content.metrics) fresh.dataset.metrics = content.metrics.join(',');
  texts.forEach((text, i) => {
    const span = document.createElement('span');
    span.className = `bayme-badge-${content.parts[i]?.tone ?? 'quiet'}`;
    span.textContent = text;
    if (i === content.parts.length) span.dataset.testid = 'badge-range';
    fresh.append(span);
  });
  element.replaceChildren(fresh);
}

/**
 * The badge's spans as drawn, each text with its tone: its parts, then its range when it says
 * one (in the quiet tone). Only the lead tone is bold (overlay.css).
 */
export function badgeRuns(content: BadgeContent): BadgePart[] {
  const runs = [...content.parts];
  if (content.range) runs.push({ text: ` · ${content.range}`, tone: 'quiet' });
  return runs;
}

/** The texts of the badge's spans. */
function partTexts(content: BadgeContent): string[] {
  return badgeRuns(content).map((run) => run.text);
}

/** Whether a badge written with one content has the elements the other needs. */
function sameParts(a: BadgeContent, b: BadgeContent): boolean {
  return (
    a.metrics?.join(',') === b.metrics?.join(',') &&
    (a.range === null) === (b.range === null) &&
    a.parts.length === b.parts.length &&
    a.parts.every((part, i) => part.tone === b.parts[i]?.tone)
  );
}
