/**
 * Benchmark: one cycle of automated rules at TikTok's Basic tier (10 QPS, 600 QPM), as issue 16
 * asks: 50 rules over 3 ad accounts of 1,000 ad groups each. Against the emulator in its own
 * process, enforcing the tier, it prints:
 *
 *   - the TikTok calls of one cycle by path (the emulator's call log), beside the fewest
 *     TikTok's rules allow (fewest-rule-calls.ts: the formula is printed with the figures);
 *   - the cycle's wall time (goal ≤ 60 s);
 *   - a cold overlay view (GET /api/ad-accounts/:id/metrics, ad groups of a fourth account of
 *     1,000, a range no rule reads) idle and while the cycle runs, medians (goal ≤ 1.5×);
 *   - a second cycle right after (warm): the date-range reports the first one fetched are
 *     served by the overlays' report cache (≤ 60 s for ranges that include today);
 *   - for each cycle, how long this process's event loop was held at once (what any request
 *     waits behind), and which GETs were the cycle's whole-level reads and which the bulk-edit
 *     planner's reads by id, with any whole-level read asked twice.
 *
 *   npm run bench:rules                        # ≈ 1–2 min
 *   npm run bench:rules -- --samples 3
 *   npm run bench:rules -- --log-level error   # the companion's errors on stderr
 *
 * The emulator seeds four large accounts (EMULATOR_LARGE_ACCOUNTS=4): three for the rules, a
 * fourth for the overlay, so that the call log tells the overlay's calls (by advertiser) from
 * the cycle's.
 * The companion runs in this process (createContext + buildApp listening on a loopback port,
 * as fair-budget.ts does), so that one cycle is exactly one call of the scheduler's tick and
 * its end is known to the millisecond; rules are created, switched on and read back over
 * real HTTP, and the overlay is timed over HTTP as an interactive caller. The cycle's own
 * work (judging, the run log in SQLite) shares this process's event loop with the overlay
 * request, as it does in the server.
 *
 * How the cycle is made due without waiting: the companion's clock and the emulator's move
 * together (one offset) to just before the next full hour, the rules are created, and the
 * clocks reach the hour before the tick: every schedule in the mix (every 5, 15, 30 minutes,
 * hourly) has that slot. The warm cycle needs rules due again within a minute, which no
 * schedule allows (at least every 5 minutes): 50 copies of the rules are created switched
 * off, and switched on after the first cycle; they were created before the slot, so their
 * first run is due at once. They judge the same entities with the same conditions, so their
 * reads are the same; their writes differ (a pause already made is "already", a budget cut
 * is cut again: copies keep cool-downs of their own).
 *
 * Rule thresholds come from the accounts' own figures at that moment (read by a throwaway
 * second companion whose caches the measured one never sees), so that each rule matches the
 * few entities it is meant to (0–2) whatever the hour: a cycle dominated by reads, as a
 * stop-loss usually is.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../companion-server/src/app';
import { SYSTEM_ACTOR } from '../../companion-server/src/audit/actors';
import { loadConfig } from '../../companion-server/src/config';
import type { Level } from '../../companion-server/src/contract/ads-manager';
import type {
  Condition,
  Evaluation,
  RuleAction,
  RuleInput,
  RuleRun,
  RuleSchedule,
  RuleView,
  RuleWindow,
} from '../../companion-server/src/contract/rules';
import { addDays, zonedDate } from '../../companion-server/src/lib/time-zone';
import { plannedAction } from '../../companion-server/src/rules/rule-actions';
import {
  evaluateGroups,
  type FigureOf,
  minimumDataProblem,
  refsOfRule,
} from '../../companion-server/src/rules/rule-conditions';
import { refKey, windowKey } from '../../companion-server/src/rules/rule-windows';
import { createContext, type ServerContext } from '../../companion-server/src/services';
import type { Staff } from '../../companion-server/src/storage/state-schema';
import { type CallRecord, controlClient, type EmulatorSnapshot } from '../helpers/control-client';
import { startEmulatorProcess } from './emulator-process';
import type { CallCount } from './fewest-calls';
import { fewestRuleCycleCalls, type RuleCycleFacts } from './fewest-rule-calls';
import { median } from './stats';

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '5' },
    'log-level': { type: 'string', default: 'silent' },
  },
});
const SAMPLES = Number(args.samples);
// Each sample reads five days of its own, idle and during (see `overlay`): 8 samples each
// reach 80 days back, within the 90 days of history the emulator's large accounts have.
if (!Number.isInteger(SAMPLES) || SAMPLES < 1 || SAMPLES > 8) {
  throw new Error(`--samples must be an integer from 1 to 8, got ${args.samples}`);
}
const BLOCK_DAYS = 5;
const QPS = 10;
const AD_GROUPS = 1_000;
const EMULATOR_SECRET = 'emulator-app-secret-not-a-real-one';
const TIME_ZONE = 'America/New_York';
const HOUR_MS = 3_600_000;

// The world: three large accounts for the rules, a fourth for the person looking at an overlay.
// -------------------------------------------------------------------------------------------

/** A large account of the emulator, with its entities as TikTok holds them. */
interface Account {
  /** Not deleted, by level: what TikTok lists by default. */
  live: Record<Level, Array<Record<string, unknown> & { id: string }>>;
}

function accountOf(snapshot: EmulatorSnapshot): Account {
  const pick = <T extends { deleted: boolean }>(list: T[], idField: keyof T) =>
    list.filter((e) => !e.deleted).map((e) => ({ ...e, id: String(e[idField]) }));
  return {
    live: {
      campaign: pick(snapshot.campaigns, 'campaign_id'),
      adgroup: pick(snapshot.adgroups, 'adgroup_id'),
      ad: pick(snapshot.ads, 'ad_id'),
    },
  };
}

// The rules: a realistic mix of templates, each with one condition tuned to the figures.
// -------------------------------------------------------------------------------------------

const W = {
  today: { kind: 'today' },
  yesterday: { kind: 'yesterday' },
  last3: { kind: 'last_days', days: 3, includeToday: false },
  last3Today: { kind: 'last_days', days: 3, includeToday: true },
  last7: { kind: 'last_days', days: 7, includeToday: false },
  last14: { kind: 'last_days', days: 14, includeToday: false },
  lifetime: { kind: 'lifetime' },
} satisfies Record<string, RuleWindow>;

/** Placeholder for the tuned number or factor, replaced before the rule is created. */
const TUNED = 1;

/** A rule before tuning: the first condition of its one group has the placeholder. */
interface RuleSpec {
  input: RuleInput;
  /** Entities it is meant to match this cycle. */
  matches: number;
}

interface Template {
  name: string;
  level: Level;
  /** ANDed; the first compares with TUNED, set from the figures (tune). */
  conditions: Condition[];
  minimumData?: RuleInput['minimumData'];
  action: RuleAction;
  until?: RuleInput['until'];
  every: RuleSchedule['every'];
  cooldownHours: number;
  /** Entities matched by each instance, in order; as many instances as entries. */
  matches: number[];
}

const num = (value: number) => ({ kind: 'number' as const, value });
const EVERY_15 = { kind: 'minutes', minutes: 15 } as const;
const zeros = (count: number) => Array.from({ length: count }, () => 0);

/** 50 rules: 46 on ad groups, 2 on campaigns, 2 on ads; 13 matches in all, on 11 rules. */
const TEMPLATES: Template[] = [
  {
    name: 'Stop-loss: spend today, no conversion',
    level: 'adgroup',
    conditions: [
      { left: { metric: 'spend', window: W.today }, comparison: 'gt', right: num(TUNED) },
      { left: { metric: 'conversions', window: W.today }, comparison: 'lt', right: num(1) },
    ],
    action: { kind: 'pause' },
    until: { kind: 'midnight' },
    every: EVERY_15,
    cooldownHours: 12,
    matches: [2, 0, 1, 0, 0, 0, 1, 0, 0, 0],
  },
  {
    name: 'Stop-loss every 5 min: spend today, no conversion',
    level: 'adgroup',
    conditions: [
      { left: { metric: 'spend', window: W.today }, comparison: 'gt', right: num(TUNED) },
      { left: { metric: 'conversions', window: W.today }, comparison: 'lt', right: num(1) },
    ],
    action: { kind: 'pause' },
    until: { kind: 'midnight' },
    every: { kind: 'minutes', minutes: 5 },
    cooldownHours: 12,
    matches: zeros(4),
  },
  {
    name: 'CPA 3 days vs 14 days',
    level: 'adgroup',
    conditions: [
      {
        left: { metric: 'cpa', window: W.last3 },
        comparison: 'gt',
        right: { kind: 'metric', ref: { metric: 'cpa', window: W.last14 }, factor: TUNED },
      },
      { left: { metric: 'spend', window: W.last3 }, comparison: 'gt', right: num(30) },
    ],
    minimumData: { metric: 'impressions', window: W.last3, atLeast: 1_000 },
    action: { kind: 'budget', change: { type: 'percent', value: -20 }, floor: 20, ceiling: null },
    every: EVERY_15,
    cooldownHours: 24,
    matches: [1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
  },
  {
    name: 'Scale winners: ROAS 7 days',
    level: 'adgroup',
    conditions: [
      { left: { metric: 'roas', window: W.last7 }, comparison: 'gt', right: num(TUNED) },
      { left: { metric: 'spend', window: W.last7 }, comparison: 'gt', right: num(100) },
    ],
    action: { kind: 'budget', change: { type: 'percent', value: 20 }, floor: null, ceiling: 1_000 },
    every: { kind: 'hourly' },
    cooldownHours: 48,
    matches: [1, ...zeros(7)],
  },
  {
    name: 'Budget used today, ROAS yesterday',
    level: 'adgroup',
    conditions: [
      { left: { metric: 'budget_used', window: W.today }, comparison: 'gt', right: num(TUNED) },
      { left: { metric: 'roas', window: W.yesterday }, comparison: 'gt', right: num(2) },
    ],
    action: { kind: 'budget', change: { type: 'percent', value: 15 }, floor: null, ceiling: 800 },
    every: { kind: 'minutes', minutes: 30 },
    cooldownHours: 24,
    matches: [1, ...zeros(5)],
  },
  {
    name: 'Fatigue: frequency yesterday',
    level: 'adgroup',
    conditions: [
      { left: { metric: 'frequency', window: W.yesterday }, comparison: 'gt', right: num(TUNED) },
      { left: { metric: 'ctr', window: W.last7 }, comparison: 'lt', right: num(1.5) },
    ],
    action: { kind: 'pause' },
    every: { kind: 'hourly' },
    cooldownHours: 24,
    matches: [1, 0, 0],
  },
  {
    name: 'Lifetime losers: ROAS',
    level: 'adgroup',
    conditions: [
      { left: { metric: 'roas', window: W.lifetime }, comparison: 'lt', right: num(TUNED) },
      { left: { metric: 'spend', window: W.lifetime }, comparison: 'gt', right: num(500) },
    ],
    action: { kind: 'pause' },
    every: { kind: 'hourly' },
    cooldownHours: 24,
    matches: [1, 0, 0],
  },
  {
    name: 'CPA 3 days incl. today',
    level: 'adgroup',
    conditions: [
      { left: { metric: 'cpa', window: W.last3Today }, comparison: 'gt', right: num(TUNED) },
    ],
    minimumData: { metric: 'conversions', window: W.last3Today, atLeast: 3 },
    action: { kind: 'budget', change: { type: 'percent', value: -10 }, floor: 20, ceiling: null },
    every: EVERY_15,
    cooldownHours: 24,
    matches: [1, 0],
  },
  {
    name: 'Campaign spend today',
    level: 'campaign',
    conditions: [
      { left: { metric: 'spend', window: W.today }, comparison: 'gt', right: num(TUNED) },
    ],
    action: { kind: 'notify' },
    every: EVERY_15,
    cooldownHours: 0,
    matches: [1, 0],
  },
  {
    name: 'Weak creatives: CTR 7 days',
    level: 'ad',
    conditions: [
      { left: { metric: 'ctr', window: W.last7 }, comparison: 'lt', right: num(TUNED) },
      { left: { metric: 'impressions', window: W.last7 }, comparison: 'gt', right: num(1_000) },
    ],
    action: { kind: 'pause' },
    every: { kind: 'hourly' },
    cooldownHours: 24,
    matches: [1, 0],
  },
];

/** One account each, in turn, and every fourth rule over all three. */
function specsOf(ruleAccounts: readonly string[]): RuleSpec[] {
  const specs: RuleSpec[] = [];
  for (const template of TEMPLATES) {
    template.matches.forEach((matches, n) => {
      const advertiserIds =
        n % 4 === 3 ? [...ruleAccounts] : [ruleAccounts[n % ruleAccounts.length] as string];
      const acts = template.action.kind !== 'notify';
      specs.push({
        matches,
        input: {
          name: `${template.name} #${n + 1}`,
          enabled: true,
          scope: {
            advertiserIds,
            level: template.level,
            name: null,
            statuses: acts ? ['ENABLE'] : null,
            campaignIds: null,
            entityIds: null,
          },
          groups: [{ conditions: template.conditions }],
          minimumData: template.minimumData ?? null,
          action: template.action,
          until: template.until ?? null,
          schedule: { every: template.every, days: null, hours: null },
          cooldownHours: template.cooldownHours,
          maxActionsPerRun: 20,
          notify: { onAction: false, onApprovalNeeded: false, onFailure: false, webhookUrl: null },
        },
      });
    });
  }
  return specs;
}

/** An entity's figures as the rules read them (by refKey), from a preview. */
type Figures = Map<string, Record<string, number | null>>;
const entityKey = (advertiserId: string, id: string) => `${advertiserId}|${id}`;

/**
 * The tuned condition's number (or factor) that lets `spec.matches` in-scope entities through,
 * given the rule's other conditions, its minimum-data guard and an action that changes
 * something: halfway between the last entity meant to match and the next.
 */
function tune(spec: RuleSpec, figures: Figures, accounts: ReadonlyMap<string, Account>): RuleInput {
  const { input } = spec;
  const group = input.groups[0];
  const [tuned, ...rest] = group?.conditions ?? [];
  if (!tuned) throw new Error(`${input.name}: no condition to tune.`);
  const others = [{ conditions: rest }];
  const scores: number[] = [];
  for (const advertiserId of input.scope.advertiserIds) {
    const account = accounts.get(advertiserId);
    for (const entity of account?.live[input.scope.level] ?? []) {
      const status = String(entity.operation_status);
      if (input.scope.statuses && !input.scope.statuses.includes(status as 'ENABLE')) continue;
      const values = figures.get(entityKey(advertiserId, entity.id));
      if (!values) continue;
      const read: FigureOf = (ref) => values[refKey(ref)] ?? null;
      if (minimumDataProblem(input.minimumData, read) !== null) continue;
      if (rest.length > 0 && !evaluateGroups(others, read).matched) continue;
      const budgetMode = entity.budget_mode as string | undefined;
      const decision = plannedAction(
        input.action,
        {
          status: status as 'ENABLE',
          budget:
            budgetMode === undefined || budgetMode === 'BUDGET_MODE_INFINITE'
              ? null
              : Number(entity.budget),
          budgetMode: budgetMode ?? null,
          bid: null,
          bidField: 'bid_price',
        },
        'USD',
      );
      if (decision.kind === 'skip') continue;
      const left = read(tuned.left);
      const right = tuned.right.kind === 'metric' ? read(tuned.right.ref) : 1;
      if (left === null || right === null || right <= 0) continue;
      scores.push(left / right);
    }
  }
  const above = tuned.comparison === 'gt' || tuned.comparison === 'gte';
  scores.sort((a, b) => (above ? b - a : a - b));
  const k = Math.min(spec.matches, scores.length);
  const first = scores[0] ?? 0;
  let threshold: number;
  if (k === 0) {
    // Beyond the most extreme entity: nothing matches now.
    threshold = above ? first * 1.1 + 0.01 : Math.max(0, first * 0.9);
  } else if (k === scores.length) {
    const last = scores[k - 1] ?? 0;
    threshold = above ? last * 0.9 : last * 1.1 + 0.01;
  } else {
    threshold = ((scores[k - 1] ?? 0) + (scores[k] ?? 0)) / 2;
  }
  const rounded = Math.round(threshold * 10_000) / 10_000;
  const right =
    tuned.right.kind === 'metric'
      ? { ...tuned.right, factor: Math.min(1_000, Math.max(0.0001, rounded)) }
      : num(rounded);
  return { ...input, groups: [{ conditions: [{ ...tuned, right }, ...rest] }] };
}

/**
 * Every figure the rules read, per entity, from previews of a throwaway companion (its own
 * report cache, so the measured one starts cold): one preview per level, 25 figures each.
 */
async function readFigures(
  scout: ServerContext,
  actor: Pick<Staff, 'id' | 'email' | 'role'>,
  specs: readonly RuleSpec[],
): Promise<Figures> {
  const figures: Figures = new Map();
  for (const level of ['adgroup', 'campaign', 'ad'] as const) {
    const ofLevel = specs.filter((s) => s.input.scope.level === level);
    if (ofLevel.length === 0) continue;
    const refs = new Map(
      ofLevel.flatMap((s) => refsOfRule(s.input)).map((ref) => [refKey(ref), ref] as const),
    );
    const advertiserIds = [...new Set(ofLevel.flatMap((s) => s.input.scope.advertiserIds))];
    const all = [...refs.values()];
    for (let start = 0; start < all.length; start += 25) {
      const chunk = all.slice(start, start + 25);
      const groups = [];
      for (let g = 0; g < chunk.length; g += 5) {
        groups.push({
          conditions: chunk.slice(g, g + 5).map((left) => ({
            left,
            comparison: 'gt' as const,
            right: num(0),
          })),
        });
      }
      const template = ofLevel[0]?.input as RuleInput;
      const preview = await scout.rules.preview(actor, {
        ...template,
        name: 'Figures for the benchmark',
        scope: { ...template.scope, advertiserIds, statuses: null },
        groups,
        minimumData: null,
        action: { kind: 'notify' },
        until: null,
      });
      if (preview.problems.length > 0) {
        throw new Error(`Reading the figures failed: ${JSON.stringify(preview.problems)}`);
      }
      for (const e of preview.evaluations) {
        const key = entityKey(e.advertiserId, e.entityId);
        figures.set(key, { ...figures.get(key), ...e.values });
      }
    }
  }
  return figures;
}

// What the companion asked TikTok for, seen in this process.
// -------------------------------------------------------------------------------------------

/** One GET the companion sent to TikTok, as this process saw it. */
interface SeenRead {
  path: string;
  advertiserId: string | null;
  /** The cycle reads whole levels; the bulk-edit planner reads the rows it changes by id. */
  source: 'whole level' | 'by id';
  /** An entity list, or a report over a date range, lifetime, or of frequency alone. */
  kind: 'list' | 'date range' | 'lifetime' | 'frequency';
  /** Everything the call asked (level, dates, metrics, filter, page). */
  signature: string;
}

/**
 * The emulator's call log says how many calls went to each path, not what they asked; this
 * watches the companion's own GETs (its HTTP client calls this process's fetch) to tell the
 * cycle's whole-level reads from the planner's reads by id, and to find any read asked twice
 * in one cycle.
 */
/** One TikTok call of the whole process: whose, when sent and when its answer's headers came. */
interface TimedCall {
  advertiserId: string | null;
  sentAt: number;
  answeredAt: number | null;
}

function watchTikTokReads(): {
  start(): void;
  stop(): SeenRead[];
  /** Every TikTok call since `since` (performance.now), read or write, timed. */
  timedSince(since: number): TimedCall[];
} {
  const real = globalThis.fetch;
  let seen: SeenRead[] | null = null;
  const timed: TimedCall[] = [];
  globalThis.fetch = (input, init) => {
    const request = input instanceof Request ? input : null;
    const method = init?.method ?? request?.method ?? 'GET';
    const url = new URL(request ? request.url : String(input));
    let call: TimedCall | null = null;
    if (url.pathname.includes('/open_api/')) {
      call = {
        advertiserId: url.searchParams.get('advertiser_id'),
        sentAt: performance.now(),
        answeredAt: null,
      };
      timed.push(call);
      if (timed.length > 5_000) timed.splice(0, 1_000);
    }
    if (seen && method === 'GET' && url.pathname.includes('/open_api/')) {
      const q = url.searchParams;
      const path = url.pathname.replace(/^.*\/open_api\/v[\d.]+\//, '');
      const dates = q.has('query_lifetime')
        ? 'lifetime'
        : `${q.get('start_date') ?? ''}..${q.get('end_date') ?? ''}`;
      seen.push({
        path,
        advertiserId: q.get('advertiser_id'),
        source: q.has('filtering') ? 'by id' : 'whole level',
        kind: !q.has('data_level')
          ? 'list'
          : q.has('query_lifetime')
            ? 'lifetime'
            : (q.get('metrics') ?? '').includes('frequency')
              ? 'frequency'
              : 'date range',
        signature: [
          path,
          q.get('advertiser_id'),
          q.get('data_level') ?? '',
          q.has('data_level') ? dates : '',
          q.get('metrics') ?? '',
          q.get('filtering') ?? '',
          `page ${q.get('page') ?? '1'}`,
        ].join(' '),
      });
    }
    const answer = real(input, init);
    if (call) {
      const done = call;
      void answer.then(
        () => {
          done.answeredAt = performance.now();
        },
        () => {
          done.answeredAt = performance.now();
        },
      );
    }
    return answer;
  };
  return {
    timedSince(since) {
      return timed.filter((c) => c.sentAt >= since);
    },
    start() {
      seen = [];
    },
    stop() {
      const all = seen ?? [];
      seen = null;
      return all;
    },
  };
}

// Figures and printing.
// -------------------------------------------------------------------------------------------

/** Where one overlay view's time went, from the TikTok calls it made (timed in fetch). */
interface Breakdown {
  total: number;
  /** From the request to its first TikTok call: the limiter's wait and the companion's work. */
  before: number;
  /** While at least one of its TikTok calls was out (the emulator's queue and work). */
  out: number;
  /** The rest: between and after its calls (waits for slots, parsing, answering). */
  after: number;
  calls: number;
  /** The cycle's calls out when its first call was sent (the emulator answers one at a time). */
  othersInFlight: number;
}

function breakdownOf(
  all: readonly TimedCall[],
  account: string,
  started: number,
  total: number,
): Breakdown {
  const own = all.filter((c) => c.advertiserId === account).sort((a, b) => a.sentAt - b.sentAt);
  const first = own[0];
  if (!first) return { total, before: total, out: 0, after: 0, calls: 0, othersInFlight: 0 };
  let out = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const call of own) {
    const end = call.answeredAt ?? started + total;
    if (end <= reach) continue;
    out += end - Math.max(reach, call.sentAt);
    reach = end;
  }
  const before = first.sentAt - started;
  const othersInFlight = all.filter(
    (c) =>
      c.advertiserId !== account &&
      c.sentAt <= first.sentAt &&
      (c.answeredAt === null || c.answeredAt > first.sentAt),
  ).length;
  return { total, before, out, after: total - before - out, calls: own.length, othersInFlight };
}

type LoggedCall = CallRecord & { advertiser_id: string | null; duration_ms: number | null };

/** The stand-in's own handling time (ms) of the overlay account's calls, in their order. */
function handledMs(calls: readonly LoggedCall[], account: string): number[] {
  return calls
    .filter((c) => c.advertiser_id === account && c.duration_ms !== null)
    .map((c) => c.duration_ms as number);
}

interface CycleFigures {
  ms: number;
  calls: LoggedCall[];
  reads: SeenRead[];
  runs: RuleRun[];
  evaluations: Evaluation[];
  /** How long this process's event loop was held at once (what a request waits behind), ms. */
  loopP99Ms: number;
  loopMaxMs: number;
}

const ms = (value: number) => `${Math.round(value)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function callsByPath(calls: readonly LoggedCall[]): string {
  const refused = calls.filter((c) => c.code !== 0).length;
  const byPath = [...countBy(calls, (c) => c.path)].sort((a, b) => b[1] - a[1]);
  return `${calls.length}: ${byPath.map(([path, n]) => `${path} ${n}`).join(', ')}${refused > 0 ? `; ${refused} answered with an error code` : '; none refused'}`;
}

/** Reads split by who asked: the cycle's whole-level reads, the planner's reads by id. */
function readsBySource(reads: readonly SeenRead[]): string {
  return [...countBy(reads, (r) => `${r.path} ${r.source}`)]
    .sort()
    .map(([what, n]) => `${what} ${n}`)
    .join(', ');
}

/** Whole-level reads asked more than once: a report or list the cycle should share. */
function readTwice(reads: readonly SeenRead[]): string[] {
  return [
    ...countBy(
      reads.filter((r) => r.source === 'whole level'),
      (r) => r.signature,
    ),
  ]
    .filter(([, n]) => n > 1)
    .map(([signature, n]) => `${n}× ${signature}`);
}

function breakdown(counts: readonly CallCount[]): string {
  return counts.map((c) => `${c.path} ${c.calls} (${c.why})`).join('; ');
}

function outcomes(evaluations: readonly Evaluation[]): string {
  const counts = countBy(
    evaluations.filter((e) => e.matched),
    (e) => e.outcome,
  );
  return [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ') || 'none';
}

/** The floor's facts: what the rules read (from their definitions) and what the cycle changed. */
function factsOf(
  rules: readonly RuleInput[],
  accounts: ReadonlyMap<string, Account>,
  evaluations: readonly Evaluation[],
): RuleCycleFacts {
  const lists: Array<RuleCycleFacts['lists'][number]> = [];
  const reports: Array<RuleCycleFacts['reports'][number]> = [];
  for (const rule of rules) {
    const { level } = rule.scope;
    for (const advertiserId of rule.scope.advertiserIds) {
      const entities = accounts.get(advertiserId)?.live[level].length ?? 0;
      lists.push({ advertiserId, level, entities });
      for (const ref of refsOfRule(rule)) {
        if (!ref.window) continue;
        reports.push({
          advertiserId,
          level,
          window: windowKey(ref.window),
          // At most one row per entity: one page either way up to 1,000.
          rows: entities,
          frequency: ref.metric === 'frequency',
        });
      }
    }
  }
  // A window read with frequency by one rule and without by another is still one report.
  const merged = new Map<string, RuleCycleFacts['reports'][number]>();
  for (const r of reports) {
    const key = `${r.advertiserId}|${r.level}|${r.window}`;
    const before = merged.get(key);
    merged.set(key, { ...r, frequency: r.frequency || (before?.frequency ?? false) });
  }
  const changes = new Map<string, RuleCycleFacts['changes'][number] & { parents: Set<string> }>();
  const done = new Map(
    evaluations
      .filter((e) => e.outcome === 'done')
      .map((e) => [entityKey(e.advertiserId, e.entityId), e]),
  );
  for (const e of done.values()) {
    const key = `${e.advertiserId}|${e.level}`;
    const change = changes.get(key) ?? {
      advertiserId: e.advertiserId,
      level: e.level,
      paused: 0,
      enabled: 0,
      dailyBudgets: 0,
      lifetimeBudgets: 0,
      bids: 0,
      parentCampaigns: 0,
      parents: new Set<string>(),
    };
    const entity = accounts.get(e.advertiserId)?.live[e.level].find((x) => x.id === e.entityId);
    const field = e.change?.field;
    if (field === 'operation_status') {
      if (e.change?.after === 'DISABLE') change.paused += 1;
      else change.enabled += 1;
    } else {
      if (field === 'budget' && entity?.budget_mode === 'BUDGET_MODE_TOTAL') {
        change.lifetimeBudgets += 1;
      } else if (field === 'budget') change.dailyBudgets += 1;
      else change.bids += 1;
      if (entity?.campaign_id) change.parents.add(String(entity.campaign_id));
    }
    change.parentCampaigns = change.parents.size;
    changes.set(key, change);
  }
  return { lists, reports: [...merged.values()], changes: [...changes.values()] };
}

// The benchmark.
// -------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const watcher = watchTikTokReads();
  const { url, child } = await startEmulatorProcess({
    EMULATOR_TIER: 'basic',
    EMULATOR_LARGE_ACCOUNT_ADGROUPS: String(AD_GROUPS),
    EMULATOR_LARGE_ACCOUNTS: '4',
  });
  const dataDirs: string[] = [];
  const contexts: ServerContext[] = [];
  let app: FastifyInstance | null = null;
  try {
    const control = controlClient(url);
    const large = (await control.state()).advertisers
      .filter((a) => a.name.startsWith('Bayme Scale Test'))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (large.length !== 4) throw new Error(`Expected 4 large accounts, found ${large.length}.`);
    const accounts = new Map<string, Account>();
    for (const a of large) {
      const snapshot = await control.state(a.advertiser_id);
      const account = accountOf(snapshot);
      if (account.live.adgroup.length !== AD_GROUPS || a.timezone !== TIME_ZONE) {
        throw new Error(`${a.name}: ${account.live.adgroup.length} ad groups in ${a.timezone}.`);
      }
      accounts.set(a.advertiser_id, account);
    }
    const ruleAccounts = large.slice(0, 3).map((a) => a.advertiser_id);
    const overlayAccount = large[3]?.advertiser_id as string;

    // The companion's clock runs with the emulator's: both at the same offset from this machine's.
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    const advanceClocks = async (byMs: number) => {
      await control.clock({ advance_ms: Math.round(byMs) });
      offsetMs += Math.round(byMs);
    };
    const companion = async (name: string) => {
      const dataDir = await mkdtemp(join(tmpdir(), `bench-rules-${name}-`));
      dataDirs.push(dataDir);
      const config = loadConfig({
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        TIKTOK_TIER: 'basic',
        RULES_TICK_SECONDS: '0',
      });
      const context = await createContext(
        config,
        { origin: url, appSecret: EMULATOR_SECRET },
        pino({ level: args['log-level'] }),
        now,
      );
      contexts.push(context);
      return context;
    };

    // Just before the next full hour, with a minute to read figures and create the rules.
    const hour = Math.ceil((Date.now() + 90_000) / HOUR_MS) * HOUR_MS;
    await advanceClocks(hour - 60_000 - Date.now());

    const context = await companion('measured');
    const { staff: buyer, key: buyerKey } = await context.staff.add(
      { email: 'buyer@bayme.example', name: 'Buyer', role: 'buyer' },
      SYSTEM_ACTOR,
    );
    const { key: viewerKey } = await context.staff.add(
      { email: 'viewer@bayme.example', name: 'Viewer', role: 'viewer' },
      SYSTEM_ACTOR,
    );
    const token = await control.mintToken(large.map((a) => a.advertiser_id));
    await context.connections.importToken(token, buyer);
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const http = async <T>(key: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${origin}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    };

    const scout = await companion('scout');
    const { staff: scoutBuyer } = await scout.staff.add(
      { email: 'owner@bayme.example', name: 'Owner', role: 'buyer' },
      SYSTEM_ACTOR,
    );
    await scout.connections.importToken(token, scoutBuyer);
    const specs = specsOf(ruleAccounts);
    const figures = await readFigures(scout, scoutBuyer, specs);
    const inputs = specs.map((spec) => tune(spec, figures, accounts));

    const created: RuleView[] = [];
    for (const input of inputs) {
      created.push(await http<RuleView>(buyerKey, 'POST', '/api/rules', input));
    }
    const copies: Array<{ id: string; input: RuleInput }> = [];
    for (const input of inputs) {
      const copy = { ...input, name: `${input.name} (copy)`, enabled: false };
      const view = await http<RuleView>(buyerKey, 'POST', '/api/rules', copy);
      copies.push({ id: view.id, input: { ...copy, enabled: true } });
    }
    if (now().getTime() < hour + 1_000) await advanceClocks(hour + 1_000 - now().getTime());

    // Five days of their own (blocks that do not overlap, the latest ending two days ago): no
    // rule reads them, and the stand-in keeps each finished day it computed, so a sample
    // reading days another sample read would be cheaper. Every sample is a cold report of the
    // same account and the same length, and costs the stand-in the same work; idle samples
    // take the even blocks and samples during the cycle the odd ones, so that both span the
    // same weeks (16 blocks: 80 days, within the large accounts' 90 days of history).
    // Until 2026-12-06 each sample read one day more than the one before, so the samples
    // during the cycle read longer ranges than the idle ones, which the stand-in took longer
    // to add up: that alone made them slower.
    const latestEnd = addDays(zonedDate(now().getTime(), TIME_ZONE), -2);
    const failures: string[] = [];
    const overlay = async (block: number) => {
      const end = addDays(latestEnd, -BLOCK_DAYS * block);
      const start = addDays(end, -(BLOCK_DAYS - 1));
      const path = `/api/ad-accounts/${overlayAccount}/metrics?level=adgroup&start=${start}&end=${end}`;
      const started = performance.now();
      try {
        await http(viewerKey, 'GET', path);
      } catch (error) {
        // A failed view is a figure too (a timeout while TikTok is busy): counted, not fatal.
        failures.push(error instanceof Error ? error.message : String(error));
      }
      const took = performance.now() - started;
      breakdowns.push(breakdownOf(watcher.timedSince(started), overlayAccount, started, took));
      return took;
    };
    const breakdowns: Breakdown[] = [];
    const pause = (waitMs: number) => new Promise((resolve) => setTimeout(resolve, waitMs));

    console.info(
      `Rules cycle against ${url}: ${inputs.length} rules over 3 ad accounts × ${AD_GROUPS} ad groups, Basic tier (${QPS} QPS), ${SAMPLES} overlay samples each`,
    );
    const idle: number[] = [];
    await control.clearCalls();
    for (let i = 0; i < SAMPLES; i += 1) {
      idle.push(await overlay(2 * i));
      // Spaced like a person clicking, so samples do not queue behind each other.
      await pause(1_000);
    }
    const idleHandled = handledMs((await control.calls()).calls as LoggedCall[], overlayAccount);

    const cycle = async (withSamples: boolean, ruleIds: readonly string[]) => {
      await control.clearCalls();
      watcher.start();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const started = performance.now();
      let running = true;
      const tick = context.ruleScheduler.tick().then(() => {
        running = false;
        loop.disable();
        return performance.now() - started;
      });
      const during: number[] = [];
      if (withSamples) {
        // Once the cycle's reads are under way, as a person would open a page mid-cycle.
        await pause(1_500);
        while (running && during.length < SAMPLES) {
          const took = await overlay(2 * during.length + 1);
          if (running) during.push(took);
          await pause(1_000);
        }
      }
      const cycleMs = await tick;
      const reads = watcher.stop().filter((r) => r.advertiserId !== overlayAccount);
      const logged = (await control.calls()).calls as LoggedCall[];
      const calls = logged.filter((c) => c.advertiser_id !== overlayAccount);
      const handled = handledMs(logged, overlayAccount).slice(0, during.length);
      const runs: RuleRun[] = [];
      const evaluations: Evaluation[] = [];
      for (const id of ruleIds) {
        const { lastRun } = await http<RuleView>(viewerKey, 'GET', `/api/rules/${id}`);
        if (!lastRun) throw new Error(`Rule ${id} did not run in the cycle.`);
        runs.push(lastRun);
        if (lastRun.matched > 0) {
          // In process: the route returns 500 at most, and a run logs every entity it judged.
          const log = context.rules.search({ runId: lastRun.runId, limit: 10_000 });
          evaluations.push(...log.evaluations.filter((e) => e.matched));
        }
      }
      const loopMs = (ns: number) => ns / 1e6;
      const figures: CycleFigures = {
        ms: cycleMs,
        calls,
        reads,
        runs,
        evaluations,
        loopP99Ms: loopMs(loop.percentile(99)),
        loopMaxMs: loopMs(loop.max),
      };
      return { figures, during, handled };
    };

    const cold = await cycle(
      true,
      created.map((r) => r.id),
    );
    for (const copy of copies) {
      await http(buyerKey, 'PUT', `/api/rules/${copy.id}`, copy.input);
    }
    const warm = await cycle(
      false,
      copies.map((c) => c.id),
    );

    const report = (label: string, result: CycleFigures) => {
      const fewest = fewestRuleCycleCalls(factsOf(inputs, accounts, result.evaluations));
      const done = result.runs.filter((r) => r.status === 'done').length;
      const matchedRules = result.runs.filter((r) => r.matched > 0).length;
      const took = result.runs
        .map((r) => ({ r, ms: Date.parse(r.finishedAt ?? '') - Date.parse(r.startedAt) }))
        .sort((a, b) => b.ms - a.ms);
      const slowest = took[0];
      console.info(`\n  ${label}`);
      console.info(
        `    time ${seconds(result.ms)} (goal ≤ 60 s); ${done} of ${result.runs.length} runs done, each median ${seconds(median(took.map((t) => t.ms)))}, slowest ${seconds(slowest?.ms ?? 0)} (${slowest?.r.ruleName}, ${slowest?.r.acted} acted); event loop held p99 ${ms(result.loopP99Ms)}, max ${ms(result.loopMaxMs)}`,
      );
      console.info(`    ${matchedRules} rules matched: ${outcomes(result.evaluations)}`);
      const names = new Map(result.runs.map((r) => [r.ruleId, r.ruleName]));
      const acted = countBy(
        result.evaluations.filter((e) => e.outcome === 'done'),
        (e) => `${names.get(e.ruleId)} → ${e.change?.field} ${e.change?.after}`,
      );
      console.info(
        `      done: ${[...acted].map(([what, n]) => `${what}${n > 1 ? ` ×${n}` : ''}`).join('; ') || 'nothing'}`,
      );
      for (const reason of new Set(
        result.evaluations
          .filter((e) => ['failed', 'blocked', 'needs_approval'].includes(e.outcome))
          .map((e) => `${e.outcome}: ${e.reason}`),
      )) {
        console.info(`      ${reason}`);
      }
      console.info(`    TikTok calls ${callsByPath(result.calls)}`);
      console.info(`      GETs by source: ${readsBySource(result.reads)}`);
      const twice = readTwice(result.reads);
      console.info(
        `      whole-level reads asked twice: ${twice.length === 0 ? 'none' : twice.join('; ')}`,
      );
      console.info(
        `    fewest TikTok's rules allow, with nothing cached, ${fewest.total} (${fewest.total - fewest.frequencyReports} if frequency rode in its window's report); calls ÷ fewest ${(result.calls.length / fewest.total).toFixed(2)}×, floor time at ${QPS} QPS ${seconds((fewest.total / QPS) * 1000)}`,
      );
      console.info(`      reads: ${breakdown(fewest.reads)}`);
      console.info(`      writes: ${breakdown(fewest.writes) || 'none'}`);
    };

    const levels = countBy(inputs, (r) => r.scope.level);
    const windows = countBy(
      inputs.flatMap((r) => [
        ...new Set(refsOfRule(r).flatMap((ref) => (ref.window ? [windowKey(ref.window)] : []))),
      ]),
      (w) => w,
    );
    console.info(
      `  rules: ${[...levels].map(([l, n]) => `${n} ${l}`).join(', ')}; windows read (rules): ${[...windows].map(([w, n]) => `${w} ${n}`).join(', ')}`,
    );
    console.info(
      '  fewest = Σ(account, level) ⌈entities ÷ 1,000⌉ list pages + Σ(account, level, window) ⌈rows ÷ 1,000⌉ report pages + the same again for windows with frequency',
    );
    console.info(
      "           + today's spend and parent campaigns of changed budgets when no rule reads them + writes (pauses 20 a call, daily budgets one each): fewest-rule-calls.ts",
    );
    report('cycle 1 (cold caches)', cold.figures);
    const list = (values: readonly number[]) => values.map((v) => Math.round(v)).join(', ');
    console.info(
      `    overlay view (ad groups of a 4th account of ${AD_GROUPS}, a cold range), median: idle ${ms(median(idle))}, during the cycle ${ms(median(cold.during))}: ${(median(cold.during) / median(idle)).toFixed(2)}× (goal ≤ 1.5×)`,
    );
    console.info(
      `      samples idle [${list(idle)}] ms, during [${list(cold.during)}] ms (${cold.during.length} of ${SAMPLES} ended while the cycle ran); ${failures.length === 0 ? 'none failed' : `failed: ${failures.join('; ')}`}`,
    );
    console.info(
      `      where each sample's time went (before its first TikTok call / TikTok's answers out, of which the stand-in's own handling / after) with other calls in flight when it sent:\n${breakdowns
        .map((b, n) => {
          const handled = n < idle.length ? idleHandled[n] : cold.handled[n - idle.length];
          const own = handled === undefined ? '?' : ms(handled);
          return `        ${n < idle.length ? 'idle' : 'during'} ${ms(b.total)}: ${ms(b.before)} / ${ms(b.out)} (${own}) over ${b.calls} calls / ${ms(b.after)}; others in flight ${b.othersInFlight}`;
        })
        .join('\n')}`,
    );
    report('cycle 2 (right after: copies of the rules, warm caches)', warm.figures);
    const ownReports = (f: CycleFigures) =>
      countBy(
        f.reads.filter((r) => r.source === 'whole level' && r.kind !== 'list'),
        (r) => r.kind,
      );
    const [before, after] = [ownReports(cold.figures), ownReports(warm.figures)];
    const kinds = (counts: Map<string, number>) =>
      [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
    const reused = (before.get('date range') ?? 0) - (after.get('date range') ?? 0);
    console.info(
      `    the cycle's own reports: ${kinds(before)} → ${kinds(after)}: the overlays' report cache served ${reused} of cycle 1's ${before.get('date range') ?? 0} date-range reports (a range that includes today for 60 s); entity lists, lifetime and frequency are read every cycle`,
    );
  } finally {
    await app?.close();
    for (const context of contexts) {
      await context.ruleScheduler.stop();
      await context.notifier.close();
      context.sql.close();
      await context.audit.settled();
    }
    child.kill('SIGTERM');
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  }
}

await main();
