/**
 * What the build, the server and the extension agree on about the extension itself. No
 * Node or browser imports: the extension's bundle uses this module too.
 *
 * Chrome derives an extension's id from the public key in its manifest (see
 * install/extension-id.ts). Release builds carry the public half of Bayme's signing key
 * (install/signing-key.ts), so their id follows from that key. A build made without it
 * carries this development key instead: a public key whose private half exists nowhere,
 * so such a build can be loaded unpacked with a stable id but never packed as a CRX.
 */
export const DEVELOPMENT_MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAn8eIASLXN1/6ps+s51f9b0mwLrWaH3nliiWA7340d/f3AJRKT36E/KupGFzfdVoesDHpgFN7wYO+c82vGaLb/v7Oe/I7vN5eOOlIl0NSCk081vzUQr2lZVLf/cJxIwHaeH2C0FyVkh03erdGIa0vwNxZ2bu9izlLy6zt5mHc+O1J1eUmwnHF38Sy3L0gluDW67ZEF2E4ALN7uY4CJa/M42TtW34hFpPCbM2tjqHQfKSck8X4brw4BgUSbw4qUGUxdGTARsTeQgeuEXzAUrg9lUxzHjx+4GkakBkO7PbvqIbDut0rt9Lzy7qO1mb8xA5dyuVd9mBmDImLYT0Tt7C8TQIDAQAB';

/**
 * The header with which the extension names its version on every call to the companion
 * server, so that the server can refuse builds older than the minimum an admin sets.
 */
export const EXTENSION_VERSION_HEADER = 'x-bayme-extension-version';

/**
 * Whether `text` is a version Chrome accepts in a manifest: one to four dot-separated
 * integers, each at most 65535 and without leading zeros.
 */
export function isExtensionVersion(text: string): boolean {
  if (!/^\d+(\.\d+){0,3}$/.test(text)) return false;
  return text
    .split('.')
    .every((part) => (part === '0' || !part.startsWith('0')) && Number(part) <= 65_535);
}
