import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import type { Level } from '../../companion-server/src/contract/ads-manager';
import type { Role } from '../../companion-server/src/contract/common';
import {
  BulkEditPanel,
  type SelectedRow,
} from '../../extension/components/bulk-edit/bulk-edit-panel';
import { api } from '../../extension/lib/messaging';
import { ADVERTISER } from '../fixtures/extension/plan-fixtures';

/**
 * The bulk-edit drawer as a buyer opens it, for the tests of one operation's fields. The test
 * file replaces the messaging module first (see test/helpers/fake-extension-api.ts) and calls
 * `resetPerTest()` in its `describe`.
 */

/** What getGuardrails answers: ±50%, approval beyond it, no cooldown. */
export const GUARDRAILS = { maxChangePercent: 50, overLimit: 'approval', cooldownMinutes: 0 };

/** The staff role, not an ARIA role. */
const BUYER: Role = 'buyer';

export function renderDrawer(level: Level, selected: SelectedRow[]): void {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <BulkEditPanel
        advertiserId={ADVERTISER}
        level={level}
        selected={selected}
        currency="USD"
        onChanged={() => undefined}
        onClose={() => undefined}
        role={BUYER}
      />
    </QueryClientProvider>,
  );
}

/** Each test answers the routes anew (`serve`) and starts from an empty page. */
export function resetPerTest(): void {
  beforeEach(() => {
    vi.mocked(api).mockReset();
  });
  afterEach(() => cleanup());
}
