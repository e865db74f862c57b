import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ExportJob, ExportQuery } from '../../../companion-server/src/contract/reporting';
import { api, downloadExport } from '../../lib/messaging';
import { downloadCsv } from './download';

export interface ExportRequest {
  advertiserId: string;
  query: ExportQuery;
  /** What is being exported, in words ("ad groups, by day"). */
  label: string;
}

export interface ExportResult {
  fileName: string;
  rows: number;
  /** What the server said about the export (e.g. it fell back to the synchronous report). */
  message: string | null;
}

/** How often a job being prepared is asked about: TikTok's report tasks take seconds each. */
const EXPORT_POLL_MS = 1_000;

/**
 * A CSV export as a job on the server: started, followed while TikTok's report tasks prepare
 * it (`job` carries its progress), then downloaded through the background and offered as a
 * file. A job on the synchronous path is ready at once and downloads straight away.
 */
export function useCsvExport() {
  const [job, setJob] = useState<ExportJob | null>(null);
  // Stops following a job once the page no longer shows the export bar.
  const following = useRef(new AbortController());
  useEffect(() => {
    const controller = new AbortController();
    following.current = controller;
    return () => controller.abort();
  }, []);

  const mutation = useMutation({
    mutationFn: async (request: ExportRequest): Promise<ExportResult> => {
      const signal = following.current.signal;
      let current = await api('startExport', {
        params: { advertiserId: request.advertiserId },
        body: request.query,
      });
      setJob(current);
      while (current.status === 'preparing') {
        await wait(EXPORT_POLL_MS, signal);
        current = await api('getExport', { params: { exportId: current.exportId } });
        setJob(current);
      }
      if (current.status === 'failed') {
        throw new Error(current.message ?? 'TikTok could not prepare the export.');
      }
      const file = await downloadExport(current.exportId);
      signal.throwIfAborted();
      downloadCsv(file.fileName, file.csv);
      return { fileName: file.fileName, rows: countRows(file.csv), message: current.message };
    },
  });
  return {
    ...mutation,
    /** The job under way, as the server last described it (null until it has started). */
    job,
    /** Start an export (rather than `mutate`: the previous job's progress must not show). */
    start: (request: ExportRequest) => {
      setJob(null);
      mutation.mutate(request);
    },
  };
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
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
