import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

/** Polling while a job runs: often enough to look live, rarely enough for 1,000 rows. */
export const JOB_POLL_MS = 750;

/**
 * A server job, asked for again while it runs (its first answer comes with the request that
 * started it), and `onFinished` called once per job when it stops running, so the host can
 * refresh what the job changed. `error` is the last failed poll, if any.
 */
export function usePolledJob<J extends { jobId: string; status: string }>(options: {
  /** Names the query: one cache entry per kind of job and job id. */
  kind: string;
  jobId: string | null;
  started: J | null;
  fetch: (jobId: string) => Promise<J>;
  onFinished: () => void;
}): { job: J | null; error: unknown } {
  const { jobId, started } = options;
  const polled = useQuery({
    queryKey: [options.kind, jobId ?? ''],
    queryFn: () => options.fetch(jobId ?? ''),
    enabled: jobId !== null,
    ...(started ? { initialData: started } : {}),
    // The job's own answer is as fresh as it gets; only a running job is asked again.
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? JOB_POLL_MS : false),
  });
  const job = jobId ? (polled.data ?? started) : null;

  const announced = useRef(new Set<string>());
  const onFinished = useRef(options.onFinished);
  onFinished.current = options.onFinished;
  useEffect(() => {
    if (!job || job.status === 'running' || announced.current.has(job.jobId)) return;
    announced.current.add(job.jobId);
    onFinished.current();
  }, [job]);
  return { job, error: polled.error };
}
