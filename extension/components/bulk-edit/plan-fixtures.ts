import {
  type Job,
  type JobRow,
  JobSchema,
  type Plan,
  type PlanRow,
  PlanSchema,
  type Verdict,
} from '../../../companion-server/src/contract/bulk-edits';

/**
 * Plans and jobs as the server sends them, for the bulk-edit tests. Parsed with the
 * contract's schemas so a fixture cannot drift from what the server may answer.
 */

export const ADVERTISER = '7252569388304511798';
export const id = (n: number) => `17000000000000000${String(n).padStart(2, '0')}`;

export function planRow(n: number, verdict: Verdict, change: Partial<PlanRow> = {}): PlanRow {
  return {
    entityId: id(n),
    name: `Campaign ${n}`,
    field: 'budget',
    budgetMode: 'BUDGET_MODE_DAY',
    before: 100,
    after: verdict === 'blocked' ? null : 110,
    changePercent: verdict === 'blocked' ? null : 10,
    verdict,
    reasonCode: verdict === 'blocked' ? 'below_minimum' : null,
    reason: null,
    ...change,
  };
}

export function makePlan(rows: PlanRow[], change: Partial<Plan> = {}): Plan {
  const count = (verdict: Verdict) => rows.filter((row) => row.verdict === verdict).length;
  return PlanSchema.parse({
    planId: 'plan_0001',
    advertiserId: ADVERTISER,
    level: 'campaign',
    operation: { kind: 'budget', change: { type: 'percent', value: 10 } },
    purpose: { kind: 'edit' },
    currency: 'USD',
    timezone: 'America/Los_Angeles',
    createdBy: 'stf_0123456789',
    createdAt: '2026-11-20T10:00:00.000Z',
    expiresAt: '2026-11-20T10:15:00.000Z',
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
    ...change,
  });
}

export function jobRow(n: number, state: JobRow['state'], message: string | null = null): JobRow {
  return {
    entityId: id(n),
    name: `Campaign ${n}`,
    field: 'budget',
    budgetMode: 'BUDGET_MODE_DAY',
    before: 100,
    after: 110,
    state,
    message,
    tiktokRequestId: null,
    finishedAt: state === 'pending' || state === 'in_flight' ? null : '2026-11-20T10:05:00.000Z',
  };
}

export function makeJob(rows: JobRow[], change: Partial<Job> = {}): Job {
  const count = (...states: JobRow['state'][]) =>
    rows.filter((row) => states.includes(row.state)).length;
  const running = rows.some((row) => row.state === 'pending' || row.state === 'in_flight');
  return JobSchema.parse({
    jobId: 'job_0001',
    planId: 'plan_0001',
    advertiserId: ADVERTISER,
    level: 'campaign',
    operation: { kind: 'budget', change: { type: 'percent', value: 10 } },
    purpose: { kind: 'edit' },
    currency: 'USD',
    createdBy: 'stf_0123456789',
    createdAt: '2026-11-20T10:05:00.000Z',
    finishedAt: running ? null : '2026-11-20T10:06:00.000Z',
    status: running ? 'running' : 'finished',
    resumedAt: null,
    statusMessage: null,
    counts: {
      total: rows.length,
      done: count('done'),
      failed: count('failed'),
      conflict: count('conflict'),
      skipped: count('skipped'),
      unknown: count('unknown'),
      remaining: count('pending', 'in_flight'),
    },
    canUndo: !running && count('done') > 0,
    rows,
    ...change,
  });
}
