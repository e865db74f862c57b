import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Firing } from '../contract/scheduled-changes';
import { SqlDatabase } from '../storage/sql-database';
import { FiringLog, FiringLogCorruptError } from './firing-log';
import { SCHEDULES_ROOM } from './schedule-migrations';

const T0 = Date.parse('2026-12-08T02:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function firing(overrides: Partial<Firing> = {}): Firing {
  return {
    firingId: 'fire_000001',
    changeId: 'sch_evening',
    changeName: 'Evening push',
    changeVersion: 1,
    advertiserId: '7252569388304511798',
    slot: '2026-12-07T18:00',
    trigger: 'schedule',
    actedBy: 'stf_buyer0001',
    startedAt: at(0),
    finishedAt: null,
    status: 'running',
    planId: null,
    jobId: null,
    counts: null,
    message: null,
    revertAt: at(300),
    revertStatus: null,
    revertPlanId: null,
    revertJobId: null,
    revertedAt: null,
    revertMessage: null,
    ...overrides,
  };
}

describe('the firing log', () => {
  let dir: string;
  let db: SqlDatabase;
  let log: FiringLog;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'firing-log-'));
    db = SqlDatabase.open({ file: join(dir, 'bayme.sqlite'), rooms: [SCHEDULES_ROOM] });
    log = new FiringLog(db);
  });

  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records a slot once: a second firing for the same slot is refused', () => {
    expect(log.start(firing())).toBe(true);
    expect(log.start(firing({ firingId: 'fire_000002' }))).toBe(false);
    expect(log.list('sch_evening', 10).map((f) => f.firingId)).toEqual(['fire_000001']);
    // Another change's slot at the same time is its own.
    expect(log.start(firing({ firingId: 'fire_000003', changeId: 'sch_other' }))).toBe(true);
  });

  it('keeps what a firing did step by step, and only the steps', () => {
    log.start(firing());
    log.update('fire_000001', { planId: 'plan_000001' });
    const done = log.update('fire_000001', {
      jobId: 'job_000001',
      status: 'done',
      finishedAt: at(1),
      counts: { changed: 2, unchanged: 1, needsApproval: 0, blocked: 0, failed: 0 },
      message: 'Changed 2 of 3.',
      revertStatus: 'waiting',
    });
    expect(done).toMatchObject({ planId: 'plan_000001', jobId: 'job_000001', status: 'done' });
    expect(log.get('fire_000001')).toEqual(done);
    // A whole firing passed as a patch does not move the update to another firing or slot.
    log.update('fire_000001', { ...firing({ firingId: 'fire_x', slot: 'other' }), message: 'm' });
    expect(log.get('fire_000001')).toMatchObject({ slot: '2026-12-07T18:00', message: 'm' });
    expect(log.get('fire_x')).toBeNull();
  });

  it('names the newest slot, what a restart must finish, and the put-backs due', () => {
    log.start(firing({ firingId: 'fire_a', slot: '2026-12-07T18:00', status: 'done' }));
    log.start(firing({ firingId: 'fire_b', slot: '2026-12-08T18:00' }));
    expect(log.lastSlot('sch_evening')).toBe('2026-12-08T18:00');
    expect(log.lastSlot('sch_none')).toBeNull();
    expect(log.unfinished().map((f) => f.firingId)).toEqual(['fire_b']);

    log.update('fire_a', { revertStatus: 'waiting', revertAt: at(300) });
    log.update('fire_b', { status: 'done', revertStatus: 'waiting', revertAt: at(200) });
    expect(log.revertsDue(at(199))).toEqual([]);
    expect(log.revertsDue(at(250)).map((f) => f.firingId)).toEqual(['fire_b']);
    // An instant written with another offset is the same instant.
    expect(log.revertsDue('2026-12-07T23:00:00-08:00').map((f) => f.firingId)).toEqual([
      'fire_b',
      'fire_a',
    ]);
    expect(log.waitingReverts('sch_evening').map((f) => f.firingId)).toEqual(['fire_b', 'fire_a']);

    log.update('fire_a', { revertStatus: 'running' });
    expect(log.unfinished().map((f) => f.firingId)).toEqual(['fire_a']);
  });

  it('refuses a corrupt row with its firing named', () => {
    log.start(firing());
    db.prepare("UPDATE scheduled_change_firings SET counts = '{' WHERE firing_id = ?").run([
      'fire_000001',
    ]);
    expect(() => log.get('fire_000001')).toThrow(FiringLogCorruptError);
    db.prepare(
      "UPDATE scheduled_change_firings SET counts = NULL, status = 'exploded' WHERE firing_id = ?",
    ).run(['fire_000001']);
    expect(() => log.last('sch_evening')).toThrow(/fire_000001.*status/);
  });
});
