import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ADVERTISER,
  createRow,
  jobRow,
  makeCreateJob,
  makeCreatePlan,
  newId,
  PLAN_ID,
} from '../../../test/fixtures/extension/create-fixtures';
import { serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import type { DuplicateLevel } from './duplicate-draft';
import { DuplicatePanel } from './duplicate-panel';

/**
 * Copies of the ticked campaigns or ad groups, with a stand-in for the background: the form
 * sends what was asked, the copies are previewed like CSV rows, then created.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const SELECTED = [
  { id: '1700000000000000001', name: 'Spring US' },
  { id: '1700000000000000002', name: 'Spring CA' },
];

function renderPanel(
  level: DuplicateLevel = 'adgroup',
  selected: Array<{ id: string; name: string | null }> = SELECTED,
) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const onChanged = vi.fn();
  const onClose = vi.fn();
  render(
    <QueryClientProvider client={client}>
      <DuplicatePanel
        advertiserId={ADVERTISER}
        level={level}
        selected={selected}
        currency="USD"
        onChanged={onChanged}
        onClose={onClose}
      />
    </QueryClientProvider>,
  );
  return { onChanged, onClose };
}

const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;

const COPIES = makeCreatePlan(
  [
    createRow(1, 'adgroup', { name: 'Spring US (copy)', parent: '1800000000000000099' }),
    createRow(2, 'adgroup', { name: 'Spring CA (copy)', parent: '1800000000000000099' }),
  ],
  { source: 'duplicate' },
);

describe('duplicating campaigns and ad groups', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
  });
  afterEach(() => cleanup());

  it('starts with a " (copy)" suffix, the originals’ budgets and paused copies', async () => {
    const calls = serve({ planDuplicate: COPIES });
    renderPanel();
    expect(input('duplicate-suffix').value).toBe(' (copy)');
    expect(input('duplicate-budget').value).toBe('');
    expect(input('duplicate-paused').checked).toBe(true);
    fireEvent.click(screen.getByTestId('duplicate-preview'));

    await screen.findByTestId('create-preview');
    expect(calls).toEqual([
      {
        route: 'planDuplicate',
        input: {
          params: { advertiserId: ADVERTISER },
          body: {
            level: 'adgroup',
            entityIds: SELECTED.map((row) => row.id),
            nameSuffix: ' (copy)',
            budget: null,
            status: 'DISABLE',
          },
        },
      },
    ]);
  });

  it('sends the suffix, budget and status as set, and keeps them when going back', async () => {
    const calls = serve({ planDuplicate: COPIES });
    renderPanel('campaign', SELECTED.slice(0, 1));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Duplicate 1 campaign');
    fireEvent.change(input('duplicate-suffix'), { target: { value: ' - test B' } });
    fireEvent.change(input('duplicate-budget'), { target: { value: '75.50' } });
    fireEvent.click(input('duplicate-paused'));
    fireEvent.click(screen.getByTestId('duplicate-preview'));

    await screen.findByTestId('create-preview');
    expect(calls[0]?.input).toEqual({
      params: { advertiserId: ADVERTISER },
      body: {
        level: 'campaign',
        entityIds: [SELECTED[0]?.id],
        nameSuffix: ' - test B',
        budget: 75.5,
        status: 'ENABLE',
      },
    });

    fireEvent.click(screen.getByTestId('duplicate-back'));
    expect(input('duplicate-suffix').value).toBe(' - test B');
    expect(input('duplicate-budget').value).toBe('75.50');
    expect(input('duplicate-paused').checked).toBe(false);
  });

  it('refuses a budget that is not an amount without asking the server', () => {
    const calls = serve({});
    renderPanel();
    fireEvent.change(input('duplicate-budget'), { target: { value: '1,250.50' } });
    fireEvent.click(screen.getByTestId('duplicate-preview'));
    expect(screen.getByTestId('duplicate-form-error').textContent).toBe(
      'Enter the budget with a dot for decimals and no thousands separators, like 1250.50.',
    );
    fireEvent.change(input('duplicate-budget'), { target: { value: '0' } });
    expect(screen.getByTestId('duplicate-form-error').textContent).toContain(
      'must be greater than 0',
    );
    expect(calls).toEqual([]);
  });

  it('says at once when more are ticked than can be copied together', () => {
    const many = Array.from({ length: 51 }, (_, n) => ({
      id: `17000000000000001${String(n).padStart(2, '0')}`,
      name: null,
    }));
    renderPanel('adgroup', many);
    expect(screen.getByTestId('duplicate-form-error').textContent).toContain(
      'At most 50 can be copied at once: you selected 51.',
    );
    expect((screen.getByTestId('duplicate-preview') as HTMLButtonElement).disabled).toBe(true);
  });

  it('previews the copies, creates them and shows their new ids', async () => {
    const finished = makeCreateJob([
      jobRow(1, 'adgroup', 'created'),
      jobRow(2, 'adgroup', 'created'),
    ]);
    const calls = serve({
      planDuplicate: COPIES,
      applyCreatePlan: makeCreateJob([
        jobRow(1, 'adgroup', 'in_flight'),
        jobRow(2, 'adgroup', 'pending'),
      ]),
      getCreateJob: finished,
    });
    const { onChanged, onClose } = renderPanel();
    fireEvent.click(screen.getByTestId('duplicate-preview'));

    await screen.findByTestId('create-preview');
    expect(screen.getByTestId('create-summary').textContent).toBe('2 ad groups');
    expect(
      screen.getAllByTestId('create-row').map((row) => row.textContent?.includes('(copy)')),
    ).toEqual([true, true]);
    fireEvent.click(screen.getByTestId('create-apply'));

    await waitFor(() => expect(screen.getByTestId('create-job').dataset.status).toBe('finished'), {
      timeout: 3_000,
    });
    expect(calls.find((call) => call.route === 'applyCreatePlan')?.input).toEqual({
      params: { planId: PLAN_ID },
    });
    expect(screen.getByTestId('create-job-counts').textContent).toBe(
      '2 created · 0 failed · 0 remaining',
    );
    expect(screen.getAllByTestId('create-job-entity-id').map((id) => id.textContent)).toEqual([
      newId(1),
      newId(2),
    ]);
    expect(onChanged).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId('duplicate-done'));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
