import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { BulkOperation, Job, Plan } from '../../../companion-server/src/contract/bulk-edits';
import { ExtensionRequestError } from '../../lib/errors';
import { api } from '../../lib/messaging';
import { usePolledJob } from '../use-polled-job';

/**
 * The bulk edit's steps: the form, the preview of a plan, then the job that applies it.
 * From a finished job, Retry and Undo each lead to a new plan, previewed like the first.
 * Opened at an earlier job (from the list of recent bulk edits), it starts at that job.
 *
 *   form ──preview──▶ preview ──apply──▶ job ──retry/undo──▶ preview ──apply──▶ job …
 */

/** How a plan was asked for, so an expired one can be asked for again. */
export type PlanRequest =
  | { kind: 'edit'; operation: BulkOperation }
  | { kind: 'undo' | 'retry'; jobId: string };

export type BulkEditStep =
  | { step: 'form' }
  /** A retry or undo plan goes back to the job it came from (`request.jobId`). */
  | { step: 'preview'; plan: Plan; request: PlanRequest }
  /**
   * `started`: the job as apply answered, shown until the server is asked again; null when
   * coming back to a job, whose last answer is cached, or opening an earlier one.
   */
  | { step: 'job'; jobId: string; started: Job | null };

export function errorMessage(error: unknown): string {
  return error instanceof ExtensionRequestError ? error.detail.message : String(error);
}

/** The server refuses to apply a plan older than its expiresAt; it says so in its message. */
export function isExpiredError(error: unknown): boolean {
  return errorMessage(error).toLowerCase().includes('expire');
}

export function useBulkEdit(props: {
  advertiserId: string;
  level: Level;
  entityIds: string[];
  onChanged: () => void;
  /** Start at this earlier job instead of the form (read once, when mounted). */
  initialJobId?: string | undefined;
}) {
  const [step, setStep] = useState<BulkEditStep>(() =>
    props.initialJobId
      ? { step: 'job', jobId: props.initialJobId, started: null }
      : { step: 'form' },
  );
  const [error, setError] = useState<{ message: string; expired: boolean } | null>(null);
  const go = (next: BulkEditStep) => {
    setError(null);
    setStep(next);
  };
  const fail = (cause: unknown) =>
    setError({ message: errorMessage(cause), expired: isExpiredError(cause) });

  const plan = useMutation({
    mutationFn: (request: PlanRequest): Promise<Plan> => {
      if (request.kind === 'edit') {
        return api('planBulkEdit', {
          params: { advertiserId: props.advertiserId },
          body: { level: props.level, entityIds: props.entityIds, operation: request.operation },
        });
      }
      const route = request.kind === 'undo' ? 'planUndo' : 'planRetry';
      return api(route, { params: { jobId: request.jobId } });
    },
    onMutate: () => setError(null),
    onSuccess: (next, request) => setStep({ step: 'preview', plan: next, request }),
    onError: fail,
  });

  const approve = useMutation({
    mutationFn: (planId: string) => api('approvePlan', { params: { planId } }),
    onMutate: () => setError(null),
    onSuccess: (approved) =>
      setStep((current) =>
        current.step === 'preview' && current.plan.planId === approved.planId
          ? { ...current, plan: approved }
          : current,
      ),
    onError: fail,
  });

  const apply = useMutation({
    mutationFn: (planId: string) => api('applyPlan', { params: { planId } }),
    onMutate: () => setError(null),
    onSuccess: (job) => go({ step: 'job', jobId: job.jobId, started: job }),
    onError: fail,
  });

  const jobId = step.step === 'job' ? step.jobId : null;
  const startedJob = step.step === 'job' ? step.started : null;
  const { job, error: pollFailure } = usePolledJob({
    kind: 'bulkJob',
    jobId,
    started: startedJob,
    fetch: (id) => api('getJob', { params: { jobId: id } }),
    // The host refreshes what the job may have changed.
    onFinished: () => props.onChanged(),
  });

  const busy = plan.isPending || approve.isPending || apply.isPending;
  return {
    step,
    job,
    /** The job step's job could not be loaded (only while there is nothing to show of it). */
    jobError: jobId && !job && pollFailure ? errorMessage(pollFailure) : null,
    /** A refused request, as the server or the extension worded it. */
    error: error?.message ?? null,
    /** The plan expired before it was applied: offer to preview it again. */
    expired: error?.expired === true && step.step === 'preview',
    /** Which request is under way, for the buttons' labels. */
    pending: plan.isPending
      ? ('plan' as const)
      : approve.isPending
        ? ('approve' as const)
        : apply.isPending
          ? ('apply' as const)
          : null,
    preview: (operation: BulkOperation) => {
      if (!busy) plan.mutate({ kind: 'edit', operation });
    },
    previewAgain: () => {
      if (!busy && step.step === 'preview') plan.mutate(step.request);
    },
    retry: () => {
      if (!busy && job) plan.mutate({ kind: 'retry', jobId: job.jobId });
    },
    undo: () => {
      if (!busy && job) plan.mutate({ kind: 'undo', jobId: job.jobId });
    },
    approve: () => {
      if (!busy && step.step === 'preview') approve.mutate(step.plan.planId);
    },
    apply: () => {
      if (!busy && step.step === 'preview') apply.mutate(step.plan.planId);
    },
    /** From a preview: back to the job it came from, or to the form. */
    back: () => {
      if (step.step === 'preview' && step.request.kind !== 'edit') {
        go({ step: 'job', jobId: step.request.jobId, started: null });
      } else go({ step: 'form' });
    },
    newEdit: () => go({ step: 'form' }),
  };
}
