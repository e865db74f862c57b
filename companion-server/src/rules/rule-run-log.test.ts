import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Evaluation, RuleRun } from '../contract/rules';
import { SqlDatabase } from '../storage/sql-database';
import { RuleLogCorruptError, RuleRunLog } from './rule-run-log';
import { RULES_ROOM } from './rules-migrations';

const ADVERTISER = '7000000000000000001';
const OTHER_ADVERTISER = '7000000000000000002';
const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const entity = (n: number) => String(1_800_000_000_000_000_000n + BigInt(n));

function run(overrides: Partial<RuleRun> = {}): RuleRun {
  return {
    runId: 'run_000001',
    ruleId: 'rule_stop_loss',
    ruleName: 'Stop-loss CPA',
    ruleVersion: 3,
    slot: '2026-12-06T10:00',
    trigger: 'schedule',
    startedAt: at(0),
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
    ...overrides,
  };
}

function evaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    runId: 'run_000001',
    ruleId: 'rule_stop_loss',
    ruleVersion: 3,
    advertiserId: ADVERTISER,
    level: 'adgroup',
    entityId: entity(1),
    entityName: 'US · broad · 25-34',
    evaluatedAt: at(1),
    values: { 'spend@today': 41.2, 'conversions@today': 0, 'cpa@last_3_days': null },
    conditions: [
      {
        group: 0,
        index: 0,
        text: 'Spend today (41.20) > 40',
        left: 41.2,
        right: 40,
        met: true,
      },
      { group: 0, index: 1, text: 'Conversions today (0) = 0', left: 0, right: 0, met: true },
    ],
    matched: true,
    outcome: 'done',
    reason: 'Paused until midnight.',
    change: { field: 'operation_status', before: 'ENABLE', after: 'DISABLE' },
    planId: 'plan_0000000001',
    jobId: 'job_0000000001',
    ...overrides,
  };
}

describe('RuleRunLog', () => {
  let dir: string;
  let db: SqlDatabase;
  let log: RuleRunLog;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rule-run-log-'));
    db = SqlDatabase.open({ file: join(dir, 'bayme.sqlite'), rooms: [RULES_ROOM] });
    log = new RuleRunLog(db);
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('runs', () => {
    it('stores a run, updates it and reads it back as written', () => {
      log.startRun(run());
      expect(log.getRun('run_000001')).toEqual(run());
      const updated = log.updateRun('run_000001', {
        status: 'done',
        finishedAt: at(2),
        evaluated: 1_000,
        matched: 12,
        acted: 10,
        needsApproval: 2,
        jobIds: ['job_0000000001', 'job_0000000002'],
        undoAt: at(14 * 60),
      });
      const expected = run({
        status: 'done',
        finishedAt: at(2),
        evaluated: 1_000,
        matched: 12,
        acted: 10,
        needsApproval: 2,
        jobIds: ['job_0000000001', 'job_0000000002'],
        undoAt: at(14 * 60),
      });
      expect(updated).toEqual(expected);
      expect(log.getRun('run_000001')).toEqual(expected);
      expect(log.getRun('run_unknown')).toBe(null);
    });

    it('refuses a run id twice, an unknown run and an invalid patch (leaving the run as it was)', () => {
      log.startRun(run());
      expect(() => log.startRun(run())).toThrow(/UNIQUE constraint failed: rule_runs.run_id/);
      expect(() => log.updateRun('run_unknown', { status: 'done' })).toThrow(
        'The rule log has no run run_unknown.',
      );
      expect(() => log.updateRun('run_000001', { evaluated: -1, status: 'done' })).toThrow();
      expect(log.getRun('run_000001')).toEqual(run());
    });

    it('changes only the patchable fields of the run named', () => {
      log.startRun(run());
      log.startRun(run({ runId: 'run_000002' }));
      const whole: Partial<RuleRun> = {
        ...run({ runId: 'run_000002', ruleName: 'Renamed' }),
        status: 'failed',
        finishedAt: undefined,
      };
      expect(log.updateRun('run_000001', whole)).toEqual(run({ status: 'failed' }));
      expect(log.getRun('run_000002')).toEqual(run({ runId: 'run_000002' }));
    });

    it('stores times given with an offset as the same instant in UTC', () => {
      log.startRun(run({ startedAt: '2026-12-06T12:00:00+02:00' }));
      log.startRun(run({ runId: 'run_000002', startedAt: '2026-12-06T10:30:00.000Z' }));
      expect(log.getRun('run_000001')?.startedAt).toBe('2026-12-06T10:00:00.000Z');
      // Compared as instants: 12:00+02:00 is before 10:30Z.
      expect(log.listRuns('rule_stop_loss', 10).map((r) => r.runId)).toEqual([
        'run_000002',
        'run_000001',
      ]);
    });

    it('lists a rule’s runs newest first, the last one, and the last scheduled slot', () => {
      log.startRun(run({ runId: 'run_000001', startedAt: at(0), slot: '2026-12-06T10:00' }));
      log.startRun(
        run({
          runId: 'run_000002',
          startedAt: at(15),
          slot: '2026-12-06T10:15',
          trigger: 'catch_up',
        }),
      );
      log.startRun(
        run({ runId: 'run_000003', startedAt: at(20), slot: 'manual', trigger: 'manual' }),
      );
      log.startRun(run({ runId: 'run_other1', ruleId: 'rule_scale', startedAt: at(30) }));
      expect(log.listRuns('rule_stop_loss', 2).map((r) => r.runId)).toEqual([
        'run_000003',
        'run_000002',
      ]);
      expect(log.lastRun('rule_stop_loss')?.runId).toBe('run_000003');
      expect(log.lastRunSlot('rule_stop_loss')).toBe('2026-12-06T10:15');
      expect(log.lastRun('rule_never_ran')).toBe(null);
      expect(log.lastRunSlot('rule_never_ran')).toBe(null);
    });

    it('lists the runs a crash left running, oldest first', () => {
      log.startRun(run({ runId: 'run_000002', startedAt: at(15) }));
      log.startRun(run({ runId: 'run_000001', startedAt: at(0) }));
      log.startRun(run({ runId: 'run_000003', startedAt: at(5) }));
      log.updateRun('run_000003', { status: 'done', finishedAt: at(6) });
      expect(log.unfinishedRuns().map((r) => r.runId)).toEqual(['run_000001', 'run_000002']);
    });

    it('lists the runs due to be undone and marks them undone once', () => {
      log.startRun(run({ runId: 'run_due', status: 'done', undoAt: at(60) }));
      log.startRun(run({ runId: 'run_later', status: 'done', undoAt: at(120) }));
      log.startRun(run({ runId: 'run_failed', status: 'failed', undoAt: at(30) }));
      log.startRun(run({ runId: 'run_no_until', status: 'done' }));
      expect(log.runsToUndo(at(59)).map((r) => r.runId)).toEqual([]);
      expect(log.runsToUndo(at(60)).map((r) => r.runId)).toEqual(['run_due']);
      expect(log.markUndone('run_due', at(61))).toBe(true);
      expect(log.markUndone('run_due', at(62))).toBe(false);
      expect(log.runsToUndo(at(200)).map((r) => r.runId)).toEqual(['run_later']);
      expect(() => log.markUndone('run_unknown', at(1))).toThrow('no run run_unknown');
    });
  });

  describe('evaluations', () => {
    beforeEach(() => {
      log.startRun(run());
    });

    it('stores every field and reads it back as written', () => {
      const quiet = evaluation({
        entityId: entity(2),
        entityName: null,
        values: { budget: 50 },
        conditions: [{ group: 0, index: 0, text: 'n/a', left: null, right: 40, met: null }],
        matched: false,
        outcome: 'no_match',
        reason: 'No condition group met.',
        change: null,
        planId: null,
        jobId: null,
      });
      log.recordEvaluations([evaluation(), quiet]);
      expect(log.evaluationsOf('run_000001')).toEqual([evaluation(), quiet]);
      expect(log.evaluationOf('run_000001', entity(2))).toEqual(quiet);
      expect(log.evaluationOf('run_000001', entity(3))).toBe(null);
    });

    it('replaces an entity recorded again in the same run (a restart), never duplicates it', () => {
      log.recordEvaluations([evaluation({ outcome: 'failed', reason: 'Network error.' })]);
      log.recordEvaluations([evaluation({ evaluatedAt: at(3) })]);
      expect(log.evaluationsOf('run_000001')).toEqual([evaluation({ evaluatedAt: at(3) })]);
    });

    it('records nothing of a batch that fails, and refuses an evaluation of an unknown run', () => {
      expect(() =>
        log.recordEvaluations([
          evaluation({ entityId: entity(1) }),
          evaluation({ entityId: entity(2), runId: 'run_unknown' }),
        ]),
      ).toThrow(/FOREIGN KEY constraint failed/);
      expect(log.evaluationsOf('run_000001')).toEqual([]);
    });

    it('names the run and entity of a corrupt row', () => {
      log.recordEvaluations([evaluation()]);
      db.prepare('UPDATE rule_evaluations SET metric_values = ?').run(['{"spend@today": 4']);
      expect(() => log.evaluationsOf('run_000001')).toThrow(RuleLogCorruptError);
      expect(() => log.evaluationsOf('run_000001')).toThrow(
        `The rule log has a corrupt row (run run_000001, entity ${entity(1)}): metric_values is not valid JSON.`,
      );
      db.prepare(`UPDATE rule_evaluations SET metric_values = '{}', outcome = 'exploded'`).run();
      expect(() => log.search({ limit: 10 })).toThrow(
        /corrupt row \(run run_000001, entity \d+\): outcome: Invalid option/,
      );
      db.prepare(`UPDATE rule_runs SET job_ids = '[42]'`).run();
      expect(() => log.getRun('run_000001')).toThrow(
        /corrupt row \(run run_000001\): jobIds\.0: Invalid input/,
      );
    });
  });

  describe('search', () => {
    beforeEach(() => {
      log.startRun(run({ runId: 'run_aaa', startedAt: at(0) }));
      log.startRun(run({ runId: 'run_bbb', startedAt: at(15) }));
      log.startRun(run({ runId: 'run_ccc', ruleId: 'rule_scale', startedAt: at(16) }));
      const outcomes = ['no_match', 'done', 'cooldown', 'needs_approval', 'failed'] as const;
      log.recordEvaluations([
        ...outcomes.map((outcome, n) =>
          evaluation({ runId: 'run_aaa', entityId: entity(n), evaluatedAt: at(1), outcome }),
        ),
        ...outcomes.map((outcome, n) =>
          evaluation({ runId: 'run_bbb', entityId: entity(n), evaluatedAt: at(16), outcome }),
        ),
      ]);
      log.recordEvaluations([
        evaluation({
          runId: 'run_ccc',
          ruleId: 'rule_scale',
          advertiserId: OTHER_ADVERTISER,
          entityId: entity(100),
          evaluatedAt: at(17),
          outcome: 'notified',
        }),
      ]);
    });
    const keys = (page: { evaluations: Evaluation[] }) =>
      page.evaluations.map((e) => `${e.runId}/${e.entityId.slice(-3)}`);

    it('finds an entity’s evaluations newest first', () => {
      expect(keys(log.search({ entityId: entity(1), limit: 10 }))).toEqual([
        'run_bbb/001',
        'run_aaa/001',
      ]);
    });

    it('filters by rule, run, ad account and outcome, and breaks ties newest recorded first', () => {
      expect(keys(log.search({ ruleId: 'rule_stop_loss', runId: 'run_bbb', limit: 2 }))).toEqual([
        'run_bbb/004',
        'run_bbb/003',
      ]);
      expect(keys(log.search({ advertiserId: OTHER_ADVERTISER, limit: 10 }))).toEqual([
        'run_ccc/100',
      ]);
      expect(keys(log.search({ outcome: 'cooldown', limit: 10 }))).toEqual([
        'run_bbb/002',
        'run_aaa/002',
      ]);
    });

    it('keeps only acted entries with actedOnly, and pages with a cursor', () => {
      expect(keys(log.search({ actedOnly: true, limit: 10 }))).toEqual([
        'run_ccc/100',
        'run_bbb/004',
        'run_bbb/003',
        'run_bbb/001',
        'run_aaa/004',
        'run_aaa/003',
        'run_aaa/001',
      ]);
      const first = log.search({ actedOnly: false, limit: 5 });
      expect(keys(first)).toEqual([
        'run_ccc/100',
        'run_bbb/004',
        'run_bbb/003',
        'run_bbb/002',
        'run_bbb/001',
      ]);
      expect(first.next).not.toBeNull();
      const second = log.search({
        actedOnly: false,
        limit: 5,
        ...(first.next ? { after: first.next } : {}),
      });
      expect(keys(second)).toEqual([
        'run_bbb/000',
        'run_aaa/004',
        'run_aaa/003',
        'run_aaa/002',
        'run_aaa/001',
      ]);
      const last = log.search({ limit: 5, ...(second.next ? { after: second.next } : {}) });
      expect(keys(last)).toEqual(['run_aaa/000']);
      expect(last.next).toBeNull();
    });

    it('says there is no next page when the page holds exactly what is left', () => {
      const page = log.search({ ruleId: 'rule_scale', limit: 1 });
      expect(keys(page)).toEqual(['run_ccc/100']);
      expect(page.next).toBeNull();
    });
  });

  describe('paging through many entries of one time', () => {
    it('returns every entry exactly once across page boundaries inside one millisecond', () => {
      log.startRun(run({ runId: 'run_big', startedAt: at(0) }));
      log.startRun(run({ runId: 'run_next', startedAt: at(1) }));
      // A run records its decisions in one go: 250 entries share one evaluated_at, then a
      // later run adds 7 more of another time. Pages of 40 cut inside the 250 six times.
      const shared = at(2);
      log.recordEvaluations(
        Array.from({ length: 250 }, (_, n) =>
          evaluation({ runId: 'run_big', entityId: entity(n), evaluatedAt: shared }),
        ),
      );
      log.recordEvaluations(
        Array.from({ length: 7 }, (_, n) =>
          evaluation({ runId: 'run_next', entityId: entity(1_000 + n), evaluatedAt: at(3) }),
        ),
      );
      const seen: string[] = [];
      let after: Parameters<RuleRunLog['search']>[0]['after'];
      let pages = 0;
      for (;;) {
        const page = log.search({
          ruleId: 'rule_stop_loss',
          limit: 40,
          ...(after ? { after } : {}),
        });
        pages += 1;
        seen.push(...page.evaluations.map((e) => `${e.runId}/${e.entityId}`));
        if (page.next === null) break;
        after = page.next;
        expect(pages).toBeLessThan(20);
      }
      expect(pages).toBe(Math.ceil(257 / 40));
      expect(seen).toHaveLength(257);
      expect(new Set(seen).size).toBe(257);
      // Newest first: the later run's entries, then the shared millisecond's, newest recorded first.
      expect(seen.slice(0, 7)).toEqual(
        Array.from({ length: 7 }, (_, n) => `run_next/${entity(1_006 - n)}`),
      );
      expect(seen.slice(7)).toEqual(
        Array.from({ length: 250 }, (_, n) => `run_big/${entity(249 - n)}`),
      );
    });
  });

  describe('cool-down and marks', () => {
    beforeEach(() => {
      log.startRun(run({ runId: 'run_aaa', startedAt: at(0) }));
      log.startRun(run({ runId: 'run_bbb', startedAt: at(60) }));
      log.startRun(
        run({
          runId: 'run_ccc',
          ruleId: 'rule_scale',
          ruleName: 'Scale winners',
          startedAt: at(90),
        }),
      );
    });

    it('knows when the rule last acted on each entity, for one or thousands', () => {
      log.recordEvaluations([
        evaluation({ runId: 'run_aaa', entityId: entity(1), evaluatedAt: at(1), outcome: 'done' }),
        evaluation({ runId: 'run_aaa', entityId: entity(2), evaluatedAt: at(1), outcome: 'done' }),
        evaluation({ runId: 'run_bbb', entityId: entity(1), evaluatedAt: at(61), outcome: 'done' }),
        evaluation({
          runId: 'run_bbb',
          entityId: entity(2),
          evaluatedAt: at(61),
          outcome: 'needs_approval',
        }),
        evaluation({
          runId: 'run_bbb',
          entityId: entity(3),
          evaluatedAt: at(61),
          outcome: 'failed',
        }),
        evaluation({
          runId: 'run_ccc',
          ruleId: 'rule_scale',
          entityId: entity(3),
          evaluatedAt: at(91),
          outcome: 'done',
        }),
      ]);
      expect(log.lastActedAt('rule_stop_loss', entity(1))).toBe(at(61));
      expect(log.lastActedAt('rule_stop_loss', entity(2))).toBe(at(1));
      expect(log.lastActedAt('rule_stop_loss', entity(3))).toBe(null);
      const many = Array.from({ length: 5_000 }, (_, n) => entity(n));
      expect(log.lastActedAtMany('rule_stop_loss', many)).toEqual(
        new Map([
          [entity(1), at(61)],
          [entity(2), at(1)],
        ]),
      );
      expect(log.lastActedAtMany('rule_scale', many)).toEqual(new Map([[entity(3), at(91)]]));
      expect(log.lastActedAtMany('rule_scale', [])).toEqual(new Map());
    });

    it('lists the newest action or approval per entity of one ad account since a time', () => {
      log.recordEvaluations([
        evaluation({ runId: 'run_aaa', entityId: entity(1), evaluatedAt: at(1), outcome: 'done' }),
        evaluation({ runId: 'run_aaa', entityId: entity(2), evaluatedAt: at(1), outcome: 'done' }),
        evaluation({
          runId: 'run_bbb',
          entityId: entity(1),
          evaluatedAt: at(61),
          outcome: 'needs_approval',
          reason: 'Above the guardrail: waiting for an admin.',
          change: { field: 'budget', before: 50, after: 80 },
        }),
        evaluation({
          runId: 'run_bbb',
          entityId: entity(2),
          evaluatedAt: at(61),
          outcome: 'cooldown',
        }),
        evaluation({
          runId: 'run_ccc',
          ruleId: 'rule_scale',
          entityId: entity(4),
          evaluatedAt: at(91),
          outcome: 'done',
          change: null,
        }),
        evaluation({
          runId: 'run_ccc',
          ruleId: 'rule_scale',
          advertiserId: OTHER_ADVERTISER,
          entityId: entity(5),
          evaluatedAt: at(91),
          outcome: 'done',
        }),
      ]);
      expect(log.recentActions(ADVERTISER, at(0))).toEqual([
        {
          entityId: entity(4),
          ruleId: 'rule_scale',
          ruleName: 'Scale winners',
          at: at(91),
          outcome: 'done',
          reason: 'Paused until midnight.',
          change: null,
        },
        {
          entityId: entity(1),
          ruleId: 'rule_stop_loss',
          ruleName: 'Stop-loss CPA',
          at: at(61),
          outcome: 'needs_approval',
          reason: 'Above the guardrail: waiting for an admin.',
          change: { field: 'budget', before: 50, after: 80 },
        },
        {
          entityId: entity(2),
          ruleId: 'rule_stop_loss',
          ruleName: 'Stop-loss CPA',
          at: at(1),
          outcome: 'done',
          reason: 'Paused until midnight.',
          change: { field: 'operation_status', before: 'ENABLE', after: 'DISABLE' },
        },
      ]);
      expect(log.recentActions(ADVERTISER, at(62)).map((a) => a.entityId)).toEqual([entity(4)]);
    });
  });

  describe('prune', () => {
    it('deletes finished runs started before the cutoff with their evaluations, and nothing else', () => {
      const day = 24 * 60;
      log.startRun(run({ runId: 'run_old', status: 'done', startedAt: at(0) }));
      log.startRun(run({ runId: 'run_old_running', startedAt: at(1) }));
      log.startRun(run({ runId: 'run_old_undo', status: 'done', undoAt: at(2), startedAt: at(2) }));
      log.startRun(
        run({ runId: 'run_old_undone', status: 'done', undoAt: at(3), startedAt: at(3) }),
      );
      log.markUndone('run_old_undone', at(4));
      log.startRun(run({ runId: 'run_new', status: 'done', startedAt: at(91 * day) }));
      for (const runId of ['run_old', 'run_old_running', 'run_old_undo', 'run_old_undone']) {
        log.recordEvaluations([1, 2, 3].map((n) => evaluation({ runId, entityId: entity(n) })));
      }
      log.recordEvaluations([evaluation({ runId: 'run_new', evaluatedAt: at(91 * day) })]);

      expect(log.prune(at(day))).toEqual({ runs: 2, evaluations: 6 });
      expect(log.getRun('run_old')).toBe(null);
      expect(log.getRun('run_old_undone')).toBe(null);
      expect(log.evaluationsOf('run_old')).toEqual([]);
      for (const runId of ['run_old_running', 'run_old_undo']) {
        expect(log.evaluationsOf(runId)).toHaveLength(3);
      }
      expect(log.evaluationsOf('run_new')).toHaveLength(1);
      expect(log.prune(at(day))).toEqual({ runs: 0, evaluations: 0 });
    });

    it('deletes in steps of at most maxEvaluations until nothing is left to delete', () => {
      for (const n of [1, 2, 3]) {
        const runId = `run_old_${n}`;
        log.startRun(run({ runId, status: 'done', startedAt: at(n) }));
        log.recordEvaluations(
          [1, 2, 3, 4].map((e) => evaluation({ runId, entityId: entity(e), evaluatedAt: at(n) })),
        );
      }
      const steps = [];
      for (;;) {
        const step = log.prune(at(60), { maxEvaluations: 5 });
        if (step.runs + step.evaluations === 0) break;
        steps.push(step);
      }
      expect(steps.map((step) => step.evaluations)).toEqual([5, 5, 2]);
      expect(steps.reduce((sum, step) => sum + step.runs, 0)).toBe(3);
      expect(log.listRuns('rule_stop_loss', 10)).toEqual([]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM rule_evaluations').get()).toEqual({ n: 0 });
    });

    it('deletes quiet evaluations of kept runs before the quiet cutoff', () => {
      log.startRun(run({ runId: 'run_kept', status: 'done', startedAt: at(0) }));
      const outcomes = ['no_match', 'not_enough_data', 'no_data', 'cooldown', 'done'] as const;
      log.recordEvaluations(
        outcomes.map((outcome, n) =>
          evaluation({ runId: 'run_kept', entityId: entity(n), outcome, evaluatedAt: at(1) }),
        ),
      );
      expect(log.prune(at(-60), { quietCutoffIso: at(1) })).toEqual({ runs: 0, evaluations: 0 });
      expect(log.prune(at(-60), { quietCutoffIso: at(2) })).toEqual({ runs: 0, evaluations: 3 });
      expect(log.evaluationsOf('run_kept').map((e) => e.outcome)).toEqual(['cooldown', 'done']);
    });
  });
});
