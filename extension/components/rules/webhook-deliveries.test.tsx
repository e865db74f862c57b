import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebhookDelivery } from '../../../companion-server/src/contract/rules';
import { serve } from '../../../test/helpers/fake-extension-api';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { DELIVERIES_SHOWN, deliveryLine, WebhookDeliveries } from './webhook-deliveries';

vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const DELIVERED: WebhookDelivery = {
  id: 'dlv_1',
  event: 'action',
  ruleId: 'rul_stoploss01',
  ruleName: 'Stop-loss CPA',
  urlOrigin: 'https://hooks.slack.com',
  urlHash: 'a1b2c3d4e5f6',
  status: 'delivered',
  attempts: 1,
  lastError: null,
  responseStatus: 200,
  createdAt: '2026-12-06T18:30:00.000Z',
  nextAttemptAt: null,
  deliveredAt: '2026-12-06T18:30:01.000Z',
};

const RETRYING: WebhookDelivery = {
  ...DELIVERED,
  id: 'dlv_2',
  event: 'failure',
  status: 'pending',
  attempts: 2,
  lastError: 'The receiver answered 503.',
  responseStatus: 503,
  deliveredAt: null,
  nextAttemptAt: '2026-12-06T18:32:30.000Z',
};

const FAILED: WebhookDelivery = {
  ...RETRYING,
  id: 'dlv_3',
  status: 'failed',
  attempts: 4,
  nextAttemptAt: null,
  lastError: 'Timed out after 10 s.',
  responseStatus: null,
};

function renderIt() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <WebhookDeliveries />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.mocked(api).mockReset();
});

describe('deliveryLine', () => {
  it('says where a notification went by origin and hash only, when, and what came back', () => {
    expect(deliveryLine(DELIVERED)).toEqual({
      what: '“Stop-loss CPA” acted → https://hooks.slack.com (#a1b2c3d4e5f6)',
      detail: '2026-12-06 18:30 UTC · 1 attempt · HTTP 200 · delivered 2026-12-06 18:30 UTC',
    });
    expect(deliveryLine(RETRYING).detail).toBe(
      '2026-12-06 18:30 UTC · 2 attempts · HTTP 503 · next try 2026-12-06 18:32 UTC · The receiver answered 503.',
    );
    expect(deliveryLine({ ...FAILED, urlOrigin: null, urlHash: null }).what).toBe(
      '“Stop-loss CPA” failed → no webhook',
    );
  });
});

describe('WebhookDeliveries', () => {
  it('lists the latest notifications with their status, and flags failures on the closed summary', async () => {
    const calls = serve({ listWebhookDeliveries: { deliveries: [RETRYING, FAILED, DELIVERED] } });
    renderIt();
    expect(await screen.findByText('some failed')).toBeTruthy();
    fireEvent.click(screen.getByText('Notifications sent'));
    const lines = await screen.findAllByTestId('webhook-delivery');
    expect(lines.map((line) => line.dataset.status)).toEqual(['pending', 'failed', 'delivered']);
    expect(lines.map((line) => line.querySelector('span')?.textContent)).toEqual([
      'Retrying',
      'Failed',
      'Delivered',
    ]);
    expect(calls.map((call) => call.input?.query)).toEqual([{ limit: DELIVERIES_SHOWN }]);
  });

  it('says how notifications start when there are none, and says why when they cannot load', async () => {
    serve({ listWebhookDeliveries: { deliveries: [] } });
    renderIt();
    expect((await screen.findByTestId('webhook-deliveries-empty')).textContent).toContain(
      'RULES_WEBHOOK_URL',
    );
    cleanup();
    vi.mocked(api).mockRejectedValue(
      new ExtensionRequestError({ kind: 'forbidden', message: 'Admins only.' }),
    );
    renderIt();
    expect((await screen.findByTestId('webhook-deliveries-error')).textContent).toContain(
      'Admins only.',
    );
  });
});
