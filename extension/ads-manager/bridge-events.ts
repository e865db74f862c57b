/**
 * Names of the DOM events the two content scripts talk through. Kept free of imports so
 * the page-world script stays small: it runs inside Ads Manager from document start.
 */
export const SCAN_REQUEST = 'bayme:scan-request';
export const SCAN_RESULT = 'bayme:scan-result';
