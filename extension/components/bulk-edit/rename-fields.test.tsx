import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { id, makePlan, planRow } from '../../../test/fixtures/extension/plan-fixtures';
import { GUARDRAILS, renderDrawer, resetPerTest } from '../../../test/helpers/drawer-harness';
import { serve } from '../../../test/helpers/fake-extension-api';

/** Renaming from the drawer: the inputs build the operation, the preview shows old → new. */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const SELECTED = [1, 2].map((n) => ({ id: id(n), name: `Campaign ${n}` }));
const LONG = `Q4 | ${'Prospecting '.repeat(30)}`;
const RENAMED = [
  planRow(1, 'ok', {
    field: 'name',
    budgetMode: null,
    before: 'Q3 | Prospecting',
    after: 'Q4 | Prospecting',
    changePercent: null,
  }),
  planRow(2, 'blocked', {
    field: 'name',
    budgetMode: null,
    before: 'Q3 | Long',
    after: LONG,
    changePercent: null,
    reasonCode: 'name_too_long',
    reason: 'The new name has 600 characters: TikTok allows at most 512.',
  }),
];

const change = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('renaming from the bulk-edit drawer', () => {
  resetPerTest();

  it('sends a regular-expression find and replace, and shows old → new names with verdicts', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS, planBulkEdit: makePlan(RENAMED) });
    renderDrawer('campaign', SELECTED);
    fireEvent.click(screen.getByTestId('bulk-kind-name'));
    change('bulk-rename-find', 'Q(\\d)');
    change('bulk-rename-replace', 'Q4');
    fireEvent.click(screen.getByTestId('bulk-rename-regex'));
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toEqual({
      level: 'campaign',
      entityIds: SELECTED.map((row) => row.id),
      operation: {
        kind: 'name',
        change: { type: 'replace', find: 'Q(\\d)', replace: 'Q4', regex: true, ignoreCase: false },
      },
    });
    const rows = screen.getAllByTestId('bulk-preview-row');
    expect(within(rows[0] as HTMLElement).getByTestId('bulk-before').textContent).toBe(
      'Q3 | Prospecting',
    );
    expect(within(rows[0] as HTMLElement).getByTestId('bulk-after').textContent).toBe(
      '→ Q4 | Prospecting',
    );
    // A long name is cut to the column, whole in its title; the reason says why it is blocked.
    const long = within(rows[1] as HTMLElement).getByTestId('bulk-after');
    expect(long.getAttribute('title')).toBe(`→ ${LONG}`);
    expect(long.className).toContain('truncate');
    expect(within(rows[1] as HTMLElement).getByTestId('bulk-reason').textContent).toMatch(/512/);
  });

  it('refuses a catastrophic pattern before asking the server, and builds a template', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS, planBulkEdit: makePlan(RENAMED) });
    renderDrawer('campaign', SELECTED);
    fireEvent.click(screen.getByTestId('bulk-kind-name'));
    change('bulk-rename-find', '(a+)+$');
    fireEvent.click(screen.getByTestId('bulk-rename-regex'));
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    expect((await screen.findByTestId('bulk-form-error')).textContent).toMatch(/repeated group/);
    expect(calls.some((call) => call.route === 'planBulkEdit')).toBe(false);

    change('bulk-rename-mode', 'template');
    change('bulk-rename-template', '{name} | {date}');
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toMatchObject({
      operation: { kind: 'name', change: { type: 'template', template: '{name} | {date}' } },
    });
  });
});
