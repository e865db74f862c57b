import { setQueryParams } from '../bulk-edits/landing-url-change';
import { lacksTrackingTemplate } from '../orders/attribution';
import { templateParams } from '../orders/tracking-template';

/**
 * A new ad's landing page with the tracking template's parameters it lacks added at the end
 * of its query (before any fragment), so that orders from its clicks name the ad. A parameter
 * the page already has is left as it is, value included: the buyer chose it. The URL is
 * edited as text by the bulk edits' own code (landing-url-change.ts), so every other byte
 * stays, and macros reach TikTok exactly as typed. Pure.
 */
export function withTrackingTemplate(
  url: string,
  template: string,
): { url: string; added: string[] } {
  const missing = new Set(lacksTrackingTemplate(url, template));
  const params = templateParams(template).filter((param) => missing.has(param.key));
  if (params.length === 0) return { url, added: [] };
  return { url: setQueryParams(url, params), added: params.map((param) => param.key) };
}
