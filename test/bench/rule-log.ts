/**
 * Benchmark: the rules' run log in SQLite (companion-server/src/rules/rule-run-log.ts).
 *
 *   npx tsx test/bench/rule-log.ts        # ≈ 10 s
 *
 * In a fresh temporary database: records 50 runs × 1,000 evaluations (5 rules over 1,000
 * ad groups of 3 ad accounts, 10 runs each, a realistic mix of outcomes and 4–6 metric
 * values per entity), each run's evaluations in one call; then times the run log's searches
 * (by entity, by rule, acted only), the cool-down look-up for 5,000 entities, the overlays'
 * recent actions, a prune of half the runs in steps, and a prune of the other half's quiet
 * evaluations; and prints the database's size on disk.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Evaluation,
  EvaluationOutcome,
  RuleRun,
} from '../../companion-server/src/contract/rules';
import { RuleRunLog } from '../../companion-server/src/rules/rule-run-log';
import { RULES_ROOM } from '../../companion-server/src/rules/rules-migrations';
import { SqlDatabase } from '../../companion-server/src/storage/sql-database';
import { median, percentile } from './stats';

const RUNS = 50;
const ENTITIES = 1_000;
const RULES = 5;
const ADVERTISERS = ['7000000000000000001', '7000000000000000002', '7000000000000000003'];
const RUN_SPACING_MS = 15 * 60_000;
const START_MS = Date.parse('2026-12-06T00:00:00.000Z');
const QUERY_REPEATS = 50;
const PRUNE_STEP = 5_000;

const entityId = (n: number) => String(1_800_000_000_000_000_000n + BigInt(n));
const ruleId = (r: number) => `rule_${String(r).padStart(6, '0')}`;
const runId = (n: number) => `run_${String(n).padStart(8, '0')}`;

/** Mostly no match, as in a real account; a few actions, approvals and held-back matches. */
function outcomeOf(run: number, entity: number): EvaluationOutcome {
  const roll = (run * 7_919 + entity * 104_729) % 100;
  if (roll < 80) return 'no_match';
  if (roll < 85) return 'not_enough_data';
  if (roll < 90) return 'cooldown';
  if (roll < 96) return 'done';
  if (roll < 98) return 'needs_approval';
  return 'failed';
}

function evaluationsOf(run: number, rule: string, at: string): Evaluation[] {
  return Array.from({ length: ENTITIES }, (_, entity) => {
    const outcome = outcomeOf(run, entity);
    const spend = ((entity * 37) % 9_000) / 100;
    const acted = outcome === 'done' || outcome === 'needs_approval' || outcome === 'failed';
    return {
      runId: runId(run),
      ruleId: rule,
      ruleVersion: 2,
      advertiserId: ADVERTISERS[entity % ADVERTISERS.length] ?? '7000000000000000001',
      level: 'adgroup',
      entityId: entityId(entity),
      entityName: `US · broad · ${entity % 40}-${(entity % 40) + 10} · creative ${entity}`,
      evaluatedAt: at,
      values: {
        'spend@today': spend,
        'conversions@today': entity % 3,
        'cpa@last_3_days': entity % 3 === 0 ? null : spend / (entity % 3),
        'cpa@last_14_days': 30.5,
        budget: 100,
      },
      conditions: [
        {
          group: 0,
          index: 0,
          text: `Spend today (${spend.toFixed(2)}) > 40`,
          left: spend,
          right: 40,
          met: spend > 40,
        },
        {
          group: 0,
          index: 1,
          text: `CPA last 3 days > 1.3 × CPA last 14 days (30.50 → 39.65)`,
          left: entity % 3 === 0 ? null : spend / (entity % 3),
          right: 39.65,
          met: entity % 3 === 0 ? null : spend / (entity % 3) > 39.65,
        },
      ],
      matched: outcome !== 'no_match' && outcome !== 'not_enough_data',
      outcome,
      reason: acted ? 'Paused until midnight in the account’s time zone.' : 'No group met.',
      change: acted ? { field: 'operation_status', before: 'ENABLE', after: 'DISABLE' } : null,
      planId: acted ? 'plan_0123456789abcdef0123' : null,
      jobId: acted ? 'job_0123456789abcdef0123' : null,
    };
  });
}

function timeMs(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function repeatMs(work: () => unknown): string {
  const times = Array.from({ length: QUERY_REPEATS }, () => timeMs(work));
  return `median ${median(times).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`;
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-rule-log-'));
  const file = join(dir, 'bayme.sqlite');
  try {
    const db = SqlDatabase.open({ file, rooms: [RULES_ROOM] });
    const log = new RuleRunLog(db);

    const recordTimes: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const rule = ruleId(run % RULES);
      const at = new Date(START_MS + run * RUN_SPACING_MS).toISOString();
      const header: RuleRun = {
        runId: runId(run),
        ruleId: rule,
        ruleName: `Rule ${run % RULES}`,
        ruleVersion: 2,
        slot: at.slice(0, 16),
        trigger: 'schedule',
        startedAt: at,
        finishedAt: null,
        status: 'running',
        message: null,
        evaluated: 0,
        matched: 0,
        acted: 0,
        needsApproval: 0,
        jobIds: [],
        undoAt: null,
        undoneAt: null,
      };
      const evaluations = evaluationsOf(run, rule, at);
      recordTimes.push(
        timeMs(() => {
          log.startRun(header);
          log.recordEvaluations(evaluations);
          log.updateRun(header.runId, { status: 'done', finishedAt: at, evaluated: ENTITIES });
        }),
      );
    }
    const total = RUNS * ENTITIES;
    console.info(
      `record ${RUNS} runs × ${ENTITIES} evaluations: per run median ${median(recordTimes).toFixed(1)} ms, max ${Math.max(...recordTimes).toFixed(1)} ms, total ${recordTimes.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
    );

    const needle = entityId(421);
    console.info(
      `search by entity (${log.search({ entityId: needle, limit: 100 }).evaluations.length} rows): ${repeatMs(() => log.search({ entityId: needle, limit: 100 }))}`,
    );
    console.info(
      `search by rule, 100 newest: ${repeatMs(() => log.search({ ruleId: ruleId(3), limit: 100 }))}`,
    );
    console.info(
      `search by rule, acted only, 100 newest: ${repeatMs(() => log.search({ ruleId: ruleId(3), actedOnly: true, limit: 100 }))}`,
    );
    console.info(
      `search by rule and entity: ${repeatMs(() => log.search({ ruleId: ruleId(1), entityId: needle, limit: 100 }))}`,
    );
    console.info(`one run's 1,000 evaluations: ${repeatMs(() => log.evaluationsOf(runId(25)))}`);
    const many = Array.from({ length: 5_000 }, (_, n) => entityId(n));
    console.info(
      `cool-down look-up for 5,000 entities (${log.lastActedAtMany(ruleId(2), many).size} found): ${repeatMs(() => log.lastActedAtMany(ruleId(2), many))}`,
    );
    const since = new Date(START_MS + (RUNS - 4) * RUN_SPACING_MS).toISOString();
    console.info(
      `recent actions of one ad account, last hour (${log.recentActions(ADVERTISERS[0] ?? '', since).length} entities): ${repeatMs(() => log.recentActions(ADVERTISERS[0] ?? '', since))}`,
    );

    const bytesBeforePrune = (await sizeOf(file)) + (await sizeOf(`${file}-wal`));
    console.info(
      `database on disk: ${(bytesBeforePrune / 1_048_576).toFixed(1)} MiB (file + WAL) for ${total.toLocaleString('en')} evaluations, ≈ ${Math.round(bytesBeforePrune / total)} bytes each`,
    );

    // Half the runs past their retention, removed in steps as a daily pass would.
    const cutoff = new Date(START_MS + (RUNS / 2) * RUN_SPACING_MS).toISOString();
    const stepTimes: number[] = [];
    let pruned = { runs: 0, evaluations: 0 };
    for (;;) {
      let step = { runs: 0, evaluations: 0 };
      stepTimes.push(timeMs(() => (step = log.prune(cutoff, { maxEvaluations: PRUNE_STEP }))));
      if (step.runs + step.evaluations === 0) break;
      pruned = {
        runs: pruned.runs + step.runs,
        evaluations: pruned.evaluations + step.evaluations,
      };
    }
    console.info(
      `prune in steps of ${PRUNE_STEP.toLocaleString('en')}: ${pruned.runs} runs and ${pruned.evaluations.toLocaleString('en')} evaluations in ${stepTimes.reduce((a, b) => a + b, 0).toFixed(0)} ms, longest step ${Math.max(...stepTimes).toFixed(1)} ms`,
    );
    // The rest: only the evaluations where nothing happened, in one go.
    let quiet = { runs: 0, evaluations: 0 };
    const quietMs = timeMs(() => {
      quiet = log.prune(cutoff, {
        quietCutoffIso: new Date(START_MS + RUNS * RUN_SPACING_MS).toISOString(),
      });
    });
    console.info(
      `prune quiet evaluations (no match, not enough data) of the kept runs: ${quiet.evaluations.toLocaleString('en')} in ${quietMs.toFixed(0)} ms`,
    );
    db.close();
    console.info(
      `database file after prune and close (WAL folded in, pages kept for reuse): ${((await sizeOf(file)) / 1_048_576).toFixed(1)} MiB`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
