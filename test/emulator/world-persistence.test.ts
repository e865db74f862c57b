import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizeThroughConsentPage } from '../helpers/client';
import type { EmulatorSnapshot } from '../helpers/control-client';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { API_PREFIX, encodeParams } from '../helpers/raw-api';
import {
  APP_ID,
  addDays,
  DAY_MS,
  DEFAULT_APP_SECRET,
  localDate,
  REDIRECT_URI,
  START,
} from './support';

/**
 * The emulator's world survives a restart when it has a data directory: entities, tokens
 * (revoked ones stay revoked), authorization codes, report tasks, create idempotency, the
 * clock and control-API settings; its reports come out the same. A file that cannot be read
 * stops the start with a clear error; `--reset` and the control API's reset start over.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LA = 'America/Los_Angeles';

let root: string;
let dir: string;
const running: TestEmulator[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'emulator-world-'));
  dir = join(root, 'emulator');
});

afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.close();
  await rm(root, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestEmulator>[0] = {}): Promise<TestEmulator> {
  const emulator = await startTestEmulator({ dataDir: dir, ...options });
  running.push(emulator);
  return emulator;
}

async function stop(emulator: TestEmulator): Promise<void> {
  running.splice(running.indexOf(emulator), 1);
  await emulator.close();
}

async function control<T>(emulator: TestEmulator, path: string): Promise<T> {
  return (await fetch(`${emulator.url}/__emulator/${path}`)).json() as Promise<T>;
}

/** What a restart must keep, as the control API shows it (all but `now`, which moves on). */
function world(snapshot: EmulatorSnapshot) {
  const { now_ms, now, ...rest } = snapshot as EmulatorSnapshot & { now: string };
  return rest;
}

function campaignReport(emulator: TestEmulator, advertiserId: string, token: string, end: string) {
  return emulator.api.get(
    'report/integrated/get/',
    {
      advertiser_id: advertiserId,
      report_type: 'BASIC',
      data_level: 'AUCTION_CAMPAIGN',
      dimensions: ['campaign_id', 'stat_time_day'],
      metrics: ['spend', 'impressions', 'clicks', 'conversion', 'complete_payment'],
      start_date: addDays(end, -6),
      end_date: end,
      page_size: 1000,
    },
    token,
  );
}

async function download(
  emulator: TestEmulator,
  advertiserId: string,
  taskId: string,
  token: string,
) {
  const response = await emulator.api.fetch(
    `${API_PREFIX}report/task/download/?${encodeParams({ advertiser_id: advertiserId, task_id: taskId })}`,
    { headers: { 'Access-Token': token } },
  );
  expect(response.status).toBe(200);
  return response.text();
}

describe('a restart on the same data directory', () => {
  it('keeps entities, tokens, codes, report tasks, idempotency, the clock and settings', async () => {
    const first = await start({ startAt: START, asyncReportsAllowlisted: true });
    const us = (await first.control.account('USD')).advertiser_id;
    const token = await first.control.mintToken([us]);
    const revoked = await first.control.mintToken([us]);
    await first.control.revokeToken(revoked);
    const refused = (await first.api.get('campaign/get/', { advertiser_id: us }, revoked)).body
      .code;
    expect(refused).not.toBe(0);
    await first.control.clock({ advance_ms: 2 * DAY_MS + 3_600_000 });
    await first.control.settings({
      asyncReportDelayMs: 0,
      syncReportAdLimit: 321,
      tier: 'advanced',
    });

    const created = await first.api.post(
      'campaign/create/',
      {
        advertiser_id: us,
        campaign_name: 'Persisted | Traffic',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_DAY',
        budget: 100,
        request_id: '777',
      },
      token,
    );
    expect(created.body.code).toBe(0);
    const campaignId = created.body.data.campaign_id as string;
    const seeded = await first.control.state(us);
    const adGroup = seeded.adgroups.find((g) => !g.deleted && g.budget_mode === 'BUDGET_MODE_DAY');
    const ad = seeded.ads.find((a) => !a.deleted && a.operation_status === 'ENABLE');
    const budget = (
      await first.api.post(
        'adgroup/update/',
        { advertiser_id: us, adgroup_id: adGroup?.adgroup_id, budget: 175 },
        token,
      )
    ).body;
    expect(budget.code, budget.message).toBe(0);
    const paused = (
      await first.api.post(
        'ad/status/update/',
        { advertiser_id: us, ad_ids: [ad?.ad_id], operation_status: 'DISABLE' },
        token,
      )
    ).body;
    expect(paused.code, paused.message).toBe(0);

    const consent = new URLSearchParams({ app_id: APP_ID, state: 's', redirect_uri: REDIRECT_URI });
    const redirect = await authorizeThroughConsentPage(`${first.url}/portal/auth?${consent}`, [us]);
    const authCode = redirect.get('auth_code') ?? '';
    const task = await first.api.post(
      'report/task/create/',
      {
        advertiser_id: us,
        report_type: 'BASIC',
        data_level: 'AUCTION_ADGROUP',
        dimensions: ['adgroup_id'],
        metrics: ['spend', 'impressions'],
        start_date: localDate(START, LA),
        end_date: addDays(localDate(START, LA), 1),
      },
      token,
    );
    expect(task.body.code, task.body.message).toBe(0);
    const taskId = task.body.data.task_id as string;
    const taskCsv = await download(first, us, taskId, token);

    const before = await first.control.state();
    const yesterday = addDays(localDate(before.now_ms, LA), -1);
    const reportBefore = (await campaignReport(first, us, token, yesterday)).body;
    expect(reportBefore.code, reportBefore.message).toBe(0);
    const clockBefore = await control<{ offset_ms: number }>(first, 'clock');
    await stop(first);

    // Settings given at start win over saved ones; the others come back from the file.
    const second = await start({ asyncReportsAllowlisted: true, tier: 'basic' });
    const after = await second.control.state();
    expect(world(after)).toEqual(world(before));
    expect(after.campaigns.some((c) => c.campaign_id === campaignId)).toBe(true);
    expect(after.adgroups.find((g) => g.adgroup_id === adGroup?.adgroup_id)?.budget).toBe(175);
    expect(after.ads.find((a) => a.ad_id === ad?.ad_id)?.operation_status).toBe('DISABLE');
    expect((await control<{ offset_ms: number }>(second, 'clock')).offset_ms).toBe(
      clockBefore.offset_ms,
    );
    expect(await control(second, 'settings')).toMatchObject({
      asyncReportDelayMs: 0,
      syncReportAdLimit: 321,
      tier: 'basic',
    });

    const listed = await second.api.get('campaign/get/', { advertiser_id: us }, token);
    expect(listed.body.code).toBe(0);
    expect(listed.body.data.list.map((c: { campaign_id: string }) => c.campaign_id)).toContain(
      campaignId,
    );
    expect((await second.api.get('campaign/get/', { advertiser_id: us }, revoked)).body.code).toBe(
      refused,
    );

    // The same figures: delivery is derived from the saved entities and clock alone.
    const reportAfter = (await campaignReport(second, us, token, yesterday)).body;
    expect(reportAfter.data).toEqual(reportBefore.data);
    expect(reportAfter.data.list.length).toBeGreaterThan(0);

    const check = await second.api.get(
      'report/task/check/',
      { advertiser_id: us, task_id: taskId },
      token,
    );
    expect(check.body.data.status).toBe('SUCCESS');
    expect(await download(second, us, taskId, token)).toBe(taskCsv);

    const again = await second.api.post(
      'campaign/create/',
      {
        advertiser_id: us,
        campaign_name: 'Persisted | Traffic',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_DAY',
        budget: 100,
        request_id: '777',
      },
      token,
    );
    expect(again.body.code).toBe(0);
    expect(again.body.data.campaign_id).toBe(campaignId);

    const exchanged = await second.api.post('oauth2/access_token/', {
      app_id: APP_ID,
      secret: DEFAULT_APP_SECRET,
      auth_code: authCode,
    });
    expect(exchanged.body.code, exchanged.body.message).toBe(0);
    const fromCode = exchanged.body.data.access_token as string;
    expect((await second.api.get('campaign/get/', { advertiser_id: us }, fromCode)).body.code).toBe(
      0,
    );
  });

  it('keeps a token, a revocation and the clock even when no entity changed', async () => {
    const first = await start();
    const us = (await first.control.account('USD')).advertiser_id;
    const kept = await first.control.mintToken([us]);
    await stop(first);

    const second = await start();
    expect((await second.api.get('campaign/get/', { advertiser_id: us }, kept)).body.code).toBe(0);
    await second.control.revokeToken(kept);
    await second.control.clock({ advance_ms: 3_600_000 });
    await stop(second);

    const third = await start();
    expect((await third.api.get('campaign/get/', { advertiser_id: us }, kept)).body.code).toBe(
      40105,
    );
    expect((await control<{ offset_ms: number }>(third, 'clock')).offset_ms).toBe(3_600_000);
  });

  it('writes a new directory from the seed at once, and loads it on the next start', async () => {
    const memory = await startTestEmulator({ startAt: START });
    running.push(memory);
    expect(memory.server.runtime.worldOrigin).toBe('memory');
    const first = await start({ startAt: START });
    expect(first.server.runtime.worldOrigin).toBe('seeded');
    const seeded = await first.control.state();
    // On disk before the first request, with the same seed as a world kept in memory.
    const file = JSON.parse(await readFile(join(dir, 'world.json'), 'utf8'));
    expect(file).toMatchObject({ format: 'bayme-emulator-world', version: 1 });
    expect(file.campaigns.map((c: { campaign_id: string }) => c.campaign_id)).toEqual(
      (await memory.control.state()).campaigns.map((c) => c.campaign_id),
    );
    await stop(first);

    // A saved world keeps its own clock: startAt only applies to a world seeded now.
    const second = await start({ startAt: START + 30 * DAY_MS });
    expect(second.server.runtime.worldOrigin).toBe('loaded');
    expect(world(await second.control.state())).toEqual(world(seeded));
  });
});

describe('a saved world that cannot be read', () => {
  async function savedFile(): Promise<{ path: string; json: Record<string, any> }> {
    await stop(await start());
    const path = join(dir, 'world.json');
    return { path, json: JSON.parse(await readFile(path, 'utf8')) };
  }

  it('stops the start with an error naming the file, and leaves the file alone', async () => {
    const { path } = await savedFile();
    await writeFile(path, '{"format":"bayme-emulator-world","version":1,"tok');

    const failure = startTestEmulator({ dataDir: dir });
    await expect(failure).rejects.toThrow(
      `The emulator's saved world in ${path} cannot be used: it is not valid JSON`,
    );
    await expect(failure).rejects.toThrow(
      `npm run emulator -- --reset\` with EMULATOR_DATA_DIR=${dir}`,
    );
    expect(await readFile(path, 'utf8')).toBe('{"format":"bayme-emulator-world","version":1,"tok');
  });

  it('refuses a format version it does not know', async () => {
    const { path, json } = await savedFile();
    await writeFile(path, JSON.stringify({ ...json, version: 2 }));
    await expect(startTestEmulator({ dataDir: dir })).rejects.toThrow(
      'its format version is 2, and this emulator reads version 1 (the file was written by a newer emulator)',
    );
  });

  it('says where an entity does not match the format', async () => {
    const { path, json } = await savedFile();
    json.adgroups[3].budget_mode = 'BUDGET_MODE_SOMETIMES';
    await writeFile(path, JSON.stringify(json));
    await expect(startTestEmulator({ dataDir: dir })).rejects.toThrow(
      /does not match format version 1:\n {2}at adgroups\[3\]\.budget_mode: /,
    );
  });
});

describe('starting over', () => {
  it('seeds again with startOver (--reset) and saves over the old world', async () => {
    const first = await start();
    const seedIds = (await first.control.state()).campaigns.map((c) => c.campaign_id);
    const us = (await first.control.account('USD')).advertiser_id;
    const token = await first.control.mintToken([us]);
    await first.api.post(
      'campaign/create/',
      {
        advertiser_id: us,
        campaign_name: 'Gone',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_INFINITE',
      },
      token,
    );
    await stop(first);
    await writeFile(join(dir, 'world.json'), 'not even JSON');

    const second = await start({ startOver: true });
    expect(second.server.runtime.worldOrigin).toBe('reseeded');
    await stop(second);
    const third = await start();
    const state = await third.control.state();
    expect(state.campaigns.map((c) => c.campaign_id)).toEqual(seedIds);
    expect(state.tokens).toEqual([]);
  });

  it('seeds again on the control API reset, and the saved world follows', async () => {
    const first = await start({ asyncReportsAllowlisted: true });
    const seedIds = (await first.control.state()).campaigns.map((c) => c.campaign_id);
    const us = (await first.control.account('USD')).advertiser_id;
    const token = await first.control.mintToken([us]);
    const task = await first.api.post(
      'report/task/create/',
      {
        advertiser_id: us,
        report_type: 'BASIC',
        data_level: 'AUCTION_CAMPAIGN',
        dimensions: ['campaign_id'],
        metrics: ['spend'],
        start_date: addDays(localDate(Date.now(), LA), -3),
        end_date: addDays(localDate(Date.now(), LA), -1),
      },
      token,
    );
    expect(task.body.code, task.body.message).toBe(0);
    await first.api.post(
      'campaign/create/',
      {
        advertiser_id: us,
        campaign_name: 'Gone',
        objective_type: 'TRAFFIC',
        budget_mode: 'BUDGET_MODE_INFINITE',
      },
      token,
    );
    await first.server.runtime.saveWorld();
    expect(await readdir(join(dir, 'report-tasks'))).toEqual([`${task.body.data.task_id}.csv`]);

    await first.control.reset();
    await stop(first);
    const second = await start();
    const state = await second.control.state();
    expect(state.campaigns.map((c) => c.campaign_id)).toEqual(seedIds);
    expect(state.tokens).toEqual([]);
    expect(await readdir(join(dir, 'report-tasks'))).toEqual([]);
  });
});

describe('npm run emulator', () => {
  /** main.ts as `npm run emulator` runs it; resolves with its output once it listens or exits. */
  function runEmulator(args: string[]) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'companion-server/emulator/main.ts', ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          EMULATOR_PORT: '0',
          EMULATOR_DATA_DIR: dir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', () => {
        if (output.includes('World:')) resolve();
      });
      void exited.then(() => resolve());
    });
    return { child, exited, ready, output: () => output };
  }

  it('refuses a broken world, and starts over from the seed with --reset', async () => {
    await stop(await start());
    await writeFile(join(dir, 'world.json'), 'garbage');

    const refused = runEmulator([]);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain(
      `The emulator's saved world in ${join(dir, 'world.json')} cannot be used`,
    );
    expect(await readFile(join(dir, 'world.json'), 'utf8')).toBe('garbage');

    const reset = runEmulator(['--reset']);
    await reset.ready;
    expect(reset.output()).toContain(
      `World:           ${dir} (started over from the seed: --reset)`,
    );
    reset.child.kill('SIGINT');
    expect(await reset.exited).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'world.json'), 'utf8')).format).toBe(
      'bayme-emulator-world',
    );

    const again = runEmulator([]);
    await again.ready;
    expect(again.output()).toContain(
      `World:           ${dir} (the saved world; --reset starts over from the seed)`,
    );
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 60_000);
});
