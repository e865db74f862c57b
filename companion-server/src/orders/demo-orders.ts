import { unitNoise as noise } from '../../emulator/core/random';
import { endOfZonedDay, type IsoDate, startOfZonedDay } from '../lib/time-zone';
import type { CurrencyRate, OrderRecord, RefundRecord } from './order-store';

/**
 * Demo orders for the emulator's ad accounts, so that someone running `npm start` for the
 * first time sees Bayme's ROAS beside TikTok's at once. They follow TikTok's own figures
 * (the emulator's purchases per ad and day), as a shop's orders would: most purchases
 * TikTok counts become an order carrying the ad's ids, a share of the shop's orders come
 * with no TikTok parameters (unattributed), a few are refunded some days later, and one
 * account's shop sells in another currency than the account's, with rates for every day
 * but today's (so both a converted figure and revenue kept apart can be seen).
 *
 * Deterministic: the same deliveries give the same orders (and order ids) on every start,
 * so generating them again changes nothing in the store.
 */

/** One ad's TikTok figures for one day of its account. */
export interface DemoDelivery {
  advertiserId: string;
  currency: string;
  timeZone: string;
  campaignId: string;
  adgroupId: string;
  adId: string;
  date: IsoDate;
  conversions: number;
  /** TikTok's purchase value for the day, in the account's currency. */
  purchaseValue: number;
}

export interface DemoOrdersOptions {
  shop: string;
  /** The account whose shop sells in `foreignCurrency` (its orders and refunds). */
  foreignAccount: string | null;
  foreignCurrency: string;
  /** Units of the account's currency per unit of the foreign one. */
  foreignRate: number;
  /** Today in each account's zone: no rate is given for it, and nothing after now is made. */
  nowMs: number;
  today: (advertiserId: string) => IsoDate;
}

export interface DemoOrders {
  orders: OrderRecord[];
  refunds: RefundRecord[];
  rates: CurrencyRate[];
}

/** How many of TikTok's purchases the shop sees as orders from the ad (the gap buyers see). */
const MATCH_LOW = 0.55;
const MATCH_HIGH = 1.15;
/** The share of orders that arrive with no TikTok parameters (unattributed). */
const UNATTRIBUTED_SHARE = 0.2;
const REFUND_SHARE = 0.04;
const MICROS = 1_000_000;
const HOUR_MS = 3_600_000;

function toMicros(amount: number): number {
  return Math.round(amount * MICROS);
}

/** A time of the day, weighted to the afternoon and evening, never after now. */
function timeOn(delivery: DemoDelivery, key: string, nowMs: number): number | null {
  const start = startOfZonedDay(delivery.date, delivery.timeZone);
  const end = endOfZonedDay(delivery.date, delivery.timeZone);
  const skew = Math.sqrt(noise(`${key}|time`));
  const at = Math.floor(start + (end - start) * skew);
  return at < nowMs ? at : null;
}

export function generateDemoOrders(
  deliveries: readonly DemoDelivery[],
  options: DemoOrdersOptions,
): DemoOrders {
  const orders: OrderRecord[] = [];
  const refunds: RefundRecord[] = [];
  const foreignDays = new Map<IsoDate, { to: string }>();
  for (const delivery of deliveries) {
    if (delivery.conversions <= 0 || delivery.purchaseValue <= 0) continue;
    const key = `${delivery.adId}|${delivery.date}`;
    const factor = MATCH_LOW + (MATCH_HIGH - MATCH_LOW) * noise(`${delivery.adId}|match`);
    const count = Math.round(delivery.conversions * factor);
    const average = delivery.purchaseValue / delivery.conversions;
    const foreign = delivery.advertiserId === options.foreignAccount;
    const currency = foreign ? options.foreignCurrency : delivery.currency;
    if (foreign) foreignDays.set(delivery.date, { to: delivery.currency });
    for (let n = 0; n < count; n += 1) {
      const orderKey = `${key}|${n}`;
      const placedAtMs = timeOn(delivery, orderKey, options.nowMs);
      if (placedAtMs === null) continue;
      const local = average * (0.6 + 0.8 * noise(`${orderKey}|value`));
      const amount = foreign ? local / options.foreignRate : local;
      const attributed = noise(`${orderKey}|source`) >= UNATTRIBUTED_SHARE;
      const orderId = `demo-${delivery.adId}-${delivery.date.replaceAll('-', '')}-${n}`;
      const revenueMicros = toMicros(Math.round(amount * 100) / 100);
      orders.push({
        shop: options.shop,
        orderId,
        placedAtMs,
        currency,
        revenueMicros,
        click: {
          campaignId: attributed ? delivery.campaignId : null,
          adgroupId: attributed ? delivery.adgroupId : null,
          adId: attributed ? delivery.adId : null,
          ttclid: attributed ? `demo${Math.floor(noise(`${orderKey}|click`) * 1e12)}` : null,
          clickedAtMs: attributed
            ? placedAtMs - Math.floor(noise(`${orderKey}|lag`) * 36 * HOUR_MS)
            : null,
        },
        sourceUpdatedAtMs: placedAtMs,
        cancelled: false,
      });
      if (noise(`${orderKey}|refund`) < REFUND_SHARE) {
        const refundedAtMs =
          placedAtMs + Math.floor((1 + noise(`${orderKey}|later`) * 5) * 24 * HOUR_MS);
        if (refundedAtMs < options.nowMs) {
          refunds.push({
            shop: options.shop,
            refundId: `${orderId}-r`,
            orderId,
            refundedAtMs,
            currency,
            amountMicros: revenueMicros,
          });
        }
      }
    }
  }
  const rates: CurrencyRate[] = [];
  const todayForeign = options.foreignAccount ? options.today(options.foreignAccount) : null;
  for (const [day, { to }] of [...foreignDays.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (day === todayForeign) continue;
    const rate = options.foreignRate * (0.98 + 0.04 * noise(`${day}|rate`));
    rates.push({ day, from: options.foreignCurrency, to, rate: rate.toFixed(4) });
  }
  return { orders, refunds, rates };
}
