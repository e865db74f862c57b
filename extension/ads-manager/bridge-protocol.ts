import * as z from 'zod/mini';

/**
 * What the page-world script answers, checked in the isolated content script: the page's
 * own scripts share that world and could answer anything, so every answer is untrusted
 * input, parsed here with zod (the mini build keeps the content script small).
 */
export {
  KNOWN_ENTITIES,
  SAMPLE_REQUEST,
  SAMPLE_RESULT,
  SCAN_REQUEST,
  SCAN_RESULT,
} from './bridge-events';

const ID = z.string().check(z.regex(/^\d{10,20}$/));
const DATE = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
/** zod 4's number is finite: Infinity and NaN fail (and JSON carries neither). */
const Coordinate = z.number();
const RectSchema = z.object({
  top: Coordinate,
  bottom: Coordinate,
  left: Coordinate,
  right: Coordinate,
});
export type Rect = z.infer<typeof RectSchema>;

export const ScannedRowSchema = z.object({
  top: Coordinate,
  bottom: Coordinate,
  left: Coordinate,
  right: Coordinate,
  ids: z.array(ID).check(z.maxLength(8)),
  exhausted: z.boolean(),
  texts: z.nullable(z.array(z.string().check(z.maxLength(300))).check(z.maxLength(40))),
  checked: z.nullable(z.boolean()),
  gaps: z.array(z.tuple([Coordinate, Coordinate])).check(z.maxLength(8)),
  rtl: z.boolean(),
});

export type ScannedRow = z.infer<typeof ScannedRowSchema>;

/**
 * One answer of the page-world script (main-world.ts). Rows are relative to the origin (the
 * table body's corner). A row that only moved with the table since answer `base`, which the
 * isolated script said it holds, is not sent again: `order` lists the rows top to bottom,
 * `n ≥ 0` for the row at place n in answer `base`, `-1 - k` for `rows[k]` of this answer.
 * Two plain lists rather than one of numbers and rows: a list of either costs the check a
 * failed try per row.
 */
export const ScanMessageSchema = z.object({
  table: z.boolean(),
  strategy: z.nullable(z.enum(['checkbox-column', 'name-column'])),
  viewport: z.nullable(RectSchema),
  origin: z.nullable(z.object({ top: Coordinate, left: Coordinate })),
  rows: z.array(ScannedRowSchema).check(z.maxLength(300)),
  order: z.array(z.number().check(z.int())).check(z.maxLength(300)),
  /** The range of the page's latest list request (read-only), when it named one. */
  pageRange: z.nullable(z.object({ start: DATE, end: DATE })),
  /** Milliseconds the page-world read took (for the benchmark and the layout report). */
  tookMs: Coordinate,
  /** The answer's number: a later answer may say it is the same as this one (SameScanSchema). */
  seq: z.number().check(z.int()),
  /** The answer whose rows `order` refers to; null when every row is sent. */
  base: z.nullable(z.number().check(z.int())),
});

/** A reading of the table as the isolated script uses it: every row whole, on screen. */
export type ScanAnswer = Omit<z.infer<typeof ScanMessageSchema>, 'order' | 'seq' | 'base'>;

/** "Nothing changed since answer `same`", sent to a request that said it holds that answer. */
export const SameScanSchema = z.object({ same: z.number().check(z.int()), tookMs: Coordinate });

/** Isolated → page: the level's entities to look for, and the selector hints in force. */
export interface KnownEntitiesMessage {
  ids: string[];
  names: string[];
  hints: { table: string[]; rowCheckbox: string[]; listUrlSubstrings: string[] };
}
