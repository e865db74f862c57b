import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { EmulatorRuntime } from '../runtime';
import type { Advertiser } from '../state/model';
import { clientBundle } from './client-bundle';
import {
  type Bootstrap,
  CLIENT_BUNDLE_PATH,
  LEVELS,
  type ListPage,
  listApiPath,
  ROUTE_FAMILIES,
  URL_LEVELS,
} from './contract';
import { duplicateNames } from './duplicate-names';
import { LAYOUT_FLAGS, parseLayout } from './layout';
import { listRows, toUnmappable } from './list-rows';
import { type AccountLink, pageShell, problemPage } from './page-shell';
import { defaultRange, ListQuerySchema, PageQuerySchema, resolveRange } from './params';

/**
 * A replica of TikTok Ads Manager's campaign / ad group / ad list pages, on the emulator's
 * origin, with the figures the emulator's own reports give. It is the fixture and the demo for
 * the extension that overlays metrics on the real page (shared/reference/ads-manager-page.md).
 *
 * - `GET /i18n/{manage|perf}/{campaign|adgroup|creative}?aadvid=&st=&et=&layout=&variant=` the
 *   page; `layout` is a comma-separated list of flags (layout.ts), `variant=unmappable` the
 *   older name of the `no-ids` flag. Every page exposes `window.__replicaTruth()` for browser
 *   tests (client/truth.ts): a test hook that the extension must never read.
 * - `GET /api/v2/i18n/statistics/{level}/list/` the page's own list API (`list_v2/` for the
 *   unmappable variant); no Access-Token, as the real page uses its session cookie
 * - `GET /__replica/app.js` the browser app
 */

export interface ReplicaOptions {
  runtime: EmulatorRuntime;
}

// Ads Manager's internal API codes are undocumented; these reuse the Marketing API's meanings.
const CODE_OK = 0;
const CODE_BAD_PARAMETER = 40002;
const CODE_NO_ADVERTISER = 40001;

export const adsManagerReplica: FastifyPluginAsync<ReplicaOptions> = async (app, { runtime }) => {
  registerPages(app, runtime);
  registerListApi(app, runtime);
  app.get(CLIENT_BUNDLE_PATH, async (_request, reply) => {
    const code = await clientBundle();
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(code);
  });
};

function registerPages(app: FastifyInstance, runtime: EmulatorRuntime): void {
  for (const family of ROUTE_FAMILIES) {
    for (const urlLevel of URL_LEVELS) {
      const path = `/i18n/${family}/${urlLevel}`;
      app.get(path, (request, reply) => {
        const parsed = PageQuerySchema.safeParse(request.query);
        if (!parsed.success) {
          return sendProblem(
            reply,
            400,
            'This page address is not valid',
            describe(parsed.error),
            accountLinks(runtime, path),
          );
        }
        const query = parsed.data;
        const layout = parseLayout(query.layout, query.variant === 'unmappable');
        if (!layout.ok) {
          return sendProblem(
            reply,
            400,
            'This page layout is not valid',
            `${layout.message} ${describeFlags()}`,
            [],
          );
        }
        const advertiser = runtime.state.advertisers.get(query.aadvid);
        if (!advertiser) {
          return sendProblem(
            reply,
            404,
            'Ad account not found',
            `There is no ad account ${query.aadvid} on this emulator. Open one of the accounts below.`,
            accountLinks(runtime, path),
          );
        }
        const now = runtime.clock.now();
        const range = resolveRange(advertiser, now, query);
        if (typeof range === 'string') {
          return sendProblem(
            reply,
            400,
            'This date range cannot be shown',
            `${range} Pick another range, or open the page without st and et for the last 7 days.`,
            [],
          );
        }
        if (layout.layout.has('duplicate-names')) duplicateNames(runtime, advertiser, range);
        const bootstrap: Bootstrap = {
          advertiser: {
            id: advertiser.advertiser_id,
            name: advertiser.name,
            currency: advertiser.currency,
            timezone: advertiser.timezone,
          },
          defaultRange: defaultRange(advertiser, now),
        };
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(pageShell(bootstrap, layout.layout));
      });
    }
  }
}

function registerListApi(app: FastifyInstance, runtime: EmulatorRuntime): void {
  for (const level of LEVELS) {
    for (const variant of ['standard', 'unmappable'] as const) {
      app.get(listApiPath(level, variant), (request, reply) => {
        const parsed = ListQuerySchema.safeParse(request.query);
        if (!parsed.success) {
          return sendList(reply, 400, CODE_BAD_PARAMETER, describe(parsed.error), null);
        }
        const query = parsed.data;
        const advertiser = runtime.state.advertisers.get(query.aadvid);
        if (!advertiser) {
          const message = `Ad account ${query.aadvid} does not exist.`;
          return sendList(reply, 404, CODE_NO_ADVERTISER, message, null);
        }
        const range = resolveRange(advertiser, runtime.clock.now(), query);
        if (typeof range === 'string') {
          return sendList(reply, 400, CODE_BAD_PARAMETER, range, null);
        }
        const rows = listRows(runtime, {
          advertiser,
          level,
          ...range,
          campaignId: level === 'campaign' ? undefined : query.campaign_id,
          adGroupId: level === 'ad' ? query.adgroup_id : undefined,
        });
        const start = (query.page - 1) * query.limit;
        const page = rows.slice(start, start + query.limit);
        return sendList(reply, 200, CODE_OK, 'success', {
          table: variant === 'unmappable' ? page.map(toUnmappable) : page,
          pagination: { page: query.page, limit: query.limit, total_count: rows.length },
        });
      });
    }
  }
}

function sendList(
  reply: FastifyReply,
  status: number,
  code: number,
  msg: string,
  data: ListPage<unknown>['data'],
): FastifyReply {
  const body: ListPage<unknown> = { code, msg, data };
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  accounts: AccountLink[],
): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(problemPage(title, detail, accounts));
}

function accountLinks(runtime: EmulatorRuntime, path: string): AccountLink[] {
  return [...runtime.state.advertisers.values()].map((advertiser: Advertiser) => ({
    name: `${advertiser.name} (${advertiser.currency}, ${advertiser.advertiser_id})`,
    href: `${path}?aadvid=${advertiser.advertiser_id}`,
  }));
}

function describeFlags(): string {
  return `What each flag does: ${Object.entries(LAYOUT_FLAGS)
    .map(([flag, meaning]) => `${flag}: ${meaning}`)
    .join('; ')}.`;
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`)
    .join('; ');
}
