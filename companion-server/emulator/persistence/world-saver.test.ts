import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorState } from '../state/store';
import type { WorldParts } from './world-codec';
import { WorldSaver, type WorldSaverOptions } from './world-saver';

let root: string;
let dir: string;
let saves: number;
let offset: number;
const state = new EmulatorState();

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'world-saver-'));
  dir = join(root, 'emulator');
  await mkdir(dir);
  saves = 0;
  offset = 0;
});

afterEach(() => rm(root, { recursive: true, force: true }));

/** A saver whose every save is counted (it reads the world once per save). */
function saver(options: WorldSaverOptions = {}): WorldSaver {
  return new WorldSaver(
    dir,
    (): WorldParts => {
      saves += 1;
      return { state, clockOffsetMs: offset, settings: {}, largeAccountAdGroups: 0 };
    },
    null,
    { quietMs: 40, maxDelayMs: 150, ...options },
  );
}

const savedOffset = async () =>
  JSON.parse(await readFile(join(dir, 'world.json'), 'utf8')).clock_offset_ms as number;

describe('saving the world after changes', () => {
  it('saves a burst of changes once, when they pause', async () => {
    const subject = saver({ quietMs: 200, maxDelayMs: 2_000 });
    for (let i = 0; i < 5; i += 1) {
      offset = i;
      subject.changed();
      await sleep(5);
    }
    expect(saves).toBe(0);
    await sleep(400);
    expect(saves).toBe(1);
    expect(await savedOffset()).toBe(4);
    await subject.close();
    expect(saves).toBe(1);
  });

  it('still saves during a steady stream of changes, at the latest after maxDelayMs', async () => {
    const subject = saver();
    const until = Date.now() + 500;
    while (Date.now() < until) {
      offset += 1;
      subject.changed();
      await sleep(10);
    }
    // Without the deadline the quiet period would never come: no save at all.
    expect(saves).toBeGreaterThanOrEqual(2);
    await subject.close();
    expect(await savedOffset()).toBe(offset);
  });

  it('saves what is pending on close, and nothing after', async () => {
    const subject = saver({ quietMs: 10_000, maxDelayMs: 10_000 });
    offset = 7;
    subject.changed();
    await subject.close();
    expect(saves).toBe(1);
    expect(await savedOffset()).toBe(7);

    subject.changed();
    await sleep(60);
    expect(saves).toBe(1);
  });

  it('reports a failing save once, keeps the change, and saves it when it can', async () => {
    const errors: unknown[] = [];
    const subject = saver({ quietMs: 10, maxDelayMs: 30, onError: (error) => errors.push(error) });
    // The directory is a file now: every write fails the same way.
    await rm(dir, { recursive: true });
    await writeFile(dir, 'not a directory');
    offset = 3;
    subject.changed();
    await sleep(200);
    expect(saves).toBeGreaterThanOrEqual(2);
    expect(errors).toHaveLength(1);
    await expect(subject.flush()).rejects.toThrow(/ENOTDIR|EEXIST/);

    await rm(dir);
    await mkdir(dir);
    await subject.close();
    expect(await savedOffset()).toBe(3);
  });
});
