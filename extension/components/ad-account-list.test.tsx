import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  AdAccountView,
  ConnectionView,
} from '../../companion-server/src/contract/connections';
import { AdAccountList } from './ad-account-list';

const connection: ConnectionView = {
  id: 'conn_test',
  status: 'active',
  statusReason: null,
  // 02:30 UTC on Dec 6 is still Dec 5 in Los Angeles.
  createdAt: '2026-12-06T02:30:00.000Z',
  createdBy: { id: 'staff_test', email: 'buyer@example.test', name: 'Test Buyer' },
  advertiserIds: ['7000000000000000001', '7000000000000000002'],
  lastCheckedAt: null,
};

function account(advertiserId: string, timezone: string): AdAccountView {
  return {
    advertiserId,
    name: `Account ${advertiserId.slice(-1)}`,
    currency: 'USD',
    timezone,
    status: 'STATUS_ENABLE',
    health: 'ok',
    connectionId: connection.id,
    connectedAt: connection.createdAt,
  };
}

function show(accounts: AdAccountView[]) {
  render(
    <AdAccountList
      accounts={accounts}
      connections={[connection]}
      canAuthorize
      isAdmin={false}
      onReauthorize={() => {}}
      onDisconnect={() => {}}
      disconnecting={null}
    />,
  );
}

describe('the authorization line of the ad account list', () => {
  afterEach(cleanup);

  it('dates the authorization in its ad accounts’ time zone, labelled', () => {
    show([
      account('7000000000000000001', 'America/Los_Angeles'),
      account('7000000000000000002', 'America/Los_Angeles'),
    ]);
    expect(screen.getByText(/^Authorized by/).textContent).toBe(
      'Authorized by Test Buyer · 2026-12-05 18:30 PST',
    );
  });

  it('says UTC when the accounts’ zones differ', () => {
    show([
      account('7000000000000000001', 'America/Los_Angeles'),
      account('7000000000000000002', 'Asia/Tokyo'),
    ]);
    expect(screen.getByText(/^Authorized by/).textContent).toBe(
      'Authorized by Test Buyer · 2026-12-06 02:30 UTC',
    );
  });
});
