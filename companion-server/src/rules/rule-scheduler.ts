import type { FastifyBaseLogger } from 'fastify';
import type { Rule } from '../contract/rules';
import type { CycleData } from './cycle-data';
import type { RuleRunLog } from './rule-run-log';
import type { RuleRunner } from './rule-runner';
import { dueSlot, latestSlot } from './rule-schedule';
import type { RulesService } from './rules-service';

/**
 * The clock of automated rules: every tick (30 s by default) it runs the rules whose schedule
 * slot has come, all against one cycle's reads (cycle-data.ts), a few at a time; puts back
 * what rules changed "until" a time that has come; and prunes the run log once a day.
 *
 * A slot missed while the server was down runs once at start, not once per missed slot
 * (rule-schedule.ts dueSlot). While an admin has switched rules off nothing runs, and the
 * undo of an "until" waits too: putting a paused ad back on is also an action.
 *
 * Scheduled changes (schedules/scheduled-change-runner.ts) keep the same clock: each tick
 * fires them beside the rules' cycle, and the admins' switch holds them too.
 */

/** Work on the scheduler's clock beside the rules: the scheduled changes' runner. */
export interface ScheduledWork {
  /** What a previous process left unfinished, once, before the first tick. */
  resume(): Promise<void>;
  tick(now: Date): Promise<void>;
}

export interface RuleSchedulerDeps {
  rules: RulesService;
  runner: RuleRunner;
  runLog: RuleRunLog;
  scheduledChanges: ScheduledWork;
  newCycle: () => CycleData;
  /**
   * Each connected ad account's time zone, read once per tick (services.ts); a rule whose
   * account is not connected waits.
   */
  timeZones: () => ReadonlyMap<string, string>;
  /** Days the run log keeps (config RULES_LOG_RETENTION_DAYS). */
  retentionDays: number;
  /**
   * Days it keeps the entries where nothing happened (no match, not enough data): a rule every
   * 15 minutes over thousands of entities logs millions a day (config RULES_LOG_QUIET_DAYS).
   */
  quietRetentionDays: number;
  tickMs: number;
  /** Rules run at once in a cycle: their calls share the limiter's `jobs` class anyway. */
  concurrency?: number;
  log: FastifyBaseLogger;
  now: () => Date;
}

const DAY_MS = 86_400_000;

export class RuleScheduler {
  readonly #deps: RuleSchedulerDeps;
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #prunedAt = 0;
  #stopped = false;

  constructor(deps: RuleSchedulerDeps) {
    this.#deps = deps;
  }

  /**
   * Resume runs a previous process left unfinished, then tick at once and on the interval
   * (no timer when `tickMs` is 0: tests tick themselves, but runs are still resumed).
   */
  async start(): Promise<void> {
    const again = await this.#deps.runner.resume(this.#deps.rules.exclusive);
    await this.#deps.scheduledChanges.resume();
    const zones = this.#deps.timeZones();
    for (const ruleId of again) {
      const rule = this.#deps.rules.rule(ruleId);
      const zone = rule ? zones.get(rule.scope.advertiserIds[0] as string) : undefined;
      const slot =
        rule && zone ? latestSlot(rule.schedule, zone, this.#deps.now().getTime()) : null;
      if (rule && slot && rule.enabled && !this.#deps.rules.settings().paused) {
        await this.#deps.rules.runExclusive(rule, this.#deps.newCycle(), {
          slot: slot.key,
          trigger: 'catch_up',
        });
      }
    }
    if (this.#stopped || this.#deps.tickMs <= 0) return;
    void this.tick();
    this.#timer = setInterval(() => void this.tick(), this.#deps.tickMs);
    this.#timer.unref();
  }

  /** One pass; a tick that comes while the last one still runs joins it. */
  tick(): Promise<void> {
    this.#ticking ??= this.#tick()
      .catch((error: unknown) => this.#deps.log.error({ err: error }, 'rule scheduler tick failed'))
      .finally(() => {
        this.#ticking = null;
      });
    return this.#ticking;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#ticking;
  }

  async #tick(): Promise<void> {
    await this.#prune();
    if (this.#deps.rules.settings().paused) return;
    // Side by side: a change "at 18:00" waits for no rule, and no rule for a long firing.
    const outcomes = await Promise.allSettled([
      this.#deps.scheduledChanges.tick(this.#deps.now()),
      this.#runRules(),
    ]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  }

  async #runRules(): Promise<void> {
    const { rules, runLog, now } = this.#deps;
    for (const run of runLog.runsToUndo(now().toISOString())) {
      await this.#deps.runner.undo(run, 'Rule run undone: its "until" time came.');
    }
    const due = this.#due(rules.rules());
    if (due.length === 0) return;
    const cycle = this.#deps.newCycle();
    const queue = [...due];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (this.#stopped || rules.settings().paused) return;
        // Edited, switched off or deleted since the cycle began: the stored rule decides.
        const rule = rules.rule(next.rule.id);
        if (!rule?.enabled || rule.version !== next.rule.version) continue;
        await rules.runExclusive(rule, cycle, {
          slot: next.slot,
          trigger: next.catchUp ? 'catch_up' : 'schedule',
        });
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.#deps.concurrency ?? 4, queue.length) }, worker),
    );
  }

  #due(all: readonly Rule[]): Array<{ rule: Rule; slot: string; catchUp: boolean }> {
    const now = this.#deps.now().getTime();
    const due: Array<{ rule: Rule; slot: string; catchUp: boolean }> = [];
    const zones = this.#deps.timeZones();
    for (const rule of all) {
      if (!rule.enabled) continue;
      const zone = zones.get(rule.scope.advertiserIds[0] as string);
      if (!zone) continue;
      const slot = dueSlot(
        rule.schedule,
        zone,
        this.#deps.runLog.lastRunSlot(rule.id),
        now,
        Date.parse(rule.createdAt),
      );
      if (slot) due.push({ rule, slot: slot.key, catchUp: slot.catchUp });
    }
    return due;
  }

  /** In steps of a few thousand rows, so that a large backlog never holds the event loop long. */
  async #prune(): Promise<void> {
    const now = this.#deps.now().getTime();
    if (now - this.#prunedAt < DAY_MS) return;
    this.#prunedAt = now;
    const cutoff = new Date(now - this.#deps.retentionDays * DAY_MS).toISOString();
    const quietCutoffIso = new Date(now - this.#deps.quietRetentionDays * DAY_MS).toISOString();
    const total = { runs: 0, evaluations: 0 };
    for (;;) {
      const step = this.#deps.runLog.prune(cutoff, { quietCutoffIso, maxEvaluations: 5_000 });
      total.runs += step.runs;
      total.evaluations += step.evaluations;
      if ((step.runs === 0 && step.evaluations === 0) || this.#stopped) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (total.evaluations > 0) this.#deps.log.info({ ...total, cutoff }, 'pruned the rule run log');
  }
}
