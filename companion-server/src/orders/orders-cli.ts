import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, type ServerConfig } from '../config';
import { shopifyWebhook } from '../contract/orders';
import {
  type DemoAd,
  demoOrderBody,
  demoRefundBody,
  shopifyWebhookRequest,
  type WebhookRequest,
} from './demo-order-webhook';
import { DEMO_SHOP, demoShopCurrency } from './demo-shop';
import { demoSecretFile, readDemoSecret } from './demo-webhook-secret';

/**
 * `npm run orders -- send`: plays a shop's signed Shopify webhook at the local companion
 * server, for an ad of the built-in emulator's demo world, and prints what was sent and the
 * server's answer.
 *
 * The demo world is read from the emulator's control API (GET /__emulator/state): it is the
 * live world (an ad created a second ago is there), in a documented JSON form, whereas the
 * world file in DATA_DIR/emulator is the emulator's private format and is saved some time
 * after a change. The data directory is read for one thing only: the demo webhook secret.
 */

const USAGE = `Usage: npm run orders -- send [options]

Sends signed Shopify-style orders/create webhooks to the companion server, for an ad of the
emulator's demo world (npm start without TikTok credentials). Each order carries made-up
customer data (name, email, phone, addresses, IP), which the server drops at the door.

Options:
  --url <url>       the companion server (default: HOST and PORT as npm start uses them,
                    http://127.0.0.1:8787)
  --ad <id>         the ad the order comes from (default: an active ad of the emulator,
                    picked at random)
  --count <n>       how many orders to send (default 1, at most 1000)
  --refund          also send a refunds/create giving each order's money back
  --test            send Shopify test orders (the server answers "ignored" and keeps nothing)
  --shop <domain>   the shop (default: the first of ORDERS_SHOPS, else ${DEMO_SHOP})
  --emulator <url>  the emulator's control API (default: EMULATOR_HOST and EMULATOR_PORT,
                    http://127.0.0.1:9797)
  --help            this text

The secret that signs the webhooks: ORDERS_WEBHOOK_SECRET or ORDERS_WEBHOOK_SECRET_FILE when
set, else the demo secret npm start made in DATA_DIR (default ./data).`;

const MAX_COUNT = 1_000;

class UsageError extends Error {}

const WorldSchema = z.object({
  advertisers: z.array(
    z.object({ advertiser_id: z.string(), name: z.string(), currency: z.string() }),
  ),
  ads: z.array(
    z.object({
      ad_id: z.string(),
      ad_name: z.string(),
      adgroup_id: z.string(),
      campaign_id: z.string(),
      advertiser_id: z.string(),
      operation_status: z.string(),
      deleted: z.boolean(),
    }),
  ),
});

interface ChosenAd extends DemoAd {
  adName: string;
  accountName: string;
  currency: string;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = readArgs(argv);
  const [command] = positionals;
  if (values.help || command === 'help') {
    console.info(USAGE);
    return 0;
  }
  if (command !== 'send') throw new UsageError(`Unknown command "${command ?? ''}".`);
  const count = Number(values.count ?? '1');
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new UsageError(`--count must be a whole number from 1 to ${MAX_COUNT}.`);
  }
  if (values.ad !== undefined && !/^\d{1,20}$/.test(values.ad)) {
    throw new UsageError('--ad must be an ad id (digits).');
  }

  const config = loadConfig(process.env);
  const serverUrl = (values.url ?? listenUrl(config)).replace(/\/+$/, '');
  const emulatorUrl = (values.emulator ?? emulatorControlUrl(config)).replace(/\/+$/, '');
  const shop = (values.shop ?? config.orders.shops[0] ?? DEMO_SHOP).toLowerCase();
  const secret = await webhookSecret(config);
  const ad = await chooseAd(emulatorUrl, values.ad);

  console.info(
    `Sending ${count} order${count === 1 ? '' : 's'} from ${shop} to ${serverUrl}, for ad ${ad.adId} "${ad.adName}" (${ad.accountName}; campaign ${ad.campaignId}, ad group ${ad.adgroupId}).`,
  );
  let failed = 0;
  const base = Date.now();
  for (let n = 0; n < count; n += 1) {
    const now = new Date();
    const orderId = `${base}${String(n).padStart(4, '0')}`;
    const totalPrice = (randomInt(1_500, 15_000) / 100).toFixed(2);
    const body = demoOrderBody({
      orderId,
      placedAt: now,
      currency: ad.currency,
      totalPrice,
      ad,
      ttclid: `E.C.P.demo${randomInt(1e9)}`,
      test: values.test,
    });
    const sent = shopifyWebhookRequest('orders/create', body, { shop, secret, now });
    const answer = await post(serverUrl, sent);
    console.info(
      `  orders/create  order ${orderId}  ${ad.currency} ${totalPrice}${values.test ? '  (test order)' : ''}  → ${answer}`,
    );
    if (!answer.startsWith('2')) failed += 1;
    if (!values.refund) continue;
    const refund = demoRefundBody({
      refundId: `${orderId}1`,
      orderId,
      refundedAt: new Date(),
      currency: ad.currency,
      amount: totalPrice,
    });
    const refundAnswer = await post(
      serverUrl,
      shopifyWebhookRequest('refunds/create', refund, { shop, secret, now: new Date() }),
    );
    console.info(
      `  refunds/create refund ${orderId}1 of order ${orderId}  ${ad.currency} ${totalPrice}  → ${refundAnswer}`,
    );
    if (!refundAnswer.startsWith('2')) failed += 1;
  }
  return failed === 0 ? 0 : 1;
}

function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        ad: { type: 'string' },
        count: { type: 'string' },
        refund: { type: 'boolean', default: false },
        test: { type: 'boolean', default: false },
        shop: { type: 'string' },
        emulator: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    // Node's own message names the option it did not expect.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Where the server listens, as server.ts works it out. */
function listenUrl(config: ServerConfig): string {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${config.tls ? 'https' : 'http'}://${host}:${config.port}`;
}

function emulatorControlUrl(config: ServerConfig): string {
  const { host, port, url } = config.emulator;
  return url ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function webhookSecret(config: ServerConfig): Promise<string> {
  if (config.orders.webhookSecret !== null) return config.orders.webhookSecret;
  const file = demoSecretFile(config.dataDir);
  const secret = await readDemoSecret(file);
  if (secret === null) {
    throw new UsageError(
      `No webhook secret: set ORDERS_WEBHOOK_SECRET (or _FILE) as the server has it, or start the server once with npm start (no TikTok credentials) so that it makes the demo secret in ${file}.`,
    );
  }
  return secret;
}

async function chooseAd(emulatorUrl: string, adId: string | undefined): Promise<ChosenAd> {
  let response: Response;
  try {
    response = await fetch(`${emulatorUrl}/__emulator/state`);
  } catch {
    throw new UsageError(
      `Cannot reach the emulator at ${emulatorUrl}: start the server with npm start (no TikTok credentials), or pass --emulator <url>.`,
    );
  }
  if (!response.ok) {
    throw new UsageError(
      `The emulator at ${emulatorUrl} answered ${response.status} for its state; is its control API on?`,
    );
  }
  const world = WorldSchema.parse(await response.json());
  const accounts = new Map(world.advertisers.map((a) => [a.advertiser_id, a]));
  const candidates =
    adId === undefined
      ? world.ads.filter((ad) => !ad.deleted && ad.operation_status === 'ENABLE')
      : world.ads.filter((ad) => ad.ad_id === adId);
  if (candidates.length === 0) {
    throw new UsageError(
      adId === undefined
        ? 'The emulator has no active ad to send an order for.'
        : `Ad ${adId} is not in the emulator's world; leave --ad out to pick one.`,
    );
  }
  const ad = candidates[randomInt(candidates.length)];
  const account = ad ? accounts.get(ad.advertiser_id) : undefined;
  if (!ad || !account) throw new UsageError(`The emulator's ad has no ad account.`);
  return {
    campaignId: ad.campaign_id,
    adgroupId: ad.adgroup_id,
    adId: ad.ad_id,
    adName: ad.ad_name,
    accountName: account.name,
    currency: demoShopCurrency(account.currency),
  };
}

/** Posts the webhook; the answer as one line: the status and the server's JSON. */
async function post(serverUrl: string, request: WebhookRequest): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`${serverUrl}${shopifyWebhook.path}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
  } catch {
    return `not sent: cannot reach ${serverUrl} (is the server running?)`;
  }
  return `${response.status} ${(await response.text()).trim()}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${error.message}\n\n${USAGE}`);
      } else if (error instanceof ConfigError) {
        console.error(error.message);
      } else {
        console.error('npm run orders failed:', error instanceof Error ? error.message : error);
      }
      process.exit(1);
    },
  );
}
