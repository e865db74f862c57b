import { z } from 'zod';
import { LevelSchema } from '../../companion-server/src/contract/ads-manager';

/**
 * The two content scripts talk through synchronous DOM events carrying JSON strings
 * (objects do not cross between the page's world and the extension's). The isolated side
 * treats every answer as untrusted input from the page and validates it.
 */
export { SCAN_REQUEST, SCAN_RESULT } from './bridge-events';

export const ScanRequestSchema = z.object({ level: LevelSchema });

const Coordinate = z.number().finite();
const RectSchema = z.object({
  top: Coordinate,
  bottom: Coordinate,
  left: Coordinate,
  right: Coordinate,
});

export const ScanAnswerSchema = z.object({
  table: z.boolean(),
  viewport: RectSchema.nullable(),
  rows: z
    .array(
      RectSchema.extend({
        id: z
          .string()
          .regex(/^\d{10,20}$/)
          .nullable(),
        name: z.string().max(600).nullable(),
        checked: z.boolean().nullable(),
      }),
    )
    .max(500),
  /** Rows seen in the page's own list responses, for mapping names to ids. */
  listRows: z
    .array(z.object({ id: z.string().regex(/^\d{10,20}$/), name: z.string().max(600) }))
    .max(20_000),
});
export type ScanAnswer = z.infer<typeof ScanAnswerSchema>;
