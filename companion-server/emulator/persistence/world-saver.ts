import type { EmulatorState } from '../state/store';
import { WorldEncoder, type WorldParts } from './world-codec';
import { pruneTaskCsvs, writeTaskCsv, writeWorldFile } from './world-files';

/**
 * Saves the world some time after it changes: once changes pause for `quietMs`, and at the
 * latest `maxDelayMs` after the first unsaved one, so that a steady stream of calls (a bulk
 * edit) still saves regularly. One save at a time; changes made during a save are saved by
 * the next. A crash loses at most the last `maxDelayMs` of changes; `close()` saves them all.
 */

export interface WorldSaverOptions {
  quietMs?: number;
  maxDelayMs?: number;
  /** A save that failed in the background (the emulator keeps running and tries again). */
  onError?: (error: unknown) => void;
}

const DEFAULT_QUIET_MS = 200;
const DEFAULT_MAX_DELAY_MS = 2_000;

export class WorldSaver {
  readonly #dir: string;
  readonly #read: () => WorldParts;
  readonly #quietMs: number;
  readonly #maxDelayMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #encoder = new WorldEncoder();

  #dirty = false;
  #firstUnsavedAt: number | null = null;
  #timer: NodeJS.Timeout | null = null;
  #saving: Promise<void> | null = null;
  #closed = false;
  #lastFailure: string | null = null;
  /** Report tasks whose CSV is on disk (a task's CSV never changes once made). */
  #taskFiles: Set<string>;
  /** The state last saved: another one (after a reset) means stale task CSVs to remove. */
  #savedState: EmulatorState | null;

  constructor(
    dir: string,
    read: () => WorldParts,
    loaded: { state: EmulatorState; taskIds: readonly string[] } | null,
    options: WorldSaverOptions = {},
  ) {
    this.#dir = dir;
    this.#read = read;
    this.#quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.#maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.#onError =
      options.onError ??
      ((error) =>
        console.error(
          `The emulator could not save its world in ${dir} (it keeps running and tries again):`,
          error,
        ));
    this.#taskFiles = new Set(loaded?.taskIds ?? []);
    this.#savedState = loaded?.state ?? null;
  }

  /** Something in the world changed: save it soon. */
  changed(): void {
    if (this.#closed) return;
    this.#dirty = true;
    this.#firstUnsavedAt ??= Date.now();
    this.#schedule(this.#quietMs);
  }

  /** Save now whatever is unsaved, and wait for it; throws if the save fails. */
  async flush(): Promise<void> {
    this.#clearTimer();
    for (;;) {
      if (this.#saving) {
        // A background save under way: its failure leaves the world unsaved, tried again below.
        await this.#saving.catch(() => undefined);
        continue;
      }
      if (!this.#dirty) return;
      await this.#save();
    }
  }

  /** The last save: nothing is scheduled afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #schedule(delayMs: number): void {
    this.#clearTimer();
    const deadline = (this.#firstUnsavedAt ?? Date.now()) + this.#maxDelayMs;
    const wait = Math.max(0, Math.min(delayMs, deadline - Date.now()));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#save().catch((error: unknown) => this.#report(error));
    }, wait);
    // A pending save never keeps the process alive; close() saves what is left.
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #save(): Promise<void> {
    if (this.#saving) return this.#saving;
    this.#clearTimer();
    this.#dirty = false;
    this.#firstUnsavedAt = null;
    const saving = this.#write().then(
      () => {
        this.#lastFailure = null;
      },
      (error: unknown) => {
        this.#dirty = true;
        this.#firstUnsavedAt ??= Date.now();
        throw error;
      },
    );
    this.#saving = saving.finally(() => {
      this.#saving = null;
      if (this.#dirty && !this.#closed) this.#schedule(this.#maxDelayMs);
    });
    return this.#saving;
  }

  async #write(): Promise<void> {
    const world = this.#read();
    const { pieces, tasks } = await this.#encoder.encode(world, Date.now());
    // Task CSVs first: the world file never names a task whose CSV is not on disk.
    for (const task of tasks) {
      if (this.#taskFiles.has(task.task_id)) continue;
      await writeTaskCsv(this.#dir, task.task_id, task.csv);
      this.#taskFiles.add(task.task_id);
    }
    await writeWorldFile(this.#dir, pieces);
    if (world.state !== this.#savedState) {
      const kept = new Set(tasks.map((task) => task.task_id));
      await pruneTaskCsvs(this.#dir, kept);
      this.#taskFiles = kept;
      this.#savedState = world.state;
    }
  }

  /** Background failures are reported once per kind (the error code), not on every retry. */
  #report(error: unknown): void {
    const kind =
      (error as NodeJS.ErrnoException | null)?.code ??
      (error instanceof Error ? error.message : String(error));
    if (kind === this.#lastFailure) return;
    this.#lastFailure = kind;
    this.#onError(error);
  }
}
