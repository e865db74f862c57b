import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isFreshWebhookTimestamp, signWebhook, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec-3b1f0c9a7e5d4c2b';
const BODY = '{"text":"Stop-loss CPA paused 3 ad groups.","bayme":{"event":"action"}}';

describe('webhook signatures', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', SECRET).update(`1765015200.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, '1765015200', BODY)).toBe(`sha256=${expected}`);
    expect(signWebhook(SECRET, '1765015200', BODY)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('verifies the signature of the same secret, time and bytes only', () => {
    const header = signWebhook(SECRET, '1765015200', BODY);
    expect(verifyWebhookSignature(SECRET, '1765015200', BODY, header)).toBe(true);
    expect(verifyWebhookSignature('another-secret', '1765015200', BODY, header)).toBe(false);
    // A replay with a new timestamp, or a body changed by one character, fails.
    expect(verifyWebhookSignature(SECRET, '1765015500', BODY, header)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '1765015200', `${BODY} `, header)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '1765015200', BODY, header.toUpperCase())).toBe(false);
  });

  it('answers false, without throwing, for a missing or shorter or longer header', () => {
    const header = signWebhook(SECRET, '1765015200', BODY);
    expect(verifyWebhookSignature(SECRET, '1765015200', BODY, undefined)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '1765015200', BODY, '')).toBe(false);
    expect(verifyWebhookSignature(SECRET, '1765015200', BODY, header.slice(0, -1))).toBe(false);
    expect(verifyWebhookSignature(SECRET, '1765015200', BODY, `${header}0`)).toBe(false);
    // Same number of characters, more bytes: still a clean false.
    expect(verifyWebhookSignature(SECRET, '1765015200', BODY, `${header.slice(0, -1)}é`)).toBe(
      false,
    );
  });

  it('accepts a timestamp within 5 minutes of now, either way, and nothing else', () => {
    const now = new Date(1_765_015_200_000);
    expect(isFreshWebhookTimestamp('1765015200', now)).toBe(true);
    expect(isFreshWebhookTimestamp('1765014900', now)).toBe(true);
    expect(isFreshWebhookTimestamp('1765014899', now)).toBe(false);
    expect(isFreshWebhookTimestamp('1765015501', now)).toBe(false);
    expect(isFreshWebhookTimestamp('1765015200.5', now)).toBe(false);
    expect(isFreshWebhookTimestamp('', now)).toBe(false);
  });
});
