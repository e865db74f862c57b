/** Writing CSV text (RFC 4180), for every file the server hands out. */

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  // The same text as String() (the spec defines one through the other), but String() keeps
  // each number's text in V8's number-to-string cache, which moves it to the old generation:
  // an export of a million rows then grows the heap by tens of MB between full collections.
  const text =
    typeof value === 'number' && Number.isFinite(value) ? JSON.stringify(value) : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet (names come from staff).
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(fields: ReadonlyArray<string | number | null>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
