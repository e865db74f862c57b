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
 *
 * The side panel's bulk panel is about 310 px wide inside at Chrome's narrowest: the table's
 * layout is fixed, the verdict gets the width its widest label needs whatever the values, and
 * the name, the values, the change and the reasons share the rest — a name or an amount too
 * long for it is cut with an ellipsis (whole in its tooltip), a reason wraps. So no value,
 * however long, pushes the verdict out of sight or makes the panel scroll sideways.
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
      <table className="w-full table-fixed border-collapse text-[12px]" data-testid="bulk-preview">
        <colgroup>
          <col />
          {/* "Needs approval", the widest verdict, whole. */}
          <col className="w-[116px]" />
        </colgroup>
        <thead className="border-b border-slate-200 text-left text-[11px] text-slate-500">
          <tr>
            <th className="py-[4px] pr-[8px] font-medium">
              <span className="flex justify-between gap-[6px]">
                <span>Name · now → new</span>
                <span>Change</span>
              </span>
            </th>
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
  const name = row.name ?? props.fallbackName ?? 'Unknown to TikTok';
  const change = formatChangePercent(row.changePercent);
  return (
    <tr
      className="border-b border-slate-100 align-top"
      data-testid="bulk-preview-row"
      data-entity-id={row.entityId}
      data-verdict={row.verdict}
    >
      <td className="py-[4px] pr-[8px]">
        <div className="truncate font-medium" title={name} data-testid="bulk-row-name">
          {name}
        </div>
        <div className="truncate font-mono text-[10px] text-slate-500">{row.entityId}</div>
        <div className="flex items-baseline justify-between gap-[6px]">
          <span className="truncate text-[10px] text-slate-500">
            {fieldLabel(row.field, row.budgetMode)}
          </span>
          <span
            className="shrink-0 text-[12px] font-medium whitespace-nowrap text-slate-700 tabular-nums"
            data-testid="bulk-change"
          >
            {change}
          </span>
        </div>
        <div className="tabular-nums">
          <FieldValueLine className="text-slate-600" testId="bulk-before">
            {formatFieldValue(row.field, row.before, plan)}
          </FieldValueLine>
          <FieldValueLine
            className={dimmed ? 'text-slate-400' : 'font-semibold'}
            testId="bulk-after"
            prefix="→ "
          >
            {formatFieldValue(row.field, row.after, plan)}
          </FieldValueLine>
        </div>
        {row.reason && row.verdict !== 'ok' ? (
          <div
            className={`mt-[2px] text-[11px] leading-[15px] [overflow-wrap:anywhere] ${REASON_TONES[row.verdict] ?? 'text-slate-600'}`}
            data-testid="bulk-reason"
          >
            {row.reason}
          </div>
        ) : null}
        {row.warning && row.verdict !== 'blocked' && row.verdict !== 'unchanged' ? (
          <div
            className="mt-[2px] text-[11px] leading-[15px] text-amber-900 [overflow-wrap:anywhere]"
            data-testid="bulk-warning"
          >
            ⚠ {row.warning}
          </div>
        ) : null}
      </td>
      <td className="py-[4px]" data-testid="bulk-verdict">
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
 * One value on one line. Names run to 512 characters and amounts to thirteen digits: cut to
 * the column with an ellipsis, and the whole value is in the title (hover) so nothing is
 * hidden for good.
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
      className={`truncate whitespace-nowrap ${props.className}`}
      title={text}
      data-testid={props.testId}
    >
      {text}
    </div>
  );
}
