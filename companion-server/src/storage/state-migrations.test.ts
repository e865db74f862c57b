import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS } from '../contract/bulk-edits';
import { DEFAULT_ORDERS_SETTINGS } from '../contract/orders-settings';
import { DEFAULT_RULES_SETTINGS } from '../contract/rules';
import { openStateStore } from './state-migrations';
import { STATE_VERSION } from './state-schema';

describe('state migrations', () => {
  const directories: string[] = [];
  afterEach(async () => {
    await Promise.all(directories.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('brings a version 1 file up to date, keeping its data and a backup', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-migrations-'));
    directories.push(dir);
    await copyFile(
      join(import.meta.dirname, '../../../test/fixtures/storage/state-v1.json'),
      join(dir, 'state.json'),
    );

    const store = await openStateStore(dir);
    const state = store.read();
    expect(state.version).toBe(STATE_VERSION);
    expect(state.guardrails).toEqual(DEFAULT_GUARDRAILS);
    expect(state.staff.map((s) => s.email)).toEqual(['ana@bayme.example']);

    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(saved.version).toBe(STATE_VERSION);
    expect(saved.guardrails).toEqual(DEFAULT_GUARDRAILS);
    expect(await readdir(dir)).toContain('state.json.v1.bak');
  });

  it('brings a version 2 file up to date: no rules yet, not paused, guardrails kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-migrations-'));
    directories.push(dir);
    await copyFile(
      join(import.meta.dirname, '../../../test/fixtures/storage/state-v2.json'),
      join(dir, 'state.json'),
    );

    const state = (await openStateStore(dir)).read();
    expect(state.version).toBe(STATE_VERSION);
    expect(state.rules).toEqual([]);
    expect(state.rulesSettings).toEqual(DEFAULT_RULES_SETTINGS);
    expect(state.guardrails).toEqual({
      maxChangePercent: 50,
      overLimit: 'approval',
      cooldownMinutes: 0,
    });
    expect(await readdir(dir)).toContain('state.json.v2.bak');
  });

  it('brings a version 3 file up to date: no scheduled changes yet, the switch kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-migrations-'));
    directories.push(dir);
    await copyFile(
      join(import.meta.dirname, '../../../test/fixtures/storage/state-v3.json'),
      join(dir, 'state.json'),
    );

    const state = (await openStateStore(dir)).read();
    expect(state.version).toBe(STATE_VERSION);
    expect(state.scheduledChanges).toEqual([]);
    expect(state.rules).toEqual([]);
    // An admin's "everything off" survives the upgrade: it now holds scheduled changes too.
    expect(state.rulesSettings).toEqual({
      paused: true,
      pausedBy: 'ana@bayme.example',
      pausedAt: '2026-12-01T10:00:00.000Z',
    });
    expect(state.staff.map((s) => s.email)).toEqual(['ana@bayme.example']);
    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(saved.version).toBe(STATE_VERSION);
    expect(saved.scheduledChanges).toEqual([]);
    expect(await readdir(dir)).toContain('state.json.v3.bak');
  });

  it('brings a version 4 file up to date: the default orders settings, the rest kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-migrations-'));
    directories.push(dir);
    await copyFile(
      join(import.meta.dirname, '../../../test/fixtures/storage/state-v4.json'),
      join(dir, 'state.json'),
    );

    const state = (await openStateStore(dir)).read();
    expect(state.version).toBe(5);
    expect(state.ordersSettings).toEqual({
      trackingTemplate:
        'utm_source=tiktok&campaign_id=__CAMPAIGN_ID__&adgroup_id=__AID__&ad_id=__CID__',
      clickWindowDays: 7,
    });
    expect(state.ordersSettings).toEqual(DEFAULT_ORDERS_SETTINGS);
    expect(state.guardrails).toEqual({
      maxChangePercent: 30,
      overLimit: 'block',
      cooldownMinutes: 60,
    });
    expect(state.rulesSettings.paused).toBe(true);
    const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(saved.version).toBe(5);
    expect(saved.ordersSettings).toEqual(DEFAULT_ORDERS_SETTINGS);
    expect(await readdir(dir)).toContain('state.json.v4.bak');
  });
});
