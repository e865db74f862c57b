import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { id, makePlan, planRow } from '../../../test/fixtures/extension/plan-fixtures';
import { GUARDRAILS, renderDrawer, resetPerTest } from '../../../test/helpers/drawer-harness';
import { serve } from '../../../test/helpers/fake-extension-api';

/** Moving ad groups' ends from the drawer: the inputs build the operation, the preview shows old → new. */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const SELECTED = [1].map((n) => ({ id: id(n), name: `Campaign ${n}` }));
const MOVED = [
  planRow(1, 'ok', {
    field: 'schedule_end_time',
    budgetMode: 'BUDGET_MODE_TOTAL',
    before: '2026-12-11 20:00:00',
    after: '2026-12-25 20:00:00',
    changePercent: null,
  }),
];

describe('moving end times from the bulk-edit drawer', () => {
  resetPerTest();

  it('sends a shift by days and shows the old → new end', async () => {
    const calls = serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: makePlan(MOVED, { level: 'adgroup' }),
    });
    renderDrawer('adgroup', SELECTED);
    fireEvent.click(screen.getByTestId('bulk-kind-schedule'));
    fireEvent.change(screen.getByTestId('bulk-schedule-days'), { target: { value: '14' } });
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toMatchObject({
      level: 'adgroup',
      operation: { kind: 'schedule', change: { type: 'shift_end', days: 14 } },
    });
    const row = screen.getByTestId('bulk-preview-row');
    // TikTok's UTC times, shown in the account's time zone (the plan's, Los Angeles).
    expect(within(row).getByTestId('bulk-before').textContent).toBe('2026-12-11 12:00 PST');
    expect(within(row).getByTestId('bulk-after').textContent).toBe('→ 2026-12-25 12:00 PST');
  });

  it('sends an end set in the account time zone', async () => {
    const calls = serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: makePlan(MOVED, { level: 'adgroup' }),
    });
    renderDrawer('adgroup', SELECTED);
    fireEvent.click(screen.getByTestId('bulk-kind-schedule'));
    fireEvent.click(screen.getByTestId('bulk-schedule-set_end'));
    fireEvent.change(screen.getByTestId('bulk-schedule-end'), {
      target: { value: '2026-12-24T23:59' },
    });
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toMatchObject({
      operation: { kind: 'schedule', change: { type: 'set_end', endTime: '2026-12-24 23:59' } },
    });
  });
});
