import { z } from 'zod/mini';
import type {
  RouteBody,
  RouteParams,
  RouteQuery,
  RouteResponse,
} from '../../companion-server/src/contract/route';
import type { ApiRoute } from './api-routes';
import { sendToBackground } from './background-request';
import { ExtensionRequestError } from './errors';
import type { PageContext, SignInOpened } from './protocol';

/**
 * The Ads Manager content script's calls to the background, in place of messaging.ts:
 * that module parses answers with the full contract, which would put every route's schema
 * and all of zod in the script Ads Manager loads on every page. Here the routes are typed
 * from the contract with type-only imports, and each answer is checked with a small mirror
 * of the fields the overlays read. The other requests the overlays make (page context, side
 * panel, sign-in, authorization) are here too.
 *
 * The background has already parsed the server's answer against the full contract before
 * it reaches this script; the check here stays because this is where the content script
 * accepts data (an outdated script left in a tab after the extension was updated meets a
 * newer background). The mirrors are loose: fields they do not name pass through as the
 * background checked them. content-api.test.ts checks at compile time that every mirror
 * still fits its contract.
 */

const TikTokId = z.string().check(z.regex(/^\d{1,20}$/));
const Figure = z.nullable(z.number());
const MetricValues = z.looseObject({
  spend: Figure,
  impressions: Figure,
  clicks: Figure,
  ctr: Figure,
  cpc: Figure,
  conversions: Figure,
  cpa: Figure,
  roas: Figure,
});
const DateRange = z.looseObject({ start: z.string(), end: z.string() });
const Strings = z.array(z.string());
const SelectorHints = z.array(z.looseObject({ selector: z.string() }));

export const CONTENT_ROUTE_ANSWERS = {
  me: z.looseObject({
    staff: z.looseObject({ role: z.enum(['viewer', 'buyer', 'admin']) }),
  }),
  listAdAccounts: z.looseObject({
    adAccounts: z.array(
      z.looseObject({
        advertiserId: TikTokId,
        name: z.string(),
        currency: z.string(),
        timezone: z.string(),
        health: z.enum(['ok', 'broken']),
      }),
    ),
  }),
  levelMetrics: z.looseObject({
    advertiserId: TikTokId,
    currency: z.string(),
    timezone: z.string(),
    range: DateRange,
    previousRange: DateRange,
    compared: z.boolean(),
    fetchedAt: z.string(),
    includesToday: z.boolean(),
    reportsPurchaseValue: z.boolean(),
    rows: z.array(
      z.looseObject({
        id: TikTokId,
        name: z.nullable(z.string()),
        current: MetricValues,
        previous: z.optional(z.nullable(MetricValues)),
        bayme: z.optional(
          z.nullable(
            z.looseObject({
              orders: z.number(),
              revenue: z.number(),
              refunds: z.number(),
              roas: Figure,
              unconverted: z.array(
                z.looseObject({ currency: z.string(), revenue: z.number(), orders: z.number() }),
              ),
            }),
          ),
        ),
      }),
    ),
    bayme: z.optional(z.nullable(z.looseObject({ latestOrderAt: z.nullable(z.string()) }))),
  }),
  listEntities: z.looseObject({
    advertiserId: TikTokId,
    currency: z.string(),
    entities: z.array(
      z.looseObject({
        id: TikTokId,
        name: z.string(),
        operationStatus: z.string(),
        secondaryStatus: z.nullable(z.string()),
        budgetMode: z.nullable(z.string()),
        budget: z.nullable(z.number()),
        parentId: z.nullable(TikTokId),
      }),
    ),
  }),
  reportPageHealth: z.looseObject({ recorded: z.boolean() }),
  getLayoutHints: z.looseObject({
    hints: z.nullable(
      z.looseObject({
        version: z.string(),
        selectors: z.looseObject({
          table: SelectorHints,
          scrollLayer: SelectorHints,
          cell: SelectorHints,
          nameLink: SelectorHints,
          rowCheckbox: SelectorHints,
        }),
        idKeys: z.looseObject({ campaign: Strings, adgroup: Strings, ad: Strings }),
        listUrlSubstrings: Strings,
      }),
    ),
  }),
  sendLayoutSample: z.looseObject({ sampleId: z.string() }),
  recentRuleActions: z.looseObject({
    actions: z.array(
      z.looseObject({
        entityId: TikTokId,
        ruleId: z.string(),
        ruleName: z.string(),
        at: z.string(),
        outcome: z.string(),
        change: z.nullable(
          z.looseObject({
            field: z.string(),
            before: z.nullable(z.union([z.number(), z.string()])),
            after: z.nullable(z.union([z.number(), z.string()])),
          }),
        ),
      }),
    ),
  }),
};

export type ContentRouteName = keyof typeof CONTENT_ROUTE_ANSWERS;

/** A route's params, query and body as the contract types them; the parts it has not, absent. */
type Part<K extends string, T> = unknown extends T ? { [P in K]?: undefined } : { [P in K]: T };
export type ContentCallInput<N extends ContentRouteName> = Part<
  'params',
  RouteParams<ApiRoute<N>>
> &
  Part<'query', RouteQuery<ApiRoute<N>>> &
  Part<'body', RouteBody<ApiRoute<N>>>;

/** Send a request; a script orphaned by an extension update says so instead of a raw error. */
async function send(request: Parameters<typeof sendToBackground>[0]): Promise<unknown> {
  try {
    return await sendToBackground(request);
  } catch (error) {
    if (error instanceof ExtensionRequestError) throw error;
    throw new ExtensionRequestError({
      kind: 'server',
      message: 'The toolkit was updated or restarted. Reload this Ads Manager tab.',
    });
  }
}

/** Call a companion-server route through the background; resolves with its checked answer. */
export async function api<N extends ContentRouteName>(
  route: N,
  ...[input]: Partial<ContentCallInput<N>> extends ContentCallInput<N>
    ? [input?: ContentCallInput<N>]
    : [input: ContentCallInput<N>]
): Promise<RouteResponse<ApiRoute<N>>> {
  const parts = (input ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: unknown;
  };
  const data = await send({ kind: 'api', route, ...parts });
  const answer = CONTENT_ROUTE_ANSWERS[route].safeParse(data);
  if (!answer.success) throw notUnderstood();
  // The mirror checked what the overlays read; the background checked the rest (see above).
  return answer.data as RouteResponse<ApiRoute<N>>;
}

/** Tell the background which Ads Manager view this tab shows (for the side panel). */
export async function reportPageContext(context: PageContext | null): Promise<void> {
  await send({ kind: 'page-context', context });
}

const PageContextSchema = z.nullable(
  z.object({
    advertiserId: z.string().check(z.regex(/^\d{10,20}$/)),
    level: z.enum(['campaign', 'adgroup', 'ad']),
    start: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    end: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  }),
);

/** The Ads Manager view the background holds for the active tab, if any. */
export async function getPageContext(): Promise<PageContext | null> {
  const context = PageContextSchema.safeParse(await send({ kind: 'get-page-context' }));
  if (!context.success) throw notUnderstood();
  return context.data;
}

/**
 * Open Chrome's side panel on this tab, on the given view. Call it straight from the click
 * handler: Chrome opens the panel only within the click's gesture.
 */
export async function openSidePanel(context: PageContext): Promise<void> {
  await send({ kind: 'open-side-panel', context });
}

const SignInOpenedSchema = z.object({ opened: z.enum(['popup', 'options']) });

/** Open where staff sign in (the popup, or the options page); says which. Call it in the click. */
export async function openSignIn(): Promise<SignInOpened> {
  const opened = SignInOpenedSchema.safeParse(await send({ kind: 'open-sign-in' }));
  if (!opened.success) throw notUnderstood();
  return opened.data;
}

/** Start a TikTok authorization: the background opens TikTok's consent page in a tab. */
export async function authorize(): Promise<void> {
  await send({ kind: 'authorize' });
}

function notUnderstood(): ExtensionRequestError {
  return new ExtensionRequestError({
    kind: 'server',
    message:
      'The toolkit’s background sent an answer this tab does not understand. Reload this Ads Manager tab.',
  });
}
