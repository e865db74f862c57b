import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ALL_HOURS } from '../../../companion-server/src/contract/dayparting';
import { id, makePlan, planRow } from '../../../test/fixtures/extension/plan-fixtures';
import { GUARDRAILS, renderDrawer, resetPerTest } from '../../../test/helpers/drawer-harness';
import { serve } from '../../../test/helpers/fake-extension-api';

/** Dayparting and start times from the drawer: grid or copy, and the hours in the preview. */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const SELECTED = [1, 2].map((n) => ({ id: id(n), name: `Ad group ${n}` }));
const OFFICE = `${'0'.repeat(18)}${'1'.repeat(18)}${'0'.repeat(12)}`.repeat(5).padEnd(336, '0');
const PLAN = makePlan(
  [
    planRow(1, 'ok', {
      field: 'dayparting',
      budgetMode: null,
      before: ALL_HOURS,
      after: OFFICE,
      changePercent: null,
    }),
  ],
  { level: 'adgroup' },
);

describe('dayparting and start times from the bulk-edit drawer', () => {
  resetPerTest();

  it('sends the drawn grid, and shows the hours before and after in words', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS, planBulkEdit: PLAN });
    renderDrawer('adgroup', SELECTED);
    fireEvent.click(screen.getByTestId('bulk-kind-dayparting'));
    fireEvent.click(screen.getByTestId('bulk-daypart-preset-office'));
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toMatchObject({
      operation: { kind: 'dayparting', change: { type: 'set', dayparting: OFFICE } },
    });
    const row = screen.getAllByTestId('bulk-preview-row')[0] as HTMLElement;
    expect(within(row).getByTestId('bulk-before').textContent).toBe('All hours');
    expect(within(row).getByTestId('bulk-after').textContent).toBe(
      '→ Mon–Fri 09:00–18:00 (45 h a week)',
    );
  });

  it('refuses an empty grid in the drawer, and copies from one of the selected ad groups', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS, planBulkEdit: PLAN });
    renderDrawer('adgroup', SELECTED);
    fireEvent.click(screen.getByTestId('bulk-kind-dayparting'));
    fireEvent.click(screen.getByTestId('bulk-daypart-preset-clear'));
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    expect((await screen.findByTestId('bulk-form-error')).textContent).toMatch(
      /at least one half hour/,
    );
    expect(calls.some((call) => call.route === 'planBulkEdit')).toBe(false);

    fireEvent.click(screen.getByTestId('bulk-daypart-copy'));
    const options = document.querySelectorAll('datalist option');
    expect([...options].map((option) => option.getAttribute('value'))).toEqual([id(1), id(2)]);
    fireEvent.change(screen.getByTestId('bulk-daypart-from'), { target: { value: id(2) } });
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toMatchObject({
      operation: { kind: 'dayparting', change: { type: 'copy', fromAdgroupId: id(2) } },
    });
  });

  it('moves starts by days, saying TikTok freezes a start that has passed', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS, planBulkEdit: PLAN });
    renderDrawer('adgroup', SELECTED);
    fireEvent.click(screen.getByTestId('bulk-kind-schedule'));
    fireEvent.click(screen.getByTestId('bulk-schedule-shift_start'));
    expect(screen.getByTestId('bulk-schedule-start-note').textContent).toMatch(/not started/);
    fireEvent.click(screen.getByTestId('bulk-schedule-earlier'));
    fireEvent.change(screen.getByTestId('bulk-schedule-days'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toMatchObject({
      operation: { kind: 'schedule', change: { type: 'shift_start', days: -2 } },
    });
  });
});
