import { escapeHtml, page } from '../lib/html';
import type { CallbackOutcome } from './oauth-service';

export function callbackPage(outcome: CallbackOutcome): string {
  if (outcome.kind === 'connected') {
    const count = outcome.accounts.length;
    const list = outcome.accounts
      .map(
        (a) =>
          `<li>${escapeHtml(a.name)} <span class="muted">(${escapeHtml(a.advertiserId)})</span></li>`,
      )
      .join('');
    return page(
      'Connected',
      `<div class="ok"><h1>Connected ${count} ad account${count === 1 ? '' : 's'} — you can close this tab</h1>
      <ul>${list}</ul>
      <p class="muted">The toolkit's popup shows them now.</p></div>`,
    );
  }
  return page(
    outcome.title,
    `<div class="problem"><h1>${escapeHtml(outcome.title)}</h1><p>${escapeHtml(outcome.detail)}</p></div>
    <p class="next"><strong>What to do:</strong> ${escapeHtml(outcome.nextStep)}</p>
    <p class="muted">Nothing was saved.</p>`,
  );
}
