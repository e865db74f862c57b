import { useMemo, useState } from 'react';
import { PanelButton } from '../bulk-edit/controls';
import { CreateJobProgress } from './create-job-progress';
import { CreatePreview } from './create-preview';
import {
  type DuplicateDraft,
  type DuplicateLevel,
  INITIAL_DUPLICATE_DRAFT,
} from './duplicate-draft';
import { DuplicateForm } from './duplicate-form';
import { useCreatePlan } from './use-create-plan';

const WHAT_IS_COPIED: Record<DuplicateLevel, string> = {
  campaign: 'Each campaign is copied with its ad groups.',
  adgroup: 'Each ad group is copied into the campaign it is in.',
};

/**
 * Copies of the ticked campaigns or ad groups: the form, the server's preview of every copy
 * (checked like a CSV row), then the job that creates them.
 */
export function DuplicatePanel(props: {
  advertiserId: string;
  level: DuplicateLevel;
  selected: Array<{ id: string; name: string | null }>;
  currency: string;
  onChanged: () => void;
  onClose: () => void;
}) {
  const entityIds = useMemo(() => props.selected.map((row) => row.id), [props.selected]);
  const [draft, setDraft] = useState<DuplicateDraft>(INITIAL_DUPLICATE_DRAFT);
  const flow = useCreatePlan(props);
  const { step, job } = flow;
  const count = props.selected.length;
  const noun =
    props.level === 'campaign'
      ? count === 1
        ? 'campaign'
        : 'campaigns'
      : count === 1
        ? 'ad group'
        : 'ad groups';

  return (
    <section
      className="space-y-[12px] text-[13px] leading-[18px] text-ink"
      data-testid="duplicate-panel"
      data-step={step.step}
    >
      <header className="flex items-start justify-between gap-[8px]">
        <div>
          <h2 className="text-[15px] font-bold">
            Duplicate {count.toLocaleString('en-US')} {noun}
          </h2>
          <p className="text-[11px] text-slate-500">
            {WHAT_IS_COPIED[props.level]} Nothing is created at TikTok until you press Create.
          </p>
        </div>
        <button
          type="button"
          aria-label="Close duplicate"
          data-testid="duplicate-close"
          onClick={props.onClose}
          className="rounded-[4px] px-[6px] text-[18px] leading-[22px] text-slate-500 hover:bg-slate-100"
        >
          ×
        </button>
      </header>

      {step.step === 'start' ? (
        <DuplicateForm
          level={props.level}
          entityIds={entityIds}
          currency={props.currency}
          draft={draft}
          onDraftChange={setDraft}
          onPreview={(body) => flow.preview({ kind: 'duplicate', body })}
          pending={flow.pending === 'plan'}
          serverError={flow.error}
        />
      ) : step.step === 'preview' ? (
        <>
          <CreatePreview
            plan={step.plan}
            creating={flow.pending === 'apply'}
            error={flow.error}
            onCreate={flow.create}
          />
          <PanelButton kind="link" testId="duplicate-back" onClick={flow.reset}>
            Change the copies
          </PanelButton>
        </>
      ) : job ? (
        <>
          <CreateJobProgress job={job} pollError={flow.pollError} />
          {job.status === 'running' ? null : (
            <PanelButton kind="link" testId="duplicate-done" onClick={props.onClose}>
              Close
            </PanelButton>
          )}
        </>
      ) : null}
    </section>
  );
}
