/**
 * JSON calls to a companion server process over HTTP, as one staff member (their key as a
 * Bearer token). A non-2xx answer throws with its status and body.
 */
export type ServerApi = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;

export function serverApi(base: string, key: string): ServerApi {
  return async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}
