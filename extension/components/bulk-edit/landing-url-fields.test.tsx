import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { id, makePlan, planRow } from '../../../test/fixtures/extension/plan-fixtures';
import { GUARDRAILS, renderDrawer, resetPerTest } from '../../../test/helpers/drawer-harness';
import { serve } from '../../../test/helpers/fake-extension-api';

/** Ads' landing pages and text from the drawer: the inputs build the operation, the preview warns. */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const SELECTED = [1, 2].map((n) => ({ id: id(n), name: `Ad ${n}` }));
const TRACKED =
  'https://bayme.example/new?utm_source=tiktok&utm_medium=paid&utm_campaign=__CAMPAIGN_NAME__';
const NOTICE =
  "TikTok's ad/update/ takes an ad group's whole list of ads: for each of the 1 ad group, every ad is read right before the call and sent back unchanged but for these edits (1 other ad resent as they are).";
const PLAN = makePlan(
  [
    planRow(1, 'ok', {
      field: 'landing_page_url',
      budgetMode: null,
      before: 'https://bayme.example/new',
      after: TRACKED,
      changePercent: null,
      warning: "Goes back to TikTok's review: it does not deliver until approved.",
    }),
    planRow(2, 'blocked', {
      field: 'landing_page_url',
      budgetMode: null,
      before: 'https://bayme.example/new',
      after: null,
      reasonCode: 'ad_in_review',
      reason: "In TikTok's review: TikTok refuses edits until the review ends.",
    }),
  ],
  { level: 'ad', notices: [NOTICE] },
);

describe('landing pages and ad text from the bulk-edit drawer', () => {
  resetPerTest();

  it("offers ads their own edits, sends the admins' tracking template, and shows the notice and review warnings", async () => {
    const template = 'utm_source=tiktok&utm_campaign=__CAMPAIGN_NAME__&ad_id=__CID__';
    const calls = serve({
      getGuardrails: GUARDRAILS,
      planBulkEdit: PLAN,
      getOrdersSettings: { trackingTemplate: template, clickWindowDays: 7 },
    });
    renderDrawer('ad', SELECTED);
    for (const kind of ['status', 'name', 'landing_url', 'ad_text']) {
      expect(screen.getByTestId(`bulk-kind-${kind}`)).toBeTruthy();
    }
    expect(screen.queryByTestId('bulk-kind-budget')).toBeNull();
    fireEvent.click(screen.getByTestId('bulk-kind-landing_url'));
    expect(screen.getByTestId('bulk-review-note').textContent).toMatch(
      /goes back to TikTok's review/,
    );
    await waitFor(() =>
      expect(screen.getByTestId('bulk-url-template').getAttribute('title')).toBe(template),
    );
    fireEvent.click(screen.getByTestId('bulk-url-template'));
    const keys = screen.getAllByTestId('bulk-url-param-key') as HTMLInputElement[];
    expect(keys.map((input) => input.value)).toEqual(['utm_source', 'utm_campaign', 'ad_id']);
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.find((call) => call.route === 'planBulkEdit')?.input?.body).toMatchObject({
      operation: {
        kind: 'landing_url',
        change: {
          type: 'params',
          params: expect.arrayContaining([{ key: 'ad_id', value: '__CID__' }]),
        },
      },
    });

    expect(screen.getByTestId('bulk-notice').textContent).toBe(NOTICE);
    const rows = screen.getAllByTestId('bulk-preview-row');
    expect(within(rows[0] as HTMLElement).getByTestId('bulk-warning').textContent).toMatch(
      /Goes back to TikTok's review/,
    );
    expect(
      within(rows[0] as HTMLElement)
        .getByTestId('bulk-after')
        .getAttribute('title'),
    ).toBe(`→ ${TRACKED}`);
    expect(within(rows[1] as HTMLElement).getByTestId('bulk-reason').textContent).toMatch(
      /In TikTok's review/,
    );
    expect(within(rows[1] as HTMLElement).queryByTestId('bulk-warning')).toBeNull();
  });

  it('sets or replaces part of a URL, and finds and replaces in ad text', async () => {
    const calls = serve({ getGuardrails: GUARDRAILS, planBulkEdit: PLAN });
    renderDrawer('ad', SELECTED);
    fireEvent.click(screen.getByTestId('bulk-kind-landing_url'));
    fireEvent.change(screen.getByTestId('bulk-url-mode'), { target: { value: 'replace' } });
    fireEvent.change(screen.getByTestId('bulk-url-find'), { target: { value: '/new' } });
    fireEvent.change(screen.getByTestId('bulk-url-replace'), { target: { value: '/sale' } });
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.at(-1)?.input?.body).toMatchObject({
      operation: {
        kind: 'landing_url',
        change: { type: 'replace', find: '/new', replace: '/sale' },
      },
    });
    fireEvent.click(screen.getByText('Change the edit'));
    fireEvent.click(screen.getByTestId('bulk-kind-ad_text'));
    fireEvent.change(screen.getByTestId('bulk-text-find'), { target: { value: 'this week' } });
    fireEvent.change(screen.getByTestId('bulk-text-replace'), { target: { value: 'all month' } });
    fireEvent.click(screen.getByTestId('bulk-preview-submit'));
    await screen.findByTestId('bulk-preview');
    expect(calls.at(-1)?.input?.body).toMatchObject({
      operation: {
        kind: 'ad_text',
        change: { type: 'replace', find: 'this week', replace: 'all month', regex: false },
      },
    });
  });
});
