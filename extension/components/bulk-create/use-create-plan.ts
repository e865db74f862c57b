import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type {
  CreateJob,
  CreatePlan,
  planDuplicate,
} from '../../../companion-server/src/contract/bulk-create';
import { api } from '../../lib/messaging';
import { errorMessage, JOB_POLL_MS } from '../bulk-edit/use-bulk-edit';

/**
 * A bulk creation's steps: a plan asked for (from a CSV file or as copies of existing
 * entities), its preview, then the job that creates what it lists.
 *
 *   start ──preview──▶ preview ──create──▶ job
 */

export type DuplicateRequest = z.input<NonNullable<typeof planDuplicate.body>>;

export type CreateRequest =
  | { kind: 'csv'; csv: string }
  | { kind: 'duplicate'; body: DuplicateRequest };

export type CreateStep =
  | { step: 'start' }
  | { step: 'preview'; plan: CreatePlan }
  /** `started`: the job as apply answered, shown until the server is asked again. */
  | { step: 'job'; jobId: string; started: CreateJob };

export function useCreatePlan(props: {
  advertiserId: string;
  /** After every job that stopped running: the host refreshes its entities. */
  onChanged: () => void;
}) {
  const [step, setStep] = useState<CreateStep>({ step: 'start' });
  const [error, setError] = useState<string | null>(null);

  const plan = useMutation({
    mutationFn: (request: CreateRequest): Promise<CreatePlan> => {
      const params = { advertiserId: props.advertiserId };
      return request.kind === 'csv'
        ? api('planCreateFromCsv', { params, body: { csv: request.csv } })
        : api('planDuplicate', { params, body: request.body });
    },
    // A new plan replaces whatever was shown: the preview or results of another file.
    onMutate: () => {
      setError(null);
      setStep({ step: 'start' });
    },
    onSuccess: (next) => setStep({ step: 'preview', plan: next }),
    onError: (cause) => setError(errorMessage(cause)),
  });

  const apply = useMutation({
    mutationFn: (planId: string) => api('applyCreatePlan', { params: { planId } }),
    onMutate: () => setError(null),
    onSuccess: (job) => setStep({ step: 'job', jobId: job.jobId, started: job }),
    onError: (cause) => setError(errorMessage(cause)),
  });

  const jobId = step.step === 'job' ? step.jobId : null;
  const startedJob = step.step === 'job' ? step.started : null;
  const polled = useQuery({
    queryKey: ['createJob', jobId ?? ''],
    queryFn: () => api('getCreateJob', { params: { jobId: jobId ?? '' } }),
    enabled: jobId !== null,
    ...(startedJob ? { initialData: startedJob } : {}),
    // The job's own answer is as fresh as it gets; only a running job is asked again.
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? JOB_POLL_MS : false),
  });
  const job = jobId ? (polled.data ?? startedJob) : null;

  // Once per job, when it stops running: the new entities are there to list.
  const announced = useRef(new Set<string>());
  const onChanged = useRef(props.onChanged);
  onChanged.current = props.onChanged;
  useEffect(() => {
    if (!job || job.status === 'running' || announced.current.has(job.jobId)) return;
    announced.current.add(job.jobId);
    onChanged.current();
  }, [job]);

  const busy = plan.isPending || apply.isPending;
  return {
    step,
    job,
    /** A refused request or file, in words a person can act on. */
    error,
    /** While the job runs, a failed poll (the last answer stays shown). */
    pollError: polled.error ? errorMessage(polled.error) : null,
    pending: plan.isPending ? ('plan' as const) : apply.isPending ? ('apply' as const) : null,
    preview: (request: CreateRequest) => {
      if (!busy) plan.mutate(request);
    },
    /** A file refused before it was sent: the previous preview was of another file. */
    refuse: (message: string) => {
      if (busy) return;
      setStep({ step: 'start' });
      setError(message);
    },
    create: () => {
      if (!busy && step.step === 'preview') apply.mutate(step.plan.planId);
    },
    /** Back to the start (another file, or the duplicate form as it was left). */
    reset: () => {
      if (busy) return;
      setError(null);
      setStep({ step: 'start' });
    },
  };
}
