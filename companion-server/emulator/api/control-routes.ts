import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isLoopbackAddress } from '../../src/lib/loopback';
import { utcDateTime } from '../../src/lib/time-zone';
import { ALL_PERMISSIONS } from '../core/permissions';
import { AD_REVIEW_MS } from '../rules/ad-rules';
import type { EmulatorRuntime } from '../runtime';
import { MutableSettingsSchema } from '../settings';
import { issueToken } from '../state/credentials';
import { budgetAt, isDeletedAt } from '../state/model';
import { FaultSpecSchema, normalizeApiPath } from '../traffic/faults';
import { presentAd, presentAdGroup, presentCampaign } from './entity-presenters';
import { parentAdGroup, parentCampaign } from './lookup';

/**
 * The emulator's control API, outside /open_api and only in demo and test mode: reset the
 * world, inject faults, read the state and the call log, mint and revoke tokens, move the
 * clock, change settings, decide an ad's review. Nothing like it exists at TikTok. It shows
 * tokens in plain text and mints new ones, so it answers only callers on this machine (the
 * socket's own peer address, never a forwarded header). With a data directory, what these
 * routes change in the world (reset, tokens, clock, settings, reviews) is saved like any
 * other change; faults and the call log are traffic and are not.
 */

const ResetSchema = z.strictObject({
  large_account_adgroups: z.number().int().min(0).max(50_000).optional(),
});

const MintTokenSchema = z.strictObject({
  advertiser_ids: z.array(z.string().regex(/^\d+$/)).min(0),
  scope: z.array(z.enum(ALL_PERMISSIONS as [string, ...string[]])).optional(),
  app_id: z.string().regex(/^\d+$/).optional(),
});

const RevokeSchema = z.strictObject({ access_token: z.string().min(1) });

const ClockSchema = z
  .strictObject({
    /** An ISO 8601 instant or epoch milliseconds. */
    set: z.union([z.iso.datetime({ offset: true }), z.number().int()]).optional(),
    advance_ms: z.number().int().optional(),
  })
  .refine((body) => (body.set === undefined) !== (body.advance_ms === undefined), {
    error: 'Send either set or advance_ms.',
  });

/** TikTok's reviewers decide; here, a test or a demo does (rules/ad-rules.ts for the rest). */
const AdReviewSchema = z.strictObject({
  ad_id: z.string().regex(/^\d+$/),
  state: z.enum(['in_review', 'rejected', 'approved']),
  reason: z.string().min(1).optional(),
});

const CallsQuerySchema = z.object({
  path: z.string().optional(),
  since_seq: z.coerce.number().int().min(0).optional(),
});

function parseOr400<T>(reply: FastifyReply, schema: z.ZodType<T>, value: unknown): T | null {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  reply.code(400).send({ error: z.prettifyError(result.error) });
  return null;
}

function clockView(runtime: EmulatorRuntime) {
  const now = runtime.clock.now();
  return { now: new Date(now).toISOString(), now_ms: now, offset_ms: runtime.clock.offset };
}

export function registerControlApi(app: FastifyInstance, runtime: EmulatorRuntime): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.url?.startsWith('/__emulator/')) return;
    const peer = request.socket.remoteAddress;
    if (peer !== undefined && isLoopbackAddress(peer)) return;
    return reply
      .code(403)
      .send({ error: 'The emulator control API answers only callers on this machine (loopback).' });
  });

  app.post('/__emulator/reset', (request, reply) => {
    const body = parseOr400(reply, ResetSchema, request.body);
    if (!body) return reply;
    runtime.reset(body.large_account_adgroups);
    return { reset: true, ...clockView(runtime) };
  });

  app.get('/__emulator/faults', () => ({ faults: runtime.faults.list() }));
  app.post('/__emulator/faults', (request, reply) => {
    const fault = parseOr400(reply, FaultSpecSchema, request.body);
    if (!fault) return reply;
    runtime.faults.add(fault);
    return {
      queued: { ...fault, path: normalizeApiPath(fault.path) },
      faults: runtime.faults.list(),
    };
  });
  app.delete('/__emulator/faults', () => {
    runtime.faults.clear();
    return { faults: [] };
  });

  app.get('/__emulator/calls', (request, reply) => {
    const query = parseOr400(reply, CallsQuerySchema, request.query);
    if (!query) return reply;
    return runtime.calls.summary({
      ...(query.path === undefined ? {} : { path: normalizeApiPath(query.path) }),
      ...(query.since_seq === undefined ? {} : { sinceSeq: query.since_seq }),
    });
  });
  app.delete('/__emulator/calls', () => {
    runtime.calls.clear();
    return { cleared: true };
  });

  app.post('/__emulator/tokens', (request, reply) => {
    const body = parseOr400(reply, MintTokenSchema, request.body);
    if (!body) return reply;
    const unknown = body.advertiser_ids.find((id) => !runtime.state.advertisers.has(id));
    if (unknown) return reply.code(400).send({ error: `Unknown advertiser_id ${unknown}` });
    const token = issueToken(runtime.state, {
      app_id: body.app_id ?? runtime.options.appId,
      user_id: null,
      advertiser_ids: body.advertiser_ids,
      ...(body.scope ? { scope: body.scope } : {}),
      now: runtime.clock.now(),
      source: 'control-api',
    });
    return {
      access_token: token.access_token,
      advertiser_ids: token.advertiser_ids,
      scope: token.scope,
    };
  });

  // The advertiser removes the app's authorization in TikTok: the token stops working.
  app.post('/__emulator/tokens/revoke', (request, reply) => {
    const body = parseOr400(reply, RevokeSchema, request.body);
    if (!body) return reply;
    const token = runtime.state.tokens.get(body.access_token);
    if (!token) return reply.code(404).send({ error: 'No such token.' });
    token.revoked_at ??= runtime.clock.now();
    return { revoked: true, advertiser_ids: token.advertiser_ids };
  });

  app.get('/__emulator/clock', () => clockView(runtime));
  app.post('/__emulator/clock', (request, reply) => {
    const body = parseOr400(reply, ClockSchema, request.body);
    if (!body) return reply;
    const before = runtime.clock.now();
    if (body.set !== undefined) {
      runtime.clock.set(typeof body.set === 'number' ? body.set : Date.parse(body.set));
    } else {
      runtime.clock.advance(body.advance_ms ?? 0);
    }
    // Finished days are cached; going back in time would make them unfinished again.
    if (runtime.clock.now() < before) runtime.simulator.clearCache();
    return clockView(runtime);
  });

  app.get('/__emulator/settings', () => settingsView(runtime));
  app.patch('/__emulator/settings', (request, reply) => {
    const body = parseOr400(reply, MutableSettingsSchema, request.body);
    if (!body) return reply;
    runtime.changeSettings(body);
    return settingsView(runtime);
  });

  app.post('/__emulator/ads/review', (request, reply) => {
    const body = parseOr400(reply, AdReviewSchema, request.body);
    if (!body) return reply;
    const ad = runtime.state.ads.get(body.ad_id);
    if (!ad) return reply.code(404).send({ error: `No ad ${body.ad_id}.` });
    const now = runtime.clock.now();
    ad.review =
      body.state === 'approved'
        ? null
        : body.state === 'rejected'
          ? { state: 'rejected', reason: body.reason ?? 'Rejected in review.' }
          : { state: 'in_review', since: now, until: now + AD_REVIEW_MS };
    runtime.state.touch();
    return presentAd(runtime, ad, parentAdGroup(runtime, ad), parentCampaign(runtime, ad), now);
  });

  app.get<{ Querystring: { advertiser_id?: string } }>('/__emulator/state', (request) =>
    stateSnapshot(runtime, request.query.advertiser_id),
  );
}

function settingsView(runtime: EmulatorRuntime) {
  const { options } = runtime;
  return {
    app_id: options.appId,
    tier: options.tier,
    rateLimiting: options.rateLimiting,
    sandbox: options.sandbox,
    asyncReportsAllowlisted: options.asyncReportsAllowlisted,
    asyncReportDelayMs: options.asyncReportDelayMs,
    qpmPenaltyMs: options.qpmPenaltyMs,
    advertiserTokenLifetimeSeconds: options.advertiserTokenLifetimeSeconds,
    syncReportAdLimit: options.syncReportAdLimit,
  };
}

function stateSnapshot(runtime: EmulatorRuntime, advertiserId: string | undefined) {
  const { state } = runtime;
  const now = runtime.clock.now();
  const belongs = (entity: { advertiser_id: string }) =>
    advertiserId === undefined || entity.advertiser_id === advertiserId;
  const iso = (instant: number | null) => (instant === null ? null : utcDateTime(instant));
  const history = (entity: { budgetHistory: Array<{ at: number; budget: number }> }) =>
    entity.budgetHistory.map((change) => ({ at: utcDateTime(change.at), budget: change.budget }));

  return {
    ...clockView(runtime),
    advertisers: [...state.advertisers.values()].filter(belongs).map((advertiser) => ({
      advertiser_id: advertiser.advertiser_id,
      name: advertiser.name,
      currency: advertiser.currency,
      timezone: advertiser.timezone,
      status: advertiser.status,
      balance: advertiser.balance,
      reports_purchase_value: advertiser.reportsPurchaseValue,
    })),
    campaigns: [...state.campaigns.values()].filter(belongs).map((campaign) => ({
      ...presentCampaign(runtime, campaign, now),
      deleted: isDeletedAt(campaign, now),
      budget_history: history(campaign),
    })),
    adgroups: [...state.adGroups.values()].filter(belongs).map((adGroup) => ({
      ...presentAdGroup(runtime, adGroup, parentCampaign(runtime, adGroup), now),
      deleted: isDeletedAt(adGroup, now),
      budget_now: budgetAt(adGroup, now),
      budget_history: history(adGroup),
    })),
    ads: [...state.ads.values()].filter(belongs).map((ad) => ({
      ...presentAd(runtime, ad, parentAdGroup(runtime, ad), parentCampaign(runtime, ad), now),
      deleted: isDeletedAt(ad, now),
    })),
    tokens: [...state.tokens.values()].map((token) => ({
      access_token: token.access_token,
      app_id: token.app_id,
      advertiser_ids: token.advertiser_ids,
      scope: token.scope,
      source: token.source,
      created_at: iso(token.created_at),
      revoked_at: iso(token.revoked_at),
    })),
    auth_codes: [...state.authCodes.values()].map((code) => ({
      auth_code: code.auth_code,
      app_id: code.app_id,
      advertiser_ids: code.advertiser_ids,
      redirect_uri: code.redirect_uri,
      created_at: iso(code.created_at),
      used_at: iso(code.used_at),
    })),
    report_tasks: [...state.reportTasks.values()].filter(belongs).map((task) => ({
      task_id: task.task_id,
      advertiser_id: task.advertiser_id,
      created_at: iso(task.created_at),
      canceled_at: iso(task.canceled_at),
    })),
  };
}
