import { z } from 'zod';
import { LevelSchema } from './ads-manager';
import { IsoDateTimeSchema } from './common';
import { defineRoute } from './route';

/**
 * Nobody on the team can open the real Ads Manager, so the page's layout reaches us two ways:
 * - layout samples: an admin presses "Send a layout sample" and the extension sends a
 *   sanitized skeleton of the table region (tags, classes, boxes, where known ids and names
 *   sat, never their values); the maintainer turns one into a test fixture
 *   (`npm run layout:fixture`);
 * - layout hints: the selectors and key names the extension tries first, as data admins can
 *   update without a release (data only: Chrome MV3 forbids remote code).
 */

// Layout samples ------------------------------------------------------------------------------

/** The largest sample accepted, in bytes of JSON: a table region of a few thousand nodes. */
export const MAX_LAYOUT_SAMPLE_BYTES = 3 * 1024 * 1024;
export const MAX_LAYOUT_SAMPLE_NODES = 8_000;

/**
 * What the extension puts where a known id or name was: `ID_<n>` / `NAME_<n>`, numbered per
 * sample. An entity's id and name carry the same n, so a fixture can pair them.
 */
export const PLACEHOLDER_PATTERN = /^(ID|NAME)_\d{1,5}$/;
export const PlaceholderSchema = z
  .string()
  .regex(PLACEHOLDER_PATTERN, { error: 'Expected a placeholder (ID_<n> or NAME_<n>).' });
export const IdPlaceholderSchema = z
  .string()
  .regex(/^ID_\d{1,5}$/, { error: 'Expected an id placeholder (ID_<n>).' });

/**
 * A run of this many digits is what an id the extension failed to replace looks like (TikTok's
 * have 15 to 19); nothing else a sample carries needs that many.
 */
const RAW_ID_PATTERN = /\d{10,}/;

/** Coordinates and sizes stay within this many CSS pixels: beyond it a value is no layout. */
const MAX_PIXELS = 10_000_000;
const PixelsSchema = z.number().min(-MAX_PIXELS).max(MAX_PIXELS);
/** Boxes are rounded to half pixels by the extension: anything finer is noise between renders. */
const HalfPixelsSchema = PixelsSchema.refine((value) => Number.isInteger(value * 2), {
  error: 'Expected a value rounded to 0.5 px.',
});
const HalfPixelSizeSchema = HalfPixelsSchema.refine((value) => value >= 0, {
  error: 'Expected a size of 0 or more.',
});

/** The page's path only, never its query (it can carry tokens). */
export const PagePathSchema = z
  .string()
  .max(200)
  .regex(/^\/[^?#]*$/, { error: 'Expected a path starting with "/", without query or fragment.' });

export const LayoutPageSchema = z.strictObject({ path: PagePathSchema, level: LevelSchema });

export const LayoutSampleNodeSchema = z.strictObject({
  /** The node's index in `nodes`. */
  i: z
    .int()
    .min(0)
    .max(MAX_LAYOUT_SAMPLE_NODES - 1),
  /** The parent's index (parents come first); null for the root of the captured region. */
  p: z
    .int()
    .min(0)
    .max(MAX_LAYOUT_SAMPLE_NODES - 1)
    .nullable(),
  tag: z
    .string()
    .max(60)
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'Expected a lowercase tag name.' }),
  classes: z
    .array(z.string().min(1).max(120).regex(/^\S+$/, { error: 'A class has no whitespace.' }))
    .max(24),
  /** Attributes by name, with the placeholders found in each value (the value itself is dropped). */
  attrs: z
    .array(
      z.strictObject({
        name: z
          .string()
          .max(60)
          .regex(/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/, { error: 'Not an attribute name.' }),
        tokens: z.array(PlaceholderSchema).max(8),
      }),
    )
    .max(32),
  /** The border box in viewport coordinates: x, y, width, height. */
  rect: z.tuple([HalfPixelsSchema, HalfPixelsSchema, HalfPixelSizeSchema, HalfPixelSizeSchema]),
  style: z
    .strictObject({
      position: z.enum(['static', 'relative', 'absolute', 'fixed', 'sticky']),
      overflowY: z.enum(['visible', 'hidden', 'auto', 'scroll', 'clip']),
      /** A transform other than `none` (how the virtual table scrolls). */
      transformed: z.boolean(),
      /**
       * For `position: sticky` only: whether it sticks to the top or bottom (a header kept in
       * view) or to a side (a frozen column). Samples sent before it existed have none.
       */
      stuck: z.enum(['top', 'side']).optional(),
    })
    .refine((style) => style.stuck === undefined || style.position === 'sticky', {
      error: 'Only a sticky node says which way it sticks.',
      path: ['stuck'],
    }),
  /** Placeholders that the node's own text nodes equal or contain. */
  text: z.array(PlaceholderSchema).max(8),
  /** The node has other visible text of its own (dropped from the sample). */
  hasText: z.boolean(),
  /** For checkbox inputs and role=checkbox elements; null for every other node. */
  checked: z.boolean().nullable(),
  /**
   * Key paths inside the node's React props object leading to a value equal to a known id or
   * name; array indexes as decimal strings.
   */
  props: z
    .array(
      z.strictObject({
        path: z.array(z.string().max(80)).min(1).max(40),
        token: PlaceholderSchema,
      }),
    )
    .max(64),
});
export type LayoutSampleNode = z.infer<typeof LayoutSampleNodeSchema>;

export const LayoutSampleRowSchema = z.strictObject({
  top: PixelsSchema,
  bottom: PixelsSchema,
  /** The row's id as the extension identified it, or null if it could not. */
  token: IdPlaceholderSchema.nullable(),
  /** Why, in the extension's words (e.g. `props`, `no_id`). */
  reason: z.string().max(40),
});
export type LayoutSampleRow = z.infer<typeof LayoutSampleRowSchema>;

export const LayoutSampleSchema = z
  .strictObject({
    version: z.literal(1),
    capturedAt: IsoDateTimeSchema,
    extensionVersion: z.string().min(1).max(40),
    /** The layout hints the extension used: a hints document's version, or its built-in list's. */
    hintsVersion: z.string().min(1).max(60),
    page: LayoutPageSchema,
    viewport: z.strictObject({
      width: z.number().positive().max(MAX_PIXELS),
      height: z.number().positive().max(MAX_PIXELS),
    }),
    /** The captured region in document order: every parent before its children. */
    nodes: z.array(LayoutSampleNodeSchema).min(1).max(MAX_LAYOUT_SAMPLE_NODES),
    /** What the extension concluded per row when it captured: for the maintainer. */
    reading: z.strictObject({
      tableFound: z.boolean(),
      rows: z.array(LayoutSampleRowSchema).max(500),
    }),
    /** How many distinct ids and names were replaced. */
    placeholders: z.strictObject({
      ids: z.int().min(0).max(99_999),
      names: z.int().min(0).max(99_999),
    }),
  })
  .superRefine((sample, context) => {
    checkTree(sample.nodes, context);
    checkNoRawIds(sample, context);
  });
export type LayoutSample = z.infer<typeof LayoutSampleSchema>;

/** Node `k` says it is `k`; only the first node is a root; every parent comes before its child. */
function checkTree(nodes: readonly LayoutSampleNode[], context: z.RefinementCtx): void {
  for (const [index, node] of nodes.entries()) {
    if (node.i !== index) {
      context.addIssue({
        code: 'custom',
        path: ['nodes', index, 'i'],
        message: `Expected ${index}, the node's index in nodes`,
      });
      return;
    }
    const rootExpected = index === 0;
    if ((node.p === null) !== rootExpected || (node.p !== null && node.p >= index)) {
      context.addIssue({
        code: 'custom',
        path: ['nodes', index, 'p'],
        message: rootExpected
          ? 'The first node is the root of the captured region: its parent must be null'
          : 'Expected the index of a node before this one (only the first node has no parent)',
      });
      return;
    }
  }
}

const RAW_ID_MESSAGE =
  'Looks like a raw id (10 or more digits in a row); the extension must replace ids with placeholders before sending a sample';

/** Every string of the sample, keys of the React props included (they sit in `path`). */
function checkNoRawIds(sample: LayoutSample, context: z.RefinementCtx): void {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [
    { value: sample, path: [] },
  ];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: Array<string | number> };
    if (typeof value === 'string') {
      if (RAW_ID_PATTERN.test(value)) {
        // One is enough to refuse the sample and point at the bug.
        context.addIssue({ code: 'custom', path, message: RAW_ID_MESSAGE });
        return;
      }
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) {
        stack.push({ value: value[index], path: [...path, index] });
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value).reverse()) {
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
}

/** Ours, made from the time it was stored (so names sort by time) and 48 random bits. */
export const LayoutSampleIdSchema = z
  .string()
  .regex(/^lay_\d{8}T\d{9}Z_[0-9a-f]{12}$/, { error: 'Not a layout sample id.' });

export const LayoutSampleSummarySchema = z.object({
  sampleId: LayoutSampleIdSchema,
  storedAt: IsoDateTimeSchema,
  /** Who sent it. */
  staffName: z.string(),
  page: LayoutPageSchema,
  extensionVersion: z.string(),
  hintsVersion: z.string(),
  nodeCount: z.int().min(1),
  /** Rows the extension saw, and how many of them it identified. */
  rows: z.int().min(0),
  identifiedRows: z.int().min(0),
});
export type LayoutSampleSummary = z.infer<typeof LayoutSampleSummarySchema>;

const SampleParams = z.object({ sampleId: LayoutSampleIdSchema });

/** Store a layout sample for admins (the newest are kept, older ones pruned). */
export const sendLayoutSample = defineRoute({
  method: 'POST',
  path: '/api/page-layout/samples',
  access: 'admin',
  body: LayoutSampleSchema,
  response: z.object({ sampleId: LayoutSampleIdSchema, storedAt: IsoDateTimeSchema }),
  bodyLimitBytes: MAX_LAYOUT_SAMPLE_BYTES,
});

/** The stored samples, newest first. */
export const listLayoutSamples = defineRoute({
  method: 'GET',
  path: '/api/page-layout/samples',
  access: 'admin',
  response: z.object({ samples: z.array(LayoutSampleSummarySchema) }),
});

/** One stored sample as it was sent: the input of `npm run layout:fixture`. */
export const getLayoutSample = defineRoute({
  method: 'GET',
  path: '/api/page-layout/samples/:sampleId',
  access: 'admin',
  params: SampleParams,
  response: LayoutSampleSchema,
});

// Layout hints --------------------------------------------------------------------------------

/**
 * A hints document's version. Samples carry it (`hintsVersion`) and refuse 10-digit runs, so
 * a version is a name like `2026-05-20.1`, never a timestamp in milliseconds.
 */
export const LayoutHintsVersionSchema = z
  .string()
  .regex(/^[0-9A-Za-z._-]{1,60}$/, {
    error: 'Expected 1 to 60 letters, digits, ".", "_" or "-".',
  })
  .refine((version) => !RAW_ID_PATTERN.test(version), {
    error: 'A version must not contain 10 or more digits in a row (use e.g. 2026-05-20.1).',
  });

/** A month or a day: when the selector was last seen matching the page. */
const SeenSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, {
  error: 'Expected YYYY-MM or YYYY-MM-DD.',
});

export const SelectorHintSchema = z.strictObject({
  /** A CSS selector; the extension skips one the browser cannot parse. */
  selector: z.string().min(1).max(300),
  seen: SeenSchema,
  note: z.string().max(200).optional(),
});
export type SelectorHint = z.infer<typeof SelectorHintSchema>;

/** Alternatives tried in order: the current markup first, older markup after. */
const SelectorHintListSchema = z.array(SelectorHintSchema).max(20);
const IdKeyListSchema = z.array(z.string().min(1).max(80)).max(20);

export const LayoutHintsSchema = z.strictObject({
  version: LayoutHintsVersionSchema,
  updatedAt: IsoDateTimeSchema,
  selectors: z.strictObject({
    table: SelectorHintListSchema,
    scrollLayer: SelectorHintListSchema,
    cell: SelectorHintListSchema,
    nameLink: SelectorHintListSchema,
    rowCheckbox: SelectorHintListSchema,
  }),
  /**
   * Prop key names known to hold the level's id. Hints only: the extension still looks for
   * the ids it knows wherever they are.
   */
  idKeys: z.strictObject({
    campaign: IdKeyListSchema,
    adgroup: IdKeyListSchema,
    ad: IdKeyListSchema,
  }),
  /**
   * Substrings of the URLs of the page's own list requests, matched as plain substrings,
   * never as regular expressions.
   */
  listUrlSubstrings: z.array(z.string().min(1).max(120)).max(20),
});
export type LayoutHints = z.infer<typeof LayoutHintsSchema>;

export const LayoutHintsStateSchema = z.object({
  /** Null when no admin has set a document: the extension uses its built-in list. */
  hints: LayoutHintsSchema.nullable(),
  /** The name of the admin who set it. */
  updatedBy: z.string().nullable(),
});
export type LayoutHintsState = z.infer<typeof LayoutHintsStateSchema>;

/** The hints document in force. */
export const getLayoutHints = defineRoute({
  method: 'GET',
  path: '/api/page-layout/hints',
  access: 'viewer',
  response: LayoutHintsStateSchema,
});

/**
 * Replace the hints document. Its version must change whenever its content does (409
 * otherwise), so that a sample's `hintsVersion` always names one content.
 */
export const putLayoutHints = defineRoute({
  method: 'PUT',
  path: '/api/page-layout/hints',
  access: 'admin',
  body: LayoutHintsSchema,
  response: LayoutHintsStateSchema,
  // A document at every limit is about 60 KiB, above the default limit.
  bodyLimitBytes: 128 * 1024,
});

/** Back to the extension's built-in list. */
export const deleteLayoutHints = defineRoute({
  method: 'DELETE',
  path: '/api/page-layout/hints',
  access: 'admin',
  response: z.object({ removed: z.boolean() }),
});
