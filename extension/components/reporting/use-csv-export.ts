import { useMutation } from '@tanstack/react-query';
import type { ExportQuery } from '../../../companion-server/src/contract/reporting';
import { exportCsv } from '../../lib/messaging';
import { downloadCsv } from './download';

export interface ExportRequest {
  advertiserId: string;
  query: ExportQuery;
  /** What is being exported, in words ("ad groups, by day"). */
  label: string;
}

/** Fetch a CSV export through the background, then offer it as a download. */
export function useCsvExport() {
  return useMutation({
    mutationFn: async (request: ExportRequest) => {
      const file = await exportCsv(request.advertiserId, request.query);
      downloadCsv(file.fileName, file.csv);
      return { fileName: file.fileName, rows: countRows(file.csv) };
    },
  });
}

/** Data rows of a CSV: its non-empty lines after the header (quoted line breaks aside). */
function countRows(csv: string): number {
  let rows = 0;
  let quoted = false;
  let lineHasText = false;
  for (const char of csv) {
    if (char === '"') quoted = !quoted;
    if (char === '\n' && !quoted) {
      if (lineHasText) rows += 1;
      lineHasText = false;
    } else if (char !== '\r') lineHasText = true;
  }
  if (lineHasText) rows += 1;
  return Math.max(0, rows - 1);
}
