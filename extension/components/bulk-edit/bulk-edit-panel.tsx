import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { Role } from '../../../companion-server/src/contract/common';
import { api } from '../../lib/messaging';
import { queryKeys } from '../../lib/query-keys';
import { PanelButton, PanelNote } from './controls';
import { JobProgress, retryableCount } from './job-progress';
import { initialDraft, type OperationDraft } from './operation-draft';
import { OperationForm } from './operation-form';
import { PlanActions } from './plan-actions';
import { countOf, planTitle } from './plan-summary';
import { PreviewTable } from './preview-table';
import { useBulkEdit } from './use-bulk-edit';

export interface SelectedRow {
  id: string;
  name: string | null;
}

/**
 * Bulk edits of the selected rows of one level: pick an operation, preview what the server
 * plans for each row, apply it and watch the job, then retry what failed or undo it. Used
 * in the Ads Manager page's drawer and in the side panel; sizes are in px for the former.
 * Opened at an earlier job (`initialJobId`, with no rows selected), it shows that job with
 * the same Retry and Undo.
 */
export function BulkEditPanel(props: {
  advertiserId: string;
  level: Level;
  selected: SelectedRow[];
  currency: string;
  /** The account's time zone, for a job's times; null while unknown (UTC is then shown). */
  timezone?: string | null;
  role: Role;
  /** After every job that stopped running: the host refreshes its figures and entities. */
  onChanged: () => void;
  onClose?: () => void;
  /** Start at this earlier job instead of the form (read once, when mounted). */
  initialJobId?: string;
}) {
  const names = useMemo(
    () => new Map(props.selected.map((row) => [row.id, row.name])),
    [props.selected],
  );
  const entityIds = useMemo(() => props.selected.map((row) => row.id), [props.selected]);
  const [draft, setDraft] = useState<OperationDraft>(() => initialDraft(props.level));
  const canEdit = props.role !== 'viewer';
  const guardrails = useQuery({
    queryKey: queryKeys.getGuardrails(),
    queryFn: () => api('getGuardrails'),
    enabled: canEdit,
    staleTime: 300_000,
  });
  const edit = useBulkEdit({
    advertiserId: props.advertiserId,
    level: props.level,
    entityIds,
    onChanged: props.onChanged,
    initialJobId: props.initialJobId,
  });
  const { step, job } = edit;
  const timezone = props.timezone ?? 'UTC';
  // An earlier job opened by its id has no selection to start a new edit from.
  const hasSelection = props.selected.length > 0;
  const title = hasSelection
    ? `Edit ${countOf(props.level, props.selected.length)} in bulk`
    : job
      ? `Bulk edit of ${countOf(job.level, job.counts.total)}`
      : 'Bulk edit';

  return (
    <section
      className="space-y-[12px] text-[13px] leading-[18px] text-ink"
      data-testid="bulk-panel"
      data-step={canEdit ? step.step : 'viewer'}
    >
      <header className="flex items-start justify-between gap-[8px]">
        <div>
          <h2 className="text-[15px] font-bold">{title}</h2>
          <p className="text-[11px] text-slate-500">
            Nothing changes at TikTok until you apply. Every change is recorded.
          </p>
        </div>
        {props.onClose ? (
          <button
            type="button"
            aria-label="Close bulk edit"
            data-testid="bulk-close"
            onClick={props.onClose}
            className="rounded-[4px] px-[6px] text-[18px] leading-[22px] text-slate-500 hover:bg-slate-100"
          >
            ×
          </button>
        ) : null}
      </header>

      {!canEdit ? (
        <PanelNote tone="info" testId="bulk-viewer">
          Your role (viewer) cannot edit. Ask an admin for the buyer role to change budgets, bids,
          statuses, names, schedules or ads.
        </PanelNote>
      ) : step.step === 'form' ? (
        <>
          <SelectedNames rows={props.selected} />
          <OperationForm
            level={props.level}
            currency={props.currency}
            timezone={props.timezone ?? null}
            selectedCount={props.selected.length}
            selected={props.selected}
            draft={draft}
            onDraftChange={setDraft}
            onPreview={edit.preview}
            pending={edit.pending === 'plan'}
            serverError={edit.error}
            guardrails={guardrails.data ?? null}
          />
        </>
      ) : step.step === 'preview' ? (
        <>
          <h3 className="text-[13px] font-semibold" data-testid="bulk-plan-title">
            {planTitle(step.plan, step.plan.timezone)}
          </h3>
          <PreviewTable plan={step.plan} names={names} />
          <PlanActions
            plan={step.plan}
            role={props.role}
            pending={edit.pending}
            error={edit.error}
            expired={edit.expired}
            onApply={edit.apply}
            onApprove={edit.approve}
            onPreviewAgain={edit.previewAgain}
            onBack={edit.back}
            backLabel={step.request.kind === 'edit' ? 'Change the edit' : 'Back to the results'}
          />
        </>
      ) : job ? (
        <>
          <h3 className="text-[13px] font-semibold" data-testid="bulk-job-title">
            {planTitle(job, timezone)}
          </h3>
          <JobProgress job={job} names={names} timezone={timezone} />
          {job.status === 'running' ? null : (
            <div className="flex flex-wrap items-center gap-[8px]">
              {retryableCount(job) > 0 ? (
                <PanelButton
                  testId="bulk-retry"
                  onClick={edit.retry}
                  disabled={edit.pending !== null}
                >
                  Retry failed rows
                </PanelButton>
              ) : null}
              {job.canUndo ? (
                <PanelButton
                  testId="bulk-undo"
                  onClick={edit.undo}
                  disabled={edit.pending !== null}
                >
                  Undo
                </PanelButton>
              ) : null}
              {hasSelection ? (
                <PanelButton kind="link" testId="bulk-new-edit" onClick={edit.newEdit}>
                  New edit
                </PanelButton>
              ) : null}
              {edit.pending === 'plan' ? (
                <span className="text-[12px] text-slate-500">Preparing the preview…</span>
              ) : null}
            </div>
          )}
          {edit.error ? (
            <PanelNote tone="error" testId="bulk-error">
              {edit.error}
            </PanelNote>
          ) : null}
        </>
      ) : edit.jobError ? (
        <PanelNote tone="error" testId="bulk-error">
          Could not load this bulk edit: {edit.jobError}
        </PanelNote>
      ) : (
        <p className="text-[12px] text-slate-500" data-testid="bulk-job-loading">
          Loading the bulk edit…
        </p>
      )}
    </section>
  );
}

const LISTED_NAMES = 3;

function SelectedNames({ rows }: { rows: SelectedRow[] }) {
  const shown = rows.slice(0, LISTED_NAMES).map((row) => row.name ?? row.id);
  const more = rows.length - shown.length;
  return (
    <p className="text-[12px] text-slate-600" data-testid="bulk-selected">
      {shown.join(', ')}
      {more > 0 ? ` and ${more} more` : ''}
    </p>
  );
}
