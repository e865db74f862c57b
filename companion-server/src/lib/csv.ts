/**
 * Reading CSV (TikTok's report-task files; RFC 4180: quoted fields may hold commas, doubled
 * quotes and line breaks; lines end with LF or CRLF), a chunk at a time, so a large file is
 * never held whole in memory.
 */
export class CsvReader {
  #row: string[] = [];
  #field = '';
  #quoted = false;
  /** A quote at the very end of a chunk: closing, or the first of a doubled pair. */
  #pendingQuote = false;
  /** A CR at the very end of a chunk, whose LF may start the next. */
  #pendingCr = false;
  #started = false;

  /** Feed text; returns the rows completed by it. */
  push(chunk: string): string[][] {
    const rows: string[][] = [];
    let text = chunk;
    if (!this.#started) {
      this.#started = true;
      if (text.startsWith('\ufeff')) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i += 1) {
      const char = text[i] as string;
      if (this.#pendingCr) {
        this.#pendingCr = false;
        if (char === '\n') continue;
      }
      if (this.#pendingQuote) {
        this.#pendingQuote = false;
        if (char === '"') {
          this.#field += '"';
          continue;
        }
        this.#quoted = false;
      }
      if (this.#quoted) {
        if (char === '"') this.#pendingQuote = true;
        else this.#field += char;
        continue;
      }
      if (char === '"') this.#quoted = true;
      else if (char === ',') this.#endField();
      else if (char === '\n' || char === '\r') {
        this.#pendingCr = char === '\r';
        rows.push(this.#endRow());
      } else this.#field += char;
    }
    return rows;
  }

  /** The last row, when the text did not end with a line break. */
  end(): string[][] {
    if (this.#pendingQuote) this.#quoted = false;
    return this.#field !== '' || this.#row.length > 0 ? [this.#endRow()] : [];
  }

  #endField(): void {
    this.#row.push(this.#field);
    this.#field = '';
  }

  #endRow(): string[] {
    this.#endField();
    const row = this.#row;
    this.#row = [];
    return row;
  }
}
