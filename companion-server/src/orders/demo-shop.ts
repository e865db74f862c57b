/**
 * The demo shop of `npm start` with the built-in emulator: its name, and the one account
 * whose shop sells in another currency than the account's (picked by the account's
 * currency, not its name), so that the demo shows conversion with the day's rates.
 */

export const DEMO_SHOP = 'bayme-demo.myshopify.com';

export const FOREIGN_ACCOUNT_CURRENCY = 'JPY';
export const FOREIGN_SHOP_CURRENCY = 'USD';
/** Yen per dollar, about the rate of late 2026; the demo's daily rates vary ±2% around it. */
export const FOREIGN_RATE = 150;

/** The currency the demo shop sells in to an account's buyers. */
export function demoShopCurrency(accountCurrency: string): string {
  return accountCurrency === FOREIGN_ACCOUNT_CURRENCY ? FOREIGN_SHOP_CURRENCY : accountCurrency;
}
