import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../companion-server/src/contract/audit';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Refused requests (401, 403) are audited as counts: one entry per source and reason per
 * minute, the first at once and the rest summed when the minute ends or the server closes.
 */

let companion: TestCompanion | null = null;

afterEach(async () => {
  await companion?.close();
  companion = null;
});

const MINUTE_MS = 60_000;

/** A clock that starts `intoMinuteMs` after a minute boundary and runs with real time. */
function clockAt(intoMinuteMs: number): { now: () => Date; frozen: (at: number) => void } {
  const start = Math.ceil(Date.now() / MINUTE_MS) * MINUTE_MS + intoMinuteMs;
  const shift = start - Date.now();
  let frozenAt: number | null = null;
  return {
    now: () => new Date(frozenAt ?? Date.now() + shift),
    frozen: (at) => {
      frozenAt = at;
    },
  };
}

async function refused(running: TestCompanion, ip: string): Promise<AuditEntry[]> {
  const page = await running.context.audit.query({ action: 'request.rejected', limit: 500 });
  return page.entries.filter((entry) => entry.details.ip === ip);
}

const count = (entries: AuditEntry[]) =>
  entries.reduce((sum, entry) => sum + Number(entry.details.count), 0);

describe('refused requests are counted, not written one by one', () => {
  it('500 refusals from one address within a minute: at most 2 entries, adding up to 500', async () => {
    // Well before the minute ends, so that all 500 fall in one minute.
    const clock = clockAt(1_000);
    const running = await startTestCompanion({}, { now: clock.now });
    companion = running;
    const ip = '203.0.113.7';
    for (let i = 0; i < 500; i += 1) {
      const response = await running.app.inject({
        method: 'GET',
        url: `/api/staff?attempt=${i}`,
        remoteAddress: ip,
      });
      expect(response.statusCode).toBe(401);
    }
    await running.context.audit.settled();
    // The first refusal is written at once.
    const early = await refused(running, ip);
    expect(early).toHaveLength(1);
    expect(early[0]).toMatchObject({
      actor: { kind: 'anonymous', staffId: null, email: null },
      outcome: 'rejected',
      message: 'GET /api/staff refused with 401.',
      details: { status: 401, ip, presentedKey: 'none', path: '/api/staff', count: 1 },
    });

    // Closing writes what was counted.
    await running.app.close();
    await running.context.audit.settled();
    const entries = await refused(running, ip);
    expect(entries.length).toBeLessThanOrEqual(2);
    expect(count(entries)).toBe(500);
    expect(entries[0]).toMatchObject({
      message: 'GET /api/staff refused with 401: 499 more time(s) within the minute.',
      details: { status: 401, ip, presentedKey: 'none', count: 499 },
    });
  });

  it('writes the rest of the minute when the minute ends, without waiting for a close', async () => {
    const clock = clockAt(0);
    const running = await startTestCompanion({}, { now: clock.now });
    companion = running;
    const ip = '198.51.100.4';
    const minuteStart = Math.floor(clock.now().getTime() / MINUTE_MS) * MINUTE_MS;
    // 200 ms before the minute ends, on a clock that stays there.
    clock.frozen(minuteStart + MINUTE_MS - 200);
    for (let i = 0; i < 3; i += 1) {
      await running.app.inject({ method: 'GET', url: '/api/staff', remoteAddress: ip });
    }
    clock.frozen(minuteStart + MINUTE_MS + 1);
    await expect.poll(async () => count(await refused(running, ip)), { timeout: 3_000 }).toBe(3);
    const entries = await refused(running, ip);
    expect(entries.map((entry) => entry.details.count)).toEqual([2, 1]);
    expect(entries.every((e) => e.details.minute === new Date(minuteStart).toISOString())).toBe(
      true,
    );
  });

  it('keeps sources and reasons apart, and counts a new minute afresh', async () => {
    const clock = clockAt(0);
    const running = await startTestCompanion({}, { now: clock.now });
    companion = running;
    const minuteStart = Math.floor(clock.now().getTime() / MINUTE_MS) * MINUTE_MS;
    clock.frozen(minuteStart + 1_000);
    const send = (ip: string, url: string, headers: Record<string, string> = {}) =>
      running.app.inject({ method: 'GET', url, remoteAddress: ip, headers });
    await send('192.0.2.1', '/api/staff');
    await send('192.0.2.1', '/api/staff', { authorization: 'Bearer not-a-key' });
    await send('192.0.2.1', '/api/me');
    await send('192.0.2.2', '/api/staff');
    // A viewer's key refused with 403: the staff member is named.
    await send('192.0.2.1', '/api/staff', running.as('viewer'));
    await running.context.audit.settled();
    const first = await running.context.audit.query({ action: 'request.rejected', limit: 50 });
    expect(
      first.entries.map((e) => [e.details.ip, e.details.presentedKey, e.message]).reverse(),
    ).toEqual([
      ['192.0.2.1', 'none', 'GET /api/staff refused with 401.'],
      ['192.0.2.1', 'malformed', 'GET /api/staff refused with 401.'],
      ['192.0.2.1', 'none', 'GET /api/me refused with 401.'],
      ['192.0.2.2', 'none', 'GET /api/staff refused with 401.'],
      ['192.0.2.1', 'valid', 'GET /api/staff refused with 403.'],
    ]);
    expect(first.entries[0]?.actor).toMatchObject({
      kind: 'staff',
      staffId: running.staffIds.viewer,
    });

    clock.frozen(minuteStart + MINUTE_MS + 1_000);
    await send('192.0.2.1', '/api/staff');
    await running.context.audit.settled();
    expect(await refused(running, '192.0.2.1')).toHaveLength(5);
  });
});
