import { MAX_CSV_BYTES } from '../../../companion-server/src/contract/bulk-create';

export type CsvFileResult = { ok: true; csv: string } | { ok: false; message: string };

export const NOT_UTF8_MESSAGE = 'This file is not UTF-8 text: save it as CSV UTF-8 and try again.';

/**
 * A chosen CSV file as text, or why it cannot be sent. Checked here so that a file the
 * server would refuse anyway never travels: too large, or not UTF-8 (Excel's plain "CSV"
 * is the computer's legacy code page, which would garble names without failing).
 */
export async function readCsvFile(file: Blob): Promise<CsvFileResult> {
  if (file.size > MAX_CSV_BYTES) {
    return {
      ok: false,
      message: `This file is ${kib(file.size)} KiB; the limit is ${kib(MAX_CSV_BYTES)} KiB. Split it into smaller files and check each.`,
    };
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch {
    return {
      ok: false,
      message:
        'This file could not be read (moved, deleted or still being saved?). Choose it again.',
    };
  }
  try {
    // The decoder drops a leading byte-order mark, which spreadsheets add to "CSV UTF-8".
    return { ok: true, csv: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, message: NOT_UTF8_MESSAGE };
  }
}

function kib(bytes: number): string {
  return Math.ceil(bytes / 1024).toLocaleString('en-US');
}
