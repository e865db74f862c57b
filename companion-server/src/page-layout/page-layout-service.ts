import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { staffActor } from '../audit/actors';
import type {
  LayoutHints,
  LayoutHintsState,
  LayoutSample,
  LayoutSampleSummary,
} from '../contract/page-layout';
import { LayoutHintsVersionSchema } from '../contract/page-layout';
import { AppError, conflict, notFound } from '../errors';
import type { AuditLog } from '../storage/audit-log';
import type { Staff } from '../storage/state-schema';
import { LayoutHintsStore, type StoredHints } from './hints-store';
import { DamagedSampleError, LayoutSampleStore, summaryOf } from './sample-store';

/**
 * Layout samples sent from Ads Manager, and the layout hints document (contract/page-layout.ts).
 * Every change, and every download of a sample, is audited with the admin who made it.
 */

/** The audit log's entity id for the one hints document. */
const HINTS_ENTITY_ID = 'layout-hints';

export interface PageLayoutServiceOptions {
  dataDir: string;
  /** How many samples are kept. */
  keepSamples: number;
  audit: AuditLog;
  log: FastifyBaseLogger;
  now: () => Date;
}

export class PageLayoutService {
  readonly #samples: LayoutSampleStore;
  readonly #hints: LayoutHintsStore;
  readonly #audit: AuditLog;
  readonly #now: () => Date;
  readonly #keepSamples: number;
  /** Changes to the hints go one at a time: each compares with the document before it. */
  #changingHints: Promise<unknown> = Promise.resolve();

  private constructor(options: PageLayoutServiceOptions, samples: LayoutSampleStore) {
    this.#samples = samples;
    this.#hints = new LayoutHintsStore({
      file: join(options.dataDir, 'layout-hints.json'),
      log: options.log,
    });
    this.#audit = options.audit;
    this.#now = options.now;
    this.#keepSamples = options.keepSamples;
  }

  static async open(options: PageLayoutServiceOptions): Promise<PageLayoutService> {
    const samples = await LayoutSampleStore.open({
      dir: join(options.dataDir, 'layout-samples'),
      keep: options.keepSamples,
      log: options.log,
    });
    return new PageLayoutService(options, samples);
  }

  // Samples --------------------------------------------------------------------------------

  async storeSample(
    staff: Staff,
    sample: LayoutSample,
  ): Promise<{ sampleId: string; storedAt: string }> {
    const stored = await this.#samples.save(
      sample,
      { staffId: staff.id, name: staff.name },
      this.#now(),
    );
    const { page, reading } = sample;
    const identified = reading.rows.filter((row) => row.token !== null).length;
    await this.#audit.append({
      actor: staffActor(staff),
      action: 'page_layout.sample.store',
      outcome: 'success',
      entityIds: [stored.sampleId],
      message:
        `Stored a layout sample of the Ads Manager page ${page.path} (${sample.nodes.length} nodes; ` +
        `the extension ${reading.tableFound ? 'found the table' : 'found no table'} and identified ${identified} of ${reading.rows.length} rows).` +
        (stored.pruned.length > 0
          ? ` Removed the ${stored.pruned.length} oldest to keep ${this.#keepSamples}.`
          : ''),
      details: {
        sampleId: stored.sampleId,
        page,
        extensionVersion: sample.extensionVersion,
        hintsVersion: sample.hintsVersion,
        nodeCount: sample.nodes.length,
        rows: reading.rows.length,
        identifiedRows: identified,
        pruned: stored.pruned,
      },
    });
    return { sampleId: stored.sampleId, storedAt: stored.storedAt };
  }

  listSamples(): Promise<LayoutSampleSummary[]> {
    return this.#samples.list();
  }

  /** A sample as it was sent. Audited: it leaves the server. */
  async downloadSample(staff: Staff, sampleId: string): Promise<LayoutSample> {
    let record: Awaited<ReturnType<LayoutSampleStore['get']>>;
    try {
      record = await this.#samples.get(sampleId);
    } catch (error) {
      if (!(error instanceof DamagedSampleError)) throw error;
      throw new AppError(
        500,
        'sample_damaged',
        `Layout sample ${sampleId} is damaged on the server (logged) and cannot be downloaded. Ask for a new sample from the Ads Manager page.`,
      );
    }
    if (record === null) {
      throw notFound(
        `There is no layout sample ${sampleId}: it may have been removed (only the newest ${this.#keepSamples} are kept). List the samples to see those available.`,
      );
    }
    await this.#audit.append({
      actor: staffActor(staff),
      action: 'page_layout.sample.download',
      outcome: 'success',
      entityIds: [sampleId],
      message: `Downloaded the layout sample ${sampleId} of ${record.sample.page.path}, sent by ${record.staff.name}.`,
      details: { ...summaryOf(record) },
    });
    return record.sample;
  }

  // Hints ----------------------------------------------------------------------------------

  async hintsState(): Promise<LayoutHintsState> {
    return stateOf(await this.#hints.read());
  }

  /**
   * Replace the document. The same version with other content is refused: a sample names the
   * hints it was captured with by version, so one version must always mean one content.
   */
  putHints(staff: Staff, hints: LayoutHints): Promise<LayoutHintsState> {
    return this.#oneHintsChangeAtATime(async () => {
      const current = await this.#hints.read();
      const before = current?.hints ?? null;
      if (before !== null && before.version === hints.version) {
        if (sameDocument(before, hints)) return stateOf(current);
        await this.#audit.append({
          actor: staffActor(staff),
          action: 'page_layout.hints.update',
          outcome: 'rejected',
          entityIds: [HINTS_ENTITY_ID],
          message: `Refused layout hints version ${hints.version}: that version is already in force with other content.`,
          details: { version: hints.version },
        });
        const suggestion = suggestedVersion(hints.version);
        throw conflict(
          `Layout hints version ${hints.version} is already in force with different content. Give the changed document a new version${suggestion ? ` (e.g. ${suggestion})` : ''}.`,
          'hints_version_reused',
        );
      }
      const updatedBy = { staffId: staff.id, name: staff.name };
      await this.#hints.write(hints, updatedBy, this.#now());
      await this.#audit.append({
        actor: staffActor(staff),
        action: 'page_layout.hints.update',
        outcome: 'success',
        entityIds: [HINTS_ENTITY_ID],
        // The whole documents, so that an earlier one can be restored from the audit log.
        changes: [{ entityId: HINTS_ENTITY_ID, field: 'document', before, after: hints }],
        message:
          before === null
            ? `Set layout hints version ${hints.version} (in place of the extension's built-in list).`
            : `Replaced layout hints version ${before.version} with ${hints.version}.`,
        details: { version: hints.version, previousVersion: before?.version ?? null },
      });
      return { hints, updatedBy: staff.name };
    });
  }

  /** Back to the extension's built-in list; whether there was a document to remove. */
  deleteHints(staff: Staff): Promise<{ removed: boolean }> {
    return this.#oneHintsChangeAtATime(async () => {
      const before = (await this.#hints.read())?.hints ?? null;
      const removed = await this.#hints.remove();
      await this.#audit.append({
        actor: staffActor(staff),
        action: 'page_layout.hints.delete',
        outcome: 'success',
        entityIds: [HINTS_ENTITY_ID],
        changes: removed
          ? [{ entityId: HINTS_ENTITY_ID, field: 'document', before, after: null }]
          : [],
        message: removed
          ? `Removed layout hints${before ? ` version ${before.version}` : ' (the file was damaged)'}: the extension uses its built-in list.`
          : 'There were no layout hints to remove: the extension already uses its built-in list.',
        details: { version: before?.version ?? null, removed },
      });
      return { removed };
    });
  }

  #oneHintsChangeAtATime<T>(change: () => Promise<T>): Promise<T> {
    const result = this.#changingHints.then(change);
    this.#changingHints = result.catch(() => undefined);
    return result;
  }
}

function stateOf(stored: StoredHints | null): LayoutHintsState {
  return stored === null
    ? { hints: null, updatedBy: null }
    : { hints: stored.hints, updatedBy: stored.updatedBy.name };
}

/** Both are parsed by the same schema, so their keys come out in the same order. */
function sameDocument(a: LayoutHints, b: LayoutHints): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The version with its last number increased (or `.1` appended), if that is a valid version. */
function suggestedVersion(version: string): string | null {
  const match = /^(.*?)(\d{1,8})$/.exec(version);
  const next = match ? `${match[1]}${Number(match[2]) + 1}` : `${version}.1`;
  return LayoutHintsVersionSchema.safeParse(next).success ? next : null;
}
