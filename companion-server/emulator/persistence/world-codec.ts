import type { z } from 'zod';
import type { MutableSettings } from '../settings';
import type { ReportTask } from '../state/model';
import type { EmulatorState } from '../state/store';
import { WORLD_FORMAT, WORLD_VERSION, type WorldFile, type WorldFileSchema } from './world-schema';

/**
 * The emulator's world to the text of `world.json` and back.
 *
 * Saved: ad accounts and every campaign, ad group and ad with all their fields (budget and
 * status histories included, which budget rules and delivery are computed from), TikTok users,
 * tokens (revoked ones too: a revoked token must stay refused), authorization codes (a consent
 * that straddles a restart still completes), report tasks, the `create` idempotency keys,
 * the clock's offset and the settings changed through the control API.
 *
 * Not saved, on purpose: the call log, queued faults and rate-limit windows are traffic,
 * not the world, and start empty; the registered app comes from the emulator's options at
 * every start (a server on another port registers another redirect URI). Delivery figures
 * are not saved either: the simulator derives them from entities, their histories and the
 * clock alone (noise seeded by ids and dates), so they come out the same after a restart.
 */

/** What a save records, read from the runtime. */
export interface WorldParts {
  state: EmulatorState;
  clockOffsetMs: number;
  settings: Partial<MutableSettings>;
  largeAccountAdGroups: number;
}

type WorldInput = z.input<typeof WorldFileSchema>;
type EntityKey = 'users' | 'advertisers' | 'campaigns' | 'adgroups' | 'ads';

/**
 * Entities encoded in one turn of the event loop (and written in one piece): a few hundred
 * kilobytes, so that requests keep flowing while a large world is saved.
 */
const ENTITIES_PER_PIECE = 200;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface EncodedWorld {
  /** The file's text in pieces of a few hundred kilobytes at most, to be written in turn. */
  pieces: readonly string[];
  /** The report tasks in this text, with the CSV each keeps in a file of its own. */
  tasks: ReadonlyArray<{ task_id: string; csv: string }>;
}

/**
 * Encodes the world; the entity part (by far the largest: thousands of ad groups in the large
 * account) is reused while the state's version says no entity changed, since every entity
 * change calls `EmulatorState.touch()`. Tokens, codes and tasks change without touching it,
 * and are small: they are encoded every time.
 */
export class WorldEncoder {
  #entities: { state: EmulatorState; version: number; pieces: string[] } | null = null;

  async encode(world: WorldParts, savedAt: number): Promise<EncodedWorld> {
    const { state } = world;
    // The entity lists and the rest are read in this same turn of the event loop, so they
    // agree with each other (a create_requests entry never names an entity the file lacks):
    // encodeEntities reads its lists before it first yields.
    const version = state.version;
    const cached = this.#entities;
    const entities =
      cached?.state === state && cached.version === version
        ? Promise.resolve(cached.pieces)
        : encodeEntities({
            users: [...state.users.entries()],
            advertisers: [...state.advertisers.values()],
            campaigns: [...state.campaigns.values()],
            adgroups: [...state.adGroups.values()],
            ads: [...state.ads.values()],
          });
    const tasks = [...state.reportTasks.values()];
    const head: Omit<WorldInput, EntityKey> = {
      format: WORLD_FORMAT,
      version: WORLD_VERSION,
      saved_at: new Date(savedAt).toISOString(),
      clock_offset_ms: world.clockOffsetMs,
      settings: world.settings,
      large_account_adgroups: world.largeAccountAdGroups,
      tokens: [...state.tokens.values()],
      auth_codes: [...state.authCodes.values()],
      report_tasks: tasks.map(({ csv, ...meta }) => meta),
      create_requests: [...state.createRequests.entries()],
    };
    const headJson = JSON.stringify(head);
    const entityPieces = await entities;
    // Keyed on the version read above: a change made while encoding makes the next save
    // encode again, even though these pieces may already show part of that change.
    this.#entities = { state, version, pieces: entityPieces };
    return {
      pieces: [`${headJson.slice(0, -1)},`, ...entityPieces, '}\n'],
      tasks: tasks.map((task) => ({ task_id: task.task_id, csv: task.csv })),
    };
  }
}

/** `"users":[…],"advertisers":[…],…` in pieces of at most ENTITIES_PER_PIECE entities. */
async function encodeEntities(lists: Pick<WorldInput, EntityKey>): Promise<string[]> {
  const pieces: string[] = [];
  let first = true;
  for (const [key, items] of Object.entries(lists) as Array<[EntityKey, unknown[]]>) {
    pieces.push(`${first ? '' : ','}${JSON.stringify(key)}:[`);
    first = false;
    for (let start = 0; start < items.length; start += ENTITIES_PER_PIECE) {
      if (start > 0) await nextTurn();
      const piece = items
        .slice(start, start + ENTITIES_PER_PIECE)
        .map((item) => JSON.stringify(item))
        .join(',');
      pieces.push(start > 0 ? `,${piece}` : piece);
    }
    pieces.push(']');
  }
  return pieces;
}

/**
 * Fill an empty state from a validated file, in the saved order (which is the order entities
 * were made in: listings and the delivery simulator's sums follow it). Throws with a reason
 * when the file's entities do not hang together.
 */
export function restoreWorld(
  file: WorldFile,
  taskCsv: ReadonlyMap<string, string>,
  state: EmulatorState,
): void {
  for (const advertiser of file.advertisers) {
    claimId(state, advertiser.advertiser_id, 'advertiser');
    state.addAdvertiser(advertiser);
  }
  for (const campaign of file.campaigns) {
    if (!state.advertisers.has(campaign.advertiser_id)) {
      throw new Error(
        `campaign ${campaign.campaign_id} belongs to ad account ${campaign.advertiser_id}, which the file does not have`,
      );
    }
    claimId(state, campaign.campaign_id, 'campaign');
    state.addCampaign(campaign);
  }
  for (const adGroup of file.adgroups) {
    const campaign = state.campaigns.get(adGroup.campaign_id);
    if (campaign?.advertiser_id !== adGroup.advertiser_id) {
      throw new Error(
        `ad group ${adGroup.adgroup_id} names campaign ${adGroup.campaign_id} of ad account ${adGroup.advertiser_id}, which the file does not have`,
      );
    }
    claimId(state, adGroup.adgroup_id, 'ad group');
    state.addAdGroup(adGroup);
  }
  for (const ad of file.ads) {
    const adGroup = state.adGroups.get(ad.adgroup_id);
    if (adGroup?.campaign_id !== ad.campaign_id || adGroup.advertiser_id !== ad.advertiser_id) {
      throw new Error(
        `ad ${ad.ad_id} names ad group ${ad.adgroup_id} (campaign ${ad.campaign_id}, ad account ${ad.advertiser_id}), which the file does not have`,
      );
    }
    claimId(state, ad.ad_id, 'ad');
    state.addAd(ad);
  }
  for (const [key, user] of file.users) state.users.set(key, user);
  for (const token of file.tokens) state.tokens.set(token.access_token, token);
  for (const code of file.auth_codes) state.authCodes.set(code.auth_code, code);
  for (const saved of file.report_tasks) {
    if (!state.advertisers.has(saved.advertiser_id)) {
      throw new Error(
        `report task ${saved.task_id} belongs to ad account ${saved.advertiser_id}, which the file does not have`,
      );
    }
    const csv = taskCsv.get(saved.task_id);
    if (csv === undefined) throw new Error(`report task ${saved.task_id} has no CSV`);
    claimId(state, saved.task_id, 'report task');
    const task: ReportTask = { ...saved, csv };
    state.reportTasks.set(task.task_id, task);
  }
  for (const [key, id] of file.create_requests) state.createRequests.set(key, id);
}

/** Ids are unique across kinds in the emulator (see EmulatorState.isIdTaken). */
function claimId(state: EmulatorState, id: string, kind: string): void {
  if (state.isIdTaken(id)) throw new Error(`the ${kind} id ${id} is used twice`);
}
