import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AuditEntry,
  type AuditEntryInput,
  AuditEntrySchema,
  type AuditQuery,
} from '../contract/audit';
import { AuditLog, type AuditLogOptions } from './audit-log';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const spied = {
    ...actual,
    open: vi.fn(actual.open),
    readFile: vi.fn(actual.readFile),
  };
  return { ...spied, default: spied };
});
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const spied = {
    ...actual,
    createReadStream: vi.fn(actual.createReadStream),
    readFileSync: vi.fn(actual.readFileSync),
  };
  return { ...spied, default: spied };
});

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const AUDIT_LOG_MODULE = fileURLToPath(new URL('./audit-log.ts', import.meta.url));
const FILE_NAME = /^audit-\d{8}T\d{6}-\d+\.jsonl$/;

let dir: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'audit-log-'));
});

afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** A clock that moves 1 s per call from 2025-03-01, so entries have distinct, known times. */
function steppingClock(stepMs = 1_000): () => Date {
  let ms = Date.parse('2025-03-01T00:00:00.000Z');
  return () => {
    ms += stepMs;
    return new Date(ms);
  };
}

function openLog(options: Partial<AuditLogOptions> = {}): Promise<AuditLog> {
  return AuditLog.open({ dir, now: steppingClock(), ...options });
}

function input(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    actor: { kind: 'staff', staffId: 'stf_alice01', email: 'alice@bayme.example' },
    action: 'adgroup.budget.update',
    outcome: 'success',
    advertiserId: '7000000000000000001',
    entityIds: ['1800000000000000001'],
    changes: [{ entityId: '1800000000000000001', field: 'budget', before: 100, after: 120 }],
    message: 'Budget raised from 100 to 120.',
    ...overrides,
  };
}

function page(log: AuditLog, query: Partial<AuditQuery> = {}) {
  return log.query({ limit: 50, ...query });
}

async function allPages(log: AuditLog, query: Partial<AuditQuery>): Promise<AuditEntry[][]> {
  const pages: AuditEntry[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const result = await page(log, { ...query, cursor });
    pages.push(result.entries);
    if (result.nextCursor === null) return pages;
    cursor = result.nextCursor;
  }
}

async function logFiles(): Promise<string[]> {
  return (await fsp.readdir(dir)).filter((name) => name.endsWith('.jsonl'));
}

async function linesOf(name: string): Promise<string[]> {
  const text = await fsp.readFile(join(dir, name), 'utf8');
  return text.split('\n').filter((line) => line !== '');
}

/** A log file's sequence number: the order in which the files were started. */
function sequenceOf(name: string): number {
  return Number(/-(\d+)\.jsonl$/.exec(name)?.[1]);
}

async function allLines(): Promise<string[]> {
  const lines: string[] = [];
  for (const name of await logFiles()) {
    const text = await fsp.readFile(join(dir, name), 'utf8');
    lines.push(...text.split('\n').filter((line) => line !== ''));
  }
  return lines;
}

describe('AuditLog.append', () => {
  it('assigns an id and a time, fills defaults, and writes one JSON line', async () => {
    const log = await openLog({ now: () => new Date('2025-03-01T12:00:00.000Z') });
    const entry = await log.append({
      actor: { kind: 'system', staffId: null, email: null },
      action: 'server.start',
      outcome: 'success',
    });
    expect(entry).toMatchObject({
      at: '2025-03-01T12:00:00.000Z',
      advertiserId: null,
      entityIds: [],
      changes: [],
      tiktokRequestIds: [],
      message: null,
      details: {},
    });
    expect(entry.id).toMatch(/^[0-9a-z]{21}$/);
    const files = await logFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(FILE_NAME);
    expect(await allLines()).toEqual([JSON.stringify(entry)]);
    expect(await page(log)).toEqual({ entries: [entry], nextCursor: null, skippedLines: 0 });
  });

  it('rejects an invalid entry and writes nothing', async () => {
    const log = await openLog();
    await expect(log.append(input({ action: 'Not An Action' }))).rejects.toThrow();
    expect(await logFiles()).toEqual([]);
  });

  it('makes ids that sort in append order, even if the clock goes back', async () => {
    const times = ['2025-03-01T00:00:02Z', '2025-03-01T00:00:01Z', '2025-03-01T00:00:01Z'];
    const log = await openLog({ now: () => new Date(times.shift() ?? '2025-03-01T00:00:03Z') });
    const ids: string[] = [];
    for (let index = 0; index < 4; index += 1) ids.push((await log.append(input())).id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
  });

  it('starts a new file once the current one reaches maxFileBytes', async () => {
    const log = await openLog({ maxFileBytes: 2_000 });
    const appended: AuditEntry[] = [];
    for (let index = 0; index < 40; index += 1) appended.push(await log.append(input()));
    const files = (await logFiles()).sort();
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const name of files) {
      expect(name).toMatch(FILE_NAME);
      const { size } = await fsp.stat(join(dir, name));
      // Full means at least maxFileBytes: a file ends with the one entry that crossed the line.
      expect(size).toBeLessThan(2_000 + 500);
    }
    const pages = await allPages(log, { limit: 7 });
    expect(pages.map((entries) => entries.length)).toEqual([7, 7, 7, 7, 7, 5]);
    expect(pages.flat()).toEqual(appended.reverse());
  });

  it('continues in the newest existing file after a restart', async () => {
    const first = await openLog({ maxFileBytes: 2_000 });
    while ((await logFiles()).length < 2) await first.append(input());
    const filesBefore = (await logFiles()).sort((a, b) => sequenceOf(a) - sequenceOf(b));
    const [older, newest] = filesBefore as [string, string];
    const olderText = await fsp.readFile(join(dir, older), 'utf8');
    const newestLines = await linesOf(newest);
    // The newest file has room: a restart has no reason to start another.
    expect((await fsp.stat(join(dir, newest))).size).toBeLessThan(2_000);

    // A day later, so a new file would have another name even with the same sequence.
    const second = await openLog({
      maxFileBytes: 2_000,
      now: () => new Date('2025-03-02T00:00:00.000Z'),
    });
    const entry = await second.append(input());

    expect((await logFiles()).sort((a, b) => sequenceOf(a) - sequenceOf(b))).toEqual(filesBefore);
    expect(await linesOf(newest)).toEqual([...newestLines, JSON.stringify(entry)]);
    expect(await fsp.readFile(join(dir, older), 'utf8')).toBe(olderText);
  });

  it('never reads the existing entries to append', async () => {
    const log = await openLog();
    for (let index = 0; index < 300; index += 1) await log.append(input());
    vi.mocked(fsp.open).mockClear();
    vi.mocked(fsp.readFile).mockClear();
    vi.mocked(fs.createReadStream).mockClear();
    vi.mocked(fs.readFileSync).mockClear();
    const appendFile = vi.spyOn(fsp, 'appendFile');

    for (let index = 0; index < 50; index += 1) await log.append(input());

    expect(fsp.open).not.toHaveBeenCalled();
    expect(fsp.readFile).not.toHaveBeenCalled();
    expect(fs.createReadStream).not.toHaveBeenCalled();
    expect(fs.readFileSync).not.toHaveBeenCalled();
    expect(appendFile).toHaveBeenCalledTimes(50);
    expect(await allLines()).toHaveLength(350);
    // The spies can see reads at all: a query does read.
    await page(log, { limit: 1 });
    expect(fsp.open).toHaveBeenCalled();
  });

  it('keeps lines whole and ids unique when two logs append to one directory at once', async () => {
    const options = { maxFileBytes: 16_000, now: () => new Date() };
    const [server, cli] = await Promise.all([openLog(options), openLog(options)]);
    await Promise.all(
      Array.from({ length: 200 }, (_, index) => [
        server.append(input({ entityIds: [`server-${index}`] })),
        cli.append(input({ entityIds: [`cli-${index}`] })),
      ]).flat(),
    );
    const lines = await allLines();
    expect(lines).toHaveLength(400);
    const ids = lines.map((line) => AuditEntrySchema.parse(JSON.parse(line)).id);
    expect(new Set(ids).size).toBe(400);
    const paged = (await allPages(server, { limit: 60 })).flat().map((entry) => entry.id);
    expect(paged).toEqual([...ids].sort().reverse());
  });

  it('keeps lines whole and pagination exact when another process appends at the same time', async () => {
    const script = [
      `import { AuditLog } from ${JSON.stringify(AUDIT_LOG_MODULE)};`,
      `const log = await AuditLog.open({ dir: ${JSON.stringify(dir)}, maxFileBytes: 16000 });`,
      "console.log('ready');",
      'await Promise.all(Array.from({ length: 200 }, (_, i) => log.append({',
      "  actor: { kind: 'system', staffId: null, email: null }, action: 'cli.test',",
      "  outcome: 'success', entityIds: ['child-' + i] })));",
    ].join('\n');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    const exitCode = new Promise((resolve) => child.once('exit', resolve));
    await Promise.race([new Promise((resolve) => child.stdout.once('data', resolve)), exitCode]);

    const log = await openLog({ maxFileBytes: 16_000, now: () => new Date() });
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        log.append(input({ entityIds: [`parent-${index}`] })),
      ),
    );
    expect(await exitCode, stderr).toBe(0);

    const lines = await allLines();
    expect(lines).toHaveLength(400);
    const ids = lines.map((line) => AuditEntrySchema.parse(JSON.parse(line)).id);
    expect(new Set(ids).size).toBe(400);
    const paged = (await allPages(log, { limit: 30 })).flat().map((entry) => entry.id);
    expect(paged).toEqual([...ids].sort().reverse());
  }, 20_000);
});

describe('AuditLog.query', () => {
  it('returns entries newest first, with every filter', async () => {
    const log = await openLog();
    const budget = await log.append(input());
    const byBob = await log.append(
      input({
        actor: { kind: 'staff', staffId: 'stf_bob0001', email: 'bob@bayme.example' },
        action: 'adgroup.status.update',
        entityIds: [],
        changes: [{ entityId: '1800000000000000002', field: 'status', before: 'on', after: 'off' }],
      }),
    );
    const otherAccount = await log.append(
      input({
        advertiserId: '7000000000000000002',
        action: 'campaign.budget.update',
        entityIds: ['1700000000000000001'],
        changes: [],
      }),
    );
    const staffAdd = await log.append(
      input({ action: 'staff.add', advertiserId: null, entityIds: ['stf_carol01'], changes: [] }),
    );
    const ids = async (query: Partial<AuditQuery>) =>
      (await page(log, query)).entries.map((entry) => entry.id);

    expect(await ids({})).toEqual([staffAdd.id, otherAccount.id, byBob.id, budget.id]);
    expect(await ids({ entityId: '1800000000000000001' })).toEqual([budget.id]);
    expect(await ids({ entityId: '1800000000000000002' })).toEqual([byBob.id]);
    expect(await ids({ entityId: 'stf_carol01' })).toEqual([staffAdd.id]);
    expect(await ids({ staffId: 'stf_bob0001' })).toEqual([byBob.id]);
    expect(await ids({ staffId: 'stf_alice01' })).toEqual([
      staffAdd.id,
      otherAccount.id,
      budget.id,
    ]);
    expect(await ids({ advertiserId: '7000000000000000002' })).toEqual([otherAccount.id]);
    expect(await ids({ action: 'adgroup.budget.update' })).toEqual([budget.id]);
    expect(await ids({ action: 'adgroup.' })).toEqual([byBob.id, budget.id]);
    expect(await ids({ action: 'adgroup' })).toEqual([]);
    expect(await ids({ action: 'staff.add.' })).toEqual([]);
    expect(await ids({ from: byBob.at, to: otherAccount.at })).toEqual([otherAccount.id, byBob.id]);
    const afterBob = new Date(Date.parse(byBob.at) + 500).toISOString().replace('Z', '+00:00');
    expect(await ids({ from: afterBob })).toEqual([staffAdd.id, otherAccount.id]);
    expect(await ids({ to: budget.at })).toEqual([budget.id]);
    expect(await ids({ cursor: otherAccount.id })).toEqual([byBob.id, budget.id]);
    expect(await ids({ staffId: 'stf_alice01', action: 'adgroup.' })).toEqual([budget.id]);

    const oddName = await log.append(
      input({ action: 'staff.update', entityIds: ['name "Zoë" \\ ✓'], changes: [] }),
    );
    expect(await ids({ entityId: 'name "Zoë" \\ ✓' })).toEqual([oddName.id]);
    expect(await ids({ entityId: 'name "Zoë"' })).toEqual([]);
  });

  it('pages through 250 entries 100 at a time', async () => {
    const log = await openLog();
    const appended: AuditEntry[] = [];
    for (let index = 0; index < 250; index += 1) appended.push(await log.append(input()));
    const first = await page(log, { limit: 100 });
    const second = await page(log, { limit: 100, cursor: first.nextCursor ?? undefined });
    const third = await page(log, { limit: 100, cursor: second.nextCursor ?? undefined });
    expect([first, second, third].map((result) => result.entries.length)).toEqual([100, 100, 50]);
    expect(first.nextCursor).toBe(first.entries.at(-1)?.id);
    expect(second.nextCursor).toBe(second.entries.at(-1)?.id);
    expect(third.nextCursor).toBeNull();
    expect([...first.entries, ...second.entries, ...third.entries]).toEqual(appended.reverse());
  });

  it('pages in id order when another process wrote its entries slightly late', async () => {
    const log = await openLog();
    const appended: AuditEntry[] = [];
    for (let index = 0; index < 4; index += 1) appended.push(await log.append(input()));
    const [file] = await logFiles();
    if (file === undefined) throw new Error('no log file');
    const lines = (await fsp.readFile(join(dir, file), 'utf8')).split('\n');
    const fileOrder = [3, 0, 1, 2].map((index) => lines[index]);
    await fsp.writeFile(join(dir, file), `${fileOrder.join('\n')}\n`);

    const pages = await allPages(log, { limit: 1 });
    expect(pages.flat()).toEqual([...appended].reverse());
  });

  it('returns no cursor when the page holds exactly the remaining entries', async () => {
    const log = await openLog();
    for (let index = 0; index < 3; index += 1) await log.append(input());
    const result = await page(log, { limit: 3 });
    expect(result.entries).toHaveLength(3);
    expect(result.nextCursor).toBeNull();
  });

  it('skips and counts a torn last line, and the next entry starts on a fresh line', async () => {
    const log = await openLog();
    const kept = [await log.append(input()), await log.append(input())];
    const [file] = await logFiles();
    if (file === undefined) throw new Error('no log file');
    await fsp.appendFile(join(dir, file), '{"id":"00m7p0aw0000000abc12","at":"2025-03-0');

    const result = await page(log);
    expect(result.entries).toEqual([...kept].reverse());
    expect(result.skippedLines).toBe(1);

    const restarted = await openLog({ now: () => new Date('2025-03-02T00:00:00Z') });
    const after = await restarted.append(input());
    const again = await page(restarted);
    expect(again.entries).toEqual([after, ...[...kept].reverse()]);
    expect(again.skippedLines).toBe(1);
  });

  it('stops reading once it has a full page', async () => {
    await fsp.writeFile(join(dir, 'audit-20250301T000000-1.jsonl'), 'not json\n'.repeat(20));
    const log = await openLog({ now: steppingClock(60_000) });
    const appended: AuditEntry[] = [];
    for (let index = 0; index < 10; index += 1) appended.push(await log.append(input()));

    const short = await page(log, { limit: 3 });
    expect(short.entries).toEqual(appended.slice(-3).reverse());
    expect(short.skippedLines).toBe(0);
    const everything = await page(log, { limit: 50 });
    expect(everything.entries).toHaveLength(10);
    expect(everything.skippedLines).toBe(20);
  });

  it('reads lines longer than its read buffer, with multi-byte characters', async () => {
    const log = await openLog();
    const long = await log.append(input({ message: `Größe ${'é'.repeat(100_000)} ✓` }));
    const short = await log.append(input());
    expect((await page(log)).entries).toEqual([short, long]);
  });
});
