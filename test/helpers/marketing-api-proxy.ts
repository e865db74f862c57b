import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * The network between the companion server and the emulator, for tests of what a slow or
 * broken connection to TikTok does: every request and answer passes unchanged, except report
 * files (`report/task/download/` answered with a file, not an envelope), which can be held
 * half-way until the test releases them, or cut off half-way as a dropped connection would.
 */

export type DownloadBehaviour = 'pass' | 'hold-halfway' | 'cut-halfway';

export interface DownloadRecord {
  behaviour: DownloadBehaviour;
  /** The whole file as the emulator sent it. */
  body: Buffer;
  /** Bytes passed on to the companion server. */
  sent: number;
}

export interface MarketingApiProxy {
  url: string;
  /** How the next report files are passed on, in order; the ones after pass whole. */
  plan(...behaviours: DownloadBehaviour[]): void;
  /** Every report file answered so far. */
  downloads: DownloadRecord[];
  /** Resolves when a held file has passed its first half on. */
  held(): Promise<DownloadRecord>;
  /** Let the held file finish. */
  release(): void;
  close(): Promise<void>;
}

const DOWNLOAD_PATH = '/open_api/v1.3/report/task/download/';
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export async function startMarketingApiProxy(target: string): Promise<MarketingApiProxy> {
  const planned: DownloadBehaviour[] = [];
  const downloads: DownloadRecord[] = [];
  let heldNow: ((record: DownloadRecord) => void) | null = null;
  let heldRecord = new Promise<DownloadRecord>((resolve) => {
    heldNow = resolve;
  });
  let release: () => void = () => undefined;

  async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && name !== 'host' && !HOP_BY_HOP.has(name)) {
        headers[name] = value;
      }
    }
    const upstream = await fetch(new URL(request.url ?? '/', target), {
      method: request.method ?? 'GET',
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    const answerHeaders: Record<string, string> = { 'content-length': String(body.length) };
    upstream.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) answerHeaders[name] = value;
    });
    response.writeHead(upstream.status, answerHeaders);

    const isFile =
      request.url?.startsWith(DOWNLOAD_PATH) &&
      !(upstream.headers.get('content-type') ?? '').includes('json');
    if (!isFile) {
      response.end(body);
      return;
    }
    const record: DownloadRecord = { behaviour: planned.shift() ?? 'pass', body, sent: 0 };
    downloads.push(record);
    if (record.behaviour === 'pass') {
      record.sent = body.length;
      response.end(body);
      return;
    }
    const half = Math.floor(body.length / 2);
    await new Promise<void>((done) => response.write(body.subarray(0, half), () => done()));
    record.sent = half;
    if (record.behaviour === 'cut-halfway') {
      // The announced length never arrives: the connection drops, as a broken network's would.
      response.destroy();
      return;
    }
    await new Promise<void>((resume) => {
      release = resume;
      heldNow?.(record);
    });
    record.sent = body.length;
    response.end(body.subarray(half));
  }

  const server = createServer((request, response) => {
    forward(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the proxy has no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    plan(...behaviours) {
      planned.push(...behaviours);
    },
    downloads,
    held() {
      return heldRecord;
    },
    release() {
      heldRecord = new Promise<DownloadRecord>((resolve) => {
        heldNow = resolve;
      });
      release();
    },
    async close() {
      release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
