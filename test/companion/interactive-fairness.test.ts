import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CallBudget,
  DEFAULT_CALL_BUDGET,
} from '../../companion-server/src/marketing-api/rate-limiter';
import { authorizeThroughConsentPage } from '../helpers/client';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Interactive calls take turns between staff: every signed-in request's Marketing API calls
 * wait in the limiter's `interactive` class under that staff member's id, so a buyer flooding
 * the overlays with uncached ranges does not hold back a viewer's single look. Over real HTTP
 * (the server listening on loopback, its limiter at the Basic tier's 10 calls a second, the
 * emulator behind it), with the limiter observed: which budget each call waited under, and
 * the order in which calls were let through.
 */

const US = '7252569388304511798';
const UK = '7289168100723897842';
/** Overlay views with distinct ranges: one report call each, four seconds of the tier. */
const FLOOD = 40;
const DAY_MS = 86_400_000;

interface Grant {
  path: string;
  budget: CallBudget;
  /** Calls let through before this one was asked for. */
  grantedBefore: number;
}

let companion: TestCompanion;
let base: string;
const asked: Array<{ path: string; budget: CallBudget | undefined }> = [];
const grants: Grant[] = [];

function fetchAs(role: 'viewer' | 'buyer' | 'admin', path: string, init: RequestInit = {}) {
  return fetch(`${base}${path}`, { ...init, headers: companion.as(role) });
}

/**
 * A POST whose body reaches the server in a later packet than its headers, as a slow upload
 * would: the body is then read in the socket's own events, not in the request's.
 */
function postInTwoPackets(
  role: 'buyer',
  path: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${base}${path}`, {
      method: 'POST',
      headers: { ...companion.as(role), 'content-type': 'application/json' },
    });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => {
        text += piece;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    outgoing.flushHeaders();
    setTimeout(() => outgoing.end(JSON.stringify(body)), 100);
  });
}

/** A past day in UTC, far enough back to be a past day in every seeded account's time zone. */
function daysAgo(days: number): string {
  return new Date(Date.now() - (days + 2) * DAY_MS).toISOString().slice(0, 10);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  companion = await startTestCompanion();
  base = await companion.app.listen({ host: '127.0.0.1', port: 0 });
  const limiter = companion.context.marketingApi.limiter;
  const acquire = limiter.acquire.bind(limiter);
  vi.spyOn(limiter, 'acquire').mockImplementation((path, signal, budget) => {
    asked.push({ path, budget });
    const grantedBefore = grants.length;
    return acquire(path, signal, budget).then((release) => {
      grants.push({ path, budget: budget ?? DEFAULT_CALL_BUDGET, grantedBefore });
      return release;
    });
  });
}, 30_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await companion?.close();
});

describe('interactive calls per staff member', () => {
  it('leaves requests without a staff key (the OAuth callback) to the default budget', async () => {
    const start = await fetchAs('admin', '/api/oauth/start', { method: 'POST' });
    expect(start.status).toBe(200);
    const { authorizationUrl } = (await start.json()) as { authorizationUrl: string };
    const redirect = await authorizeThroughConsentPage(authorizationUrl);
    const before = asked.length;
    const callback = await fetch(`${base}/oauth/callback?${redirect}`);
    expect(callback.status).toBe(200);
    const calls = asked.slice(before);
    expect(calls.map((call) => call.path)).toContain('oauth2/access_token/');
    for (const call of calls) {
      expect(call.budget).toEqual({ callClass: 'interactive', staffId: 'anonymous' });
    }
  });

  it("puts a POST whose body comes late (a bulk-edit preview) in its author's interactive turns, and the job it starts in jobs", async () => {
    const state = await companion.emulator.control.state(US);
    const ids = state.adgroups.filter((g) => !g.deleted).map((g) => g.adgroup_id);
    const before = asked.length;
    const response = await postInTwoPackets('buyer', `/api/ad-accounts/${US}/bulk-edits/plans`, {
      level: 'adgroup',
      entityIds: ids,
      operation: { kind: 'budget', change: { type: 'percent', value: 10 } },
    });
    expect(response.status, response.text).toBe(200);
    const calls = asked.slice(before);
    expect(calls.map((call) => call.path)).toEqual(
      expect.arrayContaining(['adgroup/get/', 'campaign/get/', 'report/integrated/get/']),
    );
    for (const call of calls) {
      expect(call.budget).toEqual({ callClass: 'interactive', staffId: companion.staffIds.buyer });
    }

    // The job the buyer starts from a request runs in its own class, not the request's.
    const { planId } = JSON.parse(response.text) as { planId: string };
    const applied = await fetchAs('buyer', `/api/bulk-edits/plans/${planId}/apply`, {
      method: 'POST',
    });
    expect(applied.status, await applied.clone().text()).toBe(200);
    await companion.context.bulkEdits.settled();
    const jobCalls = asked.slice(before + calls.length);
    expect(jobCalls.map((call) => call.path)).toContain('adgroup/update/');
    for (const call of jobCalls) {
      expect(call.budget).toMatchObject({ callClass: 'jobs', staffId: companion.staffIds.buyer });
    }
  });

  it("serves a viewer's single request within a turn of a buyer's flood of overlay views", async () => {
    const { buyer, viewer } = companion.staffIds;
    const limiter = companion.context.marketingApi.limiter;
    await companion.emulator.control.clearCalls();
    const start = grants.length;
    const flood = Array.from({ length: FLOOD }, (_, index) => {
      const day = daysAgo(index);
      return fetchAs(
        'buyer',
        `/api/ad-accounts/${US}/metrics?level=campaign&start=${day}&end=${day}`,
      );
    });
    // The flood fills the first second's slots and queues, under the buyer's own id.
    await until(() => limiter.waiting(buyer, 'interactive') >= FLOOD / 2, 'the flood to queue');
    expect(limiter.waiting('anonymous')).toBe(0);

    const look = await fetchAs('viewer', `/api/ad-accounts/${UK}/entities?level=campaign`);
    expect(look.status, await look.clone().text()).toBe(200);
    const floodStatuses = (await Promise.all(flood)).map((response) => response.status);
    expect(floodStatuses).toEqual(Array(FLOOD).fill(200));

    const ours = grants.slice(start);
    expect(ours.filter((g) => g.budget.staffId === buyer)).toHaveLength(FLOOD);
    const lookIndex = ours.findIndex((g) => g.budget.staffId === viewer);
    const lookGrant = ours[lookIndex];
    expect(lookGrant).toMatchObject({
      path: 'campaign/get/',
      budget: { callClass: 'interactive', staffId: viewer },
    });
    // Let through next, or at worst one turn later; first come, first served would have
    // let the whole queued flood through first.
    const servedInBetween = start + lookIndex - (lookGrant?.grantedBefore ?? 0);
    expect(servedInBetween).toBeLessThanOrEqual(1);
    const floodAfter = ours.slice(lookIndex + 1).length;
    expect(floodAfter).toBeGreaterThanOrEqual(FLOOD / 2);

    // TikTok saw it the same way: the viewer's listing arrived with most of the flood still to come.
    const { calls } = await companion.emulator.control.calls();
    const listingAt = calls.findIndex((call) => call.path === 'campaign/get/');
    const reportsBefore = calls
      .slice(0, listingAt)
      .filter((call) => call.path === 'report/integrated/get/').length;
    expect(listingAt).toBeGreaterThanOrEqual(0);
    expect(reportsBefore).toBeLessThanOrEqual(FLOOD / 2);
  }, 30_000);
});
