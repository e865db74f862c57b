import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { IsoDateTimeSchema, LocalIdSchema } from '../contract/common';
import {
  type LayoutSample,
  LayoutSampleIdSchema,
  LayoutSampleSchema,
  type LayoutSampleSummary,
} from '../contract/page-layout';
import { writeFileAtomic } from '../storage/atomic-file';

/**
 * Layout samples, one JSON file each (`<sampleId>.json`), written atomically. Only the newest
 * `keep` are kept: older ones are removed after each write. A sample id starts with the time it
 * was stored, so file names sort by age without reading the files.
 *
 * Files are never changed once written, so each one's summary is read once and remembered;
 * the samples themselves (up to a few MB each) are read only when downloaded.
 */

const STORED_SAMPLE_VERSION = 1;

const StoredSampleSchema = z.object({
  version: z.literal(STORED_SAMPLE_VERSION),
  sampleId: LayoutSampleIdSchema,
  storedAt: IsoDateTimeSchema,
  staff: z.object({ staffId: LocalIdSchema, name: z.string() }),
  sample: LayoutSampleSchema,
});
export type StoredSample = z.infer<typeof StoredSampleSchema>;

const FILE_NAME = /^(lay_\d{8}T\d{9}Z_[0-9a-f]{12})\.json$/;

export interface StoredSampleResult {
  sampleId: string;
  storedAt: string;
  /** Samples removed to stay within the limit. */
  pruned: string[];
}

/** A stored file that cannot be read back as a sample. */
export class DamagedSampleError extends Error {
  constructor(readonly sampleId: string) {
    super(`Layout sample ${sampleId} is damaged.`);
    this.name = 'DamagedSampleError';
  }
}

export class LayoutSampleStore {
  readonly #dir: string;
  readonly #keep: number;
  readonly #log: FastifyBaseLogger;
  /** Summaries by sample id; null for a file that is not a valid sample (logged once). */
  readonly #summaries = new Map<string, LayoutSampleSummary | null>();
  /** Writes go one at a time, so that pruning always sees every file written before it. */
  #writing: Promise<unknown> = Promise.resolve();

  private constructor(dir: string, keep: number, log: FastifyBaseLogger) {
    this.#dir = dir;
    this.#keep = keep;
    this.#log = log;
  }

  static async open(options: {
    dir: string;
    keep: number;
    log: FastifyBaseLogger;
  }): Promise<LayoutSampleStore> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    return new LayoutSampleStore(options.dir, options.keep, options.log);
  }

  async save(
    sample: LayoutSample,
    staff: { staffId: string; name: string },
    at: Date,
  ): Promise<StoredSampleResult> {
    const written = this.#writing.then(async () => {
      const record: StoredSample = StoredSampleSchema.parse({
        version: STORED_SAMPLE_VERSION,
        sampleId: newSampleId(at),
        storedAt: at.toISOString(),
        staff,
        sample,
      });
      await writeFileAtomic(this.#file(record.sampleId), JSON.stringify(record));
      this.#summaries.set(record.sampleId, summaryOf(record));
      const pruned = await this.#prune();
      return { sampleId: record.sampleId, storedAt: record.storedAt, pruned };
    });
    this.#writing = written.catch(() => undefined);
    return written;
  }

  /** Newest first; files that are not valid samples are left out (and logged once). */
  async list(): Promise<LayoutSampleSummary[]> {
    const ids = await this.#idsNewestFirst();
    const present = new Set(ids);
    for (const id of this.#summaries.keys()) if (!present.has(id)) this.#summaries.delete(id);
    const summaries: LayoutSampleSummary[] = [];
    for (const id of ids) {
      let summary = this.#summaries.get(id);
      if (summary === undefined) {
        summary = await this.#readSummary(id);
        this.#summaries.set(id, summary);
      }
      if (summary !== null) summaries.push(summary);
    }
    return summaries;
  }

  /** The sample, or null if there is none with this id; DamagedSampleError if unreadable. */
  async get(sampleId: string): Promise<StoredSample | null> {
    // The route checks the id too; a path is never built from anything else.
    if (!LayoutSampleIdSchema.safeParse(sampleId).success) return null;
    let text: string;
    try {
      text = await readFile(this.#file(sampleId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const record = this.#parse(sampleId, text);
    if (record === null) throw new DamagedSampleError(sampleId);
    return record;
  }

  #file(sampleId: string): string {
    return join(this.#dir, `${sampleId}.json`);
  }

  async #idsNewestFirst(): Promise<string[]> {
    const ids: string[] = [];
    for (const name of await readdir(this.#dir)) {
      const id = FILE_NAME.exec(name)?.[1];
      if (id !== undefined) ids.push(id);
    }
    return ids.sort().reverse();
  }

  async #prune(): Promise<string[]> {
    const excess = (await this.#idsNewestFirst()).slice(this.#keep);
    for (const id of excess) {
      await unlink(this.#file(id)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      this.#summaries.delete(id);
    }
    return excess;
  }

  async #readSummary(sampleId: string): Promise<LayoutSampleSummary | null> {
    let text: string;
    try {
      text = await readFile(this.#file(sampleId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const record = this.#parse(sampleId, text);
    return record === null ? null : summaryOf(record);
  }

  #parse(sampleId: string, text: string): StoredSample | null {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = StoredSampleSchema.safeParse(json);
    if (parsed.success && parsed.data.sampleId === sampleId) return parsed.data;
    this.#log.error(
      { sampleId, issues: parsed.error?.issues.slice(0, 3) ?? 'the id inside differs' },
      'a stored layout sample is damaged; it is left out of the list',
    );
    return null;
  }
}

export function summaryOf(record: StoredSample): LayoutSampleSummary {
  const { sample } = record;
  return {
    sampleId: record.sampleId,
    storedAt: record.storedAt,
    staffName: record.staff.name,
    page: sample.page,
    extensionVersion: sample.extensionVersion,
    hintsVersion: sample.hintsVersion,
    nodeCount: sample.nodes.length,
    rows: sample.reading.rows.length,
    identifiedRows: sample.reading.rows.filter((row) => row.token !== null).length,
  };
}

/** `lay_20261120T200000123Z_3f9a0c1b2d4e`: the time (UTC, to the millisecond), then 48 random bits. */
function newSampleId(at: Date): string {
  const time = at.toISOString().replace(/[-:.]/g, '');
  return `lay_${time}_${randomBytes(6).toString('hex')}`;
}
