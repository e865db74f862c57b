import { mkdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomicInPieces } from '../../src/storage/atomic-file';
import type { EmulatorState } from '../state/store';
import { restoreWorld } from './world-codec';
import { WORLD_FORMAT, WORLD_VERSION, type WorldFile, WorldFileSchema } from './world-schema';

/**
 * The emulator's data directory: `world.json` (everything but report CSVs) and
 * `report-tasks/<task_id>.csv`. Every file is written to a temporary file, fsynced and renamed
 * into place (src/storage/atomic-file.ts, as the server's own files are), so a crash leaves the
 * previous version or the new one.
 * The files hold the tokens and codes the emulator issued in plain text, as its control API
 * shows them to any caller on this machine: fakes, valid only against this emulator. The
 * files and the directory are still made readable by their owner only.
 */

const WORLD_FILE_NAME = 'world.json';
const TASKS_DIR_NAME = 'report-tasks';

/** Reading a saved world failed: says which file, why, and how to start over. */
export class EmulatorWorldError extends Error {
  constructor(
    readonly file: string,
    dir: string,
    reason: string,
  ) {
    super(
      `The emulator's saved world in ${file} cannot be used: ${reason}${reason.includes('\n') ? '' : '.'}\n` +
        'Nothing was changed. To start over from the seed (the saved world is then lost), ' +
        `move ${dir} away, or run \`npm run emulator -- --reset\` with EMULATOR_DATA_DIR=${dir}.`,
    );
    this.name = 'EmulatorWorldError';
  }
}

export interface LoadedWorld {
  file: WorldFile;
  /** The report tasks it holds. */
  taskIds: string[];
}

/**
 * Read the saved world into `state` (empty), or return null when the directory holds none
 * yet. Synchronous: it runs once, before the emulator serves anything.
 */
export function loadWorld(dir: string, state: EmulatorState): LoadedWorld | null {
  const path = join(dir, WORLD_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw new EmulatorWorldError(path, dir, `it cannot be read (${messageOf(error)})`);
  }
  const file = parseWorldFile(path, dir, text);
  const taskCsv = new Map<string, string>();
  for (const task of file.report_tasks) {
    const csvPath = taskCsvPath(dir, task.task_id);
    try {
      taskCsv.set(task.task_id, readFileSync(csvPath, 'utf8'));
    } catch (error) {
      throw new EmulatorWorldError(
        csvPath,
        dir,
        `report task ${task.task_id} of ${path} has no readable CSV (${messageOf(error)})`,
      );
    }
  }
  try {
    restoreWorld(file, taskCsv, state);
  } catch (error) {
    throw new EmulatorWorldError(path, dir, messageOf(error));
  }
  return { file, taskIds: file.report_tasks.map((task) => task.task_id) };
}

function parseWorldFile(path: string, dir: string, text: string): WorldFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EmulatorWorldError(path, dir, `it is not valid JSON (${messageOf(error)})`);
  }
  const header = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(raw);
  if (!header.success || header.data.format !== WORLD_FORMAT) {
    throw new EmulatorWorldError(
      path,
      dir,
      `it is not an emulator world (no "format": "${WORLD_FORMAT}")`,
    );
  }
  const { version } = header.data;
  if (version !== WORLD_VERSION) {
    const newer = typeof version === 'number' && version > WORLD_VERSION;
    throw new EmulatorWorldError(
      path,
      dir,
      `its format version is ${JSON.stringify(version)}, and this emulator reads version ${WORLD_VERSION}${newer ? ' (the file was written by a newer emulator)' : ''}`,
    );
  }
  const parsed = WorldFileSchema.safeParse(raw);
  if (!parsed.success) {
    // Thousands of entities can be wrong the same way; the first few say enough.
    const { issues } = parsed.error;
    const shown = issues.slice(0, 5).map((issue) => `  at ${pathOf(issue.path)}: ${issue.message}`);
    if (issues.length > shown.length) shown.push(`  (and ${issues.length - shown.length} more)`);
    throw new EmulatorWorldError(
      path,
      dir,
      `it does not match format version ${WORLD_VERSION}:\n${shown.join('\n')}`,
    );
  }
  return parsed.data;
}

/** Make sure the directory can be written before anything depends on it. */
export function prepareWorldDirectory(dir: string): void {
  mkdirSync(join(dir, TASKS_DIR_NAME), { recursive: true, mode: 0o700 });
}

export async function writeWorldFile(dir: string, pieces: readonly string[]): Promise<void> {
  await writeFileAtomicInPieces(join(dir, WORLD_FILE_NAME), pieces);
}

export async function writeTaskCsv(dir: string, taskId: string, csv: string): Promise<void> {
  await mkdir(join(dir, TASKS_DIR_NAME), { recursive: true, mode: 0o700 });
  await writeFileAtomicInPieces(taskCsvPath(dir, taskId), [csv]);
}

/** Remove the CSVs of tasks the world no longer has (after a reset). */
export async function pruneTaskCsvs(dir: string, keep: ReadonlySet<string>): Promise<void> {
  const names = await readdir(join(dir, TASKS_DIR_NAME)).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  for (const name of names) {
    const taskId = /^(\d+)\.csv$/.exec(name)?.[1];
    if (taskId !== undefined && !keep.has(taskId)) {
      await unlink(join(dir, TASKS_DIR_NAME, name)).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
    }
  }
}

/** `adgroups[12].budget_mode`: where in the file a problem is. */
function pathOf(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return 'the top level';
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}

function taskCsvPath(dir: string, taskId: string): string {
  return join(dir, TASKS_DIR_NAME, `${taskId}.csv`);
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
