/**
 * Keep credentials out of every log line and error message: the values we know (the app
 * secret, the request's token, an auth code) and anything shaped like a TikTok token
 * (40 hexadecimal characters) that an upstream message might echo.
 */
const TOKEN_SHAPE = /\b[0-9a-f]{40}\b/gi;
export const REDACTED = '[redacted]';

export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) result = result.split(secret).join(REDACTED);
  }
  return result.replace(TOKEN_SHAPE, REDACTED);
}
