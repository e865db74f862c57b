import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../companion-server/src/contract/audit';
import type { Role } from '../../companion-server/src/contract/common';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';

/**
 * Who reads what of the audit log: admins everything; viewers and buyers the entity changes
 * of the ad accounts they can see, without other staff's emails or anyone's address.
 */

const US = '7252569388304511798';
const AD_GROUP = '1840158125589658770';

let companion: TestCompanion;
let notConnected = '';

beforeAll(async () => {
  companion = await startTestCompanion();
  notConnected = (await companion.emulator.control.account('JPY')).advertiser_id;
  const token = await companion.emulator.control.mintToken([US]);
  const imported = await companion.app.inject({
    method: 'POST',
    url: '/api/connections/import',
    headers: companion.as('admin'),
    payload: { accessToken: token },
  });
  expect(imported.statusCode, imported.body).toBe(200);
  // A staff-management event, and a refused request from somewhere.
  const added = await companion.app.inject({
    method: 'POST',
    url: '/api/staff',
    headers: companion.as('admin'),
    payload: { email: 'newcomer@bayme.example', name: 'Newcomer', role: 'viewer' },
  });
  expect(added.statusCode).toBe(200);
  await companion.app.inject({ method: 'GET', url: '/api/staff', remoteAddress: '203.0.113.9' });

  // Entity changes as the bulk-edit job writes them, by two staff members, on a connected
  // ad account and on one nobody here can see.
  const change = (role: Role, advertiserId: string, after: number) =>
    companion.context.audit.append({
      actor: { kind: 'staff', staffId: companion.staffIds[role], email: `${role}@bayme.example` },
      action: 'bulk_edit.budget',
      outcome: 'success',
      advertiserId,
      entityIds: [AD_GROUP],
      changes: [{ entityId: AD_GROUP, field: 'budget', before: 150, after }],
      message: `Budget set to ${after}.`,
      details: { jobId: `job_${after}`, ip: '10.20.30.40', approverEmail: 'admin@bayme.example' },
    });
  await change('admin', US, 160);
  await change('buyer', US, 170);
  await change('buyer', notConnected, 180);
  await companion.context.audit.settled();
});

afterAll(async () => {
  await companion?.close();
});

async function read(role: Role, query: Record<string, string> = {}) {
  const response = await companion.app.inject({
    method: 'GET',
    url: `/api/audit?${new URLSearchParams(query)}`,
    headers: companion.as(role),
  });
  expect(response.statusCode, response.body).toBe(200);
  return {
    raw: response.body,
    ...(response.json() as { entries: AuditEntry[]; nextCursor: string | null }),
  };
}

describe('GET /api/audit by role', () => {
  it('admins read everything, as written', async () => {
    const { entries } = await read('admin', { limit: '100' });
    const actions = entries.map((entry) => entry.action);
    for (const action of ['staff.add', 'oauth.connect', 'request.rejected', 'bulk_edit.budget']) {
      expect(actions).toContain(action);
    }
    expect(entries.filter((e) => e.action === 'bulk_edit.budget')).toHaveLength(3);
    const rejected = entries.find((e) => e.action === 'request.rejected');
    expect(rejected?.details.ip).toBe('203.0.113.9');
    const byBuyer = entries.find((e) => e.details.jobId === 'job_170');
    expect(byBuyer).toMatchObject({
      actor: { email: 'buyer@bayme.example' },
      details: { ip: '10.20.30.40', approverEmail: 'admin@bayme.example' },
    });
  });

  it.each(['viewer', 'buyer'] as const)(
    'a %s reads only entity changes on the ad accounts they can see, without emails or addresses of others',
    async (role) => {
      const { entries, raw } = await read(role, { limit: '100' });
      expect(entries.map((e) => [e.action, e.advertiserId, e.details.jobId])).toEqual([
        ['bulk_edit.budget', US, 'job_170'],
        ['bulk_edit.budget', US, 'job_160'],
      ]);
      for (const entry of entries) {
        expect(entry.details).toEqual({ jobId: entry.details.jobId });
        expect(entry.changes).toHaveLength(1);
      }
      const [byBuyer, byAdmin] = entries;
      expect(byAdmin?.actor).toEqual({
        kind: 'staff',
        staffId: companion.staffIds.admin,
        email: null,
      });
      // Their own email is no secret to them.
      expect(byBuyer?.actor.email).toBe(role === 'buyer' ? 'buyer@bayme.example' : null);
      for (const secret of ['10.20.30.40', '203.0.113.9', 'admin@bayme.example', 'newcomer@']) {
        expect(raw).not.toContain(secret);
      }
    },
  );

  it.each(['viewer', 'buyer'] as const)(
    'a %s gets nothing when asking for security, staff or other accounts’ entries',
    async (role) => {
      const queries: Array<Record<string, string>> = [
        { action: 'request.rejected' },
        { action: 'staff.' },
        { action: 'oauth.' },
        { advertiserId: notConnected },
        { staffId: companion.staffIds.admin, action: 'staff.add' },
      ];
      for (const query of queries) {
        const { entries, nextCursor } = await read(role, query);
        expect(entries, JSON.stringify(query)).toEqual([]);
        expect(nextCursor).toBeNull();
      }
    },
  );

  it('pages over what a viewer may see (pages are full, not thinned)', async () => {
    const first = await read('viewer', { limit: '1' });
    expect(first.entries.map((e) => e.details.jobId)).toEqual(['job_170']);
    expect(first.nextCursor).not.toBeNull();
    const second = await read('viewer', { limit: '1', cursor: first.nextCursor ?? '' });
    expect(second.entries.map((e) => e.details.jobId)).toEqual(['job_160']);
    expect(second.nextCursor).toBeNull();
  });
});
