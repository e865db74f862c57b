import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The toolkit's version, from package.json (the extension's manifest carries the same). */
export const APP_VERSION = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))).version;
