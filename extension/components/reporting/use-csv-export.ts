import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ExportJob, ExportQuery } from '../../../companion-server/src/contract/reporting';
import { ExtensionRequestError } from '../../lib/errors';
import { api, downloadExport } from '../../lib/messaging';
import { usePolledJob } from '../use-polled-job';
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

/** Where the export last asked for is. `job`: as the server last described it, once started. */
export type ExportState =
  | { phase: 'idle' }
  | { phase: 'busy'; label: string; job: ExportJob | null; pollError: string | null }
  | { phase: 'failed'; label: string; message: string }
  | { phase: 'done'; result: ExportResult };

/** How often a job being prepared is asked about: TikTok's report tasks take seconds each. */
const EXPORT_POLL_MS = 1_000;

/**
 * A CSV export as a job on the server: started, followed with the shared job hook while
 * TikTok's report tasks prepare it, then downloaded through the background and offered as a
 * file. A job on the synchronous path is ready at once and downloads straight away.
 */
export function useCsvExport(): { state: ExportState; start: (request: ExportRequest) => void } {
  const [current, setCurrent] = useState<{ request: ExportRequest; started: ExportJob } | null>(
    null,
  );
  // A file is offered only while the page still shows the export bar.
  const shown = useRef(new AbortController());
  useEffect(() => {
    const controller = new AbortController();
    shown.current = controller;
    return () => controller.abort();
  }, []);

  const begin = useMutation({
    mutationFn: (request: ExportRequest) =>
      api('startExport', { params: { advertiserId: request.advertiserId }, body: request.query }),
    onSuccess: (started, request) => setCurrent({ request, started }),
  });
  const download = useMutation({
    mutationFn: async (job: ExportJob): Promise<ExportResult> => {
      const signal = shown.current.signal;
      const file = await downloadExport(job.exportId);
      signal.throwIfAborted();
      downloadCsv(file.fileName, file.csv);
      return { fileName: file.fileName, rows: countRows(file.csv), message: job.message };
    },
  });
  const { job, error: pollError } = usePolledJob({
    kind: 'exportJob',
    jobId: current?.started.exportId ?? null,
    started: current?.started ?? null,
    fetch: (exportId) => api('getExport', { params: { exportId } }),
    runningStatus: 'preparing',
    intervalMs: EXPORT_POLL_MS,
    onFinished: (finished) => {
      if (finished.status === 'ready') download.mutate(finished);
    },
  });

  const label = current?.request.label ?? begin.variables?.label ?? '';
  const failed = (message: string): ExportState => ({ phase: 'failed', label, message });
  const busy = (shownJob: ExportJob | null): ExportState => ({
    phase: 'busy',
    label,
    job: shownJob,
    pollError: pollError ? errorText(pollError) : null,
  });
  const state = ((): ExportState => {
    if (begin.isPending) return busy(null);
    if (begin.isError) return failed(errorText(begin.error));
    if (!job) return { phase: 'idle' };
    if (job.status === 'failed')
      return failed(job.message ?? 'TikTok could not prepare the export.');
    if (download.isError) return failed(errorText(download.error));
    if (download.isSuccess) return { phase: 'done', result: download.data };
    return busy(job);
  })();
  return {
    state,
    /** A new export: what the previous one showed goes. */
    start: (request) => {
      setCurrent(null);
      download.reset();
      begin.mutate(request);
    },
  };
}

function errorText(error: unknown): string {
  if (error instanceof ExtensionRequestError) return error.detail.message;
  return error instanceof Error ? error.message : String(error);
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
