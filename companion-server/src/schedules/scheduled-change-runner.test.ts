import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkEditService } from '../bulk-edits/bulk-edit-service';
import type { Job, Plan, PlanPurpose, Verdict } from '../contract/bulk-edits';
import type { ScheduledChange } from '../contract/scheduled-changes';
import { SqlDatabase } from '../storage/sql-database';
import type { Staff } from '../storage/state-schema';
import { FiringLog } from './firing-log';
import { SCHEDULES_ROOM } from './schedule-migrations';
import { ScheduledChangeRunner } from './scheduled-change-runner';

/**
 * The runner's order of records and its restart paths, against the real firing log and a
 * bulk-edit service that only records what it is asked (the emulator-backed test is
 * test/companion/scheduled-changes.test.ts).
 */

const LA = 'America/Los_Angeles';
/** Monday 2026-12-07, 18:00:10 PST. */
const SIX_PM = Date.parse('2026-12-08T02:00:10Z');
const ELEVEN_PM = Date.parse('2026-12-08T07:00:10Z');
const GROUPS = ['1889035234624232194', '1811207659203137835'];

const buyer: Staff = {
  id: 'stf_buyer0001',
  email: 'buyer@bayme.example',
  name: 'Buyer',
  role: 'buyer',
  status: 'active',
  createdAt: '2026-12-01T00:00:00.000Z',
  disabledAt: null,
  keys: [],
};

const evening: ScheduledChange = {
  id: 'sch_evening',
  name: 'Evening push',
  enabled: true,
  advertiserId: '7252569388304511798',
  level: 'adgroup',
  entityIds: GROUPS,
  operation: { kind: 'budget', change: { type: 'set', value: 50 } },
  when: { kind: 'once', at: '2026-12-07 18:00' },
  revert: { kind: 'once', at: '2026-12-07 23:00' },
  version: 1,
  createdBy: buyer.id,
  createdByEmail: buyer.email,
  createdAt: '2026-12-07T17:00:00.000Z',
  updatedBy: buyer.id,
  updatedAt: '2026-12-07T17:00:00.000Z',
};

/** Records every call; plans have one row per entity with the verdicts given. */
class FakeBulkEdits {
  readonly calls: string[] = [];
  readonly plans = new Map<string, Plan>();
  readonly jobs = new Map<string, Job>();
  verdicts: Verdict[] = ['ok', 'unchanged'];
  /** What the firing log held when apply was called. */
  onApply: (planId: string) => void = () => undefined;
  #next = 0;

  async planForSchedule(
    _actor: unknown,
    input: { entityIds: string[]; purpose: PlanPurpose },
  ): Promise<Plan> {
    this.calls.push('planForSchedule');
    return this.#plan(input.entityIds, input.purpose);
  }

  async planUndo(_actor: unknown, jobId: string, purpose: PlanPurpose): Promise<Plan> {
    this.calls.push(`planUndo ${jobId}`);
    const job = this.jobs.get(jobId);
    const done = job?.rows.filter((r) => r.state === 'done').map((r) => r.entityId) ?? [];
    return this.#plan(done, purpose, 'ok');
  }

  async apply(_actor: unknown, planId: string): Promise<Job> {
    this.calls.push(`apply ${planId}`);
    this.onApply(planId);
    const plan = this.plans.get(planId) as Plan;
    const jobId = `job_${String(++this.#next).padStart(6, '0')}`;
    const rows = plan.rows.map((row) => ({
      entityId: row.entityId,
      name: row.name,
      field: row.field,
      budgetMode: row.budgetMode,
      before: row.before,
      after: row.after,
      state: row.verdict === 'ok' ? ('done' as const) : ('skipped' as const),
      message: null,
      tiktokRequestId: null,
      finishedAt: null,
    }));
    const done = rows.filter((r) => r.state === 'done').length;
    const job: Job = {
      jobId,
      planId,
      advertiserId: plan.advertiserId,
      level: plan.level,
      operation: plan.operation,
      purpose: plan.purpose,
      currency: 'USD',
      createdBy: buyer.id,
      createdAt: new Date(SIX_PM).toISOString(),
      finishedAt: new Date(SIX_PM).toISOString(),
      status: 'finished',
      resumedAt: null,
      statusMessage: null,
      counts: {
        total: rows.length,
        done,
        failed: 0,
        conflict: 0,
        skipped: rows.length - done,
        unknown: 0,
        remaining: 0,
      },
      canUndo: done > 0,
      rows,
    };
    this.jobs.set(jobId, job);
    return job;
  }

  jobIdForPlan(planId: string): string | null {
    return [...this.jobs.values()].find((job) => job.planId === planId)?.jobId ?? null;
  }

  async jobSettled(): Promise<void> {}

  async getJob(jobId: string): Promise<Job> {
    return this.jobs.get(jobId) as Job;
  }

  getPlan(planId: string): Plan {
    return this.plans.get(planId) as Plan;
  }

  #plan(ids: string[], purpose: PlanPurpose, verdict?: Verdict): Plan {
    const planId = `plan_${String(++this.#next).padStart(6, '0')}`;
    const rows = ids.map((entityId, index) => {
      const v = verdict ?? this.verdicts[index] ?? 'ok';
      return {
        entityId,
        name: null,
        field: 'budget' as const,
        budgetMode: 'BUDGET_MODE_DAY',
        before: 60,
        after: 50,
        changePercent: null,
        verdict: v,
        reasonCode: null,
        reason: v === 'blocked' ? 'The budget must stay above 105% of today’s spend.' : null,
      };
    });
    const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
    const plan: Plan = {
      planId,
      advertiserId: evening.advertiserId,
      level: 'adgroup',
      operation: null,
      purpose,
      currency: 'USD',
      timezone: LA,
      createdBy: buyer.id,
      createdAt: new Date(SIX_PM).toISOString(),
      expiresAt: new Date(SIX_PM + 900_000).toISOString(),
      guardrails: { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 },
      approvedBy: null,
      jobId: null,
      rows,
      summary: {
        ok: count('ok'),
        adjusted: count('adjusted'),
        unchanged: count('unchanged'),
        needsApproval: count('needs_approval'),
        blocked: count('blocked'),
      },
    };
    this.plans.set(planId, plan);
    return plan;
  }
}

describe('the scheduled change runner', () => {
  let dir: string;
  let db: SqlDatabase;
  let firings: FiringLog;
  let bulkEdits: FakeBulkEdits;
  let changes: ScheduledChange[];
  let staff: Staff;
  let paused: boolean;
  let now: number;
  let runner: ScheduledChangeRunner;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scheduled-change-runner-'));
    db = SqlDatabase.open({ file: join(dir, 'bayme.sqlite'), rooms: [SCHEDULES_ROOM] });
    firings = new FiringLog(db);
    bulkEdits = new FakeBulkEdits();
    changes = [evening];
    staff = buyer;
    paused = false;
    now = SIX_PM;
    runner = new ScheduledChangeRunner({
      bulkEdits: bulkEdits as unknown as BulkEditService,
      firings,
      changes: () => changes,
      change: (id) => changes.find((c) => c.id === id) ?? null,
      paused: () => paused,
      staff: (id) => (id === staff.id ? staff : null),
      timeZoneOf: () => LA,
      log: pino({ level: 'silent' }),
      now: () => new Date(now),
    });
  });

  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records the firing and its plan before applying, fires once, puts back at its time', async () => {
    bulkEdits.onApply = (planId) => {
      const [recorded] = firings.list(evening.id, 1);
      expect(recorded).toMatchObject({ status: 'running', planId, jobId: null });
    };
    await runner.tick(new Date(now));
    await runner.tick(new Date(now));
    expect(bulkEdits.calls).toEqual(['planForSchedule', 'apply plan_000001']);
    const [fired] = firings.list(evening.id, 10);
    expect(fired).toMatchObject({
      status: 'done',
      jobId: 'job_000002',
      counts: { changed: 1, unchanged: 1 },
      message: 'Changed 1 of 2. 1 already at the new value.',
      revertStatus: 'waiting',
      revertAt: '2026-12-08T07:00:00.000Z',
    });

    now = ELEVEN_PM;
    bulkEdits.onApply = () => undefined;
    await runner.tick(new Date(now));
    expect(bulkEdits.calls.slice(2)).toEqual(['planUndo job_000002', 'apply plan_000003']);
    expect(bulkEdits.plans.get('plan_000003')?.purpose).toEqual({
      kind: 'schedule',
      changeId: evening.id,
      changeName: 'Evening push',
      firingId: fired?.firingId,
      revertOf: 'job_000002',
    });
    expect(firings.get(fired?.firingId as string)).toMatchObject({
      revertStatus: 'done',
      revertJobId: 'job_000004',
      revertMessage: 'Put back 1 of 1.',
    });
    await runner.tick(new Date(now));
    expect(bulkEdits.calls).toHaveLength(4);
  });

  it('says what it left alone, and puts nothing back when nothing changed', async () => {
    bulkEdits.verdicts = ['needs_approval', 'blocked'];
    await runner.tick(new Date(now));
    const [fired] = firings.list(evening.id, 1);
    expect(bulkEdits.calls).toEqual(['planForSchedule']);
    expect(fired).toMatchObject({ status: 'done', revertAt: null, revertStatus: null });
    expect(fired?.message).toBe(
      'Changed 0 of 2. 1 beyond the guardrail (±50%), not changed: a scheduled change does not wait for an admin’s approval; an admin may raise the guardrail, or schedule smaller steps. 1 refused by the planner: The budget must stay above 105% of today’s spend.',
    );
  });

  it('fails, with the reason, when its creator can no longer act', async () => {
    staff = { ...buyer, status: 'disabled' };
    await runner.tick(new Date(now));
    const [fired] = firings.list(evening.id, 1);
    expect(bulkEdits.calls).toEqual([]);
    expect(fired?.status).toBe('failed');
    expect(fired?.message).toBe(
      'Not done: a scheduled change acts as the person who created it (buyer@bayme.example), who is no longer an active buyer or admin.',
    );
  });

  it('holds everything while an admin has switched them off', async () => {
    paused = true;
    await runner.tick(new Date(now));
    expect(firings.list(evening.id, 1)).toEqual([]);
  });

  describe('after a restart', () => {
    const interrupted = (overrides: Parameters<FiringLog['update']>[1]) => {
      firings.start({
        firingId: 'fire_000001',
        changeId: evening.id,
        changeName: evening.name,
        changeVersion: 1,
        advertiserId: evening.advertiserId,
        slot: '2026-12-07T18:00',
        trigger: 'schedule',
        actedBy: buyer.id,
        startedAt: new Date(SIX_PM).toISOString(),
        finishedAt: null,
        status: 'running',
        planId: null,
        jobId: null,
        counts: null,
        message: null,
        revertAt: '2026-12-08T07:00:00.000Z',
        revertStatus: null,
        revertPlanId: null,
        revertJobId: null,
        revertedAt: null,
        revertMessage: null,
      });
      return firings.update('fire_000001', overrides);
    };

    it('waits for a job that was sent, without planning or applying again', async () => {
      const plan = await bulkEdits.planForSchedule(null, {
        entityIds: GROUPS,
        purpose: { kind: 'edit' },
      });
      // The job exists, but the crash came before the firing recorded it.
      await bulkEdits.apply(null, plan.planId);
      interrupted({ planId: plan.planId });
      bulkEdits.calls.length = 0;
      await runner.resume();
      expect(bulkEdits.calls).toEqual([]);
      expect(firings.get('fire_000001')).toMatchObject({
        status: 'done',
        jobId: 'job_000002',
        revertStatus: 'waiting',
      });
      // And the slot is not fired again.
      await runner.tick(new Date(now));
      expect(bulkEdits.calls).toEqual([]);
    });

    it('plans again what was never sent, once', async () => {
      interrupted({ planId: 'plan_stale01' });
      await runner.resume();
      await runner.tick(new Date(now));
      expect(bulkEdits.calls).toEqual(['planForSchedule', 'apply plan_000001']);
      expect(firings.list(evening.id, 10)).toHaveLength(1);
      expect(firings.get('fire_000001')?.status).toBe('done');
    });

    it('does not fire what was edited, switched off or deleted meanwhile', async () => {
      interrupted({});
      changes = [];
      await runner.resume();
      expect(bulkEdits.calls).toEqual([]);
      expect(firings.get('fire_000001')).toMatchObject({
        status: 'failed',
        message:
          'Not done: the server restarted before anything was sent, and since then the change was deleted.',
      });
    });

    it('puts back later a put-back that sent nothing, and waits for one that was sent', async () => {
      interrupted({ status: 'done', jobId: 'job_gone01', revertStatus: 'running' });
      await runner.resume();
      expect(firings.get('fire_000001')).toMatchObject({ revertStatus: 'waiting' });

      const undo = await bulkEdits.planForSchedule(null, {
        entityIds: GROUPS,
        purpose: { kind: 'edit' },
      });
      await bulkEdits.apply(null, undo.planId);
      firings.update('fire_000001', { revertStatus: 'running', revertPlanId: undo.planId });
      bulkEdits.calls.length = 0;
      await runner.resume();
      expect(bulkEdits.calls).toEqual([]);
      expect(firings.get('fire_000001')).toMatchObject({
        revertStatus: 'done',
        revertJobId: 'job_000002',
      });
    });
  });
});
