import { expect } from 'vitest';
import type { Role } from '../../companion-server/src/contract/common';
import type { TestCompanion } from './companion';

/** A JSON call to the test companion (`inject`) as a role: its status and parsed body. */
export async function callAs<T>(
  companion: TestCompanion,
  role: Role,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await companion.app.inject({
    method,
    url,
    headers: companion.as(role),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: response.statusCode, body: response.json() as T };
}

/** Connect ad accounts of the emulator with a new token (as an admin); returns the token. */
export async function connectAdvertisers(
  companion: TestCompanion,
  advertiserIds: string[],
): Promise<string> {
  const accessToken = await companion.emulator.control.mintToken(advertiserIds);
  const imported = await callAs(companion, 'admin', 'POST', '/api/connections/import', {
    accessToken,
  });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  return accessToken;
}
