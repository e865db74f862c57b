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
const Coordinate = z.number().check(z.refine(Number.isFinite));
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
});

export const ScanAnswerSchema = z.object({
  table: z.boolean(),
  strategy: z.nullable(z.enum(['checkbox-column', 'name-column'])),
  viewport: z.nullable(RectSchema),
  origin: z.nullable(z.object({ top: Coordinate, left: Coordinate })),
  rows: z.array(ScannedRowSchema).check(z.maxLength(300)),
  /** The range of the page's latest list request (read-only), when it named one. */
  pageRange: z.nullable(z.object({ start: DATE, end: DATE })),
  /** Milliseconds the page-world read took (for the benchmark and the layout report). */
  tookMs: Coordinate,
  /** The answer's number: a later answer may say it is the same as this one (SameScanSchema). */
  seq: z.optional(z.number().check(z.int())),
});
export type ScanAnswer = z.infer<typeof ScanAnswerSchema>;

/** "Nothing changed since answer `same`", sent to a request that said it holds that answer. */
export const SameScanSchema = z.object({ same: z.number().check(z.int()), tookMs: Coordinate });

/** Isolated → page: the level's entities to look for, and the selector hints in force. */
export interface KnownEntitiesMessage {
  ids: string[];
  names: string[];
  hints: { table: string[]; rowCheckbox: string[]; listUrlSubstrings: string[] };
}
