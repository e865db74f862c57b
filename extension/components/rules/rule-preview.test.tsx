import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RuleInput } from '../../../companion-server/src/contract/rules';
import {
  previewAnswer,
  STOP_LOSS_INPUT,
  US,
} from '../../../test/fixtures/extension/rules-fixtures';
import { type Call, serve } from '../../../test/helpers/fake-extension-api';
import { api } from '../../lib/messaging';
import { PREVIEW_DEBOUNCE_MS, RulePreview } from './rule-preview';

/**
 * The live preview with a stand-in background: one request per pause in editing, and a
 * table of what the rule would do to each item — values, conditions met, outcome, change
 * and reason.
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

let client: QueryClient;
const wrap = (ui: ReactNode) => <QueryClientProvider client={client}>{ui}</QueryClientProvider>;
const previews = (calls: Call[]) => calls.filter((call) => call.route === 'previewRule');
const rows = () => screen.getAllByTestId('evaluation-row');
const row = (entityId: string) =>
  rows().find((element) => element.dataset.entityId === entityId) as HTMLElement;

describe('rules page: live preview', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(90);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('shows, for each item, its values, each condition met or not, the outcome, the change and why', async () => {
    serve({ previewRule: previewAnswer(3) });
    render(wrap(<RulePreview input={STOP_LOSS_INPUT} timeZone="America/Los_Angeles" />));
    await screen.findByTestId('preview-table');
    expect(screen.getByTestId('preview-summary').textContent).toBe(
      '3 items: 2 Would act · 1 No match',
    );
    expect(rows()).toHaveLength(3);

    // The second item spent 57 today without a conversion: both conditions met, it would be paused.
    const hit = row('1800000000000000001');
    expect(within(hit).getByTestId('evaluation-outcome').textContent).toBe('Would act');
    expect(within(hit).getByTestId('evaluation-change').textContent).toBe(
      'Status: Active → Paused',
    );
    expect(within(hit).getByTestId('evaluation-reason').textContent).toBe(
      'Would pause it until midnight.',
    );
    const conditions = within(within(hit).getByTestId('evaluation-conditions')).getAllByRole(
      'listitem',
    );
    expect(conditions.map((item) => [item.dataset.met, item.textContent])).toEqual([
      ['true', '✓met: Spend today (57.00) > 50'],
      ['true', '✓met: Conversions today (0) ≤ 0'],
    ]);
    expect(within(hit).getByTestId('evaluation-values').textContent).toBe(
      'spend@today 57 · conversions@today 0',
    );

    // The first spent 20: the spend condition not met, nothing would happen.
    const miss = row('1800000000000000000');
    expect(within(miss).getByTestId('evaluation-outcome').textContent).toBe('No match');
    expect(within(miss).queryByTestId('evaluation-change')).toBeNull();
    expect(
      within(miss)
        .getAllByRole('listitem')
        .map((item) => item.dataset.met),
    ).toEqual(['false', 'true']);
    expect(screen.getByTestId('preview-state').textContent).toContain(
      'nothing was changed at TikTok',
    );

    fireEvent.click(screen.getByTestId('preview-matches-only'));
    expect(rows().map((element) => element.dataset.outcome)).toEqual(['would_act', 'would_act']);
  });

  it('asks once editing pauses, with the last draft, and not at all while the draft has problems', async () => {
    const calls = serve({ previewRule: previewAnswer(1) });
    const { rerender } = render(wrap(<RulePreview input={null} timeZone="UTC" />));
    expect(screen.getByTestId('preview-state').textContent).toBe(
      'Fix the form’s problems to update the preview.',
    );
    const drafts: RuleInput[] = [40, 45, 60].map((value) => ({
      ...STOP_LOSS_INPUT,
      groups: [
        {
          conditions: [
            {
              left: { metric: 'spend', window: { kind: 'today' } },
              comparison: 'gt',
              right: { kind: 'number', value },
            },
          ],
        },
      ],
    }));
    for (const draft of drafts) rerender(wrap(<RulePreview input={draft} timeZone="UTC" />));
    expect(screen.getByTestId('preview-state').textContent).toBe('Updating…');
    await screen.findByTestId('preview-table', {}, { timeout: PREVIEW_DEBOUNCE_MS + 1_500 });
    expect(previews(calls).map((call) => call.input?.body)).toEqual([drafts[2]]);

    // A draft with problems keeps the last answer on screen and asks nothing.
    rerender(wrap(<RulePreview input={null} timeZone="UTC" />));
    await new Promise((resolve) => setTimeout(resolve, PREVIEW_DEBOUNCE_MS + 100));
    expect(previews(calls)).toHaveLength(1);
    expect(screen.getByTestId('preview-table')).toBeTruthy();
  });

  it('says which accounts could not be read, and when the scope was cut short', async () => {
    serve({
      previewRule: {
        ...previewAnswer(0),
        problems: [{ advertiserId: US, message: 'TikTok refused the token.' }],
        truncated: true,
      },
    });
    render(wrap(<RulePreview input={STOP_LOSS_INPUT} timeZone="UTC" />));
    expect((await screen.findByTestId('preview-problem')).textContent).toBe(
      `Ad account ${US} could not be read: TikTok refused the token.`,
    );
    expect(screen.getByTestId('preview-truncated')).toBeTruthy();
    expect(screen.getByTestId('preview-empty').textContent).toBe('No item is in scope.');
  });
});
