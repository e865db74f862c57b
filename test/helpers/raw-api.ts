/**
 * A deliberately thin HTTP client for the emulator's Marketing API, independent of our
 * Marketing API client, so that conformance tests check the emulator on its own.
 */
export interface RawResponse<T = Envelope> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface Envelope<D = Record<string, unknown>> {
  code: number;
  message: string;
  request_id: string;
  data: D;
}

export interface RawApi {
  get<D = any>(
    path: string,
    params?: Record<string, unknown>,
    token?: string,
  ): Promise<RawResponse<Envelope<D>>>;
  post<D = any>(path: string, body?: unknown, token?: string): Promise<RawResponse<Envelope<D>>>;
  /** A request exactly as given (no trailing-slash or encoding help). */
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>;
}

export const API_PREFIX = '/open_api/v1.3/';

export function encodeParams(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    search.set(
      key,
      typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
    );
  }
  return search.toString();
}

async function read<D>(response: Response): Promise<RawResponse<Envelope<D>>> {
  const text = await response.text();
  let body: Envelope<D>;
  try {
    body = JSON.parse(text) as Envelope<D>;
  } catch {
    body = { code: -1, message: 'not JSON', request_id: '', data: {} as D };
  }
  return { status: response.status, headers: response.headers, text, body };
}

export function rawApi(origin: string): RawApi {
  const headersFor = (token?: string): Record<string, string> =>
    token ? { 'Access-Token': token } : {};
  return {
    async get(path, params = {}, token) {
      const query = encodeParams(params);
      const url = `${origin}${API_PREFIX}${path}${query ? `?${query}` : ''}`;
      return read(await fetch(url, { headers: headersFor(token) }));
    },
    async post(path, body = {}, token) {
      return read(
        await fetch(`${origin}${API_PREFIX}${path}`, {
          method: 'POST',
          headers: { ...headersFor(token), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    },
    fetch(pathAndQuery, init) {
      return fetch(`${origin}${pathAndQuery}`, init);
    },
  };
}
