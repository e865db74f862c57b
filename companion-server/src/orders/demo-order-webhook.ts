import { randomUUID } from 'node:crypto';
import { SHOPIFY_HEADERS } from '../contract/orders';
import { webhookSignature } from './webhook-verification';

/**
 * A Shopify-style order webhook as a shop would send it, for `npm run orders -- send` (and
 * the benchmarks): an orders/create body with the customer's personal data Shopify includes
 * (all made up, and all of it dropped by the server at the door), its landing page carrying
 * the tracking template's TikTok parameters, and the headers Shopify signs it with; and the
 * refunds/create that gives the order's money back.
 */

export interface DemoAd {
  campaignId: string;
  adgroupId: string;
  adId: string;
}

export interface DemoOrderInput {
  /** Shopify's order id: digits, written as a bare JSON integer as Shopify does. */
  orderId: string;
  placedAt: Date;
  currency: string;
  /** A decimal string with two places, as Shopify writes amounts. */
  totalPrice: string;
  /** The ad clicked; null: a visit from elsewhere (no TikTok parameters, unattributed). */
  ad: DemoAd | null;
  /** TikTok's click id on the landing page. */
  ttclid: string;
  /** Money given back, in full, at this time (a refund in the order's refunds). */
  refund?: { refundId: string; refundedAt: Date };
  /** A Shopify test order (test checkouts): not revenue. */
  test?: boolean;
}

export interface DemoRefundInput {
  refundId: string;
  orderId: string;
  refundedAt: Date;
  currency: string;
  amount: string;
}

export interface WebhookRequest {
  topic: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * Made-up personal data, as Shopify puts it in an order: the server must keep none of it
 * (test/companion/orders-demo.test.ts looks for it in the data directory).
 */
export const DEMO_CUSTOMER = {
  firstName: 'Demo',
  lastName: 'Buyer',
  email: 'demo.buyer@example.invalid',
  phone: '+1-555-0100',
  address: '1 Example Street',
  city: 'Sampletown',
  zip: '00000',
  ip: '192.0.2.10',
  userAgent: 'Mozilla/5.0 (demo)',
} as const;

const DIGITS = /^\d{1,20}$/;
/** Stand-ins for the ids in the JSON text, replaced by their bare digits (bareIds). */
const ORDER_ID = '@order-id';
const REFUND_ID = '@refund-id';

/** The landing page of a click on the ad, with the default tracking template's parameters. */
export function demoLandingSite(ad: DemoAd, ttclid: string): string {
  const query = new URLSearchParams({
    utm_source: 'tiktok',
    campaign_id: ad.campaignId,
    adgroup_id: ad.adgroupId,
    ad_id: ad.adId,
    ttclid,
  });
  return `/products/linen-throw?${query.toString()}`;
}

export function demoOrderBody(input: DemoOrderInput): string {
  const at = input.placedAt.toISOString();
  const c = DEMO_CUSTOMER;
  const address = {
    first_name: c.firstName,
    last_name: c.lastName,
    address1: c.address,
    city: c.city,
    zip: c.zip,
    country_code: 'US',
    phone: c.phone,
  };
  const order = {
    id: ORDER_ID,
    name: `#${input.orderId.slice(-5)}`,
    email: c.email,
    contact_email: c.email,
    phone: c.phone,
    browser_ip: c.ip,
    created_at: at,
    processed_at: at,
    updated_at: at,
    cancelled_at: null,
    test: input.test ?? false,
    currency: input.currency,
    presentment_currency: input.currency,
    total_price: input.totalPrice,
    current_total_price: input.totalPrice,
    subtotal_price: input.totalPrice,
    financial_status: 'paid',
    landing_site: input.ad
      ? demoLandingSite(input.ad, input.ttclid)
      : '/products/linen-throw?utm_source=newsletter',
    referring_site: 'https://www.tiktok.com/',
    note: 'Please leave the parcel with the neighbour.',
    customer: {
      id: 207_119_551,
      email: c.email,
      first_name: c.firstName,
      last_name: c.lastName,
      phone: c.phone,
      default_address: address,
    },
    billing_address: address,
    shipping_address: address,
    client_details: { browser_ip: c.ip, user_agent: c.userAgent },
    line_items: [
      {
        id: 866_550_311,
        title: 'Linen throw',
        quantity: 1,
        price: input.totalPrice,
        sku: 'LT-01',
      },
    ],
    refunds: input.refund
      ? [
          refundResource({
            ...input.refund,
            orderId: input.orderId,
            currency: input.currency,
            amount: input.totalPrice,
          }),
        ]
      : [],
  };
  return bareIds(JSON.stringify(order), input.orderId, input.refund?.refundId);
}

export function demoRefundBody(input: DemoRefundInput): string {
  return bareIds(JSON.stringify(refundResource(input)), input.orderId, input.refundId);
}

function refundResource(input: DemoRefundInput) {
  return {
    id: REFUND_ID,
    order_id: ORDER_ID,
    created_at: input.refundedAt.toISOString(),
    note: `Refund asked by ${DEMO_CUSTOMER.email}`,
    restock: true,
    transactions: [
      {
        kind: 'refund',
        status: 'success',
        amount: input.amount,
        currency: input.currency,
        gateway: 'bogus',
        receipt: { email: DEMO_CUSTOMER.email },
      },
    ],
  };
}

/** Shopify writes ids as bare JSON integers, longer than a double keeps exactly. */
function bareIds(json: string, orderId: string, refundId: string | undefined): string {
  if (!DIGITS.test(orderId) || (refundId !== undefined && !DIGITS.test(refundId))) {
    throw new Error('Shopify order and refund ids are digits only.');
  }
  return json.replaceAll(`"${ORDER_ID}"`, orderId).replaceAll(`"${REFUND_ID}"`, refundId ?? '');
}

/** The request Shopify would make: the body signed with the shop's webhook secret. */
export function shopifyWebhookRequest(
  topic: string,
  body: string,
  options: { shop: string; secret: string; now: Date; deliveryId?: string },
): WebhookRequest {
  return {
    topic,
    body,
    headers: {
      'content-type': 'application/json',
      [SHOPIFY_HEADERS.topic]: topic,
      [SHOPIFY_HEADERS.shop]: options.shop,
      [SHOPIFY_HEADERS.deliveryId]: options.deliveryId ?? randomUUID(),
      [SHOPIFY_HEADERS.triggeredAt]: options.now.toISOString(),
      'x-shopify-api-version': '2025-10',
      [SHOPIFY_HEADERS.signature]: webhookSignature(Buffer.from(body, 'utf8'), options.secret),
    },
  };
}
