import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntityMetrics, LevelMetrics } from '../../companion-server/src/contract/ads-manager';
import { ExpandedCard } from './overlay-badge';

/** The card's Bayme part, as the hover card shows it. */

const current = {
  spend: 200,
  impressions: 10_000,
  clicks: 100,
  ctr: 1,
  cpc: 2,
  conversions: 4,
  cpa: 50,
  roas: 2.5,
};
const row: EntityMetrics = {
  id: '1800000000000000001',
  name: 'Spring ad group',
  current,
  bayme: {
    orders: 3,
    revenue: 340,
    refunds: 25,
    roas: 1.7,
    unconverted: [{ currency: 'EUR', revenue: 80, orders: 1 }],
  },
};
const metrics: LevelMetrics = {
  advertiserId: '7000000000000000001',
  level: 'adgroup',
  currency: 'USD',
  timezone: 'America/Los_Angeles',
  range: { start: '2026-11-10', end: '2026-11-16' },
  previousRange: { start: '2026-11-03', end: '2026-11-09' },
  compared: false,
  fetchedAt: '2026-11-21T20:00:00.000Z',
  includesToday: false,
  reportsPurchaseValue: true,
  bayme: { latestOrderAt: '2026-11-21T19:42:00.000Z' },
  rows: [row],
};

function renderCard(card: { row: EntityMetrics | null; metrics: LevelMetrics }) {
  render(
    <ExpandedCard
      row={card.row}
      metrics={card.metrics}
      shown={['spend', 'roas']}
      comparison="loading"
      rangeSource="address"
    />,
  );
}

const cell = (key: string, column = 1) =>
  document.querySelectorAll(`[data-bayme="${key}"] td`)[column]?.textContent;

describe('the card’s Bayme part', () => {
  afterEach(cleanup);

  it('shows revenue, orders, ROAS, the gap to TikTok’s value and refunds', () => {
    renderCard({ row, metrics });
    expect(cell('revenue')).toBe('$340.00');
    expect(cell('orders')).toBe('3');
    expect(cell('roas')).toBe('1.70');
    // TikTok claims 2.5 × $200 = $500; Bayme saw 32 % less.
    expect(cell('gap')).toBe('$500.00');
    expect(cell('gap', 2)).toBe('−32%');
    expect(cell('refunds')).toBe('$25.00');
  });

  it('says revenue it could not convert apart, and when the latest order came, in the account’s zone', () => {
    renderCard({ row, metrics });
    expect(screen.getByTestId('card-bayme-unconverted').textContent).toBe(
      'Not converted (no rate for its day), not in the revenue: €80.00 (1 order)',
    );
    expect(screen.getByTestId('card-bayme-latest').textContent).toBe(
      'Latest order received 2026-11-21 11:42 PST',
    );
  });

  it('leaves out refunds and the unconverted line when there are none, and says no order came yet', () => {
    const plain = {
      ...row,
      bayme: { orders: 0, revenue: 0, refunds: 0, roas: 0, unconverted: [] },
    };
    renderCard({ row: plain, metrics: { ...metrics, bayme: { latestOrderAt: null } } });
    expect(cell('revenue')).toBe('$0.00');
    expect(document.querySelector('[data-bayme="refunds"]')).toBeNull();
    expect(screen.queryByTestId('card-bayme-unconverted')).toBeNull();
    expect(screen.getByTestId('card-bayme-latest').textContent).toBe('No order received yet');
  });

  it('shows nothing of Bayme when the server takes no orders, or answers without them', () => {
    renderCard({ row: { ...row, bayme: null }, metrics: { ...metrics, bayme: null } });
    expect(screen.queryByTestId('card-bayme')).toBeNull();
    cleanup();
    const { bayme: _, ...older } = metrics;
    renderCard({ row: { ...row, bayme: undefined }, metrics: older });
    expect(screen.queryByTestId('card-bayme')).toBeNull();
    expect(screen.getByText('Spring ad group')).toBeTruthy();
  });
});
