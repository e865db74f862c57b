import type { FastifyInstance, FastifyReply } from 'fastify';
import { PERMISSION_LABELS, type PermissionId } from '../core/permissions';
import type { EmulatorRuntime } from '../runtime';
import { issueAuthCode } from '../state/credentials';
import type { App, TikTokUser } from '../state/model';

/**
 * TikTok's authorization page, emulated: `GET /portal/auth?app_id=&state=&redirect_uri=`
 * shows the signed-in TikTok for Business user the ad accounts they can grant; "Authorize"
 * redirects to `redirect_uri?auth_code=…&state=…`. TikTok checks the redirect URI against
 * those registered for the app, and so does the emulator.
 *
 * TikTok may also send a `code` copy of the auth code; the emulator sends only `auth_code`,
 * the documented name, so that our callback is proven to work with that alone.
 */

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f1f1f2; margin: 0; color: #161823; }
  .banner { background: #fff4d6; color: #6b4e00; text-align: center; font-size: 13px; padding: 6px; }
  header { background: #000; color: #fff; padding: 14px 24px; font-weight: 700; letter-spacing: .2px; }
  header span { color: #25f4ee; } header b { color: #fe2c55; }
  main { max-width: 560px; margin: 32px auto; background: #fff; border-radius: 8px; padding: 28px 32px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  h1 { font-size: 20px; margin: 0 0 8px; } p { line-height: 1.5; }
  .who { color: #57585f; font-size: 14px; }
  ul.perms { padding-left: 20px; color: #3d3e44; font-size: 14px; }
  fieldset { border: 1px solid #e3e3e4; border-radius: 6px; padding: 8px 14px; margin: 16px 0; }
  legend { font-weight: 600; font-size: 14px; padding: 0 4px; }
  label.account { display: flex; gap: 10px; align-items: center; padding: 8px 0; border-bottom: 1px solid #f1f1f2; font-size: 14px; }
  label.account:last-child { border-bottom: 0; }
  .meta { color: #8a8b91; font-size: 12px; }
  .actions { display: flex; gap: 12px; justify-content: flex-end; margin-top: 20px; }
  button { font: inherit; border-radius: 4px; padding: 9px 22px; cursor: pointer; border: 1px solid #d0d0d3; background: #fff; }
  button.primary { background: #fe2c55; border-color: #fe2c55; color: #fff; font-weight: 600; }
  .error { border-left: 4px solid #fe2c55; padding-left: 12px; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><div class="banner">Marketing API emulator: a stand-in for TikTok for Business. No real account is involved.</div>
<header><span>TikTok</span> <b>for Business</b></header>
<main>${body}</main></body></html>`;
}

function errorPage(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      page(
        title,
        `<div class="error"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></div>`,
      ),
    );
}

interface ConsentRequest {
  app: App;
  redirectUri: string;
  state: string;
}

/** The app and redirect URI of a consent request, or the error page to show instead. */
function resolveRequest(
  runtime: EmulatorRuntime,
  reply: FastifyReply,
  query: { app_id?: string; redirect_uri?: string; state?: string },
): ConsentRequest | null {
  const app = query.app_id ? runtime.state.apps.get(query.app_id) : undefined;
  if (!app) {
    errorPage(
      reply,
      400,
      'This app is not available',
      `No app with app_id "${query.app_id ?? ''}" exists.`,
    );
    return null;
  }
  if (!query.redirect_uri || !app.redirect_uris.includes(query.redirect_uri)) {
    errorPage(
      reply,
      400,
      'Redirect URI not registered',
      `The redirect_uri "${query.redirect_uri ?? ''}" is not one of the redirect URIs registered for ${app.name}.`,
    );
    return null;
  }
  return { app, redirectUri: query.redirect_uri, state: query.state ?? '' };
}

function consentForm(runtime: EmulatorRuntime, request: ConsentRequest, user: TikTokUser): string {
  const accounts = user.advertiser_ids
    .flatMap((id) => {
      const advertiser = runtime.state.advertisers.get(id);
      if (!advertiser) return [];
      return [
        `<label class="account"><input type="checkbox" name="advertiser_ids" value="${escapeHtml(id)}" checked>
          <span><strong>${escapeHtml(advertiser.name)}</strong><br>
          <span class="meta">ID ${escapeHtml(id)} · ${escapeHtml(advertiser.currency)} · ${escapeHtml(advertiser.timezone)}</span></span></label>`,
      ];
    })
    .join('\n');
  const permissions = (Object.keys(PERMISSION_LABELS) as PermissionId[])
    .map((id) => `<li>${escapeHtml(PERMISSION_LABELS[id])}</li>`)
    .join('');
  return page(
    `Authorize ${request.app.name}`,
    `<h1>${escapeHtml(request.app.name)} would like to access your ad accounts</h1>
    <p class="who">Signed in as <strong>${escapeHtml(user.display_name)}</strong> (${escapeHtml(user.email)})</p>
    <p>The app will be able to:</p><ul class="perms">${permissions}</ul>
    <form method="post" action="/portal/auth/confirm">
      <input type="hidden" name="app_id" value="${escapeHtml(request.app.app_id)}">
      <input type="hidden" name="redirect_uri" value="${escapeHtml(request.redirectUri)}">
      <input type="hidden" name="state" value="${escapeHtml(request.state)}">
      <fieldset><legend>Ad accounts to share</legend>${accounts}</fieldset>
      <div class="actions">
        <button type="submit" name="action" value="cancel">Cancel</button>
        <button type="submit" name="action" value="authorize" class="primary">Authorize</button>
      </div>
    </form>`,
  );
}

export function registerConsentPage(app: FastifyInstance, runtime: EmulatorRuntime): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, new URLSearchParams(String(body))),
  );

  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/portal/')) return;
    runtime.calls.record({
      at: runtime.clock.now(),
      method: request.method,
      path: request.url.split('?')[0]?.slice(1) ?? '',
      http_status: reply.statusCode,
      code: null,
      app_id: null,
      advertiser_id: null,
      duration_ms: Math.round(reply.elapsedTime * 10) / 10,
    });
  });

  app.get<{ Querystring: { app_id?: string; redirect_uri?: string; state?: string } }>(
    '/portal/auth',
    (request, reply) => {
      const consent = resolveRequest(runtime, reply, request.query);
      if (!consent) return reply;
      const user = runtime.state.users.values().next().value;
      if (!user)
        return errorPage(reply, 500, 'No TikTok user', 'The emulator has no signed-in user.');
      return reply.type('text/html; charset=utf-8').send(consentForm(runtime, consent, user));
    },
  );

  app.post('/portal/auth/confirm', (request, reply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const consent = resolveRequest(runtime, reply, {
      app_id: form.get('app_id') ?? undefined,
      redirect_uri: form.get('redirect_uri') ?? undefined,
      state: form.get('state') ?? undefined,
    });
    if (!consent) return reply;
    if (form.get('action') !== 'authorize') {
      return errorPage(
        reply,
        200,
        'Authorization cancelled',
        `You did not authorize ${consent.app.name}. You can close this tab.`,
      );
    }
    const user = runtime.state.users.values().next().value;
    if (!user)
      return errorPage(reply, 500, 'No TikTok user', 'The emulator has no signed-in user.');
    const chosen = form.getAll('advertiser_ids');
    const unknown = chosen.filter((id) => !user.advertiser_ids.includes(id));
    if (unknown.length > 0) {
      return errorPage(
        reply,
        400,
        'Unknown ad account',
        `You cannot grant ad account ${unknown[0]}.`,
      );
    }
    // Granting no account at all is allowed: TikTok then returns an empty advertiser_ids list.
    const code = issueAuthCode(runtime.state, {
      app_id: consent.app.app_id,
      user_id: user.user_id,
      advertiser_ids: [...new Set(chosen)],
      redirect_uri: consent.redirectUri,
      now: runtime.clock.now(),
    });
    const target = new URL(consent.redirectUri);
    target.searchParams.set('auth_code', code.auth_code);
    target.searchParams.set('state', consent.state);
    return reply.redirect(target.toString(), 302);
  });
}
