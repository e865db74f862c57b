/**
 * Benchmark: the cost of one audit-log append must not grow with the log.
 *
 *   npm run bench:audit        # ≈ 5 s
 *
 * For each log size, in a fresh temporary directory: writes that many realistic entries
 * directly (fast, in the log's own format and file rotation), then times 200 appends through
 * AuditLog (median and p95) and one query for 50 entries of an ad group whose entries sit
 * half way back in the log, and one query whose entity appears nowhere (a full scan).
 */
import { randomInt } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, AuditEntryInput } from '../../companion-server/src/contract/audit';
import { AuditLog } from '../../companion-server/src/storage/audit-log';

const SIZES = [1_000, 100_000];
const TIMED_APPENDS = 200;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const FILLER_SPACING_MS = 30_000;
const NEEDLE = '1899999999999999999';
const NEEDLE_ENTRIES = 60;

function realisticInput(index: number): AuditEntryInput {
  const adGroupId = String(1_800_000_000_000_000_000n + BigInt(index % 2_000));
  return {
    actor: {
      kind: 'staff',
      staffId: `stf_${(index % 12).toString().padStart(20, '0')}`,
      email: 'buyer@bayme.example',
    },
    action: index % 5 === 0 ? 'adgroup.status.update' : 'adgroup.budget.update',
    outcome: 'success',
    advertiserId: String(7_000_000_000_000_000_000n + BigInt(index % 7)),
    entityIds: [adGroupId],
    changes: [
      {
        entityId: adGroupId,
        field: 'budget',
        before: 100 + (index % 50),
        after: 120 + (index % 50),
      },
    ],
    tiktokRequestIds: [`2025${index.toString().padStart(16, '0')}`],
    message: `Budget of ad group ${adGroupId} changed from ${100 + (index % 50)} to ${120 + (index % 50)}.`,
    details: {},
  };
}

/** The log's own id format (see audit-log.ts): time, counter, random, in base 36. */
function fillerId(ms: number): string {
  return (
    ms.toString(36).padStart(11, '0') +
    '0000' +
    randomInt(36 ** 6)
      .toString(36)
      .padStart(6, '0')
  );
}

function fileName(at: Date, sequence: number): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '');
  return `audit-${stamp}-${sequence}.jsonl`;
}

/** Entries of ad group NEEDLE every 10 entries from the middle of the log. */
function isNeedle(index: number, count: number): boolean {
  const offset = index - Math.floor(count / 2);
  return offset >= 0 && offset % 10 === 0 && offset / 10 < NEEDLE_ENTRIES;
}

async function fill(dir: string, count: number): Promise<void> {
  const firstMs = Date.now() - 3_600_000 - count * FILLER_SPACING_MS;
  let sequence = 1;
  let lines: string[] = [];
  let bytes = 0;
  let fileStart = new Date(firstMs);
  const flush = async () => {
    await writeFile(join(dir, fileName(fileStart, sequence)), lines.join(''), { mode: 0o600 });
    sequence += 1;
    lines = [];
    bytes = 0;
  };
  for (let index = 0; index < count; index += 1) {
    const at = new Date(firstMs + index * FILLER_SPACING_MS);
    if (bytes >= MAX_FILE_BYTES) {
      await flush();
      fileStart = at;
    }
    const input = realisticInput(index);
    const entry: AuditEntry = {
      id: fillerId(at.getTime()),
      at: at.toISOString(),
      tiktokRequestIds: [],
      advertiserId: null,
      entityIds: [],
      changes: [],
      message: null,
      details: {},
      ...input,
      ...(isNeedle(index, count) ? { entityIds: [NEEDLE] } : {}),
    };
    const line = `${JSON.stringify(entry)}\n`;
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  await flush();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed<R>(fn: () => Promise<R>): Promise<{ ms: number; result: R }> {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

interface Row {
  entries: number;
  medianUs: number;
  p95Us: number;
  files: number;
  queryMs: number;
  queryFound: number;
  fullScanMs: number;
}

async function measure(count: number): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-audit-'));
  try {
    process.stdout.write(`Filling a log with ${count.toLocaleString('en')} entries… `);
    await fill(dir, count);
    process.stdout.write('timing appends… ');
    const log = await AuditLog.open({ dir, maxFileBytes: MAX_FILE_BYTES });
    const durations: number[] = [];
    for (let index = 0; index < TIMED_APPENDS; index += 1) {
      const input = realisticInput(count + index);
      durations.push((await timed(() => log.append(input))).ms * 1_000);
    }
    durations.sort((a, b) => a - b);
    process.stdout.write('querying.\n');
    const query = await timed(() => log.query({ limit: 50, entityId: NEEDLE }));
    const fullScan = await timed(() => log.query({ limit: 50, entityId: 'nowhere' }));
    const files = (await readdir(dir)).filter((name) => name.endsWith('.jsonl')).length;
    return {
      entries: count + TIMED_APPENDS,
      medianUs: percentile(durations, 50),
      p95Us: percentile(durations, 95),
      files,
      queryMs: query.ms,
      queryFound: query.result.entries.length,
      fullScanMs: fullScan.ms,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Once unrecorded, so that the first size is not charged for compiling the code paths.
process.stdout.write('Warming up: ');
await measure(SIZES[0] ?? 1_000);
const rows: Row[] = [];
for (const size of SIZES) rows.push(await measure(size));

const table = [
  ['entries', 'median µs', 'p95 µs', 'files', 'query ms (50 found half way)', 'full scan ms'],
  ...rows.map((row) => [
    row.entries.toLocaleString('en'),
    row.medianUs.toFixed(0),
    row.p95Us.toFixed(0),
    String(row.files),
    `${row.queryMs.toFixed(1)} (${row.queryFound})`,
    row.fullScanMs.toFixed(1),
  ]),
];
const widths =
  table[0]?.map((_, column) => Math.max(...table.map((row) => row[column]?.length ?? 0))) ?? [];
console.info('');
for (const row of table) {
  console.info(row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  '));
}
const [small, large] = rows;
if (small && large) {
  console.info(
    `\nMedian append at ${large.entries.toLocaleString('en')} entries is ` +
      `${(large.medianUs / small.medianUs).toFixed(2)}× the median at ${small.entries.toLocaleString('en')}.`,
  );
}
