/**
 * The Bayme extension's fixed identity. Chrome derives an extension's id from the public
 * key in its manifest, so with this key every machine installs the same id, and the
 * server's CORS allow-list (chrome-extension://<id>) holds everywhere. Only the public key
 * is needed (and public); no private key exists in the repository or anywhere else.
 */
export const EXTENSION_MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAn8eIASLXN1/6ps+s51f9b0mwLrWaH3nliiWA7340d/f3AJRKT36E/KupGFzfdVoesDHpgFN7wYO+c82vGaLb/v7Oe/I7vN5eOOlIl0NSCk081vzUQr2lZVLf/cJxIwHaeH2C0FyVkh03erdGIa0vwNxZ2bu9izlLy6zt5mHc+O1J1eUmwnHF38Sy3L0gluDW67ZEF2E4ALN7uY4CJa/M42TtW34hFpPCbM2tjqHQfKSck8X4brw4BgUSbw4qUGUxdGTARsTeQgeuEXzAUrg9lUxzHjx+4GkakBkO7PbvqIbDut0rt9Lzy7qO1mb8xA5dyuVd9mBmDImLYT0Tt7C8TQIDAQAB';

/** Derived from EXTENSION_MANIFEST_KEY (see extension-identity.test.ts). */
export const EXTENSION_ID = 'klmjmhgimlmfpcchlhhdnkjjnmmilgle';
