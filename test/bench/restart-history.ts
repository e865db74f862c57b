/**
 * Benchmark: how long the companion server takes to be ready, and how much memory it holds,
 * with 100 finished 1,000-row bulk-edit jobs in its data directory against an empty one.
 *
 *   npm run bench:restart
 *   npm run bench:restart -- --jobs 100 --rows 1000 --runs 3
 *   BENCH_SERVER_ROOT=/path/to/other/checkout npm run bench:restart   # compare another version
 *
 * Each start is a standalone server process (`node --import tsx companion-server/src/server.ts`)
 * on a copy of a data directory set up once (staff, key file); the emulator runs in this
 * process. Ready: `/health` answers 200. Memory: the server process's VmRSS right after ready
 * and its peak (VmHWM), from /proc. Scenarios: empty; the jobs' journals without an index
 * (what a start read before the index existed, and a first start after upgrading); the same
 * with the index the previous start wrote.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startTestEmulator } from '../helpers/emulator';
import { freePort } from '../helpers/server-process';
import { median } from './stats';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100' },
    rows: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
  },
});
const JOBS = Number(values.jobs);
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const ROOT = resolve(
  process.env.BENCH_SERVER_ROOT ?? fileURLToPath(new URL('../..', import.meta.url)),
);

interface Start {
  readyMs: number;
  rssMb: number;
  peakMb: number;
}

async function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Start the server on `dataDir`, wait until /health answers, measure, stop it. */
async function measureStart(dataDir: string, emulatorUrl: string): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'companion-server/src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      EMULATOR_URL: emulatorUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) break;
      if (performance.now() - started > 60_000) throw new Error(`not ready in 60 s:\n${stderr}`);
      await new Promise((done) => setTimeout(done, 5));
    }
    const readyMs = performance.now() - started;
    const pid = child.pid ?? 0;
    return {
      readyMs,
      rssMb: await procStatusMb(pid, 'VmRSS'),
      peakMb: await procStatusMb(pid, 'VmHWM'),
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Finished jobs written straight in the journal format: a daily-budget edit, row by row. */
async function writeJournals(dataDir: string): Promise<number> {
  const dir = join(dataDir, 'bulk-edits', 'jobs');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let bytes = 0;
  const start = Date.now() - JOBS * 60 * 60_000;
  for (let j = 0; j < JOBS; j += 1) {
    const jobId = `job_${randomBytes(10).toString('hex')}`;
    const createdAt = start + j * 60 * 60_000;
    const iso = (offsetMs: number) => new Date(createdAt + offsetMs).toISOString();
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      entityId: String(1_800_000_000_000_000_000n + BigInt(j * ROWS + i)),
      name: `Ad group ${j}-${i} · Broad · US`,
      field: 'budget',
      budgetMode: 'BUDGET_MODE_DAY',
      before: 100 + (i % 50),
      after: Math.round((100 + (i % 50)) * 110) / 100,
      state: 'pending',
      message: null,
    }));
    const lines = [
      JSON.stringify({
        t: 'job',
        header: {
          jobId,
          planId: `plan_${randomBytes(10).toString('hex')}`,
          advertiserId: '7252569388304511798',
          level: 'adgroup',
          operation: { kind: 'budget', change: { type: 'percent', value: 10 } },
          purpose: { kind: 'edit' },
          currency: 'USD',
          createdBy: 'stf_0123456789abcdef0123',
          createdByEmail: 'buyer@bayme.example',
          createdAt: iso(0),
        },
        rows,
      }),
    ];
    for (const [i, row] of rows.entries()) {
      lines.push(JSON.stringify({ t: 'sent', at: iso(i * 100), ids: [row.entityId] }));
      lines.push(
        JSON.stringify({
          t: 'row',
          at: iso(i * 100 + 90),
          entityId: row.entityId,
          state: 'done',
          message: null,
          requestId: `2026${randomBytes(12).toString('hex')}`,
        }),
      );
    }
    lines.push(
      JSON.stringify({ t: 'end', at: iso(ROWS * 100), status: 'finished', message: null }),
    );
    const text = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, `${jobId}.jsonl`), text, { mode: 0o600 });
  }
  return bytes;
}

function summary(name: string, starts: Start[], base: Start[] | null): string {
  const ready = median(starts.map((s) => s.readyMs));
  const rss = median(starts.map((s) => s.rssMb));
  const peak = median(starts.map((s) => s.peakMb));
  const ratio = (value: number, of: number) => ` (${(value / of).toFixed(2)}×)`;
  const baseReady = base ? median(base.map((s) => s.readyMs)) : null;
  const baseRss = base ? median(base.map((s) => s.rssMb)) : null;
  const basePeak = base ? median(base.map((s) => s.peakMb)) : null;
  return [
    `  ${name.padEnd(28)}`,
    `ready ${ready.toFixed(0).padStart(5)} ms${baseReady ? ratio(ready, baseReady) : '        '}`,
    `  RSS ${rss.toFixed(1).padStart(6)} MB${baseRss ? ratio(rss, baseRss) : '        '}`,
    `  peak ${peak.toFixed(1).padStart(6)} MB${basePeak ? ratio(peak, basePeak) : ''}`,
  ].join('');
}

async function main(): Promise<void> {
  const emulator = await startTestEmulator();
  const work = await mkdtemp(join(tmpdir(), 'bench-restart-'));
  try {
    // Set up once (key file, state, bootstrap admin), so that every start is a restart.
    const base = join(work, 'base');
    await measureStart(base, emulator.url);
    const history = join(work, 'history');
    await cp(base, history, { recursive: true });
    const bytes = await writeJournals(history);
    console.info(
      `Server ${ROOT}\n${JOBS} finished jobs × ${ROWS} rows: ${(bytes / 1024 / 1024).toFixed(1)} MB of journals; median of ${RUNS} starts each`,
    );

    const empty: Start[] = [];
    const withoutIndex: Start[] = [];
    const withIndex: Start[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const emptyDir = join(work, `empty-${run}`);
      await cp(base, emptyDir, { recursive: true });
      empty.push(await measureStart(emptyDir, emulator.url));
      const historyDir = join(work, `history-${run}`);
      await cp(history, historyDir, { recursive: true });
      withoutIndex.push(await measureStart(historyDir, emulator.url));
      withIndex.push(await measureStart(historyDir, emulator.url));
      await rm(emptyDir, { recursive: true, force: true });
      await rm(historyDir, { recursive: true, force: true });
    }
    console.info(summary('empty data directory', empty, null));
    console.info(summary('journals, no index', withoutIndex, empty));
    console.info(summary('journals + index', withIndex, empty));
  } finally {
    await emulator.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
