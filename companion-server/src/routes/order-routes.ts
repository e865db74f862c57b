import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  genericWebhook,
  importCurrencyRates,
  importOrders,
  ordersStatus,
  shopifyWebhook,
  WebhookResultSchema,
} from '../contract/orders';
import { registerRoute } from '../http/register-route';
import type { WebhookDelivery, WebhookOutcome } from '../orders/orders-service';
import type { ServerContext } from '../services';

/** Orders in (contract/orders.ts): the shops' signed webhooks, the admins' imports, the status. */
export function orderRoutes(app: FastifyInstance, context: ServerContext): void {
  const { ordersService } = context;

  registerRoute(app, importOrders, async ({ body, staff, reply }) => {
    const result = await ordersService.importOrders(staff, body.csv);
    if ('errors' in result) reply.code(422);
    return result;
  });
  registerRoute(app, importCurrencyRates, async ({ body, staff, reply }) => {
    const result = await ordersService.importRates(staff, body.csv);
    if ('errors' in result) reply.code(422);
    return result;
  });
  registerRoute(app, ordersStatus, () => ordersService.status());

  // The signature is over the raw bytes, so these routes take the body unparsed. The parser is
  // registered in this plugin only: every other route keeps parsing JSON as before.
  app.register(async (webhooks) => {
    // JSON only, as bytes: another type is a 415 that says to send JSON, not a signature
    // mismatch on a body that was parsed some other way.
    webhooks.removeAllContentTypeParsers();
    webhooks.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: shopifyWebhook.bodyLimitBytes },
      (_request, body, done) => done(null, body),
    );
    const receive =
      (handle: (delivery: WebhookDelivery) => WebhookOutcome) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const outcome = handle({
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          headers: request.headers,
        });
        request.log.info({ orderWebhook: outcome }, 'order webhook');
        // The answer is the result alone; the shop, topic and delivery id are for the log.
        return reply.code(200).send(WebhookResultSchema.parse(outcome));
      };
    for (const [route, handle] of [
      [shopifyWebhook, (d: WebhookDelivery) => ordersService.receiveShopify(d)],
      [genericWebhook, (d: WebhookDelivery) => ordersService.receiveGeneric(d)],
    ] as const) {
      webhooks.route({
        method: route.method,
        url: route.path,
        ...(route.bodyLimitBytes ? { bodyLimit: route.bodyLimitBytes } : {}),
        handler: receive(handle),
      });
    }
  });
}
