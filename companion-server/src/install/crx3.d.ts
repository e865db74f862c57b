/** crx3 1.1.3 ships no types; only the call crx-package.ts makes is declared. */
declare module 'crx3' {
  import type { Readable } from 'node:stream';

  /**
   * Writes `crxPath`: the ZIP read from `zip`, behind a CRX3 header signed with the private
   * key in `keyPath`. Careful: a `keyPath` that does not exist is created with a new key.
   */
  export default function crx3(
    zip: Readable,
    options: { keyPath: string; crxPath: string },
  ): Promise<{ appId: string }>;
}
