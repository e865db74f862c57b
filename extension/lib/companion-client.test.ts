import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { me } from '../../companion-server/src/contract/session';
import { callCompanion, fetchExportDownload } from './companion-client';

const SERVER = 'http://127.0.0.1:8787';
const KEY = `bayme_0123456789ab_${'A'.repeat(43)}`;

/** A stand-in server answering every request with `answer`, keeping the requests. */
function server(answer: () => Response) {
  const requests: Request[] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return answer();
  });
  return { requests, fetchImpl: fetchImpl as unknown as typeof fetch };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('companion client', () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Bayme Ads Toolkit',
      version: '0.4.2',
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('names the extension’s version on every call', async () => {
    const api = server(() =>
      json(200, {
        staff: { id: 'stf_0123456789', email: 'ana@bayme.example', name: 'Ana', role: 'buyer' },
        mode: 'emulator',
      }),
    );
    await callCompanion(SERVER, KEY, me, {}, api.fetchImpl);
    const csv = server(
      () =>
        new Response('a,b\n', {
          status: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8' },
        }),
    );
    await fetchExportDownload(SERVER, KEY, 'exp_0123456789', csv.fetchImpl);
    for (const request of [...api.requests, ...csv.requests]) {
      expect(request.headers.get('x-bayme-extension-version')).toBe('0.4.2');
    }
    expect(api.requests).toHaveLength(1);
    expect(csv.requests).toHaveLength(1);
  });

  it('passes on the server’s refusal of an outdated build with its status and message', async () => {
    const message =
      'This copy of the Bayme Ads Toolkit is version 0.4.2; this server accepts version 0.5.0 or newer.';
    const api = server(() => json(426, { error: { code: 'extension_outdated', message } }));
    expect(await callCompanion(SERVER, KEY, me, {}, api.fetchImpl)).toEqual({
      ok: false,
      error: { kind: 'invalid', status: 426, message },
    });
  });
});
