import type { AdAccountView } from '../contract/connections';
import type { UnattributedOrders } from '../contract/reporting';
import { eachDate, endOfZonedDay, type IsoDate, startOfZonedDay } from '../lib/time-zone';
import type { BaymeFigures, OrderFigures } from '../orders/order-figures';
import type { OrderStore } from '../orders/order-store';
import { sumEntityFigures, unattributedOf } from './bayme-figures';

/**
 * Bayme's orders as the reports read them: an ad account's figures are those of the orders
 * attributed to its campaigns (the store knows campaigns, not accounts: an order names the
 * ad it came from), and orders that name no ad are read apart, for a range, never spread.
 */

export interface ReportingOrders {
  figures: OrderFigures;
  store: Pick<OrderStore, 'unattributedSums'>;
  /** Whether a shop is configured to send orders (ORDERS_SHOPS), even before the first. */
  shopsConfigured: () => boolean;
  /**
   * The account's campaign ids, deleted ones included (their orders still count). The
   * server's wiring lists them through EntitiesService (kept 30 s per account), so a
   * dashboard view costs at most one campaign listing per account and 30 seconds.
   */
  campaignIds: (advertiserId: string) => Promise<readonly string[]>;
  /**
   * The account's entities of a level, deleted ones included, with their names: an export
   * writes a row for each entity and day with orders but without delivery (export-bayme.ts).
   */
  entitiesOf: (
    advertiserId: string,
    level: 'campaign' | 'adgroup' | 'ad',
  ) => Promise<ReadonlyArray<{ id: string; name: string }>>;
}

interface Range {
  start: IsoDate;
  end: IsoDate;
}

/**
 * An account's figures for a span of days: the sum over its campaigns, with one entry per
 * day of the span, in order, when `daily` (else none). One read of the store.
 */
export function accountFigures(
  figures: OrderFigures,
  account: Pick<AdAccountView, 'timezone' | 'currency'>,
  campaignIds: readonly string[],
  range: Range,
  daily: boolean,
): { totals: BaymeFigures; daily: BaymeFigures[] } {
  const entities = figures.forEntities({
    level: 'campaign',
    entityIds: campaignIds,
    start: range.start,
    end: range.end,
    timeZone: account.timezone,
    currency: account.currency,
    daily,
  });
  return sumEntityFigures(entities.values(), daily ? eachDate(range.start, range.end) : []);
}

/**
 * The orders to report on, with when the newest one was received; null when the server takes
 * none (no shop configured and no order stored), so reports show no Bayme figures rather than
 * zeros. One query of the store.
 */
export function ordersInUse(
  orders: ReportingOrders | null | undefined,
): { orders: ReportingOrders; latestOrderAt: string | null } | null {
  if (!orders) return null;
  const latestOrderAt = orders.figures.latestOrderAt();
  return latestOrderAt === null && !orders.shopsConfigured() ? null : { orders, latestOrderAt };
}

/** Orders naming no TikTok ad, placed during the range's days in `timeZone`, per currency. */
export function unattributedOrders(
  store: ReportingOrders['store'],
  range: Range,
  timeZone: string,
): UnattributedOrders[] {
  const period = [
    startOfZonedDay(range.start, timeZone),
    endOfZonedDay(range.end, timeZone),
  ] as const;
  return unattributedOf(store.unattributedSums({ periods: [period] }));
}
