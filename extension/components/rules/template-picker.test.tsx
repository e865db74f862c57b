import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdAccountView } from '../../../companion-server/src/contract/connections';
import {
  me,
  previewAnswer,
  RULE_ACCOUNTS,
  RUNNING,
  US,
} from '../../../test/fixtures/extension/rules-fixtures';
import { serve } from '../../../test/helpers/fake-extension-api';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { RulesPage } from './rules-page';

/**
 * A template applied on the rules page fills the form with its amounts in the account's
 * currency: TikTok's budget ratio times the template's USD amount (¥5,000 for 50), and
 * empty with the form asking for them when the currency is not one (accounts in several
 * currencies, none chosen, or not known).
 */
vi.mock('../../lib/messaging', () => ({ api: vi.fn() }));

const JP = '7252569388304511800';
const JP_ACCOUNT: AdAccountView = {
  ...(RULE_ACCOUNTS[0] as AdAccountView),
  advertiserId: JP,
  name: 'Bayme JP store',
  currency: 'JPY',
  timezone: 'Asia/Tokyo',
};

function answers(accounts: AdAccountView[] | (() => never) = [...RULE_ACCOUNTS, JP_ACCOUNT]) {
  serve({
    me: me('buyer'),
    listAdAccounts: typeof accounts === 'function' ? accounts : { adAccounts: accounts },
    listRules: { rules: [], settings: RUNNING },
    previewRule: previewAnswer(0),
  });
}

function renderPage(search: string) {
  window.history.replaceState(null, '', `/rules.html${search}`);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RulesPage />
    </QueryClientProvider>,
  );
}

const value = (testId: string) => (screen.getByTestId(testId) as HTMLInputElement).value;
const SPEND = 'groups.0.conditions.0.right.value';

describe('rules page: templates in the account’s currency', () => {
  beforeEach(() => {
    vi.mocked(api).mockReset();
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(90);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('a yen account’s stop-loss starts at ¥5,000, and the page says how that was reached', async () => {
    answers();
    renderPage(`?advertiserId=${JP}`);
    const card = await screen.findByTestId('template-stop-loss');
    expect(card.textContent).toContain('spent more than ¥5,000 today');
    expect(screen.getByTestId('template-currency').textContent).toContain(
      'Amounts in JPY: the templates’ USD amounts × 100',
    );
    fireEvent.click(card);
    await screen.findByTestId('rule-editor');
    expect(value(SPEND)).toBe('5000');
    expect(screen.queryByTestId(`error-${SPEND}`)).toBeNull();
  });

  it('a scaling template’s ceiling and a budget schedule’s amount scale the same way', async () => {
    answers();
    renderPage(`?advertiserId=${JP}`);
    fireEvent.click(await screen.findByTestId('template-scale-winners'));
    await screen.findByTestId('rule-editor');
    expect(value('action.ceiling')).toBe('100000');
    fireEvent.click(screen.getByTestId('back-to-rules'));
    fireEvent.click(await screen.findByTestId('template-daily-budget'));
    await screen.findByTestId('rule-editor');
    expect(value('action.change.value')).toBe('5000');
  });

  it('a dollar account’s templates keep their amounts, with nothing to explain', async () => {
    answers();
    renderPage(`?advertiserId=${US}`);
    fireEvent.click(await screen.findByTestId('template-stop-loss'));
    await screen.findByTestId('rule-editor');
    expect(value(SPEND)).toBe('50');
    fireEvent.click(screen.getByTestId('back-to-rules'));
    await screen.findByTestId('template-picker');
    expect(screen.queryByTestId('template-currency')).toBeNull();
  });

  it('with no account chosen among several currencies, leaves the amount empty and asks for it', async () => {
    answers();
    renderPage('');
    const card = await screen.findByTestId('template-stop-loss');
    expect(screen.getByTestId('template-currency').textContent).toContain(
      'No ad account is chosen yet',
    );
    expect(card.textContent).toContain('spent more than an amount you set today');
    fireEvent.click(card);
    await screen.findByTestId('rule-editor');
    expect(value(SPEND)).toBe('');
    expect(screen.getByTestId(`error-${SPEND}`).textContent).toBe('Enter a number.');
  });

  it('when the accounts cannot be read, says so and leaves the amounts to fill in', async () => {
    answers(() => {
      throw new ExtensionRequestError({ kind: 'server', message: 'The server failed.' });
    });
    renderPage(`?advertiserId=${US}`);
    expect((await screen.findByTestId('template-currency')).textContent).toContain(
      'Could not load the ad accounts (The server failed.)',
    );
    fireEvent.click(screen.getByTestId('template-daily-budget'));
    await screen.findByTestId('rule-editor');
    await waitFor(() => expect(value('action.change.value')).toBe(''));
  });
});
