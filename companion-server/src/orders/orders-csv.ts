import { MAX_IMPORT_CSV_BYTES } from '../contract/orders';
import type { ClickIds } from './attribution';
import { clickParametersOf } from './attribution';
import { type CsvProblem, MAX_PROBLEMS, readCsvTable } from './csv-table';
import { AmountFormatError, parseAmountMicros } from './money';
import { parseInstant } from './order-payload';
import type { OrderRecord, RefundRecord } from './order-store';

/**
 * The admin's import of past orders, one order per row:
 *
 * | column | required | what |
 * |---|---|---|
 * | shop | yes | the shop's domain or name, as its webhooks name it (compared in lower case) |
 * | order_id | yes | the shop's id of the order |
 * | placed_at | yes | ISO 8601 with zone: `2026-12-01T18:04:11+01:00` |
 * | currency | yes | ISO 4217: `EUR` |
 * | revenue | yes | before refunds, a decimal with a point: `120.50` |
 * | refunded | no | the total refunded, counted on `refunded_at`'s day |
 * | refunded_at | with refunded | ISO 8601 with zone |
 * | landing_url | no | the landing page's URL (or path and query) with TikTok's parameters |
 * | campaign_id, adgroup_id, ad_id, ttclid | no | the click's ids, when not in landing_url; a cell here wins over the URL |
 * | clicked_at | no | when the click happened (ISO 8601 with zone); empty: unknown |
 *
 * Every row is checked and every problem reported at its line and column; one problem and
 * nothing is imported. Columns of personal data (emails, names, phones, addresses, IPs…) are
 * refused, not skipped: a skipped column would let an admin believe it had been kept, and
 * Bayme keeps none. Any other unknown column is refused too, for the same reason.
 *
 * An imported order's version is its placed_at: a webhook's later version of the same order
 * wins over the file, and importing the same file again changes nothing.
 */

export const ORDER_COLUMNS = [
  'shop',
  'order_id',
  'placed_at',
  'currency',
  'revenue',
  'refunded',
  'refunded_at',
  'landing_url',
  'campaign_id',
  'adgroup_id',
  'ad_id',
  'ttclid',
  'clicked_at',
] as const;
export const REQUIRED_ORDER_COLUMNS = ['shop', 'order_id', 'placed_at', 'currency', 'revenue'];

export const MAX_ORDER_ROWS = 100_000;
export const MAX_ORDERS_CSV_BYTES = MAX_IMPORT_CSV_BYTES;

/** The refund a row's `refunded` makes: one per order, so importing again replaces it. */
export const csvRefundId = (orderId: string) => `${orderId}:csv`;

export type OrdersCsvReading =
  | { ok: true; orders: OrderRecord[]; refunds: RefundRecord[] }
  | { ok: false; problems: CsvProblem[] };

export function readOrdersCsv(text: string): OrdersCsvReading {
  const table = readCsvTable(text, {
    columns: ORDER_COLUMNS,
    required: REQUIRED_ORDER_COLUMNS,
    refuse: personalDataRefusal,
    maxRows: MAX_ORDER_ROWS,
    maxBytes: MAX_ORDERS_CSV_BYTES,
  });
  if (!table.ok) return table;

  const problems: CsvProblem[] = [];
  const orders: OrderRecord[] = [];
  const refunds: RefundRecord[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of table.rows) {
    if (problems.length >= MAX_PROBLEMS) break;
    const cell = (column: (typeof ORDER_COLUMNS)[number]) => row.cells.get(column) ?? '';
    const problem = (column: string | null, message: string) =>
      problems.push({ line: row.line, column, message });
    const before = problems.length;

    const shop = cell('shop').toLowerCase();
    if (!SHOP.test(shop))
      problem(
        'shop',
        "Give the shop's domain or name (letters, digits, dots, dashes; at most 255).",
      );
    const orderId = cell('order_id');
    if (!SHOP_ID.test(orderId)) {
      problem('order_id', "Give the order's id: 1 to 100 characters, no spaces.");
    }
    const key = `${shop}\n${orderId}`;
    const first = firstLineOf.get(key);
    if (first !== undefined)
      problem('order_id', `This order is already on line ${first}; keep one row per order.`);
    else firstLineOf.set(key, row.line);

    const placedAtMs = instant(cell('placed_at'), 'placed_at', problem, true);
    const currency = cell('currency').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency))
      problem('currency', 'Give a three-letter currency code such as EUR.');
    const revenueMicros = amount(cell('revenue'), 'revenue', problem, true);

    const refundedMicros = amount(cell('refunded'), 'refunded', problem, false);
    const refundedAtMs = instant(cell('refunded_at'), 'refunded_at', problem, false);
    if (
      refundedMicros !== null &&
      refundedMicros > 0 &&
      refundedAtMs === null &&
      cell('refunded_at') === ''
    ) {
      problem('refunded_at', 'Say when the refund happened: it is counted on that day.');
    }
    if (refundedAtMs !== null && refundedMicros === null && cell('refunded') === '') {
      problem('refunded', 'Give the amount refunded, or leave refunded_at empty.');
    }
    if (refundedMicros !== null && revenueMicros !== null && refundedMicros > revenueMicros) {
      problem('refunded', 'The refund is larger than the revenue; check both.');
    }
    if (refundedAtMs !== null && placedAtMs !== null && refundedAtMs < placedAtMs) {
      problem('refunded_at', 'The refund is before the order was placed; check both times.');
    }

    const landing = cell('landing_url');
    if (landing.length > 8_192) problem('landing_url', 'The URL is longer than 8192 characters.');
    const explicit: Partial<ClickIds> = {};
    for (const [column, field] of CLICK_COLUMNS) {
      const value = cell(column);
      if (value === '') continue;
      const id = clickParametersOf({ [column]: value })[field];
      if (id === null) problem(column, CLICK_COLUMN_HELP[field]);
      else explicit[field] = id;
    }
    const clickedAtMs = instant(cell('clicked_at'), 'clicked_at', problem, false);
    if (clickedAtMs !== null && placedAtMs !== null && clickedAtMs > placedAtMs) {
      problem('clicked_at', 'The click is after the order was placed, so it did not lead to it.');
    }

    if (problems.length > before || placedAtMs === null || revenueMicros === null) continue;
    orders.push({
      shop,
      orderId,
      placedAtMs,
      currency,
      revenueMicros,
      click: { ...clickParametersOf(landing === '' ? null : landing), ...explicit, clickedAtMs },
      sourceUpdatedAtMs: placedAtMs,
      cancelled: false,
    });
    if (refundedMicros !== null && refundedMicros > 0 && refundedAtMs !== null) {
      refunds.push({
        shop,
        refundId: csvRefundId(orderId),
        orderId,
        refundedAtMs,
        currency,
        amountMicros: refundedMicros,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, orders, refunds };
}

const SHOP = /^[a-z0-9][a-z0-9.-]{0,254}$/;
const SHOP_ID = /^[\x21-\x7e]{1,100}$/;

const CLICK_COLUMNS = [
  ['campaign_id', 'campaignId'],
  ['adgroup_id', 'adgroupId'],
  ['ad_id', 'adId'],
  ['ttclid', 'ttclid'],
] as const;

const TIKTOK_ID_HELP =
  "Give TikTok's id as its digits (up to 20). A spreadsheet may have turned it into a number such as 1.8E+18: format the column as text and paste the ids again.";
const CLICK_COLUMN_HELP: Record<keyof ClickIds, string> = {
  campaignId: TIKTOK_ID_HELP,
  adgroupId: TIKTOK_ID_HELP,
  adId: TIKTOK_ID_HELP,
  ttclid: 'This is not a TikTok click id (letters, digits and . _ ~ + / = -, at most 500).',
};

type Report = (column: string, message: string) => void;

function instant(text: string, column: string, problem: Report, required: boolean): number | null {
  if (text === '') {
    if (required) problem(column, 'This cell is required.');
    return null;
  }
  const ms = parseInstant(text);
  if (ms === null) {
    problem(column, 'Give a date and time with its zone, e.g. 2026-12-01T18:04:11+01:00.');
  }
  return ms;
}

function amount(text: string, column: string, problem: Report, required: boolean): number | null {
  if (text === '') {
    if (required) problem(column, 'This cell is required.');
    return null;
  }
  try {
    return parseAmountMicros(text);
  } catch (error) {
    if (!(error instanceof AmountFormatError)) throw error;
    problem(column, `${error.message.replace(/\.$/, '')}: write it like 120.50.`);
    return null;
  }
}

/**
 * Words that make a column personal data: Bayme keeps none (the seed's disclosure promises
 * no unrelated personal data). `name` is personal unless it names an ad's or a product's.
 */
const PERSONAL_WORDS = new Set([
  'email',
  'mail',
  'phone',
  'telephone',
  'tel',
  'mobile',
  'address',
  'address1',
  'address2',
  'street',
  'city',
  'zip',
  'zipcode',
  'postcode',
  'postal',
  'ip',
  'agent',
  'customer',
  'firstname',
  'lastname',
  'fullname',
  'billing',
  'shipping',
  'note',
  'notes',
  'birthday',
  'birthdate',
  'dob',
]);
const NOT_A_PERSON = new Set([
  'campaign',
  'adgroup',
  'group',
  'ad',
  'product',
  'shop',
  'store',
  'item',
]);

export function personalDataRefusal(column: string): string | null {
  const words = column
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const personal =
    words.some((word) => PERSONAL_WORDS.has(word)) ||
    (words.includes('name') && !words.some((word) => NOT_A_PERSON.has(word)));
  return personal
    ? 'This column holds personal data, which Bayme does not keep. Remove the column and import again.'
    : null;
}
