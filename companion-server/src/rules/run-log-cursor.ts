/**
 * Where a page of the run log ends, as an opaque string for the next page's `cursor`: the
 * last entry's time and its row id. The log is read newest first by (time, id), so entries
 * recorded in the same millisecond (a run records hundreds at once) are neither skipped nor
 * repeated at a page boundary, as they were when pages were cut by time alone. Clients pass
 * it back as it came; its content is the server's business (base64url of JSON).
 */

export interface RunLogCursor {
  /** The last entry's `evaluated_at` (UTC ISO, as stored). */
  evaluatedAt: string;
  /** The last entry's row id, which breaks ties between entries of the same time. */
  id: number;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeRunLogCursor(cursor: RunLogCursor): string {
  return Buffer.from(JSON.stringify([cursor.evaluatedAt, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor a page ended with, or null when `text` is not one. */
export function decodeRunLogCursor(text: string): RunLogCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [evaluatedAt, id] = parsed as unknown[];
  if (typeof evaluatedAt !== 'string' || !ISO_UTC.test(evaluatedAt)) return null;
  if (Number.isNaN(Date.parse(evaluatedAt))) return null;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return null;
  return { evaluatedAt, id };
}
