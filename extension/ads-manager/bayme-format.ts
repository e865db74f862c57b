import type { BaymeValues, EntityMetrics } from '../../companion-server/src/contract/ads-manager';
import { formatCount, formatMoney } from './metrics-format';

/**
 * Bayme's own figures beside TikTok's, as the card says them: how far the shop's revenue is
 * from the purchase value TikTok claims for the same row and range, and the revenue Bayme
 * could not convert to the account's currency (no rate for its day), said apart, never added.
 */

/**
 * Bayme revenue against TikTok's purchase value (TikTok's ROAS × spend), in percent:
 * -32 means the shop saw 32 % less than TikTok claims. Null when either side is missing or
 * TikTok claims nothing (no percentage of zero).
 */
export function purchaseValueGap(row: EntityMetrics): number | null {
  const { roas, spend } = row.current;
  if (!row.bayme || roas === null || spend === null) return null;
  const tiktok = roas * spend;
  return tiktok > 0 ? ((row.bayme.revenue - tiktok) / tiktok) * 100 : null;
}

/** "+12%", "−32%", "0%": signed, whole percents (the figures behind it are not that exact). */
export function formatGap(percent: number | null): string {
  if (percent === null) return 'n/a';
  const whole = Math.round(percent);
  return whole > 0 ? `+${whole}%` : whole < 0 ? `−${-whole}%` : '0%';
}

/** "€120.50 (3 orders) · ¥2,000 (1 order)": each currency's unconverted revenue. */
export function formatUnconverted(unconverted: BaymeValues['unconverted']): string {
  return unconverted
    .map(
      ({ currency, revenue, orders }) =>
        `${formatMoney(revenue, currency)} (${formatCount(orders)} order${orders === 1 ? '' : 's'})`,
    )
    .join(' · ');
}
