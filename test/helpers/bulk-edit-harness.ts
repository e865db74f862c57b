import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Level } from '../../companion-server/src/contract/ads-manager';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { startTestCompanion, type TestCompanion } from './companion';

/**
 * A companion server (in the test, through `inject`) against the real emulator over HTTP,
 * set up for bulk-edit tests: both clocks running from the given instant (TikTok's set back
 * to the companion's before each test), a fresh world, an imported token and no faults before each test, running jobs settled after it;
 * plus the calls those tests make (preview, apply and wait, undo, TikTok directly).
 */

export const US = '7252569388304511798';

export interface BulkEditHarness {
  readonly companion: TestCompanion;
  /** The token imported for the US account in this test. */
  readonly token: string;
  call<T>(
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** Preview an operation; the answer must be a plan. */
  plan(level: Level, entityIds: string[], operation: unknown): Promise<Plan>;
  /** Preview an operation as sent, whatever the answer. */
  requestPlan(
    level: Level,
    entityIds: string[],
    operation: unknown,
  ): Promise<{ status: number; body: Plan & { error?: { message: string } } }>;
  applyAndWait(planId: string): Promise<Job>;
  undoAndWait(jobId: string): Promise<{ plan: Plan; job: Job }>;
  /** A call to the emulator's Marketing API with the test's token, for the US account. */
  tiktok(
    path: string,
    body: Record<string, unknown>,
  ): Promise<{ code: number; message: string; data: Record<string, any> }>;
  /** TikTok's reviewers decide about an ad (the emulator's control API). */
  review(
    adId: string,
    state: 'in_review' | 'rejected' | 'approved',
    reason?: string,
  ): Promise<void>;
}

export function row<R extends { entityId: string }>(p: { rows: R[] }, id: string): R {
  const found = p.rows.find((r) => r.entityId === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

/** Registers the suite's hooks; call once at the top of a test file. */
export function bulkEditSuite(startAt: number): BulkEditHarness {
  let companion: TestCompanion | null = null;
  let token = '';
  const shiftMs = startAt - Date.now();
  const started = (): TestCompanion => {
    if (!companion) throw new Error('The harness is used before its beforeAll ran.');
    return companion;
  };

  beforeAll(async () => {
    companion = await startTestCompanion({}, { now: () => new Date(Date.now() + shiftMs) });
  });
  afterAll(async () => {
    await companion?.close();
  });
  beforeEach(async () => {
    const c = started();
    await c.context.bulkEdits.settled();
    // A test may have moved TikTok's clock (a review ending): each starts where both agree.
    await c.emulator.control.clock({ set: Date.now() + shiftMs });
    await c.emulator.control.reset();
    await c.emulator.control.clearFaults();
    token = await c.emulator.control.mintToken([US]);
    const response = await c.app.inject({
      method: 'POST',
      url: '/api/connections/import',
      headers: c.as('admin'),
      payload: { accessToken: token },
    });
    expect(response.statusCode, response.body).toBe(200);
  });
  afterEach(async () => {
    await companion?.context.bulkEdits.settled();
  });

  const call = async <T>(method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await started().app.inject({
      method,
      url,
      headers: started().as('buyer'),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json() as T };
  };
  const requestPlan = (level: Level, entityIds: string[], operation: unknown) =>
    call<Plan & { error?: { message: string } }>(
      'POST',
      `/api/ad-accounts/${US}/bulk-edits/plans`,
      { level, entityIds, operation },
    );
  const applyAndWait = async (planId: string): Promise<Job> => {
    const { status, body } = await call<Job>('POST', `/api/bulk-edits/plans/${planId}/apply`);
    expect(status, JSON.stringify(body)).toBe(200);
    await started().context.bulkEdits.settled();
    return (await call<Job>('GET', `/api/bulk-edits/jobs/${body.jobId}`)).body;
  };

  return {
    get companion() {
      return started();
    },
    get token() {
      return token;
    },
    call,
    requestPlan,
    async plan(level, entityIds, operation) {
      const { status, body } = await requestPlan(level, entityIds, operation);
      expect(status, JSON.stringify(body)).toBe(200);
      return body;
    },
    applyAndWait,
    async undoAndWait(jobId) {
      const undo = await call<Plan>('POST', `/api/bulk-edits/jobs/${jobId}/undo`);
      expect(undo.status, JSON.stringify(undo.body)).toBe(200);
      return { plan: undo.body, job: await applyAndWait(undo.body.planId) };
    },
    async tiktok(path, body) {
      const response = await fetch(`${started().emulator.url}/open_api/v1.3/${path}`, {
        method: 'POST',
        headers: { 'Access-Token': token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ advertiser_id: US, ...body }),
      });
      return (await response.json()) as {
        code: number;
        message: string;
        data: Record<string, any>;
      };
    },
    async review(adId, state, reason) {
      const response = await fetch(`${started().emulator.url}/__emulator/ads/review`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ad_id: adId, state, ...(reason ? { reason } : {}) }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
    },
  };
}
