import { vi } from 'vitest';
import { API_ROUTES, type ApiRouteName } from '../../extension/lib/api-routes';
import { api } from '../../extension/lib/messaging';

/**
 * A stand-in for the background in the extension's component tests: each test says what each
 * route answers, and checks what was asked of the server. The test file replaces the
 * extension's messaging module first, by its path from the test file, e.g. from
 * extension/components/bulk-edit/: `vi.mock('../../lib/messaging', () => ({ api: vi.fn() }))`.
 */

export type ApiInput = Parameters<typeof api>[1];
type Answer = unknown | ((input: ApiInput) => unknown);
export interface Call {
  route: ApiRouteName;
  input: ApiInput;
}

/** Answers each route as told (parsed with its contract's schema) and records the calls. */
export function serve(answers: Partial<Record<ApiRouteName, Answer>>): Call[] {
  const calls: Call[] = [];
  const fake = async (route: ApiRouteName, input?: ApiInput) => {
    calls.push({ route, input });
    const answer = answers[route];
    if (answer === undefined) throw new Error(`No answer for ${route}`);
    const data = typeof answer === 'function' ? await answer(input) : answer;
    return API_ROUTES[route].response.parse(data);
  };
  vi.mocked(api).mockImplementation(fake as typeof api);
  return calls;
}
