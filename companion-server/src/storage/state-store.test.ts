import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStateStore, STATE_MIGRATIONS } from './state-migrations';
import { emptyState } from './state-schema';
import { type Migration, StateStore, StateStoreError, type StateStoreOptions } from './state-store';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const STATE_STORE_MODULE = fileURLToPath(new URL('./state-store.ts', import.meta.url));

const ListSchema = z.object({ version: z.literal(1), items: z.array(z.string().min(1)) });
type List = z.infer<typeof ListSchema>;

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'state-store-'));
  file = join(dir, 'data', 'state.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function listOptions(overrides: Partial<StateStoreOptions<List>> = {}): StateStoreOptions<List> {
  return {
    file,
    schema: ListSchema,
    version: 1,
    migrations: [],
    initial: () => ({ version: 1, items: [] }),
    ...overrides,
  };
}

const openList = (overrides: Partial<StateStoreOptions<List>> = {}) =>
  StateStore.open(listOptions(overrides));

async function writeRaw(text: string): Promise<void> {
  await mkdir(join(dir, 'data'), { recursive: true });
  await writeFile(file, text);
}

async function expectOpenToFail(pattern: RegExp, overrides: Partial<StateStoreOptions<List>> = {}) {
  const before = await readFile(file, 'utf8');
  const error = await openList(overrides).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StateStoreError);
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(pattern);
  expect(await readFile(file, 'utf8')).toBe(before);
  expect(await readdir(join(dir, 'data'))).toEqual(['state.json']);
}

describe('StateStore.open', () => {
  it('creates the directory and the file from initial(), readable only by its owner', async () => {
    const store = await openList({ initial: () => ({ version: 1, items: ['first'] }) });
    expect(store.read()).toEqual({ version: 1, items: ['first'] });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, items: ['first'] });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'data'))).toEqual(['state.json']);
  });

  it('loads an existing file instead of replacing it', async () => {
    await writeRaw(JSON.stringify({ version: 1, items: ['kept'] }));
    const store = await openList({ initial: () => ({ version: 1, items: ['fresh'] }) });
    expect(store.read().items).toEqual(['kept']);
  });

  it('rejects invalid JSON, naming the file, and leaves it untouched', async () => {
    await writeRaw('{"version": 1, "items": [');
    await expectOpenToFail(/not valid JSON/);
  });

  it('rejects a schema failure with the path and message of the first issue', async () => {
    await writeRaw(JSON.stringify({ version: 1, items: ['ok', ''] }));
    await expectOpenToFail(/items\.1: Too small/);
  });

  it('rejects a file without a version', async () => {
    await writeRaw(JSON.stringify({ items: [] }));
    await expectOpenToFail(/no valid "version" field/);
  });

  it('rejects a file written by a newer version', async () => {
    await writeRaw(JSON.stringify({ version: 2, items: [] }));
    await expectOpenToFail(
      /newer version of the server \(data version 2; this one understands up to 1\)/,
    );
  });

  it('rejects an old version for which a migration step is missing', async () => {
    await writeRaw(JSON.stringify({ version: 0, names: 'a,b' }));
    await expectOpenToFail(/no migration from data version 0 to 1/);
  });

  it('migrates an old file, keeping a backup of the original', async () => {
    const original = `${JSON.stringify({ version: 0, names: 'a,b' })}\n`;
    await writeRaw(original);
    const fromCsv: Migration = {
      from: 0,
      to: 1,
      migrate: (data) => {
        const { names } = z.object({ names: z.string() }).parse(data);
        return { items: names.split(',') };
      },
    };
    const store = await openList({ migrations: [fromCsv] });
    expect(store.read()).toEqual({ version: 1, items: ['a', 'b'] });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, items: ['a', 'b'] });
    expect(await readFile(`${file}.v0.bak`, 'utf8')).toBe(original);
    expect((await readdir(join(dir, 'data'))).sort()).toEqual(['state.json', 'state.json.v0.bak']);
  });

  it('reports a migration whose result fails the schema, leaving the file untouched', async () => {
    await writeRaw(JSON.stringify({ version: 0, names: 'a,b' }));
    await expectOpenToFail(/items: Invalid input/, {
      migrations: [{ from: 0, to: 1, migrate: () => ({ items: 'a,b' }) }],
    });
  });
});

describe('StateStore.read', () => {
  it('returns the state frozen, so that callers cannot change the store behind its back', async () => {
    const store = await openList();
    expect(() => store.read().items.push('sneaky')).toThrow(TypeError);
    expect(store.read().items).toEqual([]);
    // An update works on a copy of its own, and what it saved is frozen in turn.
    await store.update((draft) => {
      draft.items.push('kept');
    });
    expect(store.read().items).toEqual(['kept']);
    expect(Object.isFrozen(store.read().items)).toBe(true);
  });

  it('sees a file replaced by another process, and keeps the last valid state if it is bad', async () => {
    const store = await openList();
    await writeFile(file, JSON.stringify({ version: 1, items: ['from the CLI'] }));
    expect(store.read().items).toEqual(['from the CLI']);

    await writeFile(file, '{ broken');
    expect(store.read().items).toEqual(['from the CLI']);
    const error = await store.update(() => undefined).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateStoreError);
    expect((error as Error).message).toContain(file);
    expect(await readFile(file, 'utf8')).toBe('{ broken');
  });
});

describe('StateStore.update', () => {
  it('saves the change, returns what mutate returns, and survives reopening', async () => {
    const store = await openList();
    const count = await store.update((draft) => {
      draft.items.push('one');
      return draft.items.length;
    });
    expect(count).toBe(1);
    expect(store.read().items).toEqual(['one']);
    expect((await openList()).read().items).toEqual(['one']);
  });

  it('writes atomically: no temporary or lock files are left behind', async () => {
    const store = await openList();
    for (let index = 0; index < 5; index += 1) {
      await store.update((draft) => {
        draft.items.push(`item ${index}`);
      });
    }
    expect(await readdir(join(dir, 'data'))).toEqual(['state.json']);
    expect(JSON.parse(await readFile(file, 'utf8')).items).toHaveLength(5);
  });

  it('writes nothing when mutate throws', async () => {
    const store = await openList();
    const before = await readFile(file, 'utf8');
    await expect(
      store.update((draft) => {
        draft.items.push('half-done');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(store.read().items).toEqual([]);
  });

  it('refuses an invalid result with StateStoreError and writes nothing', async () => {
    const store = await openList();
    const before = await readFile(file, 'utf8');
    const error = await store
      .update((draft) => {
        draft.items.push('');
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateStoreError);
    expect((error as Error).message).toMatch(
      /Refused to save .*state\.json: .* at items\.0: Too small/,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(store.read().items).toEqual([]);
  });

  it('loses nothing when 20 updates run at once', async () => {
    const store = await openList();
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.update(async (draft) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          draft.items.push(`item ${index}`);
        }),
      ),
    );
    expect(store.read().items).toHaveLength(20);
    expect(new Set(JSON.parse(await readFile(file, 'utf8')).items).size).toBe(20);
  });

  it('shares the file with a second instance: each sees the other, no update is lost', async () => {
    const server = await openList();
    const cli = await openList();
    await server.update((draft) => {
      draft.items.push('server 0');
    });
    expect(cli.read().items).toEqual(['server 0']);
    await cli.update((draft) => {
      draft.items.push('cli 0');
    });
    expect(server.read().items).toEqual(['server 0', 'cli 0']);

    await Promise.all(
      Array.from({ length: 10 }, (_, index) => [
        server.update((draft) => {
          draft.items.push(`server ${index + 1}`);
        }),
        cli.update((draft) => {
          draft.items.push(`cli ${index + 1}`);
        }),
      ]).flat(),
    );
    expect(server.read().items).toHaveLength(22);
    expect(cli.read()).toEqual(server.read());
  });

  it('loses nothing when another process updates the same file at the same time', async () => {
    const server = await openList();
    const script = [
      `import { z } from 'zod';`,
      `import { StateStore } from ${JSON.stringify(STATE_STORE_MODULE)};`,
      `const schema = z.object({ version: z.literal(1), items: z.array(z.string().min(1)) });`,
      `const store = await StateStore.open({ file: ${JSON.stringify(file)}, schema, version: 1,`,
      '  migrations: [], initial: () => ({ version: 1, items: [] }), lockTimeoutMs: 20000 });',
      "console.log('ready');",
      "for (let i = 0; i < 25; i++) await store.update((draft) => { draft.items.push('child ' + i); });",
    ].join('\n');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const ready = new Promise((resolve) => child.stdout.once('data', resolve));
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    const exitCode = new Promise((resolve) => child.once('exit', resolve));
    await Promise.race([ready, exitCode]);
    for (let index = 0; index < 25; index += 1) {
      await server.update((draft) => {
        draft.items.push(`server ${index}`);
      });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await exitCode, stderr).toBe(0);
    const items = server.read().items;
    expect(items).toHaveLength(50);
    expect(items.filter((item) => item.startsWith('child'))).toHaveLength(25);
  }, 20_000);
});

describe('openStateStore', () => {
  it('creates data/state.json with the empty state at the current version', async () => {
    const store = await openStateStore(join(dir, 'data'));
    expect(store.read()).toEqual(emptyState());
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(emptyState());
    // Every version but the first is reached by exactly one migration step.
    expect(STATE_MIGRATIONS.map((m) => m.to)).toEqual(
      Array.from({ length: emptyState().version - 1 }, (_, i) => i + 2),
    );
  });

  it('refuses a state file that fails the real schema, naming the field', async () => {
    await writeRaw(JSON.stringify({ ...emptyState(), staff: [{ id: 'stf_1234567' }] }));
    const error = await openStateStore(join(dir, 'data')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateStoreError);
    expect((error as Error).message).toContain(`${file}: staff.0.email`);
  });
});
