import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { oauthAttempt, startOAuth } from '../contract/oauth';
import { registerRoute } from '../http/register-route';
import { callbackPage } from '../oauth/callback-pages';
import type { ServerContext } from '../services';

/** TikTok's redirect may carry `auth_code` (documented) or `code` (seen in some clients). */
const CallbackQuerySchema = z.object({
  auth_code: z.string().max(512).optional(),
  code: z.string().max(512).optional(),
  state: z.string().max(512).optional(),
});

export function oauthRoutes(app: FastifyInstance, context: ServerContext): void {
  registerRoute(app, startOAuth, ({ staff }) => context.oauth.start(staff));

  registerRoute(app, oauthAttempt, ({ params, staff }) =>
    context.oauth.attempt(params.attemptId, staff),
  );

  app.get('/oauth/callback', async (request, reply) => {
    const query = CallbackQuerySchema.safeParse(request.query);
    const outcome = await context.oauth.complete(
      query.success
        ? { state: query.data.state, code: query.data.auth_code ?? query.data.code }
        : {},
    );
    reply
      .code(outcome.kind === 'connected' ? 200 : 400)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8');
    return callbackPage(outcome);
  });
}
