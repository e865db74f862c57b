import { formatAccountClock } from '../../../companion-server/src/contract/account-time';
import type { CreatePlan, CreateRow } from '../../../companion-server/src/contract/bulk-create';
import { Chip, PanelButton, PanelNote } from '../bulk-edit/controls';
import { cellErrorText, ENTITY_TYPE_LABELS, entityCountsLine, entityTotal } from './create-summary';

/**
 * What a bulk-create plan would create, row by row, with every problem at its row and
 * column. A plan with any problem creates nothing: the Create button only comes with none.
 */
export function CreatePreview(props: {
  plan: CreatePlan;
  creating: boolean;
  error: string | null;
  onCreate: () => void;
}) {
  const { plan } = props;
  const total = entityTotal(plan);
  const blocked = plan.rows.filter((row) => row.verdict === 'blocked').length;
  const validUntil = formatAccountClock(plan.expiresAt, plan.timezone);
  return (
    <div className="space-y-[8px]" data-testid="create-preview" data-can-apply={plan.canApply}>
      {plan.fileErrors.length > 0 ? (
        <PanelNote tone="error" testId="create-file-errors">
          <p className="font-semibold">The file cannot be read as it is:</p>
          <ul className="mt-[4px] list-disc pl-[16px]">
            {plan.fileErrors.map((error) => (
              <li key={cellErrorText(error)} data-testid="create-file-error">
                {cellErrorText(error)}
              </li>
            ))}
          </ul>
        </PanelNote>
      ) : null}
      <p className="text-[12px] font-medium text-slate-700" data-testid="create-summary">
        {entityCountsLine(plan.counts)}
        {blocked > 0 ? ` · ${blocked} ${blocked === 1 ? 'row' : 'rows'} with errors` : ''}
      </p>
      {plan.rows.length > 0 ? (
        // Fixed layout: the status keeps its width in a 360 px side panel whatever the names;
        // names are cut (whole on hover), what is sent and the errors wrap.
        <table className="w-full table-fixed border-collapse text-[12px]">
          <colgroup>
            <col className="w-[34px]" />
            <col />
            <col className="w-[64px]" />
          </colgroup>
          <thead className="border-b border-slate-200 text-left text-[11px] text-slate-500">
            <tr>
              <th className="py-[4px] pr-[6px] font-medium">
                {plan.source === 'csv' ? 'Row' : '#'}
              </th>
              <th className="py-[4px] pr-[6px] font-medium">Entity · parent</th>
              <th className="py-[4px] font-medium">Status</th>
            </tr>
          </thead>
          <tbody>
            {plan.rows.map((row) => (
              <PreviewRow key={row.row} row={row} />
            ))}
          </tbody>
        </table>
      ) : null}
      {props.error ? (
        <PanelNote tone="error" testId="create-error">
          {props.error}
        </PanelNote>
      ) : null}
      {plan.canApply ? (
        <>
          <PanelButton
            kind="primary"
            testId="create-apply"
            onClick={props.onCreate}
            disabled={props.creating || total === 0}
          >
            {props.creating
              ? 'Starting…'
              : `Create ${total.toLocaleString('en-US')} ${total === 1 ? 'entity' : 'entities'}`}
          </PanelButton>
          <p className="text-[11px] text-slate-500">
            This preview is valid until {validUntil}; after that, preview again.
          </p>
        </>
      ) : (
        <p className="text-[12px] font-medium text-red-800" data-testid="create-blocked">
          Nothing will be created until every error is fixed.
        </p>
      )}
    </div>
  );
}

function PreviewRow({ row }: { row: CreateRow }) {
  const name = row.name || '(no name)';
  return (
    <tr
      className={`border-b border-slate-100 align-top ${row.verdict === 'blocked' ? 'bg-red-50' : ''}`}
      data-testid="create-row"
      data-row={row.row}
      data-verdict={row.verdict}
    >
      <td className="py-[4px] pr-[6px] tabular-nums text-slate-500">{row.row}</td>
      <td className="py-[4px] pr-[6px]">
        <div className="truncate font-medium" title={name}>
          {name}
        </div>
        <div className="truncate text-[11px] text-slate-500">
          {ENTITY_TYPE_LABELS[row.type]}
          {row.parent ? (
            <>
              {' '}
              · under <span className="font-mono">{row.parent}</span>
            </>
          ) : null}
        </div>
        {row.summary ? (
          <div className="text-[11px] leading-[15px] text-slate-600 [overflow-wrap:anywhere]">
            {row.summary}
          </div>
        ) : null}
        {row.errors.length > 0 ? (
          <ul className="mt-[2px] space-y-[2px] text-[11px] leading-[15px] text-red-800 [overflow-wrap:anywhere]">
            {row.errors.map((error) => (
              <li key={cellErrorText(error)} data-testid="create-row-error">
                {cellErrorText(error)}
              </li>
            ))}
          </ul>
        ) : null}
      </td>
      <td className="py-[4px]">
        <Chip tone={row.status === 'ENABLE' ? 'green' : 'grey'}>
          {row.status === 'ENABLE' ? 'Active' : 'Paused'}
        </Chip>
      </td>
    </tr>
  );
}
