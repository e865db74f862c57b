import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { type JobKind, queryKeys } from '../lib/query-keys';

/** Polling while a job runs: often enough to look live, rarely enough for 1,000 rows. */
export const JOB_POLL_MS = 750;

/**
 * A server job (bulk edit, bulk creation, CSV export), asked for again while it runs (its
 * first answer comes with the request that started it), and `onFinished` called once per job
 * when it stops running, so the host can refresh what the job changed or fetch what it made.
 * `error` is the last failed poll, if any: polling goes on, the last answer stays.
 */
export function usePolledJob<J extends { status: string }>(options: {
  /** Which route reads the job (see query-keys.ts). */
  kind: JobKind;
  jobId: string | null;
  started: J | null;
  fetch: (jobId: string) => Promise<J>;
  onFinished: (job: J) => void;
  /** The status of a job still under way (`running` unless the job says otherwise). */
  runningStatus?: J['status'];
  intervalMs?: number;
}): { job: J | null; error: unknown } {
  const { jobId, started } = options;
  const runningStatus = options.runningStatus ?? 'running';
  const intervalMs = options.intervalMs ?? JOB_POLL_MS;
  const polled = useQuery({
    queryKey: queryKeys.job(options.kind, jobId ?? ''),
    queryFn: () => options.fetch(jobId ?? ''),
    enabled: jobId !== null,
    ...(started ? { initialData: started } : {}),
    // The job's own answer is as fresh as it gets; only a running job is asked again.
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: (query) => (query.state.data?.status === runningStatus ? intervalMs : false),
  });
  const job = jobId ? (polled.data ?? started) : null;

  const announced = useRef(new Set<string>());
  const onFinished = useRef(options.onFinished);
  onFinished.current = options.onFinished;
  useEffect(() => {
    if (!job || !jobId || job.status === runningStatus || announced.current.has(jobId)) return;
    announced.current.add(jobId);
    onFinished.current(job);
  }, [job, jobId, runningStatus]);
  return { job, error: polled.error };
}
