import { BAYME_APP_ID } from '../../companion-server/src/config';
import {
  createMarketingApiClient,
  type MarketingApiClientConfig,
} from '../../companion-server/src/marketing-api/client';
import type { TransportEvent } from '../../companion-server/src/marketing-api/transport';
import type { TestEmulator } from './emulator';

/**
 * A Marketing API client pointed at a test emulator. Retries back off quickly (tests
 * should not sleep for seconds) and with pinned jitter; everything else is as in production.
 */
export function clientFor(
  emulator: TestEmulator,
  overrides: Partial<MarketingApiClientConfig> = {},
) {
  const events: TransportEvent[] = [];
  const client = createMarketingApiClient({
    mode: 'emulator',
    origin: emulator.url,
    appId: BAYME_APP_ID,
    appSecret: emulator.server.runtime.options.appSecret,
    tier: 'ultimate',
    retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 },
    random: () => 0.5,
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { client, events };
}

/**
 * Go through the emulator's consent page as a browser would: open the authorization URL,
 * tick the given ad accounts (all of them when omitted) and press Authorize. Returns the
 * query of the redirect TikTok would send the browser to.
 */
export async function authorizeThroughConsentPage(
  authorizationUrl: string,
  advertiserIds?: string[],
): Promise<URLSearchParams> {
  const page = await fetch(authorizationUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`Consent page answered ${page.status}: ${html}`);
  const offered = [...html.matchAll(/name="advertiser_ids" value="(\d+)"/g)].map((m) => m[1] ?? '');
  const hidden = (name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
  const form = new URLSearchParams({
    app_id: hidden('app_id'),
    redirect_uri: hidden('redirect_uri'),
    state: hidden('state'),
    action: 'authorize',
  });
  for (const id of advertiserIds ?? offered) form.append('advertiser_ids', id);
  const confirm = await fetch(new URL('/portal/auth/confirm', authorizationUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  const location = confirm.headers.get('location');
  if (confirm.status !== 302 || !location) {
    throw new Error(`Expected a redirect, got ${confirm.status}: ${await confirm.text()}`);
  }
  return new URL(location).searchParams;
}
