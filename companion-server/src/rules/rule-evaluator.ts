import type { Level } from '../contract/ads-manager';
import type { FieldValue } from '../contract/bulk-edits';
import {
  BAYME_METRICS,
  type ConditionResult,
  isWindowed,
  type MetricRef,
  type RuleInput,
  type RuleWindow,
} from '../contract/rules';
import { type BaymeFigures, baymeRoas } from '../orders/order-figures';
import type { CycleData, EntityFacts, WindowFigures } from './cycle-data';
import { plannedAction } from './rule-actions';
import { evaluateGroups, minimumDataProblem, refsOfRule } from './rule-conditions';
import { entitiesInScope } from './rule-scope';
import { refKey, windowKey } from './rule-windows';

/**
 * A rule judged against one cycle's figures, entity by entity: the values it read, each
 * condition's result, and what its action would do. No TikTok write, and no cool-down or cap:
 * the preview shows this as it is; the runner (rule-runner.ts) adds those and acts.
 */

export type Verdict =
  | { kind: 'no_match' | 'not_enough_data' | 'no_data'; reason: string }
  | {
      kind: 'change';
      field: 'operation_status' | 'budget' | 'bid_price' | 'conversion_bid_price';
      before: FieldValue | null;
      after: FieldValue;
      reason: string;
    }
  | { kind: 'notify'; reason: string }
  | { kind: 'skip'; outcome: 'already' | 'blocked'; reason: string };

export interface Judgement {
  advertiserId: string;
  level: Level;
  entity: EntityFacts;
  values: Record<string, number | null>;
  conditions: ConditionResult[];
  matched: boolean;
  verdict: Verdict;
}

export interface RuleJudgement {
  judgements: Judgement[];
  /** Ad accounts that could not be read this cycle, with TikTok's reason in plain words. */
  problems: Array<{ advertiserId: string; message: string }>;
  /** More entities were in scope than a rule may judge (MAX_RULE_ENTITIES). */
  truncated: boolean;
}

/** Items judged between two turns of the event loop (a few milliseconds' work). */
const JUDGED_PER_TURN = 100;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Counts whose absence from a report means none happened (ratios then have no value). */
const COUNTS = new Set(['spend', 'impressions', 'clicks', 'conversions']);

interface WindowReads {
  window: RuleWindow;
  /** TikTok's report over the window (every metric but Bayme revenue needs it). */
  tiktok: boolean;
  frequency: boolean;
  /** Bayme's figures from the orders over the window. */
  bayme: boolean;
}

const isBayme = (metric: MetricRef['metric']) =>
  (BAYME_METRICS as readonly string[]).includes(metric);

/** The windows the rule reads, each once, and what is read over each. */
function windowsOf(refs: readonly MetricRef[]): WindowReads[] {
  const windows = new Map<string, WindowReads>();
  for (const ref of refs) {
    if (!ref.window || !isWindowed(ref.metric)) continue;
    const key = windowKey(ref.window);
    const entry = windows.get(key) ?? {
      window: ref.window,
      tiktok: false,
      frequency: false,
      bayme: false,
    };
    // Bayme ROAS divides by TikTok's spend over the same window.
    entry.tiktok ||= ref.metric !== 'bayme_revenue';
    entry.frequency ||= ref.metric === 'frequency';
    entry.bayme ||= isBayme(ref.metric);
    windows.set(key, entry);
  }
  return [...windows.values()];
}

/**
 * Bayme revenue or ROAS from the entity's orders over the window. Revenue in a currency
 * with no rate for its day is kept apart by the figures, never added; a rule judging a total
 * that leaves part of it out could pause a good ad, so the value is then missing (the
 * condition is not judged). Without spend there is no ROAS.
 */
function baymeValue(
  metric: 'bayme_revenue' | 'bayme_roas',
  figures: BaymeFigures | undefined,
  spend: number | null,
): number | null {
  if (!figures || figures.unconverted.length > 0) return null;
  return metric === 'bayme_revenue' ? figures.revenue : baymeRoas(figures, spend);
}

/** One metric of one entity: from the window's report, the entity itself, or both. */
function metricValue(
  ref: MetricRef,
  entity: EntityFacts,
  figuresByWindow: ReadonlyMap<string, ReadonlyMap<string, WindowFigures>>,
  baymeByWindow: ReadonlyMap<string, ReadonlyMap<string, BaymeFigures> | null>,
  now: number,
): number | null {
  switch (ref.metric) {
    case 'budget':
      return entity.budget;
    case 'days_since_created':
      return Math.floor((now - entity.createdAt) / DAY_MS);
    case 'hours_since_change':
      return Math.round(((now - entity.modifiedAt) / HOUR_MS) * 10) / 10;
    default:
      break;
  }
  if (!ref.window) return null;
  const figures = figuresByWindow.get(windowKey(ref.window))?.get(entity.id);
  if (ref.metric === 'bayme_revenue' || ref.metric === 'bayme_roas') {
    const bayme = baymeByWindow.get(windowKey(ref.window))?.get(entity.id);
    return baymeValue(ref.metric, bayme, figures?.spend ?? null);
  }
  if (ref.metric === 'budget_used') {
    const spend = figures?.spend ?? 0;
    return entity.budget !== null && entity.budget > 0 ? (spend / entity.budget) * 100 : null;
  }
  if (!figures) return COUNTS.has(ref.metric) ? 0 : null;
  const value = figures[ref.metric as keyof WindowFigures];
  return value ?? (COUNTS.has(ref.metric) ? 0 : null);
}

/** The companion's errors (explainTikTokFailure) already say what went wrong in plain words. */
function problemText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function judgeRule(
  rule: RuleInput,
  data: CycleData,
  now: number,
): Promise<RuleJudgement> {
  const refs = refsOfRule(rule);
  const windows = windowsOf(refs);
  const { level } = rule.scope;
  const judgements: Judgement[] = [];
  const problems: RuleJudgement['problems'] = [];
  let truncated = false;
  // Accounts one after another: their reads share the cycle's cache and the limiter either way,
  // and one account's failure must not hide the others' results.
  for (const advertiserId of rule.scope.advertiserIds) {
    try {
      const account = data.account(advertiserId);
      const none = Promise.resolve(null);
      const [entities, figures, bayme] = await Promise.all([
        data.entities(advertiserId, level),
        Promise.all(
          windows.map((w) =>
            w.tiktok
              ? data.figures(advertiserId, level, w.window, { frequency: w.frequency })
              : none,
          ),
        ),
        Promise.all(
          windows.map((w) => (w.bayme ? data.baymeFigures(advertiserId, level, w.window) : none)),
        ),
      ]);
      const figuresByWindow = new Map(
        windows.flatMap((w, i) => {
          const found = figures[i];
          return found ? [[windowKey(w.window), found] as const] : [];
        }),
      );
      const baymeByWindow = new Map(windows.map((w, i) => [windowKey(w.window), bayme[i] ?? null]));
      const scoped = entitiesInScope(rule.scope, entities);
      truncated ||= scoped.truncated;
      for (const [index, entity] of scoped.inScope.entries()) {
        // Judging thousands of items from cached figures never awaits anything: hand the
        // event loop back now and then, so that people's requests are served meanwhile.
        if (index % JUDGED_PER_TURN === JUDGED_PER_TURN - 1) await data.turn();
        const read = (ref: MetricRef) =>
          metricValue(ref, entity, figuresByWindow, baymeByWindow, now);
        const values: Record<string, number | null> = {};
        for (const ref of refs) values[refKey(ref)] = read(ref);
        const thin = rule.minimumData ? minimumDataProblem(rule.minimumData, read) : null;
        const { matched, results } = evaluateGroups(rule.groups, read);
        judgements.push({
          advertiserId,
          level,
          entity,
          values,
          conditions: results,
          matched: thin === null && matched,
          verdict: thin
            ? { kind: 'not_enough_data', reason: thin }
            : matched
              ? verdictOfAction(rule, entity, account.currency)
              : unmatched(results),
        });
      }
    } catch (error) {
      problems.push({ advertiserId, message: problemText(error) });
    }
  }
  return { judgements, problems, truncated };
}

function unmatched(results: readonly ConditionResult[]): Verdict {
  if (results.length > 0 && results.every((r) => r.met === null)) {
    return {
      kind: 'no_data',
      reason: 'No figures to judge: the values the rule reads are missing.',
    };
  }
  return { kind: 'no_match', reason: 'No group of conditions was met.' };
}

function verdictOfAction(rule: RuleInput, entity: EntityFacts, currency: string): Verdict {
  const planned = plannedAction(rule.action, entity, currency);
  switch (planned.kind) {
    case 'notify':
      return { kind: 'notify', reason: 'Conditions met: notify only.' };
    case 'skip':
      return { kind: 'skip', outcome: planned.outcome, reason: planned.reason };
    case 'change':
      return {
        kind: 'change',
        // The bid lives in one of two fields, by the ad group's billing event.
        field: planned.field === 'bid_price' ? entity.bidField : planned.field,
        before: planned.before,
        after: planned.after,
        reason: 'Conditions met.',
      };
  }
}
