import { escapeHtml } from '../lib/html';

/**
 * The page Bayme registered with TikTok as its redirect URL (https://app.bayme.store/oauth.html)
 * lives on a public host; the server that exchanges codes is private. The page only hands
 * the browser on to the private server's callback with `auth_code` (or `code`) and `state`.
 * It holds no secret, and what it forwards is useless without the app secret and the
 * state, which only the server knows.
 */
export function staticOAuthPage(callbackUrl: string): string {
  const target = new URL(callbackUrl);
  if (
    target.protocol !== 'https:' &&
    !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)
  ) {
    throw new Error(`The callback URL must use https (got ${callbackUrl}).`);
  }
  const json = JSON.stringify(target.toString()).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connecting to Bayme Ads Toolkit…</title>
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:560px;margin:60px auto;padding:0 20px;color:#1d2129}</style>
</head><body>
<h1>Connecting your TikTok ad accounts…</h1>
<p id="status">Handing you over to the Bayme Ads Toolkit server.</p>
<noscript><p>This page needs JavaScript to pass the authorization on. Enable it and reload, or start again from the toolkit.</p></noscript>
<script>
(function () {
  var callback = new URL(${json});
  var incoming = new URLSearchParams(window.location.search);
  var forwarded = ['auth_code', 'code', 'state'];
  var any = false;
  forwarded.forEach(function (name) {
    var value = incoming.get(name);
    if (value) { callback.searchParams.set(name, value); any = true; }
  });
  if (!any) {
    document.getElementById('status').textContent =
      'This page expects TikTok\\'s authorization answer and received none. Start again from the toolkit.';
    return;
  }
  window.location.replace(callback.toString());
})();
</script>
<p><small>Forwards to <code>${escapeHtml(target.origin + target.pathname)}</code>.</small></p>
</body></html>
`;
}
