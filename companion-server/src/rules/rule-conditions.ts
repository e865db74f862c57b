import {
  type Comparison,
  type Condition,
  type ConditionGroup,
  type ConditionResult,
  isWindowed,
  type MetricRef,
  type MinimumData,
  type RuleInput,
  type RuleMetric,
  type RuleWindow,
} from '../contract/rules';
import { refKey, windowLabel } from './rule-windows';

/**
 * A rule's conditions judged against one entity's figures, with the sentences the run log
 * shows ("CPA last 3 days (41.20) > 1.3 × CPA last 14 days (30.00 → 39.00)"). Pure: the
 * figures come in through `figureOf`, read beforehand from the reports and the entity.
 */

/** One entity's figure for a metric over a window; null when it has none (no delivery, no data). */
export type FigureOf = (ref: MetricRef) => number | null;

/**
 * Every distinct figure a rule needs, both sides of its conditions and the minimum-data
 * guard, in the order first met: what the caller reads, and the keys of the log's `values`.
 */
export function refsOfRule(input: Pick<RuleInput, 'groups' | 'minimumData'>): MetricRef[] {
  const refs = new Map<string, MetricRef>();
  const add = (ref: MetricRef) => {
    const key = refKey(ref);
    if (!refs.has(key)) refs.set(key, ref);
  };
  for (const group of input.groups) {
    for (const condition of group.conditions) {
      add(condition.left);
      if (condition.right.kind === 'metric') add(condition.right.ref);
    }
  }
  if (input.minimumData) {
    add({ metric: input.minimumData.metric, window: input.minimumData.window });
  }
  return [...refs.values()];
}

/**
 * Groups are OR'ed, the conditions inside a group AND'ed. Every condition is judged, even
 * after the verdict is known, because the log shows each one's result. A condition with a
 * missing figure is neither met nor failed (`met: null`) and counts as not met: a rule never
 * acts on a figure it does not have.
 */
export function evaluateGroups(
  groups: readonly ConditionGroup[],
  figureOf: FigureOf,
): { matched: boolean; results: ConditionResult[] } {
  const results: ConditionResult[] = [];
  let matched = false;
  groups.forEach((group, groupIndex) => {
    let allMet = true;
    group.conditions.forEach((condition, index) => {
      const result = evaluateCondition(condition, figureOf);
      results.push({ group: groupIndex, index, ...result });
      if (result.met !== true) allMet = false;
    });
    if (allMet) matched = true;
  });
  return { matched, results };
}

function evaluateCondition(
  condition: Condition,
  figureOf: FigureOf,
): Omit<ConditionResult, 'group' | 'index'> {
  const left = read(figureOf, condition.left);
  const symbol = COMPARISON_SYMBOLS[condition.comparison];
  const leftText = `${refLabel(condition.left)} (${formatValue(condition.left.metric, left)})`;
  let right: number | null;
  let rightText: string;
  if (condition.right.kind === 'number') {
    right = condition.right.value;
    rightText = formatThreshold(condition.left.metric, right);
  } else {
    const { ref, factor } = condition.right;
    const base = read(figureOf, ref);
    right = base === null ? null : base * factor;
    const label = refLabel(ref);
    if (factor === 1) {
      rightText = `${label} (${formatValue(ref.metric, base)})`;
    } else {
      const computed = base === null ? '' : ` → ${formatValue(ref.metric, right)}`;
      rightText = `${formatPlain(factor, 4)} × ${label} (${formatValue(ref.metric, base)}${computed})`;
    }
  }
  const met = left === null || right === null ? null : compare(left, condition.comparison, right);
  return { text: `${leftText} ${symbol} ${rightText}`, left, right, met };
}

/**
 * A plain comparison, without a tolerance: figures are compared as read, so a cost per
 * conversion computed as 41.199999… is not ≥ 41.2 even though the log shows 41.20. A
 * tolerance would make a threshold mean something other than the number the buyer typed.
 */
function compare(left: number, comparison: Comparison, right: number): boolean {
  switch (comparison) {
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
  }
}

const COMPARISON_SYMBOLS: Record<Comparison, string> = {
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};

/**
 * Why an entity is not judged, or null when the guard is met (or there is none). A missing
 * figure means TikTok reported no delivery, so it counts as none; a minimum of 0 asks for
 * nothing, so it holds even then.
 */
export function minimumDataProblem(
  minimumData: MinimumData | null,
  figureOf: FigureOf,
): string | null {
  if (!minimumData || minimumData.atLeast <= 0) return null;
  const { metric, window, atLeast } = minimumData;
  const value = read(figureOf, { metric, window });
  if (value !== null && value >= atLeast) return null;
  const needs = `the rule needs at least ${formatThreshold(metric, atLeast, true)}.`;
  const when = windowPhrase(window);
  if (value === null || value === 0) {
    return metric === 'spend'
      ? `Nothing spent ${when}; ${needs}`
      : `No ${GUARD_NOUNS[metric].plural} ${when}; ${needs}`;
  }
  if (metric === 'spend') return `Only ${formatValue(metric, value)} spent ${when}; ${needs}`;
  const noun = value === 1 ? GUARD_NOUNS[metric].one : GUARD_NOUNS[metric].plural;
  return `Only ${formatValue(metric, value)} ${noun} ${when}; ${needs}`;
}

const GUARD_NOUNS: Record<
  Exclude<MinimumData['metric'], 'spend'>,
  { one: string; plural: string }
> = {
  impressions: { one: 'impression', plural: 'impressions' },
  clicks: { one: 'click', plural: 'clicks' },
  conversions: { one: 'conversion', plural: 'conversions' },
};

function windowPhrase(window: RuleWindow): string {
  switch (window.kind) {
    case 'today':
    case 'yesterday':
      return window.kind;
    case 'last_days':
      return `in the ${windowLabel(window)}`;
    case 'lifetime':
      return 'in its lifetime';
  }
}

const METRIC_LABELS: Record<RuleMetric, string> = {
  spend: 'Spend',
  impressions: 'Impressions',
  clicks: 'Clicks',
  ctr: 'CTR',
  cpc: 'CPC',
  cpm: 'CPM',
  conversions: 'Conversions',
  cpa: 'CPA',
  roas: 'ROAS',
  frequency: 'Frequency',
  budget_used: 'Budget used',
  bayme_revenue: 'Bayme revenue',
  bayme_roas: 'Bayme ROAS',
  budget: 'Budget',
  days_since_created: 'Days since created',
  hours_since_change: 'Hours since last change',
};

/** "CPA last 3 days", "Spend today", "Budget": a figure as the log and the editor name it. */
export function refLabel(ref: MetricRef): string {
  const label = METRIC_LABELS[ref.metric];
  // As in refKey: an entity's own figures have no window, even if one was given.
  return isWindowed(ref.metric) && ref.window !== null
    ? `${label} ${windowLabel(ref.window)}`
    : label;
}

/** How each metric's figures read: money and ratios with two decimals, percentages with %. */
const METRIC_KINDS: Record<RuleMetric, 'money' | 'ratio' | 'count' | 'percent'> = {
  spend: 'money',
  cpc: 'money',
  cpm: 'money',
  cpa: 'money',
  budget: 'money',
  bayme_revenue: 'money',
  roas: 'ratio',
  bayme_roas: 'ratio',
  frequency: 'ratio',
  impressions: 'count',
  clicks: 'count',
  conversions: 'count',
  days_since_created: 'count',
  hours_since_change: 'count',
  ctr: 'percent',
  budget_used: 'percent',
};

/**
 * A measured figure: "1,234.50" for money (no symbol: a rule may span accounts of several
 * currencies), "2.35" for ROAS, "1,000" for counts, "1.18%" for CTR and budget used, "no data"
 * when missing.
 */
export function formatValue(metric: RuleMetric, value: number | null): string {
  if (value === null) return 'no data';
  switch (METRIC_KINDS[metric]) {
    case 'money':
    case 'ratio':
      return TWO_DECIMALS.format(value);
    case 'count':
      return formatPlain(value, 2);
    case 'percent':
      return `${formatPlain(value, 2)}%`;
  }
}

/**
 * A number the buyer typed, as typed ("10", "0.05%") up to four decimals, since a threshold
 * rounded to two could read as a different one; `asAmount` writes money like a figure.
 */
function formatThreshold(metric: RuleMetric, value: number, asAmount = false): string {
  if (asAmount && METRIC_KINDS[metric] === 'money') return formatValue(metric, value);
  const text = formatPlain(value, 4);
  return METRIC_KINDS[metric] === 'percent' ? `${text}%` : text;
}

/**
 * Formats made once: `toLocaleString` with options builds a new Intl.NumberFormat per call,
 * and a cycle writes a few conditions for each of thousands of entities (the largest cost of
 * a cycle's CPU in bench:rules).
 */
const TWO_DECIMALS = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const UP_TO = new Map(
  [2, 4].map((decimals) => [
    decimals,
    new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals }),
  ]),
);

function formatPlain(value: number, maxDecimals: 2 | 4): string {
  return (UP_TO.get(maxDecimals) as Intl.NumberFormat).format(value);
}

function read(figureOf: FigureOf, ref: MetricRef): number | null {
  const value = figureOf(ref);
  return value !== null && Number.isFinite(value) ? value : null;
}
