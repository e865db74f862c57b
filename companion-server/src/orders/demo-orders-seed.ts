import type { EmulatorRuntime } from '../../emulator/runtime';
import { zonedDate } from '../lib/time-zone';
import { type DemoDelivery, generateDemoOrders } from './demo-orders';
import { emulatorDeliveries } from './demo-orders-source';
import { FOREIGN_ACCOUNT_CURRENCY, FOREIGN_RATE, FOREIGN_SHOP_CURRENCY } from './demo-shop';
import type { OrderStore } from './order-store';

/**
 * Fills an empty order store with demo orders that follow the built-in emulator's last 30
 * days (`npm start` without TikTok credentials only: the caller, server.ts, checks). A store
 * holding any order is left alone, so a second start adds nothing and orders someone sent
 * or imported are never mixed with generated ones after the first start.
 */

const DEMO_DAYS = 30;
/**
 * An order's value in the shop's currency, for accounts that report no purchase value to
 * TikTok (the emulator's Japanese account): the shop still sells, so its conversions still
 * become orders, and Bayme's ROAS shows where TikTok's has none.
 */
const AVERAGE_ORDER_VALUE = 60;

export interface DemoSeed {
  orders: number;
  refunds: number;
  rates: number;
  /** How long reading the emulator's figures, generating and writing took. */
  elapsedMs: number;
}

export function seedDemoOrders(
  store: OrderStore,
  runtime: EmulatorRuntime,
  shop: string,
): DemoSeed | null {
  if (store.counts().orders > 0) return null;
  const started = performance.now();
  // The emulator's clock, not the server's: the orders follow the figures TikTok shows.
  const nowMs = runtime.clock.now();
  const foreign = [...runtime.state.advertisers.values()].find(
    (advertiser) => advertiser.currency === FOREIGN_ACCOUNT_CURRENCY,
  );
  const foreignAccount = foreign?.advertiser_id ?? null;
  const deliveries = emulatorDeliveries(runtime, DEMO_DAYS, nowMs).map((delivery) =>
    withPurchaseValue(delivery, delivery.advertiserId === foreignAccount ? FOREIGN_RATE : 1),
  );
  const zones = new Map(
    [...runtime.state.advertisers.values()].map((a) => [a.advertiser_id, a.timezone]),
  );
  const demo = generateDemoOrders(deliveries, {
    shop,
    foreignAccount,
    foreignCurrency: FOREIGN_SHOP_CURRENCY,
    foreignRate: FOREIGN_RATE,
    nowMs,
    today: (advertiserId) => zonedDate(nowMs, zones.get(advertiserId) ?? 'UTC'),
  });
  const counts = store.importAll(demo.orders, demo.refunds);
  store.setRates(demo.rates);
  return {
    orders: counts.orders.inserted,
    refunds: counts.refunds.inserted,
    rates: demo.rates.length,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** `unitsPerShopUnit`: the account's currency per unit of its shop's currency. */
function withPurchaseValue(delivery: DemoDelivery, unitsPerShopUnit: number): DemoDelivery {
  if (delivery.purchaseValue > 0 || delivery.conversions <= 0) return delivery;
  return {
    ...delivery,
    purchaseValue: delivery.conversions * AVERAGE_ORDER_VALUE * unitsPerShopUnit,
  };
}
