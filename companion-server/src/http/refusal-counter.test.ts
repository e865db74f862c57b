import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS_ACTOR } from '../audit/actors';
import { AuditLog } from '../storage/audit-log';
import { type Refusal, RefusalCounter } from './refusal-counter';

let dir: string;
let audit: AuditLog;
const at = new Date('2026-12-01T10:00:05.000Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'refusal-counter-'));
  audit = await AuditLog.open({ dir, now: () => at });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function refusal(ip: string, path = '/api/staff'): Refusal {
  return {
    ip,
    presentedKey: 'none',
    actor: ANONYMOUS_ACTOR,
    method: 'GET',
    path,
    status: 401,
    origin: null,
  };
}

describe('RefusalCounter', () => {
  it('folds the sources beyond the cap into one bucket, losing no count', async () => {
    const counter = new RefusalCounter({
      audit,
      log: pino({ level: 'silent' }),
      now: () => at,
      maxSources: 3,
    });
    for (let i = 0; i < 50; i += 1) counter.record(refusal(`10.0.0.${i}`));
    await counter.close();
    const { entries } = await audit.query({ limit: 500 });
    // Three tracked sources, then the first refusal of the others at once and their rest.
    expect(entries).toHaveLength(5);
    expect(entries.reduce((sum, entry) => sum + Number(entry.details.count), 0)).toBe(50);
    const folded = entries.filter((entry) => entry.details.ip === 'other sources');
    expect(folded.map((entry) => entry.details.count).sort()).toEqual([1, 46]);
    expect(folded.every((entry) => entry.actor.kind === 'anonymous')).toBe(true);
  });

  it('keeps at most a bounded number of folded reasons apart', async () => {
    const counter = new RefusalCounter({
      audit,
      log: pino({ level: 'silent' }),
      now: () => at,
      maxSources: 1,
    });
    for (let i = 0; i < 1_000; i += 1) counter.record(refusal('10.9.9.9', `/api/made-up-${i}`));
    await counter.close();
    const { entries } = await audit.query({ limit: 500 });
    // One tracked, 100 folded reasons, then one bucket for everything else (first + rest).
    expect(entries).toHaveLength(103);
    expect(entries.reduce((sum, entry) => sum + Number(entry.details.count), 0)).toBe(1_000);
  });
});
