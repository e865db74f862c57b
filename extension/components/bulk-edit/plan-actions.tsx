import { formatAccountClock } from '../../../companion-server/src/contract/account-time';
import type { Plan } from '../../../companion-server/src/contract/bulk-edits';
import type { Role } from '../../../companion-server/src/contract/common';
import { PanelButton, PanelNote } from './controls';
import { applicableCount, awaitingApproval } from './plan-summary';

/**
 * Under the preview: Apply (only the rows that will change), an admin's approval of the
 * rows beyond the guardrail or a buyer's explanation of them, and what went wrong.
 */
export function PlanActions(props: {
  plan: Plan;
  role: Role;
  pending: 'plan' | 'approve' | 'apply' | null;
  error: string | null;
  expired: boolean;
  onApply: () => void;
  onApprove: () => void;
  onPreviewAgain: () => void;
  onBack: () => void;
  backLabel: string;
}) {
  const { plan } = props;
  const count = applicableCount(plan);
  const waiting = awaitingApproval(plan);
  const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
  const guardrail = `±${plan.guardrails.maxChangePercent}%`;
  const validUntil = formatAccountClock(plan.expiresAt, plan.timezone);

  return (
    <div className="space-y-[8px]">
      {waiting > 0 ? (
        props.role === 'admin' ? (
          <PanelNote tone="warning" testId="bulk-approval">
            <p>
              {rows(waiting)} {waiting === 1 ? 'goes' : 'go'} beyond the guardrail ({guardrail}).
              They are applied only once approved.
            </p>
            <div className="mt-[6px]">
              <PanelButton
                testId="bulk-approve"
                onClick={props.onApprove}
                disabled={props.pending !== null}
              >
                {props.pending === 'approve'
                  ? 'Approving…'
                  : 'Approve changes beyond the guardrail'}
              </PanelButton>
            </div>
          </PanelNote>
        ) : (
          <PanelNote tone="warning" testId="bulk-needs-admin">
            {rows(waiting)} {waiting === 1 ? 'goes' : 'go'} beyond the guardrail ({guardrail}): an
            admin must approve {waiting === 1 ? 'it' : 'them'} first. If you apply now,{' '}
            {waiting === 1 ? 'it is' : 'they are'} skipped and the other rows are changed.
          </PanelNote>
        )
      ) : null}

      {props.expired ? (
        <PanelNote tone="error" testId="bulk-expired">
          <p>{props.error}</p>
          <div className="mt-[6px]">
            <PanelButton
              testId="bulk-preview-again"
              onClick={props.onPreviewAgain}
              disabled={props.pending !== null}
            >
              {props.pending === 'plan' ? 'Previewing…' : 'Preview again'}
            </PanelButton>
          </div>
        </PanelNote>
      ) : props.error ? (
        <PanelNote tone="error" testId="bulk-error">
          {props.error}
        </PanelNote>
      ) : null}

      {count === 0 ? (
        <p className="text-[12px] text-slate-600" data-testid="bulk-nothing">
          {waiting > 0
            ? 'Nothing to apply until the rows beyond the guardrail are approved.'
            : 'Nothing to apply: no row would change.'}
        </p>
      ) : null}
      <div className="flex items-center gap-[8px]">
        <PanelButton
          kind="primary"
          testId="bulk-apply"
          onClick={props.onApply}
          disabled={count === 0 || props.pending !== null || props.expired}
        >
          {props.pending === 'apply'
            ? 'Starting…'
            : `Apply ${count} ${count === 1 ? 'change' : 'changes'}`}
        </PanelButton>
        <PanelButton kind="link" testId="bulk-back" onClick={props.onBack}>
          {props.backLabel}
        </PanelButton>
      </div>
      {props.expired ? null : (
        <p className="text-[11px] text-slate-500">
          This preview is valid until {validUntil}; after that, preview again.
        </p>
      )}
    </div>
  );
}
