import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import type {
  CreateJob,
  CreatePlan,
  planDuplicate,
} from '../../../companion-server/src/contract/bulk-create';
import { api } from '../../lib/messaging';
import { errorMessage } from '../bulk-edit/use-bulk-edit';
import { usePolledJob } from '../use-polled-job';

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
  const { job, error: pollFailure } = usePolledJob({
    kind: 'createJob',
    jobId,
    started: startedJob,
    fetch: (id) => api('getCreateJob', { params: { jobId: id } }),
    // The new entities are there to list.
    onFinished: () => props.onChanged(),
  });

  const busy = plan.isPending || apply.isPending;
  return {
    step,
    job,
    /** A refused request or file, in words a person can act on. */
    error,
    /** While the job runs, a failed poll (the last answer stays shown). */
    pollError: pollFailure ? errorMessage(pollFailure) : null,
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
