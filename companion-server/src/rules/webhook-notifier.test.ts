import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebhookDelivery } from '../contract/rules';
import { SqlDatabase } from '../storage/sql-database';
import { RULES_ROOM } from './rules-migrations';
import {
  parseRetryAfter,
  type WebhookMessage,
  WebhookNotifier,
  type WebhookNotifierDeps,
} from './webhook-notifier';
import { isFreshWebhookTimestamp, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec-6f2d9b0e4a1c8d7e';
/** A Slack-like URL: its path and query are the secret. */
const SECRET_PATH = '/services/T0000/B0000/XXXXsecretXXXX?token=alsoSecret';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer = (res: ServerResponse, request: Received, index: number) => void;

/** A webhook receiver on loopback that answers the n-th request with answers[n] (or the last). */
async function startReceiver(answers: Answer[]) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const answer = answers[requests.length - 1] ?? answers.at(-1);
      answer?.(res, request, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${SECRET_PATH}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const answerWith =
  (status: number, body = '', headers: Record<string, string> = {}): Answer =>
  (res) => {
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  };
/** Never answers: the request hangs until the client gives up. */
const hang: Answer = () => undefined;

function message(overrides: Partial<WebhookMessage> = {}): WebhookMessage {
  return {
    url: null,
    event: 'action',
    ruleId: 'rule_stop_loss',
    ruleName: 'Stop-loss CPA',
    text: 'Stop-loss CPA paused 2 ad groups: <!channel> & friends.',
    details: { runId: 'run_000001', entityIds: ['1800000000000000001', '1800000000000000002'] },
    ...overrides,
  };
}

describe('WebhookNotifier', () => {
  let dir: string;
  let db: SqlDatabase;
  const notifiers: WebhookNotifier[] = [];
  const receivers: { close(): Promise<void> }[] = [];

  const open = (deps: Partial<WebhookNotifierDeps>) => {
    const notifier = new WebhookNotifier({
      db,
      secret: SECRET,
      defaultUrl: null,
      log: pino({ level: 'silent' }),
      retryDelaysMs: [20, 20],
      attemptTimeoutMs: 2_000,
      closeWaitMs: 50,
      ...deps,
    });
    notifiers.push(notifier);
    return notifier;
  };
  const receiver = async (answers: Answer[]) => {
    const started = await startReceiver(answers);
    receivers.push(started);
    return started;
  };
  const settled = async (notifier: WebhookNotifier, id: string): Promise<WebhookDelivery> => {
    let found: WebhookDelivery | undefined;
    await vi.waitFor(
      () => {
        found = notifier.listDeliveries({ limit: 100 }).find((d) => d.id === id);
        expect(found?.status).not.toBe('pending');
      },
      { timeout: 5_000, interval: 5 },
    );
    if (found === undefined) throw new Error(`delivery ${id} vanished`);
    return found;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'webhook-notifier-'));
    db = SqlDatabase.open({ file: join(dir, 'bayme.sqlite'), rooms: [RULES_ROOM] });
  });
  afterEach(async () => {
    for (const notifier of notifiers.splice(0)) await notifier.close();
    for (const started of receivers.splice(0)) await started.close();
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('posts a signed, Slack-compatible message and logs it without the URL’s secrets', async () => {
    const hook = await receiver([answerWith(200, 'ok')]);
    const notifier = open({ defaultUrl: hook.url });
    const queued = notifier.notify(message());
    expect(queued.status).toBe('pending');

    const delivered = await settled(notifier, queued.id);
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
      lastError: null,
      urlOrigin: hook.origin,
      event: 'action',
      ruleId: 'rule_stop_loss',
      ruleName: 'Stop-loss CPA',
    });
    expect(delivered.urlHash).toMatch(/^[0-9a-f]{12}$/);
    expect(delivered.deliveredAt).not.toBe(null);

    const [request] = hook.requests;
    if (request === undefined) throw new Error('nothing received');
    const timestamp = String(request.headers['x-bayme-timestamp']);
    const signature = request.headers['x-bayme-signature'];
    expect(request.headers['content-type']).toBe('application/json');
    expect(verifyWebhookSignature(SECRET, timestamp, request.body, String(signature))).toBe(true);
    expect(isFreshWebhookTimestamp(timestamp, new Date())).toBe(true);
    expect(JSON.parse(request.body)).toEqual({
      text: 'Stop-loss CPA paused 2 ad groups: &lt;!channel&gt; &amp; friends.',
      bayme: {
        deliveryId: queued.id,
        event: 'action',
        ruleId: 'rule_stop_loss',
        ruleName: 'Stop-loss CPA',
        details: message().details,
      },
    });

    // Neither the log nor the table keeps the URL's path or query once it is delivered.
    const everything = JSON.stringify(db.prepare('SELECT * FROM webhook_deliveries').all());
    expect(everything).not.toContain('secret');
    expect(everything).not.toContain('alsoSecret');
  });

  it('retries a 500 and delivers on the next attempt, with the same body', async () => {
    const hook = await receiver([answerWith(500, 'oops'), answerWith(200)]);
    const notifier = open({ defaultUrl: hook.url });
    const delivered = await settled(notifier, notifier.notify(message()).id);
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 2,
      responseStatus: 200,
      lastError: 'HTTP 500: oops',
    });
    expect(hook.requests).toHaveLength(2);
    expect(hook.requests[1]?.body).toBe(hook.requests[0]?.body);
  });

  it('does not retry a 400, and says what the receiver answered', async () => {
    const hook = await receiver([answerWith(400, 'invalid_payload'), answerWith(200)]);
    const notifier = open({ defaultUrl: hook.url });
    const failed = await settled(notifier, notifier.notify(message()).id);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      responseStatus: 400,
      lastError: 'HTTP 400: invalid_payload',
    });
    // Past the retry delays, still one request.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hook.requests).toHaveLength(1);
  });

  it('gives up on a receiver that never answers after the retries, each attempt timed out', async () => {
    const hook = await receiver([hang]);
    const notifier = open({ defaultUrl: hook.url, attemptTimeoutMs: 100 });
    const failed = await settled(notifier, notifier.notify(message()).id);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 3,
      responseStatus: null,
      lastError: 'No answer within 0.1 s.',
    });
    expect(hook.requests).toHaveLength(3);
  });

  it('retries a receiver that is down, then records the failure', async () => {
    const gone = await startReceiver([answerWith(200)]);
    await gone.close();
    const notifier = open({ defaultUrl: gone.url });
    const failed = await settled(notifier, notifier.notify(message()).id);
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
  });

  it('honours Retry-After on a 429, up to the cap', async () => {
    const later = await receiver([
      answerWith(429, 'rate_limited', { 'retry-after': '3600' }),
      answerWith(200),
    ]);
    // The back-off alone would wait a minute; the capped Retry-After waits 30 ms.
    const notifier = open({ defaultUrl: later.url, retryDelaysMs: [60_000], maxRetryAfterMs: 30 });
    const delivered = await settled(notifier, notifier.notify(message()).id);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(parseRetryAfter('120', new Date())).toBe(120_000);
    const now = new Date('2026-12-06T10:00:00Z');
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBe(null);
  });

  it('does not follow a redirect with a signed message', async () => {
    const elsewhere = await receiver([answerWith(200)]);
    const hook = await receiver([answerWith(302, '', { location: elsewhere.url })]);
    const notifier = open({ defaultUrl: hook.url });
    const failed = await settled(notifier, notifier.notify(message()).id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 302 });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('leaves a send under way pending on close, and sends it when reopened', async () => {
    const stuck = await receiver([hang]);
    const first = open({ defaultUrl: stuck.url });
    const queued = first.notify(message({ url: stuck.url }));
    await vi.waitFor(() => expect(stuck.requests).toHaveLength(1));
    await first.close();
    // Recorded after close too, for the next process to send.
    const afterClose = first.notify(message({ url: stuck.url, event: 'failure' }));
    expect(first.listDeliveries({ limit: 10 }).map((d) => [d.status, d.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);

    // The receiver is back (same URL: the pending rows kept it).
    await stuck.close();
    const back = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    receivers.push({
      close: () =>
        new Promise<void>((resolve) => {
          back.closeAllConnections();
          back.close(() => resolve());
        }),
    });
    await new Promise<void>((resolve) =>
      back.listen(Number(new URL(stuck.url).port), '127.0.0.1', resolve),
    );
    const second = open({});
    expect((await settled(second, queued.id)).status).toBe('delivered');
    expect((await settled(second, afterClose.id)).status).toBe('delivered');
  });

  it('skips, never sending unsigned, when there is no secret, no URL or no valid URL', async () => {
    const hook = await receiver([answerWith(200)]);
    const unsigned = open({ secret: null, defaultUrl: hook.url });
    expect(unsigned.notify(message())).toMatchObject({
      status: 'skipped',
      attempts: 0,
      urlOrigin: hook.origin,
      lastError:
        'No webhook secret is set (RULES_WEBHOOK_SECRET): deliveries are never sent unsigned.',
    });
    const signed = open({ defaultUrl: null });
    expect(signed.notify(message())).toMatchObject({
      status: 'skipped',
      urlOrigin: null,
      urlHash: null,
      lastError: 'No webhook URL: set one on the rule, or the server’s RULES_WEBHOOK_URL.',
    });
    expect(signed.notify(message({ url: 'ftp://files.example/hook' }))).toMatchObject({
      status: 'skipped',
      lastError: 'The webhook URL is not a valid http(s) URL.',
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hook.requests).toHaveLength(0);
    expect(
      db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE target_url IS NOT NULL').get(),
    ).toEqual({ n: 0 });
  });

  it('sends to the rule’s own URL over the default, and lists a rule’s deliveries newest first', async () => {
    const ruleHook = await receiver([answerWith(200)]);
    const serverHook = await receiver([answerWith(200)]);
    const notifier = open({ defaultUrl: serverHook.url });
    const own = notifier.notify(message({ url: ruleHook.url }));
    const other = notifier.notify(message({ ruleId: 'rule_scale', ruleName: 'Scale winners' }));
    const approval = notifier.notify(message({ url: ruleHook.url, event: 'approval_needed' }));
    for (const { id } of [own, other, approval]) await settled(notifier, id);
    expect(ruleHook.requests).toHaveLength(2);
    expect(serverHook.requests).toHaveLength(1);
    expect(
      notifier.listDeliveries({ ruleId: 'rule_stop_loss', limit: 10 }).map((d) => d.id),
    ).toEqual([approval.id, own.id]);
    expect(notifier.listDeliveries({ limit: 1 }).map((d) => d.id)).toEqual([approval.id]);
  });

  it('prunes finished deliveries created before the cutoff, never pending ones', async () => {
    const stuck = await receiver([hang]);
    let now = new Date('2026-01-01T00:00:00.000Z');
    const notifier = open({ defaultUrl: null, now: () => now });
    notifier.notify(message());
    notifier.notify(message({ url: stuck.url }));
    now = new Date('2026-03-01T00:00:00.000Z');
    notifier.notify(message());
    expect(notifier.pruneDeliveries('2026-02-01T00:00:00.000Z')).toBe(1);
    expect(notifier.listDeliveries({ limit: 10 }).map((d) => d.status)).toEqual([
      'skipped',
      'pending',
    ]);
  });
});
