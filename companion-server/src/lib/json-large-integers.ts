/**
 * JSON.parse that keeps integers too large for a JS number as strings.
 *
 * TikTok sends some numbers (OAuth scope ids such as 7543056879933489153) as bare JSON
 * integers above 2^53; JSON.parse would silently round them. This walks the text once,
 * outside string literals, and quotes any integer literal with more than 15 digits before
 * handing the text to JSON.parse. Ids that TikTok already sends as strings are untouched.
 */
const SAFE_DIGITS = 15;

/** A JSON number token: sign, integer part, optional fraction, optional exponent. */
const NUMBER_TOKEN = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

export function parseJsonKeepingLargeIntegers(text: string): unknown {
  let out = '';
  let inString = false;
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (ch !== '-' && !(ch !== undefined && ch >= '0' && ch <= '9')) continue;
    NUMBER_TOKEN.lastIndex = i;
    const match = NUMBER_TOKEN.exec(text);
    if (!match) continue;
    const token = match[0];
    const isInteger = match[1] === undefined && match[2] === undefined;
    if (isInteger && token.replace('-', '').length > SAFE_DIGITS) {
      out += `${text.slice(copiedUpTo, i)}"${token}"`;
      copiedUpTo = i + token.length;
    }
    i += token.length - 1;
  }
  return JSON.parse(copiedUpTo === 0 ? text : out + text.slice(copiedUpTo));
}
