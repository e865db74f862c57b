/**
 * Names of the DOM events the two content scripts talk through. Kept free of imports so
 * the page-world script stays small: it runs inside Ads Manager from document start.
 */
/** Isolated → page: what to look for (the level's known ids and names, the hints). */
export const KNOWN_ENTITIES = 'bayme:known-entities';
/** Isolated → page: read the table now; answered synchronously with SCAN_RESULT. */
export const SCAN_REQUEST = 'bayme:scan-request';
export const SCAN_RESULT = 'bayme:scan-result';
/** Isolated → page: capture a sanitized layout sample; answered with SAMPLE_RESULT. */
export const SAMPLE_REQUEST = 'bayme:sample-request';
export const SAMPLE_RESULT = 'bayme:sample-result';
