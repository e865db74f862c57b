import {
  type CreateJob,
  type CreateJobRow,
  CreateJobSchema,
  type CreatePlan,
  CreatePlanSchema,
  type CreateRow,
  type EntityType,
} from '../../../companion-server/src/contract/bulk-create';

/**
 * Bulk-create plans and jobs as the server sends them, for the component tests. Parsed with
 * the contract's schemas so a fixture cannot drift from what the server may answer.
 */

export const ADVERTISER = '7252569388304511798';
export const PLAN_ID = 'cplan_0001';
export const JOB_ID = 'cjob_0001';
export const newId = (row: number) => `18000000000000000${String(row).padStart(2, '0')}`;

export function createRow(
  row: number,
  type: EntityType,
  change: Partial<CreateRow> = {},
): CreateRow {
  return {
    row,
    type,
    ref: `${type}-${row}`,
    name: `${type} ${row}`,
    parent: type === 'campaign' ? null : 'campaign-2',
    status: 'DISABLE',
    summary: type === 'ad' ? 'Single video' : 'Daily budget 50.00 USD',
    verdict: change.errors?.length ? 'blocked' : 'ok',
    errors: [],
    ...change,
  };
}

export function makeCreatePlan(rows: CreateRow[], change: Partial<CreatePlan> = {}): CreatePlan {
  const count = (type: EntityType) => rows.filter((row) => row.type === type).length;
  const fileErrors = change.fileErrors ?? [];
  return CreatePlanSchema.parse({
    planId: PLAN_ID,
    advertiserId: ADVERTISER,
    currency: 'USD',
    timezone: 'America/New_York',
    source: 'csv',
    createdBy: 'stf_0123456789',
    createdAt: '2026-11-21T20:00:00.000Z',
    expiresAt: '2026-11-21T20:30:00.000Z',
    fileErrors,
    rows,
    canApply: fileErrors.length === 0 && rows.every((row) => row.verdict === 'ok'),
    counts: { campaigns: count('campaign'), adgroups: count('adgroup'), ads: count('ad') },
    jobId: null,
    ...change,
  });
}

export function jobRow(
  row: number,
  type: EntityType,
  state: CreateJobRow['state'],
  message: string | null = null,
): CreateJobRow {
  return {
    row,
    type,
    name: `${type} ${row}`,
    state,
    entityId: state === 'created' ? newId(row) : null,
    message,
    tiktokRequestId: state === 'created' || state === 'failed' ? `req-${row}` : null,
  };
}

export function makeCreateJob(rows: CreateJobRow[], change: Partial<CreateJob> = {}): CreateJob {
  const count = (state: CreateJobRow['state']) => rows.filter((row) => row.state === state).length;
  const remaining = count('pending') + count('in_flight');
  return CreateJobSchema.parse({
    jobId: JOB_ID,
    planId: PLAN_ID,
    advertiserId: ADVERTISER,
    status: remaining > 0 ? 'running' : 'finished',
    statusMessage: null,
    createdAt: '2026-11-21T20:01:00.000Z',
    finishedAt: remaining > 0 ? null : '2026-11-21T20:01:05.000Z',
    counts: {
      total: rows.length,
      created: count('created'),
      failed: count('failed'),
      skipped: count('skipped'),
      remaining,
    },
    rows,
    ...change,
  });
}
