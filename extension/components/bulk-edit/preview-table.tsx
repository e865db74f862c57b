import type { Plan, PlanRow, Verdict } from '../../../companion-server/src/contract/bulk-edits';
import { Chip, type ChipTone, PanelNote } from './controls';
import { fieldLabel, formatChangePercent, formatFieldValue } from './field-values';
import { summaryLine, VERDICT_LABELS } from './plan-summary';

const VERDICT_TONES: Record<Verdict, ChipTone> = {
  ok: 'green',
  adjusted: 'blue',
  unchanged: 'grey',
  needs_approval: 'amber',
  blocked: 'red',
};
const REASON_TONES: Partial<Record<Verdict, string>> = {
  adjusted: 'text-sky-800',
  needs_approval: 'text-amber-900',
  blocked: 'text-red-800',
};

/**
 * The dry run: for each row, its value now and after, and the server's verdict with its
 * reason. Nothing has changed at TikTok yet.
 */
export function PreviewTable(props: {
  plan: Plan;
  /** Names the host knows, for rows TikTok returned without one. */
  names: ReadonlyMap<string, string | null>;
}) {
  const { plan } = props;
  return (
    <div className="space-y-[6px]">
      <p className="text-[12px] font-medium text-slate-700" data-testid="bulk-summary">
        {summaryLine(plan)}
      </p>
      {(plan.notices ?? []).map((notice) => (
        <PanelNote key={notice} tone="info" testId="bulk-notice">
          {notice}
        </PanelNote>
      ))}
      <table className="w-full border-collapse text-[12px]" data-testid="bulk-preview">
        <thead className="border-b border-slate-200 text-left text-[11px] text-slate-500">
          <tr>
            <th className="py-[4px] pr-[6px] font-medium">Name</th>
            <th className="py-[4px] pr-[6px] font-medium">Now → new</th>
            <th className="py-[4px] pr-[6px] text-right font-medium">Change</th>
            <th className="py-[4px] font-medium">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.map((row) => (
            <PreviewRow
              key={`${row.entityId}|${row.field}`}
              row={row}
              plan={plan}
              fallbackName={props.names.get(row.entityId) ?? null}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PreviewRow(props: { row: PlanRow; plan: Plan; fallbackName: string | null }) {
  const { row, plan } = props;
  const approved = row.verdict === 'needs_approval' && plan.approvedBy !== null;
  const dimmed = row.verdict === 'blocked' || row.verdict === 'unchanged';
  return (
    <tr
      className="border-b border-slate-100 align-top"
      data-testid="bulk-preview-row"
      data-entity-id={row.entityId}
      data-verdict={row.verdict}
    >
      <td className="max-w-[170px] py-[4px] pr-[6px]">
        <div className="truncate font-medium">
          {row.name ?? props.fallbackName ?? 'Unknown to TikTok'}
        </div>
        <div className="font-mono text-[10px] text-slate-500">{row.entityId}</div>
        {row.reason && row.verdict !== 'ok' ? (
          <div
            className={`mt-[2px] text-[11px] leading-[15px] ${REASON_TONES[row.verdict] ?? 'text-slate-600'}`}
            data-testid="bulk-reason"
          >
            {row.reason}
          </div>
        ) : null}
        {row.warning && row.verdict !== 'blocked' && row.verdict !== 'unchanged' ? (
          <div
            className="mt-[2px] text-[11px] leading-[15px] text-amber-900"
            data-testid="bulk-warning"
          >
            ⚠ {row.warning}
          </div>
        ) : null}
      </td>
      <td className="py-[4px] pr-[6px] tabular-nums">
        <div className="text-[10px] text-slate-500">{fieldLabel(row.field, row.budgetMode)}</div>
        <FieldValueLine className="text-slate-600" testId="bulk-before">
          {formatFieldValue(row.field, row.before, plan.currency)}
        </FieldValueLine>
        <FieldValueLine
          className={dimmed ? 'text-slate-400' : 'font-semibold'}
          testId="bulk-after"
          prefix="→ "
        >
          {formatFieldValue(row.field, row.after, plan.currency)}
        </FieldValueLine>
      </td>
      <td className="py-[4px] pr-[6px] text-right tabular-nums">
        {formatChangePercent(row.changePercent)}
      </td>
      <td className="py-[4px]">
        {approved ? (
          <Chip tone="green">Approved</Chip>
        ) : (
          <Chip tone={VERDICT_TONES[row.verdict]}>{VERDICT_LABELS[row.verdict]}</Chip>
        )}
      </td>
    </tr>
  );
}

/**
 * One value on one line. Names can run to 512 characters: they are cut to the column with
 * an ellipsis, and the whole value is in the title (hover) so nothing is hidden for good.
 */
function FieldValueLine(props: {
  children: string;
  className: string;
  testId: string;
  prefix?: string;
}) {
  const text = `${props.prefix ?? ''}${props.children}`;
  return (
    <div
      className={`max-w-[200px] truncate whitespace-nowrap ${props.className}`}
      title={text}
      data-testid={props.testId}
    >
      {text}
    </div>
  );
}
