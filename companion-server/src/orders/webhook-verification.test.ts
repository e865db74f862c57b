import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature } from './webhook-verification';

const SECRET = 'test-only-fake-webhook-secret-0001';
/** Its signature has a `+` and a `/`, so that the base64url case below differs from it. */
const BODY = Buffer.from('{"id":820982911946154508,"total_price":"12.50","n":0}', 'utf8');
/** Computed independently of the module, so that a wrong implementation cannot agree with itself. */
const SIGNATURE = createHmac('sha256', SECRET).update(BODY).digest('base64');

describe('webhookSignature', () => {
  it('is the base64 HMAC-SHA256 of the bytes', () => {
    expect(webhookSignature(BODY, SECRET)).toBe(SIGNATURE);
    expect(SIGNATURE).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts the signature of the exact bytes', () => {
    expect(verifyWebhookSignature(BODY, SIGNATURE, SECRET)).toBe(true);
  });

  it('tolerates spaces around the header value', () => {
    expect(verifyWebhookSignature(BODY, ` ${SIGNATURE} `, SECRET)).toBe(true);
  });

  it('refuses another secret', () => {
    expect(verifyWebhookSignature(BODY, SIGNATURE, 'test-only-other-secret-00002')).toBe(false);
  });

  it('refuses a body changed by one byte', () => {
    const changed = Buffer.from(BODY);
    changed[BODY.indexOf('12.50') + 3] = 0x31; // "12.50" → "12.10"
    expect(changed.equals(BODY)).toBe(false);
    expect(verifyWebhookSignature(changed, SIGNATURE, SECRET)).toBe(false);
  });

  it('refuses the same JSON serialized again', () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8'))));
    expect(verifyWebhookSignature(reserialized, SIGNATURE, SECRET)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['truncated', SIGNATURE.slice(0, 40)],
    ['too long', `${SIGNATURE}AAAA`],
    ['hex instead of base64', createHmac('sha256', SECRET).update(BODY).digest('hex')],
    ['base64url alphabet', SIGNATURE.replace(/\+/g, '-').replace(/\//g, '_')],
    [
      'junk characters that a lenient decoder would skip',
      `${SIGNATURE.slice(0, 20)}!${SIGNATURE.slice(20)}`,
    ],
    ['without padding', SIGNATURE.slice(0, 43)],
  ])('refuses a %s header as a mismatch', (_label, header) => {
    if (header === SIGNATURE) throw new Error('the case must differ from the signature');
    expect(verifyWebhookSignature(BODY, header, SECRET)).toBe(false);
  });

  it('refuses a well-formed signature of other bytes', () => {
    const other = createHmac('sha256', SECRET).update('{}').digest('base64');
    expect(verifyWebhookSignature(BODY, other, SECRET)).toBe(false);
  });
});
