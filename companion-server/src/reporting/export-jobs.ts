import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { ConnectionService } from '../connections/connection-service';
import type { ExportJob, ExportQuery } from '../contract/reporting';
import { explainTikTokFailure, forbidden, notFound } from '../errors';
import { CsvReader } from '../lib/csv';
import { withCallBudget } from '../marketing-api/call-budget';
import type { MarketingApiClient } from '../marketing-api/client';
import { isMarketingApiError } from '../marketing-api/errors';
import type { ReportRow } from '../marketing-api/reports';
import type { Staff } from '../storage/state-schema';
import { csvLines } from './export-csv';
import { type ExportPlan, type ExportRow, exportRowOf } from './export-plan';
import { EXPORT_ROWS_PER_SLICE, type ReportingService } from './reporting-service';

/**
 * Exports as jobs, so a large one can show progress. With TikTok's "Asynchronous Report"
 * allowlist (TIKTOK_ASYNC_REPORTS), exports below the account level are prepared by report
 * tasks — one per date window, no 20,000-ad limit — whose files are streamed to disk as they
 * arrive, then turned into the export's CSV beside them (an hour at most), never whole in
 * memory. Otherwise an export is ready at once and streams from the synchronous report when
 * downloaded. Jobs live in memory: after a restart, staff start the export again.
 */

const DEFAULT_KEEP_FILES_MS = 60 * 60_000;
/** Converting TikTok's files: text parsed at a time (about 40 rows). */
const CHARS_PER_PIECE = 4_096;

interface ExportEntry {
  view: ExportJob;
  plan: ExportPlan;
  createdBy: string;
  /** The prepared CSV of an async export, once ready. */
  file: string | null;
}

export interface ExportJobsDeps {
  dataDir: string;
  asyncReports: boolean;
  reporting: ReportingService;
  connections: ConnectionService;
  marketingApi: MarketingApiClient;
  log: FastifyBaseLogger;
  now: () => Date;
  /** How often a report task is checked (TikTok's tasks take seconds to minutes). */
  taskPollMs?: number;
  /** How long exports and their files are kept (EXPORT_FILE_RETENTION_MINUTES; default an hour). */
  keepFilesMs?: number;
}

export class ExportJobs {
  readonly #deps: ExportJobsDeps;
  readonly #dir: string;
  readonly #jobs = new Map<string, ExportEntry>();
  readonly #running = new Set<Promise<void>>();

  constructor(deps: ExportJobsDeps) {
    this.#deps = deps;
    this.#dir = join(deps.dataDir, 'exports');
  }

  async start(
    staff: Pick<Staff, 'id'>,
    advertiserId: string,
    query: ExportQuery,
  ): Promise<ExportJob> {
    await this.removeOldFiles();
    const plan = this.#deps.reporting.planExport(advertiserId, query);
    const windows = plan.windows;
    const useTasks = this.#deps.asyncReports && query.level !== 'advertiser';
    const exportId = `exp_${randomBytes(10).toString('hex')}`;
    const entry: ExportEntry = {
      plan,
      createdBy: staff.id,
      file: null,
      view: {
        exportId,
        advertiserId,
        query,
        mode: useTasks ? 'async' : 'sync',
        status: useTasks ? 'preparing' : 'ready',
        progress: { done: useTasks ? 0 : windows.length, total: windows.length },
        message: null,
        fileName: plan.fileName,
        createdAt: this.#deps.now().toISOString(),
      },
    };
    this.#jobs.set(exportId, entry);
    if (useTasks) {
      const running = this.#prepare(entry, windows).finally(() => this.#running.delete(running));
      this.#running.add(running);
    }
    return { ...entry.view };
  }

  view(staff: Pick<Staff, 'id' | 'role'>, exportId: string): ExportJob {
    return { ...this.#entry(staff, exportId).view };
  }

  /** The export's CSV: the prepared file, or streamed from the synchronous report. */
  async download(
    staff: Pick<Staff, 'id' | 'role'>,
    exportId: string,
  ): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
    const entry = this.#entry(staff, exportId);
    const { view, plan } = entry;
    if (view.status === 'failed') throw notFound(`Export ${exportId} failed: ${view.message}`);
    if (view.status !== 'ready') {
      throw notFound(
        `Export ${exportId} is still being prepared (${view.progress.done} of ${view.progress.total}).`,
      );
    }
    if (view.mode === 'sync') {
      const budget = { callClass: 'background', staffId: staff.id } as const;
      return this.#deps.reporting.exportCsv(view.advertiserId, view.query, budget);
    }
    const file = entry.file;
    if (!file) throw new Error(`Export ${exportId} is ready without its file.`);
    const lines = async function* (): AsyncGenerator<string> {
      for await (const chunk of createReadStream(file, { encoding: 'utf8' })) yield chunk as string;
    };
    return { fileName: plan.fileName, lines: lines() };
  }

  /** Wait for exports being prepared (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  #entry(staff: Pick<Staff, 'id' | 'role'>, exportId: string): ExportEntry {
    const entry = this.#jobs.get(exportId);
    if (!entry) throw notFound(`There is no export ${exportId} (exports are kept an hour).`);
    if (entry.createdBy !== staff.id && staff.role !== 'admin') {
      throw forbidden('This export belongs to someone else.');
    }
    return entry;
  }

  /** Exports are background work: they give way to anyone working, fairly between staff. */
  #prepare(entry: ExportEntry, windows: ExportPlan['windows']): Promise<void> {
    const budget = { callClass: 'background', staffId: entry.createdBy } as const;
    return withCallBudget(budget, () => this.#prepareFiles(entry, windows));
  }

  async #prepareFiles(entry: ExportEntry, windows: ExportPlan['windows']): Promise<void> {
    const { view } = entry;
    const { advertiserId } = view;
    const api = this.#deps.marketingApi;
    const dir = join(this.#dir, view.exportId);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const parts: string[] = [];
      await this.#deps.connections.withAdvertiserToken(advertiserId, async (token) => {
        for (const [index, window] of windows.entries()) {
          const { taskId } = await api.reportTasks.create(token, {
            advertiserId,
            ...entry.plan.report,
            range: window,
            fileName: `${view.exportId}-${index}`,
          });
          const status = await api.reportTasks.waitUntilDone(token, advertiserId, taskId, {
            pollIntervalMs: this.#deps.taskPollMs ?? 2_000,
            timeoutMs: 30 * 60_000,
          });
          if (status !== 'SUCCESS') throw new Error(`TikTok's report task ended ${status}.`);
          const part = join(dir, `tiktok-${index}.csv`);
          await api.reportTasks.downloadToFile(token, advertiserId, taskId, part);
          parts.push(part);
          view.progress = { done: index + 1, total: windows.length };
        }
      });
      // TikTok's files become the export's CSV now, while nobody waits on it: the download is
      // then a plain file, read as slowly as the person's connection takes it, with no rows
      // held in memory meanwhile.
      const file = join(dir, 'export.csv');
      const lines = csvLines(
        entry.plan,
        exportPagesOf(view.query.level, parts),
        this.#deps.reporting.exportBayme(entry.plan),
      );
      await pipeline(Readable.from(lines), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
      await Promise.all(parts.map((part) => rm(part, { force: true })));
      entry.file = file;
      view.status = 'ready';
    } catch (error) {
      // The files fetched so far are of no use to a failed or synchronous export; should the
      // removal fail, retention removes the folder with the export's other files.
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      if (isMarketingApiError(error) && error.code === 40118) {
        // TikTok says the app is not on the allowlist after all: the synchronous path still works.
        this.#deps.log.warn(
          { exportId: view.exportId },
          'report tasks refused (40118): exporting synchronously',
        );
        view.mode = 'sync';
        view.status = 'ready';
        view.progress = { done: windows.length, total: windows.length };
        view.message =
          'TikTok refused report tasks (the allowlist is not active), so this export uses the synchronous report.';
        return;
      }
      const explained = explainTikTokFailure(error, advertiserId, 'the report task');
      view.status = 'failed';
      view.message = explained instanceof Error ? explained.message : 'The export failed.';
      this.#deps.log.warn({ err: error, exportId: view.exportId }, 'export failed');
    }
  }

  /** Forget exports past their keeping time and delete their files (also run by retention). */
  async removeOldFiles(): Promise<void> {
    const cutoff = this.#deps.now().getTime() - (this.#deps.keepFilesMs ?? DEFAULT_KEEP_FILES_MS);
    for (const [id, entry] of this.#jobs) {
      if (Date.parse(entry.view.createdAt) < cutoff) this.#jobs.delete(id);
    }
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(this.#dir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(path, { recursive: true, force: true });
    }
  }
}

/**
 * The rows of TikTok's report files, in small pages (EXPORT_ROWS_PER_SLICE, for the same
 * reason as on the synchronous path), from small pieces of text.
 */
async function* exportPagesOf(
  level: ExportQuery['level'],
  files: string[],
): AsyncGenerator<ExportRow[]> {
  for (const file of files) {
    const reader = new CsvReader();
    let header: string[] | null = null;
    let page: ExportRow[] = [];
    const take = function* (rows: string[][]) {
      for (const fields of rows) {
        if (!header) {
          header = fields;
          continue;
        }
        page.push(exportRowOf(level, toReportRow(header, fields)));
        if (page.length >= EXPORT_ROWS_PER_SLICE) {
          yield page;
          page = [];
        }
      }
    };
    for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
      const text = chunk as string;
      for (let at = 0; at < text.length; at += CHARS_PER_PIECE) {
        yield* take(reader.push(text.slice(at, at + CHARS_PER_PIECE)));
      }
    }
    yield* take(reader.end());
    if (page.length > 0) yield page;
  }
}

function toReportRow(header: string[], fields: string[]): ReportRow {
  const dimensions: Record<string, string> = {};
  const metrics: Record<string, string | null> = {};
  header.forEach((column, i) => {
    const value = fields[i] ?? '';
    if (column.endsWith('_id') || column.startsWith('stat_time_')) dimensions[column] = value;
    else metrics[column] = value;
  });
  return { dimensions, metrics };
}
